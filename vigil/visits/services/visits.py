"""Writes of visits: creating and editing them, their status, their team, and what the team
records on site (observations, register checks, findings). Each runs in one transaction
with its audit event."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from vigil.core.access import (
    institution_members,
    require_capability,
    require_same_institution,
)
from vigil.core.audit import audit_by
from vigil.core.models import Membership, User
from vigil.core.roles import Capability
from vigil.core.services.records import model_update, next_code
from vigil.places.models import Place
from vigil.visits.access import require_visit_editor
from vigil.visits.models import (
    Finding,
    Observation,
    PlannedVisit,
    RegisterCheck,
    Severity,
    StandardReference,
    StatusChange,
    TeamMember,
    TeamRole,
    Theme,
    Visit,
)
from vigil.visits.selectors import workflow


def _check_dates(starts_on: date | None, ends_on: date | None) -> None:
    if starts_on and ends_on and ends_on < starts_on:
        raise ValidationError({"ends_on": _("The last day is before the first day.")})


def next_reference(actor: Membership, on: date) -> str:
    """The next visit reference of the year `on` falls in ("V-2026-0042")."""
    return next_code(
        institution_id=actor.institution_id, model=Visit, field="reference", prefix=f"V-{on.year}-"
    )


@transaction.atomic
def visit_create(
    *,
    actor: Membership,
    place: Place,
    visit_type: str,
    announced: bool = False,
    planned_for: date | None = None,
    starts_on: date | None = None,
    ends_on: date | None = None,
    objectives: str = "",
    themes: Iterable[Theme] = (),
    planned_item: PlannedVisit | None = None,
    leader: User | None = None,
) -> Visit:
    """A visit from the visit plan (`planned_item`) or outside it (a reactive visit)."""
    require_capability(actor, Capability.PLAN_VISITS)
    require_same_institution(actor, place, planned_item, *themes)
    _check_dates(starts_on, ends_on)
    if planned_item is not None and planned_item.visit_id is not None:
        raise ValidationError(_("This planned visit already has its visit."))
    if planned_item is not None and planned_item.place_id != place.pk:
        raise ValidationError({"place": _("The planned visit is to another place.")})
    planned_for = planned_for or (planned_item.month if planned_item else None)
    visit = Visit.objects.create(
        institution=actor.institution,
        reference=next_reference(actor, starts_on or planned_for or timezone.localdate()),
        place=place,
        plan=planned_item.plan if planned_item else None,
        visit_type=visit_type,
        announced=announced,
        planned_for=planned_for,
        starts_on=starts_on,
        ends_on=ends_on,
        objectives=objectives,
        created_by=actor.user,
    )
    visit.themes.set(list(themes))
    if planned_item is not None:
        planned_item.visit = visit
        planned_item.save(update_fields=["visit"])
    audit_by(actor, "visit.created", visit, place=place.pk, planned=planned_item is not None)
    if leader is not None:
        # The planner names the leader; they need not be able to edit the visit yet.
        _team_member_add(actor=actor, visit=visit, role=TeamRole.LEADER, user=leader)
    return visit


_EDITABLE = {
    "visit_type",
    "announced",
    "planned_for",
    "starts_on",
    "ends_on",
    "objectives",
    "summary",
    "methodology",
    "report_sent_on",
    "report_recipients",
}


@transaction.atomic
def visit_update(
    *, actor: Membership, visit: Visit, themes: Iterable[Theme] | None = None, **values: Any
) -> Visit:
    require_visit_editor(actor, visit)
    unknown = set(values) - _EDITABLE
    if unknown:
        raise ValueError(f"Not editable here: {sorted(unknown)}")
    _check_dates(values.get("starts_on", visit.starts_on), values.get("ends_on", visit.ends_on))
    if themes is not None:
        values["themes"] = themes = list(themes)
        require_same_institution(actor, *themes)
    changed = model_update(visit, values)
    if changed:
        audit_by(actor, "visit.updated", visit, fields=sorted(changed))
    return visit


def _refresh_last_visited(place: Place) -> None:
    """The place list filters on the last day a team was on site."""
    last = Visit.objects.filter(
        place=place,
        status__in=[
            Visit.Status.ON_SITE,
            Visit.Status.REPORTING,
            Visit.Status.REPORT_SENT,
            Visit.Status.CLOSED,
        ],
    ).aggregate(last=Max(Coalesce("ends_on", "starts_on")))
    # Per visit (its last day, else its first): a newer visit without an end date still counts.
    Place.objects.filter(pk=place.pk).update(last_visited_on=last["last"])


@transaction.atomic
def visit_set_status(*, actor: Membership, visit: Visit, status: str, note: str = "") -> Visit:
    require_visit_editor(actor, visit)
    visit = Visit.objects.select_for_update().get(pk=visit.pk)
    reason = workflow.refusal(visit, status)
    if reason:
        raise ValidationError({"status": reason})
    previous = visit.status
    visit.status = status
    fields = ["status"]
    if status == Visit.Status.ON_SITE and not visit.starts_on:
        visit.starts_on = timezone.localdate()
        fields.append("starts_on")
    if status == Visit.Status.REPORTING and not visit.ends_on:
        visit.ends_on = max(timezone.localdate(), visit.starts_on or timezone.localdate())
        fields.append("ends_on")
    visit.save(update_fields=fields)
    StatusChange.objects.create(
        institution=actor.institution,
        visit=visit,
        from_status=previous,
        to_status=status,
        note=note[:300],
        changed_by=actor.user,
    )
    _refresh_last_visited(visit.place)
    audit_by(actor, "visit.status_changed", visit, **{"from": previous, "to": status})
    return visit


@transaction.atomic
def team_member_add(
    *,
    actor: Membership,
    visit: Visit,
    role: str,
    user: User | None = None,
    external_name: str = "",
) -> TeamMember:
    require_visit_editor(actor, visit)
    return _team_member_add(
        actor=actor, visit=visit, role=role, user=user, external_name=external_name
    )


def _team_member_add(
    *, actor: Membership, visit: Visit, role: str, user: User | None, external_name: str = ""
) -> TeamMember:
    if user is None and not external_name.strip():
        raise ValidationError({"user": _("Choose a colleague or give the person's name.")})
    if user is not None:
        if not institution_members(actor).filter(pk=user.pk).exists():
            raise ValidationError({"user": _("That choice does not exist.")})
        if visit.team.filter(user=user).exists():
            raise ValidationError({"user": _("Already in the team.")})
    member = TeamMember.objects.create(
        institution=actor.institution,
        visit=visit,
        user=user,
        external_name=external_name.strip() if user is None else "",
        role=role,
    )
    audit_by(actor, "visit.team_member_added", visit, member=member.pk, role=role)
    return member


@transaction.atomic
def team_member_remove(*, actor: Membership, member: TeamMember) -> None:
    require_visit_editor(actor, member.visit)
    audit_by(actor, "visit.team_member_removed", member.visit, member=member.pk)
    member.delete()


# --- what the team records on site ---------------------------------------------------


@transaction.atomic
def observation_add(*, actor: Membership, visit: Visit, theme: Theme, text: str) -> Observation:
    require_visit_editor(actor, visit)
    require_same_institution(actor, theme)
    observation = Observation.objects.create(
        institution=actor.institution, visit=visit, theme=theme, text=text, created_by=actor.user
    )
    audit_by(actor, "visit.observation_added", observation, visit=visit.pk)
    return observation


@transaction.atomic
def register_check_add(*, actor: Membership, visit: Visit, **values: Any) -> RegisterCheck:
    require_visit_editor(actor, visit)
    if values["period_to"] < values["period_from"]:
        raise ValidationError({"period_to": _("The period ends before it starts.")})
    if values["period_to"] > timezone.localdate():
        # A check can only count entries already written; a future end would be accepted
        # and then left out of every risk score until that day (decision 0027).
        raise ValidationError(
            {
                "period_to": _(
                    "The period checked cannot end after today: give the last day checked."
                )
            }
        )
    examined = values.get("entries_examined")
    if examined is not None and values.get("irregularity_count", 0) > examined:
        raise ValidationError(
            {"irregularity_count": _("More irregularities than entries examined.")}
        )
    check = RegisterCheck.objects.create(
        institution=actor.institution, visit=visit, created_by=actor.user, **values
    )
    audit_by(actor, "visit.register_checked", check, visit=visit.pk, register=check.register)
    return check


def _evidence_belongs(
    visit: Visit,
    observations: list[Observation],
    checks: list[RegisterCheck],
    checklist_evidence: list[dict[str, Any]],
) -> None:
    if any(o.visit_id != visit.pk for o in observations) or any(
        c.visit_id != visit.pk for c in checks
    ):
        raise ValidationError(_("Evidence must come from the same visit."))
    submissions = set(visit.checklists.values_list("pk", flat=True))
    if any(item.get("submission") not in submissions for item in checklist_evidence):
        raise ValidationError(_("Evidence must come from the same visit."))


@transaction.atomic
def finding_create(
    *,
    actor: Membership,
    visit: Visit,
    theme: Theme,
    severity: str,
    title: str,
    description: str,
    standards: Iterable[StandardReference] = (),
    observations: Iterable[Observation] = (),
    register_checks: Iterable[RegisterCheck] = (),
    checklist_evidence: list[dict[str, Any]] | None = None,
) -> Finding:
    require_visit_editor(actor, visit)
    require_same_institution(actor, theme)
    if severity not in Severity.values:
        raise ValidationError({"severity": _("Choose a severity.")})
    observations, register_checks = list(observations), list(register_checks)
    evidence = checklist_evidence or []
    _evidence_belongs(visit, observations, register_checks, evidence)
    finding = Finding.objects.create(
        institution=actor.institution,
        visit=visit,
        theme=theme,
        severity=severity,
        title=title,
        description=description,
        checklist_evidence=evidence,
        created_by=actor.user,
    )
    finding.standards.set(list(standards))
    finding.observations.set(observations)
    finding.register_checks.set(register_checks)
    audit_by(actor, "finding.created", finding, visit=visit.pk, severity=severity)
    return finding


@transaction.atomic
def finding_mark_acted_on(*, actor: Membership, finding: Finding, note: str) -> Finding:
    """Someone acted on an urgent finding: it leaves the home page of the team."""
    require_visit_editor(actor, finding.visit)
    if not note.strip():
        raise ValidationError({"note": _("Say what was done.")})
    finding.acted_on_at = timezone.now()
    finding.acted_on_by = actor.user
    finding.action_note = note.strip()
    finding.save(update_fields=["acted_on_at", "acted_on_by", "action_note"])
    audit_by(actor, "finding.acted_on", finding, visit=finding.visit_id)
    return finding


@transaction.atomic
def report_mark_sent(*, actor: Membership, visit: Visit, sent_on: date, recipients: str) -> Visit:
    require_visit_editor(actor, visit)
    if not recipients.strip():
        raise ValidationError({"recipients": _("Say to whom the report was sent.")})
    if sent_on > timezone.localdate():
        raise ValidationError({"sent_on": _("The date is in the future.")})
    visit.report_sent_on, visit.report_recipients = sent_on, recipients.strip()
    visit.save(update_fields=["report_sent_on", "report_recipients"])
    audit_by(actor, "visit.report_sent_recorded", visit, sent_on=sent_on)
    if visit.status == Visit.Status.REPORTING:
        visit_set_status(actor=actor, visit=visit, status=Visit.Status.REPORT_SENT)
    return visit
