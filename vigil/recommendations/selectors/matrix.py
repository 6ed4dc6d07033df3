"""Reads for the matrix: the recommendations it holds, and the check of a returned one.

A returned matrix names recommendations by reference. A row is refused when the reference
is not one of the institution's, appears twice, or when a response or status it records
could not become the current one (a later one is already recorded): a re-import would
then record it again.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from vigil.core.dates import day
from vigil.core.imports import Rows
from vigil.core.models import Membership
from vigil.core.tabular import RowProblem
from vigil.recommendations.models import AuthorityResponse, Recommendation
from vigil.recommendations.selectors.recommendations import (
    RecommendationFilters,
    batches,
    recommendation_list,
)

# A matrix is a working document for one authority; beyond this, narrow the filters.
MAX_MATRIX_ROWS = 5000


def matrix_recommendations(
    *, actor: Membership, filters: RecommendationFilters
) -> QuerySet[Recommendation]:
    """The recommendations a matrix holds, oldest first."""
    return recommendation_list(actor=actor, filters=filters).order_by("issued_on", "reference")


def recommendations_by_reference(
    *, actor: Membership, references: Iterable[str]
) -> dict[str, Recommendation]:
    found = {}
    for batch in batches(sorted(set(references))):
        for rec in Recommendation.objects.for_actor(actor).filter(reference__in=batch):
            found[rec.reference] = rec
    return found


def _latest_responses(actor: Membership, recs: Iterable[Recommendation]) -> dict[int, date]:
    latest: dict[int, date] = {}
    for batch in batches([r.pk for r in recs]):
        latest.update(
            AuthorityResponse.objects.for_actor(actor)
            .filter(recommendation_id__in=batch)
            .values("recommendation_id")
            .annotate(latest=Max("received_on"))
            .values_list("recommendation_id", "latest")
        )
    return latest


def matrix_import_problems(*, actor: Membership, rows: Rows) -> list[RowProblem]:
    """What refuses the import of a returned matrix, by row and column."""
    today = timezone.localdate()
    recs = recommendations_by_reference(
        actor=actor, references=(v["reference"] for _n, v in rows if v.get("reference"))
    )
    latest_response = _latest_responses(actor, recs.values())
    problems: list[RowProblem] = []
    seen: dict[str, int] = {}
    for number, values in rows:
        for column in ("response_on", "status_on"):
            if values.get(column) and values[column] > today:
                problems.append(RowProblem(number, column, _("The date is in the future.")))
        reference = values.get("reference")
        if not reference:
            continue
        if reference in seen:
            problems.append(
                RowProblem(
                    number,
                    "reference",
                    _("Same as row %(row)s: a recommendation may appear once.")
                    % {"row": seen[reference]},
                )
            )
            continue
        seen[reference] = number
        rec = recs.get(reference)
        if rec is None:
            problems.append(
                RowProblem(
                    number,
                    "reference",
                    _("No recommendation of your institution has the reference “%(ref)s”.")
                    % {"ref": reference},
                )
            )
            continue
        problems += _date_problems(number, values, rec, latest_response.get(rec.pk), today)
    return problems


def _date_problems(
    number: int, values: dict[str, Any], rec: Recommendation, latest: date | None, today: date
) -> list[RowProblem]:
    """A recorded entry must become the current one, or a re-import would record it again."""
    problems = []
    for column in ("response_on", "status_on"):
        on = values.get(column)
        if on and on < rec.issued_on:
            message = _("The date is before the recommendation's date (%(date)s).")
            problems.append(RowProblem(number, column, message % {"date": day(rec.issued_on)}))
    response, response_on = values.get("response"), values.get("response_on") or today
    if response and response != rec.response and latest and response_on < latest:
        message = _("A later response (%(date)s) is already recorded; give a later date.")
        problems.append(RowProblem(number, "response_on", message % {"date": day(latest)}))
    status, status_on = values.get("status"), values.get("status_on") or today
    current_since = rec.status_on or rec.issued_on
    if status and status != rec.status and status_on < current_since:
        message = _("The current status dates from %(date)s; give a later date.")
        problems.append(RowProblem(number, "status_on", message % {"date": day(current_since)}))
    return problems
