"""Who may see which person, interview, case, examination, file and reprisal: need to know.

- A case is seen by its assigned team and by commissioners. Anyone else, including
  other investigators of the same institution, gets the 404 of a missing record.
- An interview is seen by its interviewers, the visit's team, the team of a case raised
  from it, and commissioners.
- A person is seen by whoever sees one of their interviews or cases.
- An examination and a file are seen by whoever sees what holds them (and the examiner).
- Reprisals and check-backs follow their interview or case; a check-back also by its assignee.
- Administrators, analysts, programme officers and viewers see none of them: they get
  counts (`vigil.people.selectors.statistics`).

Every record read one by one through here leaves an audit event (`audit_reads`).
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q

from vigil.core.access import actor_can, get_for_actor, scoped
from vigil.core.models import Membership
from vigil.core.roles import Capability
from vigil.people.models import (
    BodyMark,
    Case,
    CheckBack,
    Evidence,
    Examination,
    Interview,
    Person,
    Referral,
    Reprisal,
)

M = TypeVar("M", bound=models.Model)


def _works_with_people(actor: Membership) -> bool:
    return actor_can(actor, Capability.RECORD_INTERVIEWS) or actor_can(
        actor, Capability.OVERSEE_CASES
    )


def oversees(actor: Membership) -> bool:
    return actor_can(actor, Capability.OVERSEE_CASES)


def _limited(queryset: models.QuerySet[M], actor: Membership, need: Q) -> models.QuerySet[M]:
    """Scoped to the institution, then to what the actor needs to know."""
    queryset = scoped(queryset, actor=actor)
    if not _works_with_people(actor):
        return queryset.none()
    if oversees(actor):
        return queryset
    # A subquery on primary keys keeps the joins from duplicating rows.
    needed = queryset.model._default_manager.filter(institution_id=actor.institution_id)
    return queryset.filter(pk__in=needed.filter(need).values("pk"))


def _case_need(actor: Membership, prefix: str = "") -> Q:
    return Q(**{f"{prefix}assignments__user_id": actor.user_id})


def _interview_need(actor: Membership, prefix: str = "") -> Q:
    user = actor.user_id
    return (
        Q(**{f"{prefix}interviewers__id": user})
        | Q(**{f"{prefix}visit__team__user_id": user})
        | Q(**{f"{prefix}cases__assignments__user_id": user})
    )


def cases_visible_to(actor: Membership) -> models.QuerySet[Case]:
    return _limited(Case.objects.all(), actor, _case_need(actor))


def interviews_visible_to(actor: Membership) -> models.QuerySet[Interview]:
    return _limited(Interview.objects.all(), actor, _interview_need(actor))


def people_visible_to(actor: Membership) -> models.QuerySet[Person]:
    need = _interview_need(actor, "interviews__") | _case_need(actor, "cases__")
    return _limited(Person.objects.all(), actor, need)


def examinations_visible_to(actor: Membership) -> models.QuerySet[Examination]:
    need = _case_need(actor, "case__") | Q(examiner_id=actor.user_id)
    return _limited(Examination.objects.all(), actor, need)


def evidence_visible_to(actor: Membership) -> models.QuerySet[Evidence]:
    need = (
        _interview_need(actor, "interview__")
        | _case_need(actor, "case__")
        | _case_need(actor, "examination__case__")
        | Q(examination__examiner_id=actor.user_id)
    )
    return _limited(Evidence.objects.all(), actor, need)


def _follows_need(actor: Membership, also: Q) -> Q:
    """A record that follows an interview or a case is seen by whoever sees either, and `also`."""
    return _interview_need(actor, "interview__") | _case_need(actor, "case__") | also


def reprisals_visible_to(actor: Membership) -> models.QuerySet[Reprisal]:
    need = _follows_need(actor, Q(recorded_by_id=actor.user_id))
    return _limited(Reprisal.objects.all(), actor, need)


def check_backs_visible_to(actor: Membership) -> models.QuerySet[CheckBack]:
    need = _follows_need(actor, Q(assigned_to_id=actor.user_id))
    return _limited(CheckBack.objects.all(), actor, need)


def referrals_visible_to(actor: Membership) -> models.QuerySet[Referral]:
    """A referral is seen by whoever sees its case."""
    return scoped(Referral.objects.all(), actor=actor).filter(
        case__in=cases_visible_to(actor).values("pk")
    )


# --- one record, audited -----------------------------------------------------------------


def case_get(*, actor: Membership, pk: Any) -> Case:
    return get_for_actor(
        cases_visible_to(actor).select_related("interview", "incident_place", "received_by"),
        actor=actor,
        pk=pk,
    )


def interview_get(*, actor: Membership, pk: Any) -> Interview:
    return get_for_actor(
        interviews_visible_to(actor).select_related("visit", "visit__place", "person"),
        actor=actor,
        pk=pk,
    )


def person_get(*, actor: Membership, pk: Any) -> Person:
    return get_for_actor(people_visible_to(actor), actor=actor, pk=pk)


def examination_get(*, actor: Membership, pk: Any) -> Examination:
    return get_for_actor(
        examinations_visible_to(actor).select_related("case", "person", "examiner"),
        actor=actor,
        pk=pk,
    )


def body_mark_get(*, actor: Membership, pk: Any) -> BodyMark:
    """A mark on the body chart of an examination the actor may see (its reads are the exam's)."""
    marks = BodyMark.objects.filter(examination__in=examinations_visible_to(actor))
    return get_for_actor(marks.select_related("examination__case"), actor=actor, pk=pk)


def evidence_get(*, actor: Membership, pk: Any, audited: bool = True) -> Evidence:
    """`audited=False` for the preview and the download, whose own event (`evidence.viewed`,
    `evidence.downloaded`) is the read: one event per opening in the chain of custody."""
    # The encrypted bytes stay in the database until a download asks for them.
    return get_for_actor(
        evidence_visible_to(actor).defer("content"), actor=actor, pk=pk, audited=audited
    )


def reprisal_get(*, actor: Membership, pk: Any) -> Reprisal:
    return get_for_actor(
        reprisals_visible_to(actor).select_related("person", "interview", "case"),
        actor=actor,
        pk=pk,
    )


def check_back_get(*, actor: Membership, pk: Any) -> CheckBack:
    return get_for_actor(
        check_backs_visible_to(actor).select_related("person", "assigned_to"),
        actor=actor,
        pk=pk,
    )


def referral_get(*, actor: Membership, pk: Any) -> Referral:
    """One referral of a case the actor may see; its case is read (and audited) by the caller."""
    return get_for_actor(referrals_visible_to(actor).select_related("case"), actor=actor, pk=pk)


# --- who may change what -------------------------------------------------------------------


def can_manage_case(actor: Membership, case: Case) -> bool:
    """Commissioners, and the case's own team; seeing a case is already need to know."""
    if oversees(actor):
        return True
    return (
        actor_can(actor, Capability.OPEN_CASES)
        and case.assignments.filter(user_id=actor.user_id).exists()
    )


def require_case_manager(actor: Membership, case: Case) -> None:
    if case.institution_id != actor.institution_id or not can_manage_case(actor, case):
        raise PermissionDenied


def can_assign_team(actor: Membership, case: Case) -> bool:
    """Commissioners and the lead investigator decide who joins a case."""
    if oversees(actor):
        return True
    return case.assignments.filter(user_id=actor.user_id, role="lead").exists()


def can_record_interviews(actor: Membership) -> bool:
    return actor_can(actor, Capability.RECORD_INTERVIEWS)
