"""The dashboard's time to implementation: mean and exact median days, per addressee.

The median is computed in the database, without loading the rows: `percentile_cont(0.5)`
on PostgreSQL; on SQLite, which has no percentile function, one query numbers the rows of
each group in order (a window function) and averages the one or two middle rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import (
    Aggregate,
    Avg,
    Count,
    Expression,
    F,
    FloatField,
    Func,
    IntegerField,
    QuerySet,
    Value,
)
from django.utils.translation import gettext as _

from vigil.recommendations.models import Addressee, Recommendation, Status


@dataclass(frozen=True)
class TimeRow:
    key: str
    label: str
    implemented: int
    mean_days: float | None
    median_days: float | None


class DaysBetween(Func):
    """Whole days from the second date column to the first, as an integer."""

    output_field = IntegerField()

    def __init__(self, end: Any, start: Any) -> None:
        super().__init__(end, start)

    def as_sql(  # type: ignore[override]
        self, compiler: Any, connection: Any, **extra_context: Any
    ) -> tuple[str, tuple[Any, ...]]:
        end_expr, start_expr = self.get_source_expressions()
        end, end_params = compiler.compile(end_expr)
        start, start_params = compiler.compile(start_expr)
        if connection.vendor == "sqlite":
            sql = f"CAST(ROUND(julianday({end}) - julianday({start})) AS INTEGER)"
        else:  # PostgreSQL: date - date is the number of days
            sql = f"({end} - {start})"
        return sql, (*end_params, *start_params)


class Median(Aggregate):
    """PostgreSQL's exact median (interpolated between the two middle values)."""

    function = "percentile_cont"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


# Rows of one group numbered in order; the middle one (odd count) or two (even count) are
# those with n <= 2 * rn <= n + 2, and their average is the exact median.
_MEDIAN_SQL = """
SELECT grp, COUNT(*), AVG(days),
       AVG(CASE WHEN 2 * rn >= n AND 2 * rn <= n + 2 THEN days END)
FROM (
    SELECT grp, days,
           ROW_NUMBER() OVER (PARTITION BY grp ORDER BY days) AS rn,
           COUNT(*) OVER (PARTITION BY grp) AS n
    FROM ({inner}) AS implemented
) AS ranked
GROUP BY grp
"""


def _per_group(
    recs: QuerySet[Recommendation], group: Expression | F
) -> list[tuple[Any, int, float | None, float | None]]:
    """(group, implemented, mean days, median days) per group, in one query."""
    done = recs.filter(status=Status.IMPLEMENTED, implemented_on__isnull=False).annotate(
        grp=group, days=DaysBetween(F("implemented_on"), F("issued_on"))
    )
    connection = connections[recs.db]
    if connection.vendor == "postgresql":
        rows = done.values("grp").annotate(n=Count("pk"), mean=Avg("days"), median=Median("days"))
        return [(r["grp"], r["n"], r["mean"], r["median"]) for r in rows]
    try:
        inner, params = done.values("grp", "days").query.get_compiler(using=recs.db).as_sql()
    except EmptyResultSet:  # an inactive membership's queryset is none()
        return []
    with connection.cursor() as cursor:
        cursor.execute(_MEDIAN_SQL.format(inner=inner), params)
        return [tuple(row) for row in cursor.fetchall()]


def _days(value: Any) -> float | None:
    return None if value is None else round(float(value), 1)


def time_figures(recs: QuerySet[Recommendation]) -> dict[str, Any]:
    """The raw figures: [addressee, implemented, mean, median] per addressee, and for all."""
    rows = [[key, n, _days(mean), _days(median)] for key, n, mean, median in
            _per_group(recs, F("addressee"))]  # fmt: skip
    everything = _per_group(recs, Value("all"))
    _key, n, mean, median = everything[0] if everything else ("all", 0, None, None)
    return {"rows": rows, "all": [n, _days(mean), _days(median)]}


def time_rows(figures: dict[str, Any]) -> tuple[list[TimeRow], TimeRow]:
    """One row per addressee (in the order of their choices), and one for all of them."""
    labels = dict(Addressee.choices)
    rows = sorted(
        (
            TimeRow(key, str(labels.get(key, key)), n, mean, median)
            for key, n, mean, median in figures["rows"]
        ),
        key=lambda row: list(labels).index(row.key) if row.key in labels else len(labels),
    )
    n, mean, median = figures["all"]
    return rows, TimeRow("all", _("All addressees"), n, mean, median)


def time_to_implementation(recs: QuerySet[Recommendation]) -> tuple[list[TimeRow], TimeRow]:
    """One row per addressee (in the order of their choices), and one for all of them."""
    return time_rows(time_figures(recs))
