"""The page that makes a matrix for an authority, and its XLSX download."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from vigil.core.access import actor_can, membership_required
from vigil.core.downloads import XLSX_CONTENT_TYPE, file_download
from vigil.core.http import StaffRequest
from vigil.core.roles import Capability
from vigil.recommendations.forms.matrix import MatrixForm
from vigil.recommendations.models import Recommendation
from vigil.recommendations.selectors.matrix import MAX_MATRIX_ROWS, matrix_recommendations
from vigil.recommendations.services.matrix import matrix_export

Chosen = tuple[QuerySet[Recommendation], int] | None


def _checked(request: StaffRequest, *, bound: bool = False) -> tuple[MatrixForm, Chosen]:
    """The form, and the recommendations the matrix would hold with their number (None when
    the choice is not valid)."""
    actor = request.membership
    form = MatrixForm(request.GET if bound or request.GET else None, actor=actor)
    if not form.is_bound or not form.is_valid():
        return form, None
    recs = matrix_recommendations(actor=actor, filters=form.filters())
    count = recs.count()
    if count > MAX_MATRIX_ROWS:
        form.add_error(
            None,
            _("%(n)s recommendations match; narrow the choice to %(max)s or fewer.")
            % {"n": count, "max": MAX_MATRIX_ROWS},
        )
        return form, None
    return form, (recs, count)


def _page(
    request: StaffRequest, form: MatrixForm, chosen: Chosen, status: int = 200
) -> HttpResponse:
    recs, count = chosen or (None, None)
    context = {
        "form": form,
        "count": count,
        "preview": list(recs[:20]) if recs is not None and count else [],
        "query": request.GET.urlencode(),
        "can_manage": actor_can(request.membership, Capability.MANAGE_RECOMMENDATIONS),
    }
    return render(request, "recommendations/matrix.html", context, status=status)


@require_GET
@membership_required(Capability.VIEW_RECOMMENDATIONS)
def matrix_page(request: StaffRequest) -> HttpResponse:
    """Choose the recommendations of an authority's matrix, and see how many it holds."""
    form, chosen = _checked(request)
    return _page(request, form, chosen)


@require_GET
@membership_required(Capability.VIEW_RECOMMENDATIONS)
def matrix_download(request: StaffRequest) -> HttpResponseBase:
    """The matrix as XLSX (the page again, with 400, when the choice is not valid)."""
    form, chosen = _checked(request, bound=True)
    if chosen is None:
        return _page(request, form, None, status=400)
    authority = form.cleaned_data.get("authority")
    addressee = form.cleaned_data.get("addressee") or ""
    # Written in the language chosen for the authority, whatever the page's language.
    with translation.override(form.cleaned_data["language"]):
        workbook = matrix_export(
            actor=request.membership,
            recommendations=list(chosen[0]),
            authority=authority,
            addressee=addressee,
        )
    name = slugify(authority.name if authority else addressee) or "matrix"
    return file_download(
        workbook,
        filename=f"vigil-matrix-{name}-{timezone.localdate().isoformat()}.xlsx",
        content_type=XLSX_CONTENT_TYPE,
    )
