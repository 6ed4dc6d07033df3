"""Writes of good-practice entries; each runs in one transaction with its audit event."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from vigil.core.access import require_capability, require_same_institution
from vigil.core.audit import audit_by
from vigil.core.models import Membership
from vigil.core.roles import Capability
from vigil.core.services.records import model_update
from vigil.programmes.models import GoodPractice, GoodPracticeTheme
from vigil.programmes.services.common import known_fields, may_manage, pop_relations

GOOD_PRACTICE_FIELDS = (
    "programme", "title", "what_worked", "context", "lessons", "practice_themes",
    "protection_gap", "ready_to_share", "themes",
)  # fmt: skip


def _check_good_practice(actor: Membership, values: dict[str, Any]) -> None:
    require_same_institution(actor, values.get("programme"))
    if "practice_themes" in values:
        themes = list(dict.fromkeys(values["practice_themes"] or []))
        if set(themes) - set(GoodPracticeTheme.values):
            raise ValidationError({"practice_themes": _("Choose among the good-practice themes.")})
        values["practice_themes"] = themes
    for name in ("title", "what_worked", "context", "lessons"):
        if name in values and not str(values[name]).strip():
            raise ValidationError({name: _("This field is required.")})


@transaction.atomic
def good_practice_create(*, actor: Membership, **values: Any) -> GoodPractice:
    require_capability(actor, Capability.MANAGE_PROGRAMMES)
    known_fields(values, GOOD_PRACTICE_FIELDS, "good-practice")
    relations = pop_relations(actor, values, ("themes",))
    _check_good_practice(actor, values)
    entry = GoodPractice.objects.create(
        institution=actor.institution, created_by=actor.user, **values
    )
    model_update(entry, relations)
    programme = values.get("programme")
    audit_by(actor, "good_practice.created", entry, programme=programme.pk if programme else None,
             ready_to_share=entry.ready_to_share)  # fmt: skip
    return entry


@transaction.atomic
def good_practice_update(*, actor: Membership, entry: GoodPractice, **values: Any) -> GoodPractice:
    may_manage(actor, entry)
    known_fields(values, GOOD_PRACTICE_FIELDS, "good-practice")
    relations = pop_relations(actor, values, ("themes",))
    _check_good_practice(actor, values)
    changed = model_update(entry, {**values, **relations})
    if changed:
        audit_by(actor, "good_practice.updated", entry, fields=changed,
                 ready_to_share=entry.ready_to_share)  # fmt: skip
    return entry
