"""The generated chapters of the annual report, computed from the records of one year.

Each chapter is a list of plain blocks (JSON-friendly dicts), so that approval can freeze them
(`AnnualReport.frozen`) and a later generation shows the very same figures:

    {"t": "p", "text": "..."}
    {"t": "list", "items": ["...", ...]}
    {"t": "table", "caption": "...", "headers": [...], "rows": [["label", 3, 0], ...],
     "small": true}          # small counts are withheld when the report is rendered
    {"t": "quote", "interview": 12}   # resolved, and filtered by consent, at each generation

Quotes keep only the interview's record: its words are encrypted data and are read, with the
person's consent in force, each time the report is written.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date
from typing import Any

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vigil.people.models import Case, Interview, Reprisal
from vigil.people.models.cases import CaseStage, IntakeSource
from vigil.people.models.reprisals import ReprisalType
from vigil.places.models import Authority, Place
from vigil.programmes.models import Activity, Outcome, ParticipantGroup
from vigil.recommendations.models import Mechanism, Recommendation, Response, Status
from vigil.recommendations.models import Source as RecommendationSource
from vigil.visits.models import Finding, PlannedVisit, Severity, Visit, VisitType

Block = dict[str, Any]

# Visits that took place (whatever came of the report), as opposed to planned or cancelled.
DONE = [
    Visit.Status.ON_SITE,
    Visit.Status.REPORTING,
    Visit.Status.REPORT_SENT,
    Visit.Status.CLOSED,
]
EXAMPLES = 5
QUOTES = 3


def _year(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def _table(
    caption: str, headers: list[str], rows: list[list[Any]], *, small: bool = False
) -> Block:
    return {"t": "table", "caption": caption, "headers": headers, "rows": rows, "small": small}


def _p(text: str) -> Block:
    return {"t": "p", "text": text}


def _total(rows: list[list[Any]], label: str) -> list[Any]:
    width = len(rows[0]) if rows else 0
    return [label, *(sum(row[i] for row in rows) for i in range(1, width))]


def mandate(institution_id: int, year: int) -> list[Block]:
    first, _last = _year(year)
    # The register has no opening dates: every place not closed before the year began.
    places = Place.objects.for_institution(institution_id).filter(
        Q(closed_on__isnull=True) | Q(closed_on__gte=first)
    )
    by_kind = (
        places.values("kind_id")
        .annotate(n=Count("pk"), capacity=Sum("capacity"), population=Sum("population"))
        .order_by("kind_id")
    )
    kinds = {k.pk: k for k in _kinds({row["kind_id"] for row in by_kind})}
    rows = []
    for row in sorted(by_kind, key=lambda r: str(kinds[r["kind_id"]])):
        capacity, population = row["capacity"] or 0, row["population"] or 0
        occupancy = f"{round(100 * population / capacity)}%" if capacity else "–"
        rows.append([str(kinds[row["kind_id"]]), row["n"], capacity, population, occupancy])
    authority_kinds = dict(Authority.Kind.choices)
    by_authority = Counter(
        str(authority_kinds.get(kind, kind))
        for kind in places.values_list("authority__kind", flat=True)
    )
    total = sum(row[1] for row in rows)
    return [
        _p(
            _(
                "At the end of %(year)s, %(count)s places of deprivation of liberty were "
                "under the mandate."
            )
            % {"year": year, "count": total}
        ),
        _table(
            _("Places by kind, with capacity, population and occupancy"),
            [_("Kind of place"), _("Places"), _("Capacity"), _("Population"), _("Occupancy")],
            rows,
        ),
        _table(
            _("Places by kind of authority"),
            [_("Authority"), _("Places")],
            [[label, n] for label, n in sorted(by_authority.items())],
        ),
    ]


def _kinds(pks: set[int]) -> list[Any]:
    from vigil.places.models import PlaceKind

    return list(PlaceKind.objects.filter(pk__in=pks))


def visits(institution_id: int, year: int) -> list[Block]:
    first, last = _year(year)
    done = Visit.objects.for_institution(institution_id).filter(
        status__in=DONE, starts_on__range=(first, last)
    )
    planned = PlannedVisit.objects.for_institution(institution_id).filter(
        month__range=(first, last)
    )
    planned_by_kind = Counter(planned.values_list("place__kind_id", flat=True))
    done_rows = done.values("place__kind_id").annotate(
        n=Count("pk"),
        unannounced=Count("pk", filter=Q(announced=False)),
        follow_up=Count("pk", filter=Q(visit_type=VisitType.FOLLOW_UP)),
    )
    done_by_kind = {row["place__kind_id"]: row for row in done_rows}
    kinds = {k.pk: k for k in _kinds(set(planned_by_kind) | set(done_by_kind))}
    rows = []
    for pk in sorted(kinds, key=lambda pk: str(kinds[pk])):
        row = done_by_kind.get(pk, {})
        rows.append(
            [
                str(kinds[pk]),
                planned_by_kind.get(pk, 0),
                row.get("n", 0),
                row.get("unannounced", 0),
                row.get("follow_up", 0),
            ]
        )
    if rows:
        rows.append(_total(rows, _("Total")))
    by_area = Counter(
        name or _("No area recorded") for name in done.values_list("place__area__name", flat=True)
    )
    total_done, total_planned = done.count(), planned.count()
    return [
        _p(
            _("In %(year)s the institution made %(done)s visits, against %(planned)s planned.")
            % {"year": year, "done": total_done, "planned": total_planned}
        ),
        _table(
            _("Visits by kind of place"),
            [_("Kind of place"), _("Planned"), _("Done"), _("Unannounced"), _("Follow-up")],
            rows,
        ),
        _table(
            _("Visits by area"),
            [_("Area"), _("Visits")],
            [[label, n] for label, n in sorted(by_area.items())],
        ),
    ]


def findings(institution_id: int, year: int) -> list[Block]:
    first, last = _year(year)
    of_year = Finding.objects.for_institution(institution_id).filter(
        visit__status__in=DONE, visit__starts_on__range=(first, last)
    )
    severities = list(Severity)
    counts = of_year.values("theme_id", "severity").annotate(n=Count("pk")).order_by()
    by_theme: dict[int, Counter[str]] = {}
    for row in counts:
        by_theme.setdefault(row["theme_id"], Counter())[row["severity"]] = row["n"]
    from vigil.visits.models import Theme

    themes = {t.pk: t for t in Theme.objects.filter(pk__in=by_theme)}
    rows = []
    for pk in sorted(by_theme, key=lambda pk: str(themes[pk])):
        counter = by_theme[pk]
        cells = [counter.get(s.value, 0) for s in severities]
        rows.append([str(themes[pk]), *cells, sum(cells)])
    if rows:
        rows.append(_total(rows, _("Total")))
    blocks: list[Block] = [
        _table(
            _("Findings by theme and severity"),
            [_("Theme"), *[str(s.label) for s in severities], _("Total")],
            rows,
        )
    ]
    examples = (
        of_year.filter(severity__in=[Severity.URGENT, Severity.SERIOUS])
        .select_related("visit__place")
        .order_by("-severity", "visit__starts_on", "pk")[:EXAMPLES]
    )
    items = [
        _("%(title)s (%(place)s, %(severity)s)")
        % {"title": f.title, "place": f.visit.place.name, "severity": f.get_severity_display()}
        for f in examples
    ]
    if items:
        blocks.append({"t": "list", "title": _("Examples"), "items": items})
    interviews = (
        Interview.objects.for_institution(institution_id)
        .filter(visit__status__in=DONE, visit__starts_on__range=(first, last))
        .only("pk", "institution_id", "summary_for_report")
        .order_by("held_on", "pk")
    )
    # The summaries are encrypted: the empty ones are told apart once read. More are kept than
    # shown, as a consent withdrawn later drops some at generation.
    quoted = [i.pk for i in interviews.iterator() if i.summary_for_report.strip()][: QUOTES * 4]
    blocks.extend({"t": "quote", "interview": pk} for pk in quoted)
    return blocks


def _status_rows(recommendations: Any) -> list[list[Any]]:
    counts = Counter(recommendations.values_list("status", flat=True))
    return [[str(label), counts.get(value, 0)] for value, label in Status.choices]


def recommendations(institution_id: int, year: int) -> list[Block]:
    first, last = _year(year)
    own = Recommendation.objects.for_institution(institution_id).exclude(
        source=RecommendationSource.UN_MECHANISM
    )
    issued = own.filter(issued_on__range=(first, last))
    responses = Counter(issued.values_list("response", flat=True))
    response_rows = [[str(label), responses.get(value, 0)] for value, label in Response.choices]
    response_rows.append([_("Not yet recorded"), responses.get("", 0)])
    cumulative = own.filter(issued_on__lte=last)
    return [
        _p(
            _("In %(year)s the institution issued %(count)s recommendations.")
            % {"year": year, "count": issued.count()}
        ),
        _table(
            _("Authorities' responses to the recommendations of the year"),
            [_("Response"), _("Recommendations")],
            response_rows,
        ),
        _table(
            _("Implementation of the recommendations of the year"),
            [_("Status"), _("Recommendations")],
            _status_rows(issued),
        ),
        _table(
            _("Implementation of all recommendations issued up to the end of the year"),
            [_("Status"), _("Recommendations")],
            _status_rows(cumulative),
        ),
    ]


def cases(institution_id: int, year: int) -> list[Block]:
    first, last = _year(year)
    received = Case.objects.for_institution(institution_id).filter(received_on__range=(first, last))
    by_source = Counter(received.values_list("source", flat=True))
    by_stage = Counter(received.values_list("stage", flat=True))
    return [
        _p(
            _(
                "Cases and allegations are shown in aggregate only; small counts are withheld so "
                "that no person can be recognised."
            )
        ),
        _table(
            _("Cases received, by source"),
            [_("Source"), _("Cases")],
            [[str(label), by_source.get(value, 0)] for value, label in IntakeSource.choices],
            small=True,
        ),
        _table(
            _("Cases received, by stage reached"),
            [_("Stage"), _("Cases")],
            [[str(label), by_stage.get(value, 0)] for value, label in CaseStage.choices],
            small=True,
        ),
    ]


def reprisals(institution_id: int, year: int) -> list[Block]:
    first, last = _year(year)
    of_year = Reprisal.objects.for_institution(institution_id).filter(
        occurred_on__range=(first, last)
    )
    by_type = Counter(of_year.values_list("type", flat=True))
    return [
        _p(_("Reprisals against people who spoke with the institution, in aggregate only.")),
        _table(
            _("Reprisals recorded, by type"),
            [_("Type"), _("Reprisals")],
            [[str(label), by_type.get(value, 0)] for value, label in ReprisalType.choices],
            small=True,
        ),
    ]


def programmes(institution_id: int, year: int) -> list[Block]:
    first, last = _year(year)
    activities = Activity.objects.for_institution(institution_id).filter(
        starts_on__range=(first, last)
    )
    by_kind = Counter(activities.values_list("kind", flat=True))
    kinds = dict(Activity.Kind.choices)
    trained = (
        ParticipantGroup.objects.for_institution(institution_id)
        .filter(session__activity__starts_on__range=(first, last))
        .aggregate(n=Sum("count"))["n"]
        or 0
    )
    outcomes = (
        Outcome.objects.for_institution(institution_id)
        .filter(achieved_on__range=(first, last))
        .select_related("programme")
        .order_by("achieved_on", "pk")
    )
    blocks: list[Block] = [
        _p(
            _("%(count)s officials took part in the institution's trainings in %(year)s.")
            % {"count": trained, "year": year}
        ),
        _table(
            _("Programme activities by type"),
            [_("Activity"), _("Number")],
            [[str(kinds.get(k, k)), n] for k, n in sorted(by_kind.items())],
        ),
    ]
    items = [f"{o.programme.title}: {' '.join(o.statement.split())}" for o in outcomes]
    if items:
        blocks.append({"t": "list", "title": _("Outcomes"), "items": items})
    return blocks


def cooperation(institution_id: int, year: int) -> list[Block]:
    _first, last = _year(year)
    un = Recommendation.objects.for_institution(institution_id).filter(
        source=RecommendationSource.UN_MECHANISM, issued_on__lte=last
    )
    rows = (
        un.values("mechanism")
        .annotate(
            n=Count("pk"),
            implemented=Count("pk", filter=Q(status=Status.IMPLEMENTED)),
        )
        .order_by("mechanism")
    )
    labels = dict(Mechanism.choices)
    return [
        _p(
            _(
                "Recommendations of the SPT and other UN bodies that the institution follows, "
                "and how far they are implemented."
            )
        ),
        _table(
            _("Recommendations of UN mechanisms"),
            [_("Mechanism"), _("Recommendations"), _("Implemented")],
            [
                [str(labels.get(r["mechanism"], r["mechanism"])), r["n"], r["implemented"]]
                for r in rows
            ],
        ),
    ]


GENERATED: dict[str, tuple[Any, Callable[[int, int], list[Block]]]] = {
    "mandate": (gettext_lazy("The mandate and the places under it"), mandate),
    "visits": (gettext_lazy("Visits"), visits),
    "findings": (gettext_lazy("Main findings"), findings),
    "recommendations": (gettext_lazy("Recommendations and their implementation"), recommendations),
    "cases": (gettext_lazy("Cases and allegations"), cases),
    "reprisals": (gettext_lazy("Reprisals"), reprisals),
    "programmes": (gettext_lazy("Trainings and prevention programmes"), programmes),
    "cooperation": (gettext_lazy("Cooperation with the SPT and other bodies"), cooperation),
}


def compute(institution_id: int, year: int) -> dict[str, list[Block]]:
    return {key: build(institution_id, year) for key, (_title, build) in GENERATED.items()}
