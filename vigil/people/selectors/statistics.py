"""Counts and breakdowns of the people section, for every role: never an identity.

Figures cover the whole institution (`scoped`), not what the reader needs to know, because
they name nobody. Each block is one aggregate query over choices that are fixed in code,
so the page costs the same number of queries however many records there are. A period
(`since`, `until`) narrows each kind of record by its own date: interviews when held, cases
when received, reprisals when they occurred, check-backs when due. Small counts are
withheld for roles outside casework by `shown_sections` (vigil/core/suppression.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from vigil.core.access import scoped
from vigil.core.models import Membership
from vigil.core.suppression import Figure, suppress
from vigil.people.models import (
    Case,
    CaseOutcome,
    CaseStage,
    CheckBack,
    IntakeSource,
    Interview,
    Reprisal,
    ReprisalType,
    Vulnerability,
)
from vigil.people.selectors.cases import overdue_q, stage_days

Label = str | Promise


@dataclass(frozen=True)
class Row:
    """One line of a breakdown: a label, its count, and its share of the largest line."""

    label: Label
    count: int
    # Bar length in per cent of the largest row (0-100), as a string for SVG attributes.
    bar: str = "0"


@dataclass
class Breakdown:
    key: str  # an id for the table on the page
    title: Label
    rows: list[Row] = field(default_factory=list)
    # What the rows add up to differs per breakdown (a case has several types); say so.
    note: Label = ""

    @property
    def empty(self) -> bool:
        return not any(row.count for row in self.rows)


@dataclass
class Section:
    key: str
    title: Label
    totals: list[tuple[Label, int]]
    breakdowns: list[Breakdown]


def _breakdown(
    key: str, title: Label, pairs: Iterable[tuple[Label, int]], *, note: Label = ""
) -> Breakdown:
    pairs = list(pairs)
    top = max((count for _label, count in pairs), default=0)
    rows = [
        Row(label=label, count=count, bar=f"{(100 * count / top) if top else 0:.1f}")
        for label, count in pairs
    ]
    return Breakdown(key=key, title=title, rows=rows, note=note)


def _by_choice(
    key: str,
    title: Label,
    choices: Sequence[tuple[str, Label]],
    figures: dict[str, Any],
    prefix: str,
    *,
    note: Label = "",
) -> Breakdown:
    return _breakdown(
        key,
        title,
        ((label, figures[f"{prefix}{value}"] or 0) for value, label in choices if value),
        note=note,
    )


def _counts(choices: Sequence[tuple[str, Label]], field_name: str, prefix: str) -> dict[str, Any]:
    """One conditional count per choice, to go into a single aggregate()."""
    return {
        f"{prefix}{value}": Count("pk", filter=Q(**{field_name: value}))
        for value, _label in choices
        if value
    }


@dataclass(frozen=True)
class Period:
    since: date | None = None
    until: date | None = None

    def q(self, field_name: str) -> Q:
        q = Q()
        if self.since:
            q &= Q(**{f"{field_name}__gte": self.since})
        if self.until:
            q &= Q(**{f"{field_name}__lte": self.until})
        return q


def _years(rows: Iterable[dict[str, Any]]) -> list[tuple[Label, int]]:
    return [(str(row["year"]), row["n"]) for row in rows if row["year"] is not None]


# --- interviews --------------------------------------------------------------------------


def _interviews(actor: Membership, period: Period) -> Section:
    interviews = scoped(Interview.objects.all(), actor=actor).filter(period.q("held_on"))
    # Vulnerabilities are a JSON list of codes; a quoted code cannot match inside another.
    vulnerable = {
        f"v_{code}": Count("pk", filter=Q(vulnerabilities__icontains=f'"{code}"'))
        for code in Vulnerability.values
    }
    figures = interviews.aggregate(
        total=Count("pk"),
        individual=Count("pk", filter=Q(kind=Interview.Kind.INDIVIDUAL)),
        group=Count("pk", filter=Q(kind=Interview.Kind.GROUP)),
        heard_in_groups=Sum("group_size", filter=Q(kind=Interview.Kind.GROUP)),
        fears_reprisal=Count("pk", filter=Q(fears_reprisal=True)),
        **vulnerable,
    )
    by_place_kind = (
        interviews.values("visit__place__kind__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "visit__place__kind__name")
    )
    by_year = (
        interviews.values(year=ExtractYear("held_on")).annotate(n=Count("pk")).order_by("year")
    )
    return Section(
        key="interviews",
        title=_("Interviews"),
        totals=[
            (_("Interviews"), figures["total"]),
            (_("Individual interviews"), figures["individual"]),
            (_("Group interviews"), figures["group"]),
            (_("People heard in groups"), figures["heard_in_groups"] or 0),
            (_("Interviewees who fear reprisal"), figures["fears_reprisal"]),
        ],
        breakdowns=[
            _by_choice(
                "interviews-vulnerability",
                _("Interviews by vulnerability"),
                Vulnerability.choices,
                figures,
                "v_",
                note=_("An interview may concern several groups at risk."),
            ),
            _breakdown(
                "interviews-place-kind",
                _("Interviews by kind of place"),
                ((row["visit__place__kind__name"], row["n"]) for row in by_place_kind),
            ),
            _breakdown("interviews-year", _("Interviews by year"), _years(by_year)),
        ],
    )


# --- cases -------------------------------------------------------------------------------


def _cases(actor: Membership, today: date, period: Period) -> Section:
    cases = scoped(Case.objects.all(), actor=actor).filter(period.q("received_on"))
    figures = cases.aggregate(
        total=Count("pk"),
        open=Count("pk", filter=~Q(stage=CaseStage.CLOSED)),
        overdue=Count("pk", filter=overdue_q(stage_days(actor), today)),
        **_counts(CaseStage.choices, "stage", "stage_"),
        **_counts(CaseOutcome.choices, "outcome", "outcome_"),
        **_counts(IntakeSource.choices, "source", "source_"),
    )
    by_type = (
        cases.filter(ill_treatment_types__isnull=False)
        .values("ill_treatment_types__name", "ill_treatment_types__order")
        .annotate(n=Count("pk", distinct=True))
        .order_by("ill_treatment_types__order", "ill_treatment_types__name")
    )
    return Section(
        key="cases",
        title=_("Allegations and cases"),
        totals=[
            (_("Cases"), figures["total"]),
            (_("Open cases"), figures["open"]),
            (_("Overdue in their stage"), figures["overdue"]),
        ],
        breakdowns=[
            _by_choice("cases-stage", _("Cases by stage"), CaseStage.choices, figures, "stage_"),
            _by_choice(
                "cases-outcome", _("Cases by outcome"), CaseOutcome.choices, figures, "outcome_"
            ),
            _by_choice(
                "cases-source", _("Cases by source"), IntakeSource.choices, figures, "source_"
            ),
            _breakdown(
                "cases-ill-treatment",
                _("Cases by type of ill-treatment"),
                ((row["ill_treatment_types__name"], row["n"]) for row in by_type),
                note=_("A case may allege several types."),
            ),
        ],
    )


# --- reprisals and check-backs -----------------------------------------------------------


def _reprisals(actor: Membership, period: Period) -> Section:
    reprisals = scoped(Reprisal.objects.all(), actor=actor).filter(period.q("occurred_on"))
    figures = reprisals.aggregate(
        total=Count("pk"),
        people=Count("person", distinct=True),
        **_counts(ReprisalType.choices, "type", "type_"),
    )
    by_year = (
        reprisals.values(year=ExtractYear("occurred_on")).annotate(n=Count("pk")).order_by("year")
    )
    return Section(
        key="reprisals",
        title=_("Reprisals"),
        totals=[
            (_("Reprisals recorded"), figures["total"]),
            (_("People affected"), figures["people"]),
        ],
        breakdowns=[
            _by_choice(
                "reprisals-type", _("Reprisals by type"), ReprisalType.choices, figures, "type_"
            ),
            _breakdown("reprisals-year", _("Reprisals by year"), _years(by_year)),
        ],
    )


def _check_backs(actor: Membership, today: date, period: Period) -> Section:
    pending = Q(done_on__isnull=True)
    check_backs = scoped(CheckBack.objects.all(), actor=actor).filter(period.q("due_on"))
    figures = check_backs.aggregate(
        due=Count("pk", filter=pending & Q(due_on__gte=today)),
        overdue=Count("pk", filter=pending & Q(due_on__lt=today)),
        done=Count("pk", filter=Q(done_on__isnull=False)),
        **_counts(CheckBack.Result.choices, "result", "result_"),
    )
    return Section(
        key="check-backs",
        title=_("Check-backs"),
        totals=[
            (_("Due (not yet late)"), figures["due"]),
            (_("Overdue"), figures["overdue"]),
            (_("Done"), figures["done"]),
        ],
        breakdowns=[
            _by_choice(
                "check-backs-result",
                _("Check-backs done, by result"),
                CheckBack.Result.choices,
                figures,
                "result_",
            ),
        ],
    )


def people_statistics(
    *, actor: Membership, today: date | None = None, period: Period | None = None
) -> list[Section]:
    """The figures of the people section for the actor's institution, in a fixed query count."""
    today = today or timezone.localdate()
    period = period or Period()
    return [
        _interviews(actor, period),
        _cases(actor, today, period),
        _reprisals(actor, period),
        _check_backs(actor, today, period),
    ]


# --- as a reader may see them ------------------------------------------------------------


@dataclass(frozen=True)
class ShownRow:
    figure: Figure
    bar: str  # per cent of the largest shown row; 0 for a withheld one


@dataclass
class ShownBreakdown:
    key: str
    title: Label
    note: Label
    rows: list[ShownRow]
    empty: bool


@dataclass
class ShownSection:
    key: str
    title: Label
    totals: list[Figure]
    breakdowns: list[ShownBreakdown]


def _shown_rows(rows: list[Row], below: int | None) -> list[ShownRow]:
    figures = suppress([(row.label, row.count) for row in rows], below)
    top = max((f.count or 0 for f in figures), default=0)
    return [ShownRow(f, f"{(100 * (f.count or 0) / top) if top else 0:.1f}") for f in figures]


def shown_sections(sections: list[Section], below: int | None) -> list[ShownSection]:
    """The sections with counts below `below` withheld (None: every count shown)."""
    return [
        ShownSection(
            key=section.key,
            title=section.title,
            totals=suppress(list(section.totals), below),
            breakdowns=[
                ShownBreakdown(b.key, b.title, b.note, _shown_rows(b.rows, below), b.empty)
                for b in section.breakdowns
            ],
        )
        for section in sections
    ]
