"""Loads the demo's prevention programmes (`content`) for the demo Commission.

It runs after the recommendations step, and links outcomes to the demo recommendations they
implement when those exist; then, after the risk step, each programme to the risk factors its
themes feed. It is deterministic: dates are counted in months from each programme's start,
itself counted back from the first day of the current month; values dated after today are
left out, so some indicators have no actual value yet. Rows are written with bulk_create and
their audit events with one `audit_record_many` call.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Q
from django.utils import timezone

from vigil.core.audit import PendingEvent, audit_record_many
from vigil.core.demo.builder import DemoWorld
from vigil.core.selectors import active_memberships
from vigil.places.models import Authority, PlaceKind
from vigil.programmes.demo.content import (
    ADMIN,
    AUTHORITIES,
    OFFICER,
    PROGRAMMES,
    Ind,
    Line,
    Practice,
    Train,
)
from vigil.programmes.models import (
    Activity,
    GoodPractice,
    Indicator,
    IndicatorValue,
    LogframeItem,
    Outcome,
    ParticipantGroup,
    Programme,
    RosterEntry,
    TrainingSession,
)
from vigil.programmes.services.programmes import programme_update
from vigil.recommendations.models import Recommendation
from vigil.risk.models import RiskFactor
from vigil.visits.models import Theme


def _add_months(day: date, months: int) -> date:
    month0 = day.month - 1 + months
    return date(day.year + month0 // 12, month0 % 12 + 1, 1)


def _on(start: date, months: int, day: int = 28) -> date:
    first = _add_months(start, months)
    return first.replace(day=min(day, 28))


@dataclass
class _Writer:
    world: DemoWorld
    institution: Any
    anchor: date
    today: date = field(default_factory=timezone.localdate)
    now: datetime = field(default_factory=timezone.now)
    sequence: int = 0
    events: list[tuple[datetime, PendingEvent]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.zone = ZoneInfo(self.institution.time_zone)
        self.officer = self.world.users[OFFICER]
        self.themes = {t.code: t for t in Theme.objects.shared()}
        self.kinds = {k.code: k for k in PlaceKind.objects.shared()}
        authorities = Authority.objects.for_institution(self.institution.pk)
        found = {
            a.name: a
            for a in authorities.filter(name__in=list(AUTHORITIES.values())).order_by("-pk")
        }
        self.authority_of = {key: found.get(name) for key, name in AUTHORITIES.items()}

    def stamp(self, day: date) -> datetime:
        """A time on `day`, in order of writing, never later than now."""
        self.sequence += 1
        moment = datetime.combine(day, time(10), tzinfo=self.zone) + timedelta(
            seconds=self.sequence
        )
        return min(moment, self.now - timedelta(minutes=5))

    def event(self, when: datetime, action: str, target: Any, **details: Any) -> None:
        self.events.append((when, PendingEvent(action, target, {**details, "demo": True})))

    def event_on(self, day: date, action: str, target: Any, **details: Any) -> None:
        """An event at a time of `day` (see `stamp`)."""
        self.event(self.stamp(day), action, target, **details)

    def recommendation(self, words: tuple[str, ...]) -> list[int]:
        found = []
        for word in words:
            rec = (
                Recommendation.objects.for_institution(self.institution.pk)
                .filter(Q(law_or_policy__icontains=word) | Q(text__icontains=word))
                .order_by("issued_on", "pk")
                .first()
            )
            if rec is not None:
                found.append(rec.pk)
        return found

    def write(self) -> None:
        inst = self.institution
        starts = {spec.title: _add_months(self.anchor, -spec.months_back) for spec in PROGRAMMES}
        programmes = Programme.objects.bulk_create(
            [
                Programme(
                    institution=inst,
                    title=spec.title,
                    summary=spec.summary,
                    protection_gap=spec.gap,
                    champion=self.officer,
                    mentors=spec.mentors,
                    partners=spec.partners,
                    starts_on=starts[spec.title],
                    ends_on=_add_months(starts[spec.title], spec.months_long) - timedelta(days=1),
                    budget=Decimal(spec.budget),
                    currency="USD",
                    funding=spec.funding,
                    status=spec.status,
                    created_by=self.officer,
                    created_at=self.stamp(starts[spec.title] - timedelta(days=20)),
                )
                for spec in PROGRAMMES
            ]
        )
        for p in programmes:
            self.event(p.created_at, "programme.created", p, status=p.status)
        Programme.themes.through.objects.bulk_create(
            [
                Programme.themes.through(programme_id=p.pk, theme_id=self.themes[c].pk)
                for p, spec in zip(programmes, PROGRAMMES, strict=True)
                for c in spec.themes
                if c in self.themes
            ]
        )
        Programme.place_kinds.through.objects.bulk_create(
            [
                Programme.place_kinds.through(programme_id=p.pk, placekind_id=self.kinds[c].pk)
                for p, spec in zip(programmes, PROGRAMMES, strict=True)
                for c in spec.kinds
                if c in self.kinds
            ]
        )
        Programme.partner_authorities.through.objects.bulk_create(
            [
                Programme.partner_authorities.through(programme_id=p.pk, authority_id=a.pk)
                for p, spec in zip(programmes, PROGRAMMES, strict=True)
                for a in {self.authority_of.get(k) for k in spec.authorities} - {None}
                if a is not None
            ]
        )
        items = self._logframes(programmes)
        self._activities(programmes, items)
        self._outcomes(programmes)
        self._practices(programmes)
        happened = sorted(self.events, key=lambda pair: pair[0])
        audit_record_many(
            events=[event for _when, event in happened],
            actor=self.officer,
            institution=inst,
        )

    def _logframes(self, programmes: list[Programme]) -> dict[tuple[int, str], LogframeItem]:
        """The lines level by level (a parent must exist before its children), then indicators."""
        codes: dict[tuple[int, str], LogframeItem] = {}
        pending: list[tuple[Programme, str, Line, str]] = []  # programme, code, line, parent code
        for p, spec in zip(programmes, PROGRAMMES, strict=True):
            for number, line in enumerate(spec.lines, start=1):
                pending.append((p, str(number), line, ""))
        indicators: list[tuple[Indicator, Ind, date]] = []
        while pending:
            rows = [
                LogframeItem(
                    institution=self.institution,
                    programme=p,
                    parent=codes[(p.pk, parent)] if parent else None,
                    level=line.level,
                    text=line.text,
                    order=int(code.rsplit(".", 1)[-1]),
                )
                for p, code, line, parent in pending
            ]
            LogframeItem.objects.bulk_create(rows)
            children: list[tuple[Programme, str, Line, str]] = []
            for row, (p, code, line, _parent) in zip(rows, pending, strict=True):
                codes[(p.pk, code)] = row
                self.event_on(
                    p.starts_on, "logframe.item_added", row, programme=p.pk, level=row.level
                )
                for ind in line.indicators:
                    indicators.append(
                        (
                            Indicator(
                                institution=self.institution,
                                item=row,
                                name=ind.name,
                                unit=ind.unit,
                                baseline=Decimal(ind.baseline),
                                target=Decimal(ind.target),
                                means_of_verification=ind.verification,
                            ),
                            ind,
                            p.starts_on,
                        )
                    )
                children += [
                    (p, f"{code}.{n}", child, code) for n, child in enumerate(line.children, 1)
                ]
            pending = children
        Indicator.objects.bulk_create([i for i, _spec, _start in indicators])
        values = []
        for indicator, ind, start in indicators:
            self.event_on(
                start, "indicator.added", indicator, programme=indicator.item.programme_id
            )
            for months, amount, note in ind.values:
                on = _on(start, months)
                if on > self.today:
                    continue  # not measured yet
                values.append(
                    IndicatorValue(
                        institution=self.institution,
                        indicator=indicator,
                        measured_on=on,
                        value=Decimal(amount),
                        note=note,
                    )
                )
        for measured in IndicatorValue.objects.bulk_create(values):
            self.event_on(
                measured.measured_on,
                "indicator.value_recorded",
                measured.indicator,
                measured_on=measured.measured_on,
                value=measured.value,
            )
        return codes

    def _activities(
        self, programmes: list[Programme], items: dict[tuple[int, str], LogframeItem]
    ) -> None:
        rows: list[Activity] = []
        trainings: list[tuple[Activity, Train]] = []
        for p, spec in zip(programmes, PROGRAMMES, strict=True):
            acts = [(a, None) for a in spec.activities] + [(t.activity, t) for t in spec.trainings]
            for act, train in acts:
                starts_on = _on(p.starts_on, act.month, act.day)
                if starts_on > self.today:
                    continue
                participants = act.participants
                if train is not None:
                    participants = (
                        len(train.roster) if train.roster else sum(g.count for g in train.groups)
                    )
                activity = Activity(
                    institution=self.institution,
                    programme=p,
                    logframe_item=items.get((p.pk, act.line)) if act.line else None,
                    kind=act.kind,
                    title=act.title,
                    starts_on=starts_on,
                    ends_on=starts_on + timedelta(days=act.days - 1) if act.days > 1 else None,
                    location=act.location,
                    participants=participants,
                    outputs=act.outputs,
                    documents=act.documents,
                    created_by=self.officer,
                )
                rows.append(activity)
                if train is not None:
                    trainings.append((activity, train))
        Activity.objects.bulk_create(rows)
        for a in rows:
            self.event_on(a.starts_on, "activity.created", a, programme=a.programme_id, kind=a.kind)
        sessions = TrainingSession.objects.bulk_create(
            [
                TrainingSession(
                    institution=self.institution,
                    activity=activity,
                    trainers=train.trainers,
                    max_score=Decimal(train.max_score),
                )
                for activity, train in trainings
            ]
        )
        links, groups, roster = [], [], []
        for session, (activity, train) in zip(sessions, trainings, strict=True):
            topics = [self.themes[c].pk for c in train.topics if c in self.themes]
            links += [
                TrainingSession.topics.through(trainingsession_id=session.pk, theme_id=t)
                for t in topics
            ]
            self.event_on(
                activity.starts_on, "training.created", session, activity=activity.pk, topics=topics
            )
            groups += [
                ParticipantGroup(
                    institution=self.institution,
                    session=session,
                    agency=g.agency,
                    rank=g.rank,
                    gender=g.gender,
                    count=g.count,
                    pre_test_mean=None if g.pre is None else Decimal(g.pre),
                    post_test_mean=None if g.post is None else Decimal(g.post),
                )
                for g in train.groups
            ]
            roster += [
                RosterEntry(
                    institution=self.institution,
                    session=session,
                    person={"name": r.name, "badge_number": r.badge},
                    agency=r.agency,
                    rank=r.rank,
                    gender=r.gender,
                    pre_test=None if r.pre is None else Decimal(r.pre),
                    post_test=None if r.post is None else Decimal(r.post),
                    attended=r.attended,
                )
                for r in train.roster
            ]
        TrainingSession.topics.through.objects.bulk_create(links)
        for group in ParticipantGroup.objects.bulk_create(groups):
            self.event_on(
                group.session.activity.starts_on,
                "training.group_added",
                group,
                session=group.session_id,
                count=group.count,
            )
        for entry in RosterEntry.objects.bulk_create(roster):
            self.event_on(
                entry.session.activity.starts_on,
                "training.roster_added",
                entry,
                session=entry.session_id,
            )

    def _outcomes(self, programmes: list[Programme]) -> None:
        rows: list[tuple[Outcome, list[int]]] = []
        for p, spec in zip(programmes, PROGRAMMES, strict=True):
            for out in spec.outcomes:
                achieved_on = _on(p.starts_on, out.month, 15)
                if achieved_on > self.today:
                    continue
                outcome = Outcome(
                    institution=self.institution,
                    programme=p,
                    achieved_on=achieved_on,
                    kind=out.kind,
                    statement=out.statement,
                    evidence=out.evidence,
                    contribution=out.contribution,
                    created_by=self.officer,
                )
                rows.append((outcome, self.recommendation(out.implements)))
        Outcome.objects.bulk_create([o for o, _recs in rows])
        Outcome.recommendations.through.objects.bulk_create(
            [
                Outcome.recommendations.through(outcome_id=o.pk, recommendation_id=r)
                for o, recs in rows
                for r in recs
            ]
        )
        for o, recs in rows:
            self.event_on(
                o.achieved_on,
                "outcome.created",
                o,
                programme=o.programme_id,
                kind=o.kind,
                recommendations=recs,
            )

    def _practices(self, programmes: list[Programme]) -> None:
        rows: list[tuple[GoodPractice, Practice]] = []
        for p, spec in zip(programmes, PROGRAMMES, strict=True):
            for practice in spec.practices:
                day = _on(p.starts_on, practice.month, 20)
                if day > self.today:
                    continue
                rows.append(
                    (
                        GoodPractice(
                            institution=self.institution,
                            programme=p,
                            title=practice.title,
                            what_worked=practice.what_worked,
                            context=practice.context,
                            lessons=practice.lessons,
                            practice_themes=[str(t) for t in practice.practice_themes],
                            protection_gap=practice.gap,
                            ready_to_share=practice.ready,
                            created_by=self.officer,
                            created_at=self.stamp(day),
                        ),
                        practice,
                    )
                )
        GoodPractice.objects.bulk_create([g for g, _spec in rows])
        GoodPractice.themes.through.objects.bulk_create(
            [
                GoodPractice.themes.through(goodpractice_id=g.pk, theme_id=self.themes[c].pk)
                for g, spec in rows
                for c in spec.themes
                if c in self.themes
            ]
        )
        for g, _spec in rows:
            self.event(
                g.created_at,
                "good_practice.created",
                g,
                programme=g.programme_id,
                ready_to_share=g.ready_to_share,
            )


def load_programmes(world: DemoWorld) -> None:
    """Four prevention programmes of the demo Commission (the demo step; it runs after the
    recommendations and risk steps)."""
    if "hrc" not in world.institutions or OFFICER not in world.users:
        return
    writer = _Writer(world, world.institutions["hrc"], timezone.localdate().replace(day=1))
    writer.write()
    _link_risk_factors(world)


def _link_risk_factors(world: DemoWorld) -> None:
    """Each prevention programme works on the risk factors its themes feed (the risk step
    has shipped them)."""
    institution = world.institutions["hrc"]
    admin = next(
        m for m in active_memberships(user=world.users[ADMIN]) if m.institution_id == institution.pk
    )
    factors = list(RiskFactor.objects.shared())
    for programme in Programme.objects.for_institution(institution.pk).prefetch_related("themes"):
        themes = {theme.code for theme in programme.themes.all()}
        chosen = [f for f in factors if themes & set(f.params.get("themes", []))]
        if chosen:
            programme_update(actor=admin, programme=programme, risk_factors=chosen)
