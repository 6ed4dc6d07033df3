"""Checklist mappings: which checklist answers count as evidence of which factor."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vigil.core.access import actor_can, membership_required
from vigil.core.forms import form_saved
from vigil.core.http import StaffRequest
from vigil.core.roles import Capability
from vigil.risk.forms.mappings import MappingForm, MappingTemplateForm
from vigil.risk.models import RiskFactor
from vigil.risk.selectors import mappings as selectors
from vigil.risk.services.mappings import mapping_add, mapping_remove
from vigil.visits.models import ChecklistTemplate

# Its own ids: the mapping form carries the same field, hidden.
PICK_IDS = "pick_%s"


def _mapping_saved(
    request: StaffRequest, form: MappingForm, template: ChecklistTemplate
) -> HttpResponse | None:
    actor = request.membership

    def save(data: dict[str, Any]) -> RiskFactor:
        factor: RiskFactor = data["factor"]
        mapping_add(
            actor=actor,
            factor=factor,
            template=template,
            question=data["question"],
            risk_answers=data["risk_answers"],
        )
        return factor

    return form_saved(
        request,
        form,
        save,
        done=lambda factor: (
            _(
                "Answers to this question now count towards “%(factor)s”. The scores "
                "are being recomputed in the background."
            )
            % {"factor": factor.label}
        ),
        to=reverse("risk:risk_mappings"),
    )


@membership_required(Capability.VIEW_RISK)
def risk_mappings(request: StaffRequest) -> HttpResponse:
    """The mappings in force; with a checklist chosen, the form that adds one."""
    actor = request.membership
    can_configure = actor_can(actor, Capability.CONFIGURE_RISK)
    if request.method == "POST" and not can_configure:
        raise PermissionDenied
    posted = request.POST if request.method == "POST" else None
    source = request.POST if request.method == "POST" else request.GET
    chosen = None
    if source.get("template"):
        chosen = selectors.checklist_template_get(actor=actor, pk=source.get("template"))
    template_form = MappingTemplateForm(
        initial={"template": chosen.pk if chosen else None}, actor=actor, auto_id=PICK_IDS
    )
    form = None
    if chosen is not None and can_configure:
        form = MappingForm(
            posted,
            initial={"template": chosen.pk},
            actor=actor,
            questions=selectors.template_questions(chosen),
        )
    status = 200
    if posted is not None:
        if form is None:
            template_form = MappingTemplateForm(posted, actor=actor, auto_id=PICK_IDS)
            template_form.is_valid()
        elif chosen is not None and (saved := _mapping_saved(request, form, chosen)):
            return saved
        status = 400
    context = {
        "mappings": selectors.mapping_list(actor=actor),
        "template_form": template_form,
        "chosen": chosen,
        "form": form,
        "can_configure": can_configure,
    }
    return render(request, "risk/mappings.html", context, status=status)


@require_POST
@membership_required(Capability.CONFIGURE_RISK)
def risk_mapping_remove(request: StaffRequest, mapping_id: int) -> HttpResponse:
    """Answers to the mapping's question no longer count towards its factor."""
    actor = request.membership
    mapping = selectors.mapping_get(actor=actor, pk=mapping_id)
    mapping_remove(actor=actor, mapping=mapping)
    messages.success(
        request,
        _("Answers to “%(question)s” no longer count towards “%(factor)s”.")
        % {"question": mapping.question, "factor": mapping.factor.label},
    )
    return HttpResponseRedirect(reverse("risk:risk_mappings"))
