"""Writes of checklist mappings: which checklist answers count as evidence of a factor."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from vigil.core.access import require_capability, require_same_institution
from vigil.core.audit import audit_by
from vigil.core.models import Membership
from vigil.core.roles import Capability
from vigil.risk.models import ChecklistMapping, RiskFactor
from vigil.risk.selectors.mappings import mapping_exists, question_paths
from vigil.visits.models import ChecklistTemplate


@transaction.atomic
def mapping_add(
    *,
    actor: Membership,
    factor: RiskFactor,
    template: ChecklistTemplate,
    question: str,
    risk_answers: list[str],
) -> ChecklistMapping:
    """Make a checklist answer count as evidence of a factor."""
    require_capability(actor, Capability.CONFIGURE_RISK)
    require_same_institution(actor, factor, template)
    question = question.strip()
    questions = question_paths(template)
    if questions and question not in questions:
        raise ValidationError({"question": _("This checklist has no such question.")})
    answers = [a.strip() for a in risk_answers if a.strip()]
    if not answers:
        raise ValidationError(
            {"risk_answers": _("Give at least one answer that signals the risk.")}
        )
    if mapping_exists(actor=actor, factor_id=factor.pk, template_id=template.pk, question=question):
        raise ValidationError({"question": _("This question is already mapped to the factor.")})
    mapping = ChecklistMapping.objects.create(
        institution=actor.institution,
        factor=factor,
        template=template,
        question=question,
        risk_answers=answers,
        created_by=actor.user,
    )
    audit_by(actor, "risk.mapping_added", mapping, factor=factor.code)
    return mapping


@transaction.atomic
def mapping_remove(*, actor: Membership, mapping: ChecklistMapping) -> None:
    """Answers to the mapping's question no longer count towards its factor."""
    require_capability(actor, Capability.CONFIGURE_RISK)
    require_same_institution(actor, mapping)
    factor_code = mapping.factor.code
    audit_by(actor, "risk.mapping_removed", mapping, factor=factor_code)
    mapping.delete()
