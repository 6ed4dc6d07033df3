"""Reads of reprisals and check-backs, through need to know."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import models
from django.db.models import F
from django.utils import timezone

from vigil.core.models import Membership
from vigil.core.selectors import narrowed
from vigil.people.access import (
    cases_visible_to,
    check_backs_visible_to,
    reprisals_visible_to,
)
from vigil.people.models import Case, CheckBack, Reprisal


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


def linkable_cases(actor: Membership) -> models.QuerySet[Case]:
    return cases_visible_to(actor).order_by("-received_on", "-pk")


# --- the register and the check-back list --------------------------------------------------


def reprisal_years(actor: Membership) -> list[int]:
    """The years with a reprisal the actor may see, the latest first."""
    return [
        day.year for day in reprisals_visible_to(actor).dates("occurred_on", "year", order="DESC")
    ]


def reprisal_list(actor: Membership, filters: dict[str, Any]) -> models.QuerySet[Reprisal]:
    """The reprisals the actor needs to know, filtered, the latest first."""
    reprisals = narrowed(
        reprisals_visible_to(actor).select_related("person", "interview", "case"),
        {
            "person__pseudonym__icontains": (filters.get("q") or "").strip(),
            "type": filters.get("type"),
            "occurred_on__year": filters.get("year"),
            "unit_responsible__icontains": (filters.get("unit") or "").strip(),
        },
    )
    return reprisals.order_by("-occurred_on", "-pk")


def check_backs_of_person(actor: Membership, person_id: int, *, limit: int) -> list[CheckBack]:
    """The person's check-backs the actor may see: those to do first, then those done."""
    return list(
        check_backs_visible_to(actor)
        .filter(person_id=person_id)
        .select_related("assigned_to")
        .order_by(F("done_on").desc(nulls_first=True), "due_on", "pk")[:limit]
    )


def check_back_list(actor: Membership, filters: dict[str, Any]) -> models.QuerySet[CheckBack]:
    """The check-backs the actor needs to know, filtered."""
    today = timezone.localdate()
    check_backs = check_backs_visible_to(actor).select_related("person", "assigned_to")
    if filters.get("q"):
        check_backs = check_backs.filter(person__pseudonym__icontains=filters["q"].strip())
    status = filters.get("status")
    if status == "overdue":
        check_backs = check_backs.filter(done_on__isnull=True, due_on__lt=today)
    elif status == "due":
        check_backs = check_backs.filter(done_on__isnull=True, due_on__gte=today)
    elif status == "done":
        check_backs = check_backs.filter(done_on__isnull=False)
    if filters.get("method"):
        check_backs = check_backs.filter(method=filters["method"])
    if filters.get("mine"):
        check_backs = check_backs.filter(assigned_to_id=actor.user_id)
    # Those still to do first, soonest due first; then those done, latest first.
    return check_backs.order_by(F("done_on").desc(nulls_first=True), "due_on", "pk")
