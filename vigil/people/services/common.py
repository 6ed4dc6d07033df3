"""Helpers every people service shares."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from vigil.core.models import Institution, Membership


def next_code(
    actor: Membership, model: type[models.Model], field: str, prefix: str, width: int = 4
) -> str:
    """The next free code of the institution ("P-0007"), under a lock on the institution."""
    list(Institution.objects.select_for_update().filter(pk=actor.institution_id).values("pk"))
    existing = model._default_manager.filter(
        institution_id=actor.institution_id, **{f"{field}__startswith": prefix}
    ).values_list(field, flat=True)
    numbers = [int(code[len(prefix) :]) for code in existing if code[len(prefix) :].isdigit()]
    return f"{prefix}{(max(numbers, default=0) + 1):0{width}d}"


def not_in_future(value: date | None, field: str) -> None:
    if value is not None and value > timezone.localdate():
        raise ValidationError({field: _("This date is in the future.")})


def require_users_of_institution(actor: Membership, users: Any, field: str) -> None:
    """Everyone named must be an active member of the actor's institution."""
    from vigil.core.models import Membership as MembershipModel

    ids = {user.pk for user in users}
    members = set(
        MembershipModel.objects.filter(
            institution_id=actor.institution_id, user_id__in=ids, is_active=True
        ).values_list("user_id", flat=True)
    )
    if ids - members:
        raise ValidationError({field: _("Choose members of your institution.")})
