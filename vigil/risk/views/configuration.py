"""The scoring configuration: weights and thresholds (each save a new version), and the
catalogue of factors with the institution's own."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from vigil.core.access import actor_can, membership_required
from vigil.core.forms import add_service_errors, form_saved
from vigil.core.http import StaffRequest
from vigil.core.pagination import paginate
from vigil.core.roles import Capability
from vigil.risk.forms.configuration import ConfigurationForm, FactorForm
from vigil.risk.models import FactorGroup, RiskConfiguration
from vigil.risk.selectors import configuration as selectors
from vigil.risk.selectors.scores import scores_status
from vigil.risk.services import configuration as services


def _weight_groups(form: ConfigurationForm) -> list[tuple[str, Any, list[tuple[Any, ...]]]]:
    groups = []
    for key, label in FactorGroup.choices:
        rows = [
            (f, form[f"weight_{f.code}"], form[f"saturation_{f.code}"])
            for f in form.factors
            if f.group == key
        ]
        if rows:
            groups.append((key, label, rows))
    return groups


def _keep_typed_over(form: ConfigurationForm, current: RiskConfiguration) -> None:
    """A stale page: say what happened, and keep what the user typed, now based on the
    version in force, so that saving it again applies their changes over the colleague's."""
    form.stale = True
    data = form.data.copy()  # type: ignore[attr-defined]  # a QueryDict, from request.POST
    data["based_on"] = str(current.version)
    form.data = data
    form.add_error(
        None,
        _(
            "Version %(version)s of the configuration was saved by %(who)s while you had this "
            "page open, so your changes were not saved. Check the weights in force (listed "
            "below with what each version changed); your values are still in the form: save "
            "again to apply them over version %(version)s."
        )
        % {"version": current.version, "who": current.created_by or _("someone else")},
    )


def _saved(request: StaffRequest, form: ConfigurationForm) -> HttpResponse | None:
    """A new version from the valid form; None when the page shows again with the errors."""
    try:
        configuration = services.configuration_update(
            actor=request.membership,
            weights=form.weights(),
            thresholds=form.thresholds(),
            saturation=form.saturation(),
            note=form.cleaned_data["note"],
            based_on=form.cleaned_data["based_on"],
        )
    except services.StaleConfiguration as stale:
        _keep_typed_over(form, stale.current)
        return None
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            # "Nothing changed": nothing to correct, say so and stay.
            messages.info(request, " ".join(error.messages))
            return HttpResponseRedirect(reverse("risk:risk_configuration"))
        add_service_errors(form, error)
        return None
    messages.success(
        request,
        _(
            "Version %(version)s of the configuration is saved. The scores are "
            "being recomputed with it in the background; the priority list shows "
            "them when it is done."
        )
        % {"version": configuration.version},
    )
    return HttpResponseRedirect(reverse("risk:risk_configuration"))


@require_http_methods(["GET", "HEAD", "POST"])
@membership_required(Capability.VIEW_RISK)
def risk_configuration(request: StaffRequest) -> HttpResponse:
    """The weights and thresholds in force, their versions and what each changed."""
    actor = request.membership
    can_configure = actor_can(actor, Capability.CONFIGURE_RISK)
    if request.method == "POST" and not can_configure:
        raise PermissionDenied
    current = selectors.configuration_versions(actor=actor).first()
    form = ConfigurationForm(
        request.POST if request.method == "POST" else None,
        configuration=current,
        factors=selectors.factor_list(actor=actor),
    )
    status = 200
    if request.method == "POST":
        if form.is_valid() and (saved := _saved(request, form)):
            return saved
        status = 409 if form.stale else 400
    listing = paginate(request, selectors.configuration_versions(actor=actor), per_page=20)
    versions = list(listing["page"].object_list)
    changes = selectors.configuration_changes(actor=actor, configurations=versions)
    context = {
        "form": form,
        "current": current,
        "weight_groups": _weight_groups(form),
        "threshold_fields": [form[name] for name in services.THRESHOLD_LIMITS],
        **listing,
        "versions": [(version, changes.get(version.pk, [])) for version in versions],
        "can_configure": can_configure,
        "status": scores_status(actor=actor),
    }
    return render(request, "risk/configuration.html", context, status=status)


@require_GET
@membership_required(Capability.VIEW_RISK)
def risk_factors(request: StaffRequest) -> HttpResponse:
    """The catalogue of risk factors by group, with their weights and mappings."""
    actor = request.membership
    context = {
        "groups": selectors.factors_by_group(actor=actor),
        "can_configure": actor_can(actor, Capability.CONFIGURE_RISK),
    }
    return render(request, "risk/factors.html", context)


@membership_required(Capability.CONFIGURE_RISK)
def risk_factor_create(request: StaffRequest) -> HttpResponse:
    """A factor of the institution's own; it counts once the configuration weighs it."""
    actor = request.membership
    form = FactorForm(request.POST or None, actor=actor)
    if saved := form_saved(
        request,
        form,
        lambda data: services.factor_create(actor=actor, **form.service_values()),
        done=lambda factor: (
            _(
                "The factor “%(name)s” is in the catalogue. Give it a weight in the "
                "configuration to make it count in the scores."
            )
            % {"name": factor.label}
        ),
        to=lambda factor: reverse("risk:risk_configuration") + f"#weight-{factor.code}",
    ):
        return saved
    status = 400 if request.method == "POST" else 200
    return render(request, "risk/factor_form.html", {"form": form}, status=status)
