"""Reads of reprisals and check-backs, through need to know."""

from __future__ import annotations

from datetime import date

from django.db import models
from django.utils import timezone

from vigil.core.models import Membership
from vigil.people.access import (
    cases_visible_to,
    check_backs_visible_to,
    interviews_visible_to,
    people_visible_to,
)
from vigil.people.models import Case, CheckBack, Interview, Person


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


# --- what the forms offer: only what the actor may see -------------------------------------


def linkable_people(actor: Membership) -> models.QuerySet[Person]:
    return people_visible_to(actor).order_by("pseudonym")


def linkable_interviews(actor: Membership) -> models.QuerySet[Interview]:
    return interviews_visible_to(actor).select_related("person", "visit__place")


def linkable_cases(actor: Membership) -> models.QuerySet[Case]:
    return cases_visible_to(actor).order_by("-received_on", "-pk")
