"""Reads of allegation cases for their pages, the overdue list and the home page.

Everything starts from `cases_visible_to`, so need to know holds: a case nobody assigned you
to is not in any list, count or reminder you get.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db import models
from django.db.models import Prefetch, Q
from django.utils import timezone

from vigil.core.access import institution_members
from vigil.core.models import Membership, User
from vigil.core.overview import OverviewFigure
from vigil.core.roles import CAPABILITIES, Capability
from vigil.core.selectors import narrowed
from vigil.people.access import (
    cases_visible_to,
    examinations_visible_to,
    people_visible_to,
    referrals_visible_to,
    reprisals_visible_to,
)
from vigil.people.models import (
    DEFAULT_STAGE_DAYS,
    Case,
    CaseAssignment,
    CaseMove,
    CaseStage,
    Examination,
    IllTreatmentType,
    Perpetrator,
    Person,
    Referral,
    Reprisal,
    StageDeadline,
)


def stage_days(actor: Membership) -> dict[str, int]:
    """Days allowed per stage: the institution's own, else the defaults."""
    days = dict(DEFAULT_STAGE_DAYS)
    days.update(StageDeadline.objects.for_actor(actor).values_list("stage", "days"))
    return days


def case_due_on(case: Case, days: dict[str, int]) -> date | None:
    allowed = days.get(case.stage)
    return case.stage_since + timedelta(days=allowed) if allowed else None


def overdue_q(days: dict[str, int], today: date) -> Q:
    """Open cases that stayed in their stage longer than the institution allows."""
    late = Q(pk__in=[])
    for stage, allowed in days.items():
        if stage != CaseStage.CLOSED and allowed:
            late |= Q(stage=stage, stage_since__lt=today - timedelta(days=allowed))
    return late


@dataclass(frozen=True)
class CaseFilters:
    reference: str = ""
    stage: str = ""
    outcome: str = ""
    source: str = ""
    ill_treatment_type: int | None = None
    place: int | None = None
    overdue: bool = False


def _victims_by_pseudonym() -> Prefetch[Any]:
    # Lists show a victim only as a pseudonym: the encrypted identity is not even loaded.
    return Prefetch("victims", queryset=Person.objects.only("pk", "pseudonym", "institution_id"))


def case_list(
    *, actor: Membership, filters: CaseFilters | None = None, today: date | None = None
) -> models.QuerySet[Case]:
    filters = filters or CaseFilters()
    cases = (
        cases_visible_to(actor)
        .select_related("incident_place")
        .defer("account", "injuries", "incident_place_text")
        .prefetch_related(_victims_by_pseudonym(), "ill_treatment_types")
    )
    cases = narrowed(
        cases,
        {
            "reference__icontains": filters.reference.strip(),
            "stage": filters.stage,
            "outcome": filters.outcome,
            "source": filters.source,
            "incident_place_id": filters.place,
        },
    )
    if filters.ill_treatment_type:
        # A case holds each type once, so this join cannot duplicate rows.
        cases = cases.filter(ill_treatment_types__id=filters.ill_treatment_type)
    if filters.overdue:
        days = stage_days(actor)
        cases = cases.filter(overdue_q(days, today or timezone.localdate()))
    return cases.order_by("-received_on", "-pk")


def case_export_list(
    *, actor: Membership, filters: CaseFilters, today: date, named: bool = False
) -> models.QuerySet[Case]:
    """The list's cases for the export. Only a named export loads the victims' identity
    (names are then written where consent allows); the default one reads pseudonyms."""
    victims = Person.objects.all() if named else Person.objects.only("pk", "pseudonym")
    return (
        case_list(actor=actor, filters=filters, today=today)
        .prefetch_related(None)
        .prefetch_related(Prefetch("victims", queryset=victims), "ill_treatment_types")
    )


def with_due_dates(cases: Any, days: dict[str, int], today: date) -> list[Case]:
    """Each case with `due_on` and `is_overdue` set, for lists and the overdue page."""
    annotated = []
    for case in cases:
        due = case_due_on(case, days) if case.stage != CaseStage.CLOSED else None
        case.due_on = due
        case.is_overdue = due is not None and due < today
        annotated.append(case)
    return annotated


def overdue_case_list(*, actor: Membership, today: date | None = None) -> list[Case]:
    """Open cases past their stage's deadline, the longest overdue first."""
    today = today or timezone.localdate()
    days = stage_days(actor)
    cases = (
        cases_visible_to(actor)
        .filter(overdue_q(days, today))
        .defer("account", "injuries", "incident_place_text")
        .prefetch_related(_victims_by_pseudonym())
    )
    late = with_due_dates(cases, days, today)
    late.sort(key=lambda case: (case.due_on, case.pk))  # type: ignore[attr-defined]
    return late


def longest_overdue(
    actor: Membership, days: dict[str, int], today: date, *, limit: int
) -> list[Case]:
    """The open cases longest in their stage past its deadline: references only."""
    return list(
        cases_visible_to(actor)
        .filter(overdue_q(days, today))
        .only("pk", "reference", "stage", "stage_since", "institution_id")
        .order_by("stage_since", "pk")[:limit]
    )


def referrals_due(*, actor: Membership, today: date | None = None) -> models.QuerySet[Referral]:
    """Referrals whose follow-up date has come and that the other body has not closed."""
    today = today or timezone.localdate()
    return (
        referrals_visible_to(actor)
        .filter(follow_up_on__lte=today)
        .exclude(status=Referral.Status.CLOSED)
        .select_related("case")
        .defer("outcome_notes", "case__account", "case__injuries", "case__incident_place_text")
        .order_by("follow_up_on", "pk")
    )


@dataclass
class CaseDetail:
    case: Case
    victims: list[Person]
    types: list[Any]
    perpetrators: list[Perpetrator]
    moves: list[CaseMove]
    team: list[CaseAssignment]
    referrals: list[Referral]
    examinations: list[Examination]
    reprisals: list[Reprisal]
    due_on: date | None
    days: dict[str, int] = field(default_factory=dict)


def case_detail_data(*, actor: Membership, case: Case) -> CaseDetail:
    """What the case page shows; the reader already passed need to know for the case."""
    days = stage_days(actor)
    return CaseDetail(
        case=case,
        victims=list(case.victims.order_by("pseudonym")),
        types=list(case.ill_treatment_types.all()),
        perpetrators=list(case.perpetrators.order_by("pk")),
        moves=list(case.moves.select_related("moved_by").order_by("moved_on", "pk")),
        team=list(case.assignments.select_related("user").order_by("role", "user__full_name")),
        referrals=list(case.referrals.order_by("-sent_on", "-pk")),
        examinations=list(
            examinations_visible_to(actor)
            .filter(case=case)
            .select_related("person", "examiner")
            .defer("history", "physical_findings", "psychological_findings", "overall_opinion")
        ),
        reprisals=list(
            reprisals_visible_to(actor)
            .filter(case=case)
            .select_related("person")
            .defer("description", "action_taken")
        ),
        due_on=case_due_on(case, days) if case.stage != CaseStage.CLOSED else None,
        days=days,
    )


def ill_treatment_types_for(actor: Membership) -> models.QuerySet[IllTreatmentType]:
    """The shipped vocabulary plus the institution's own types."""
    return IllTreatmentType.objects.visible_to(actor).order_by("order", "name")


def case_team_list(case: Case) -> models.QuerySet[CaseAssignment]:
    """The case's team with who assigned each; the reader already sees the case."""
    return case.assignments.select_related("user", "assigned_by").order_by(
        "role", "user__full_name"
    )


def case_assignment(case: Case, user_id: int) -> CaseAssignment | None:
    """The member's place on the case's team, if they have one."""
    return case.assignments.select_related("user").filter(user_id=user_id).first()


def case_team_candidates(actor: Membership) -> models.QuerySet[User]:
    """Active members whose role works with cases; others could not see the case anyway."""
    roles = CAPABILITIES[Capability.OPEN_CASES] | CAPABILITIES[Capability.OVERSEE_CASES]
    return institution_members(actor, roles=roles)


def case_victims(actor: Membership, case: Case) -> models.QuerySet[Person]:
    """The case's alleged victims, by pseudonym; the reader already sees the case."""
    return Person.objects.for_actor(actor).filter(cases=case).order_by("pseudonym")


def case_victim(case: Case, person_id: int) -> Person | None:
    """One of the case's alleged victims, or None; the reader already sees the case."""
    return case.victims.filter(pk=person_id).first()


def victims_for(actor: Membership) -> models.QuerySet[Person]:
    """People the actor may name as victims, loaded for their pseudonym only."""
    return people_visible_to(actor).only("pk", "pseudonym", "institution_id").order_by("pseudonym")


def cases_overview(actor: Membership, today: date) -> list[OverviewFigure]:
    """The commissioner's overview: cases past their stage's deadline, now and 30 days ago
    (of the cases still in the stage they were in then), among the cases the reader sees."""
    from django.db.models import Count
    from django.urls import reverse
    from django.utils.translation import gettext_lazy

    from vigil.core.access import actor_can

    if not actor_can(actor, Capability.OPEN_CASES):
        return []
    days = stage_days(actor)
    then = today - timedelta(days=30)
    counts = cases_visible_to(actor).aggregate(
        now=Count("pk", filter=overdue_q(days, today)),
        before=Count("pk", filter=overdue_q(days, then)),
    )
    return [
        OverviewFigure(
            "cases-overdue",
            gettext_lazy("Cases past their deadline"),
            counts["now"],
            reverse("people:case_overdue"),
            previous=counts["before"],
            previous_label=gettext_lazy("30 days ago"),
            order=40,
        )
    ]
