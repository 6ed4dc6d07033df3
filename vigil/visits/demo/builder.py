"""Three years of monitoring visits to the demo places, for `vigil demo`.

Runs after the places step. Visits before the anchor (the first day of the current month)
went through the whole cycle as far as their dates allow (on site, reporting, report sent,
closed); a few later ones are being prepared or planned. Rows are written with bulk_create
and their audit events with one `audit_record_many` call per institution. The content is in
`content`, the planning in `outline`, the records of each visit in `records`.
"""

# ruff: noqa: E501

from __future__ import annotations

import random
from collections import Counter
from datetime import date, timedelta

from django.utils import timezone

from vigil.core.audit import PendingEvent, audit_record_many
from vigil.core.demo.builder import DemoWorld
from vigil.places.models import Place
from vigil.visits.demo.content import (
    FOCUS_THEMES,
    GROUP_OF,
    ON_SITE_OR_LATER,
    REACTIVE_REASONS,
    YEAR_THEMES,
)
from vigil.visits.demo.outline import Outline, _add_months
from vigil.visits.demo.records import Recorder
from vigil.visits.models import PlannedVisit, StatusChange, TeamMember, Visit, VisitPlan, VisitType


class VisitsBuilder(Recorder):
    """Writes the planned visits, their teams and history, and what was recorded."""

    # --- writing ----------------------------------------------------------------------

    def visit_plans(self, outlines: list[Outline]) -> dict[int, VisitPlan]:
        years = sorted({p.day.year for p in outlines})
        rows = [
            VisitPlan(
                institution=self.institution,
                title=f"Preventive visit plan {year}",
                starts_on=date(year, 1, 1),
                ends_on=date(year, 12, 31),
                notes=(
                    "Places chosen by risk: overcrowding, complaints received, time since the "
                    f"last visit. Thematic focus of the year: {self.themes[YEAR_THEMES[year % len(YEAR_THEMES)]].name.lower()}."
                ),
                created_at=self.stamp(date(year - 1, 12, 1), 9),
            )
            for year in years
        ]
        VisitPlan.objects.bulk_create(rows)
        self.events += [PendingEvent("plan.created", p, {"demo": True}) for p in rows]
        return {p.starts_on.year: p for p in rows}

    def visits(self, outlines: list[Outline], plans: dict[int, VisitPlan]) -> None:
        rng = self.rng
        objectives = {
            VisitType.FULL: "Examine treatment and conditions of detention across the whole place; private interviews with detainees and staff; check the registers.",
            VisitType.FOLLOW_UP: "Check what was done about the recommendations of the last visit.",
            VisitType.AD_HOC: "Find out what happened and whether anyone is at immediate risk.",
            VisitType.THEMATIC: "Thematic focus of the year, with private interviews of the persons concerned.",
        }
        rows = []
        for outline in outlines:
            made = outline.status in ON_SITE_OR_LATER
            authority = outline.place.authority.name
            announced = outline.group == "care" and rng.random() < 0.4
            if outline.changes:
                created = outline.changes[0][2].date() - timedelta(days=10)
            else:
                created = min(outline.day, self.anchor) - timedelta(days=30)
            outline.visit = Visit(
                institution=self.institution,
                place=outline.place,
                plan=None if outline.reactive else plans[outline.day.year],
                visit_type=outline.visit_type,
                announced=announced,
                planned_for=None if outline.reactive else outline.day,
                starts_on=outline.day if made else None,
                ends_on=outline.ends_on,
                status=outline.status,
                objectives=(rng.choice(REACTIVE_REASONS) + " " if outline.reactive else "")
                + objectives[VisitType(outline.visit_type)],
                report_sent_on=outline.report_sent_on,
                report_recipients=(
                    f"Head office, {authority}\nOfficer in charge, {outline.place.name}"
                    if outline.report_sent_on
                    else ""
                ),
                methodology=(
                    f"{'Announced' if announced else 'Unannounced'} visit over {outline.days} day(s): "
                    "initial talk with the management, tour of all premises, private interviews "
                    "with detainees, talks with staff, examination of registers, final talk."
                    if outline.ends_on
                    else ""
                ),
                created_by=self.leader(outline),
                created_at=self.stamp(created, 9),
            )
            rows.append(outline.visit)
        _number(rows)
        Visit.objects.bulk_create(rows)
        self.events += [
            PendingEvent("visit.created", p.visit, {"place": p.place.pk, "planned": not p.reactive, "demo": True})
            for p in outlines
            if p.visit
        ]  # fmt: skip
        through = Visit.themes.through
        themes = [
            through(visit_id=outline.visit.pk, theme_id=self.themes[code].pk)
            for outline in outlines
            if outline.visit
            for code in rng.sample(FOCUS_THEMES[outline.group], rng.randint(1, 2))
        ]
        through.objects.bulk_create(themes)

    def planned_items(self, outlines: list[Outline], plans: dict[int, VisitPlan]) -> None:
        rng, items = self.rng, []
        for outline in outlines:
            if outline.reactive or outline.visit is None:
                continue
            items.append(
                PlannedVisit(
                    institution=self.institution,
                    plan=plans[outline.day.year],
                    place=outline.place,
                    month=outline.day.replace(day=1),
                    visit_type=outline.visit_type,
                    reason=self.reason(
                        outline.place,
                        outline.group,
                        outline.visit_type,
                        outline.previous,
                        outline.day,
                    ),
                    visit=outline.visit,
                )
            )
        # Planned but not (yet) made: two slipped in each past year, more still ahead.
        places = [p for p in Place.objects.for_institution(self.institution.pk).filter(status=Place.Status.OPEN).select_related("kind")]  # fmt: skip
        for year, plan in plans.items():
            months = [m for m in range(1, 13) if plan.starts_on <= date(year, m, 1)]
            past = [m for m in months if date(year, m, 1) < _add_months(self.anchor, -1)]
            ahead = [m for m in months if date(year, m, 1) > self.anchor]
            # Two a month for the rest of this year; next year's plan is a first draft.
            chosen = rng.sample(past, min(2, len(past))) + ahead * (
                2 if year == self.anchor.year else 1
            )
            for month in chosen:
                place = rng.choice(places)
                group = GROUP_OF.get(place.kind.code, "care")
                items.append(
                    PlannedVisit(
                        institution=self.institution,
                        plan=plan,
                        place=place,
                        month=date(year, month, 1),
                        visit_type=VisitType.FULL,
                        reason=self.reason(
                            place, group, VisitType.FULL, None, date(year, month, 1)
                        ),
                    )
                )
        PlannedVisit.objects.bulk_create(items)
        self.events += [
            PendingEvent("plan.visit_planned", i, {"place": i.place_id, "month": i.month, "demo": True})
            for i in items
        ]  # fmt: skip

    def teams_and_history(self, outlines: list[Outline]) -> None:
        members, changes = [], []
        for outline in outlines:
            assert outline.visit is not None
            for email, name, role in outline.seats:
                members.append(
                    TeamMember(
                        institution=self.institution,
                        visit=outline.visit,
                        user=self.user(email) if email else None,
                        external_name=name,
                        role=role,
                    )
                )
            for before, after, when, note in outline.changes:
                changes.append(
                    StatusChange(
                        institution=self.institution,
                        visit=outline.visit,
                        from_status=before,
                        to_status=after,
                        note=note,
                        changed_by=self.leader(outline),
                        changed_at=when,
                    )
                )
        TeamMember.objects.bulk_create(members)
        StatusChange.objects.bulk_create(changes)
        self.events += [
            PendingEvent("visit.team_member_added", m.visit, {"member": m.pk, "role": m.role, "demo": True})
            for m in members
        ]  # fmt: skip
        self.events += [
            PendingEvent("visit.status_changed", c.visit, {"from": c.from_status, "to": c.to_status, "demo": True})
            for c in changes
        ]  # fmt: skip
        self.events += [
            PendingEvent("visit.report_sent_recorded", p.visit, {"sent_on": p.report_sent_on, "demo": True})
            for p in outlines
            if p.report_sent_on
        ]  # fmt: skip

    def finish(self) -> None:
        audit_record_many(events=self.events, actor=self.admin, institution=self.institution)
        self.events = []


def load_visits(world: DemoWorld) -> None:
    """Visit plans, visits, teams, checklists, observations, register checks and
    findings for the demo institutions (demo step; runs after the places step)."""
    rng = random.Random(2027)  # noqa: S311  (fictional data, not security)
    anchor = timezone.localdate().replace(day=1)
    builder = VisitsBuilder(world, "hrc", rng, anchor)
    outlines = builder.schedule(36, (2, 3, 3, 4, 4, 4))
    builder.progress(outlines)
    builder.choose_urgent(outlines)
    builder.assign_teams(outlines)
    plans = builder.visit_plans(outlines)
    builder.visits(outlines, plans)
    builder.planned_items(outlines, plans)
    builder.teams_and_history(outlines)
    builder.records(outlines)
    builder.last_visited(outlines)
    builder.finish()


def _number(visits: list[Visit]) -> None:
    """References per year in the order the visits were created, as the service gives them."""
    counters: Counter[int] = Counter()
    for visit in sorted(visits, key=lambda v: v.created_at):
        year = (visit.starts_on or visit.planned_for or visit.created_at.date()).year
        counters[year] += 1
        visit.reference = f"V-{year}-{counters[year]:04d}"
