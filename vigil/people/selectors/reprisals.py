"""Reads of reprisals and check-backs, through need to know."""

from __future__ import annotations

from datetime import date

from django.db import models
from django.utils import timezone

from vigil.core.models import Membership
from vigil.people.access import check_backs_visible_to
from vigil.people.models import CheckBack


def overdue_check_backs(
    actor: Membership, *, today: date | None = None
) -> models.QuerySet[CheckBack]:
    today = today or timezone.localdate()
    return (
        check_backs_visible_to(actor)
        .filter(done_on__isnull=True, due_on__lt=today)
        .select_related("person", "assigned_to")
        .order_by("due_on", "pk")
    )
