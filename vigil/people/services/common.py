"""Helpers every people service shares."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from vigil.core.access import institution_members
from vigil.core.models import Membership


def not_in_future(value: date | None, field: str) -> None:
    if value is not None and value > timezone.localdate():
        raise ValidationError({field: _("This date is in the future.")})


def require_users_of_institution(actor: Membership, users: Any, field: str) -> None:
    """Everyone named must be an active member of the actor's institution."""
    ids = {user.pk for user in users}
    members = set(institution_members(actor).filter(pk__in=ids).values_list("pk", flat=True))
    if ids - members:
        raise ValidationError({field: _("Choose members of your institution.")})


def export_details(*, fmt: str, rows: int, named: bool, reason: str) -> dict[str, Any]:
    """What an export's audit event keeps: the format, the count, and whether names were
    written. A named export must say why, and the reason is kept with it."""
    if not named:
        return {"format": fmt, "rows": rows, "identity": "pseudonymised"}
    reason = " ".join(reason.split())
    if not reason:
        raise ValidationError({"reason": _("Give the reason for exporting names.")})
    return {"format": fmt, "rows": rows, "identity": "named", "reason": reason}
