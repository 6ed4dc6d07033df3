"""The page that makes a matrix for an authority, and its XLSX download."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from vigil.core.access import actor_can, actor_of, membership_required
from vigil.core.audit import audit_record
from vigil.core.models import Membership
from vigil.core.roles import Capability
from vigil.places.models import Authority
from vigil.recommendations import selectors
from vigil.recommendations.matrix import MAX_MATRIX_ROWS, matrix_xlsx
from vigil.recommendations.models import Addressee, Recommendation
from vigil.recommendations.selectors import RecommendationFilters
from vigil.visits.models import Theme

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class MatrixForm(forms.Form):
    authority = forms.ModelChoiceField(
        label=gettext_lazy("Authority"), required=False, queryset=Authority.objects.none()
    )
    addressee = forms.ChoiceField(
        label=gettext_lazy("Addressee"),
        required=False,
        choices=[("", gettext_lazy("Any")), *Addressee.choices],
        help_text=gettext_lazy("Choose an authority, an addressee, or both."),
    )
    open_only = forms.BooleanField(
        label=gettext_lazy("Open only"),
        required=False,
        initial=True,
        help_text=gettext_lazy("Leave out implemented and no longer relevant recommendations."),
    )
    overdue = forms.BooleanField(label=gettext_lazy("Overdue only"), required=False)
    year = forms.IntegerField(
        label=gettext_lazy("Year of the recommendation"),
        required=False,
        min_value=1950,
        max_value=2100,
    )
    theme = forms.ModelChoiceField(
        label=gettext_lazy("Theme"), required=False, queryset=Theme.objects.none()
    )

    def __init__(self, *args: Any, actor: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["authority"].queryset = Authority.objects.filter(institution_id=actor.institution_id)
        fields["theme"].queryset = Theme.objects.filter(
            institution__isnull=True
        ) | Theme.objects.filter(institution_id=actor.institution_id)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("authority") and not data.get("addressee"):
            raise forms.ValidationError(_("Choose the authority (or the addressee) to write to."))
        return data

    def filters(self) -> RecommendationFilters:
        data = self.cleaned_data
        return RecommendationFilters(
            authority=data["authority"].pk if data.get("authority") else None,
            addressee=data.get("addressee") or "",
            open_only=bool(data.get("open_only")),
            overdue=bool(data.get("overdue")),
            year=data.get("year"),
            theme=data["theme"].pk if data.get("theme") else None,
        )


def _chosen(actor: Membership, form: MatrixForm) -> QuerySet[Recommendation]:
    recs = selectors.recommendation_list(actor=actor, filters=form.filters())
    return recs.order_by("issued_on", "reference")


def _checked(
    request: HttpRequest, actor: Membership, *, bound: bool = False
) -> tuple[MatrixForm, int | None]:
    """The form, and how many recommendations the matrix would hold (None if invalid)."""
    form = MatrixForm(request.GET if bound or request.GET else None, actor=actor)
    if not form.is_bound or not form.is_valid():
        return form, None
    count = _chosen(actor, form).count()
    if count > MAX_MATRIX_ROWS:
        form.add_error(
            None,
            _("%(n)s recommendations match; narrow the choice to %(max)s or fewer.")
            % {"n": count, "max": MAX_MATRIX_ROWS},
        )
        return form, None
    return form, count


def _page(request: HttpRequest, form: MatrixForm, count: int | None, status: int = 200) -> Any:
    actor = actor_of(request)
    context = {
        "form": form,
        "count": count,
        "preview": list(_chosen(actor, form)[:20]) if count else [],
        "query": request.GET.urlencode(),
        "can_manage": actor_can(actor, Capability.MANAGE_RECOMMENDATIONS),
    }
    return render(request, "recommendations/matrix.html", context, status=status)


@require_GET
@membership_required(Capability.VIEW_RECOMMENDATIONS)
def matrix_page(request: HttpRequest) -> HttpResponse:
    form, count = _checked(request, actor_of(request))
    return _page(request, form, count)


@require_GET
@membership_required(Capability.VIEW_RECOMMENDATIONS)
def matrix_download(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    form, count = _checked(request, actor, bound=True)
    if count is None:
        return _page(request, form, None, status=400)
    recs = list(_chosen(actor, form))
    authority = form.cleaned_data.get("authority")
    with transaction.atomic():
        # The matrix leaves the institution: keep a trace of what was sent, not its content.
        audit_record(
            action="recommendation.matrix_exported",
            actor=actor.user,
            institution=actor.institution,
            target=authority,
            details={
                "authority": authority.pk if authority else None,
                "addressee": form.cleaned_data.get("addressee") or "",
                "recommendations": len(recs),
            },
        )
    name = slugify(authority.name if authority else form.cleaned_data["addressee"]) or "matrix"
    response = HttpResponse(matrix_xlsx(recs), content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="vigil-matrix-{name}-{timezone.localdate().isoformat()}.xlsx"'
    )
    return response
