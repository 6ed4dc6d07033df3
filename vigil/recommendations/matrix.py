"""The matrix round-trip: an XLSX of recommendations sent to an authority, and its import.

The exported sheet lists the chosen recommendations with their current response and
status, and leaves five columns for the authority to fill. The returned file is imported
like any other table (upload, column mapping, check, all or nothing): a row's reference
names the recommendation; a response or status is recorded, through the services (so it is
audited), only where it differs from the current one. Empty cells change nothing, so an
unedited matrix, or one imported twice, changes nothing.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import Any

from django.conf import settings
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vigil.core.imports import Importer, Rows
from vigil.core.models import Membership
from vigil.core.roles import Capability
from vigil.core.tabular import CellError, Column, RowProblem, parse_date
from vigil.recommendations import services
from vigil.recommendations.models import AuthorityResponse, Recommendation, Response, Status

# A matrix is a working document for one authority; beyond this, narrow the filters.
MAX_MATRIX_ROWS = 5000


def _norm(text: str) -> str:
    """Case, accents, spaces and punctuation aside ("Partially accepted" = partially_accepted)."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "", text)


def text_parser(limit: int) -> Callable[[str], str]:
    def parse(raw: str) -> str:
        if len(raw) > limit:
            raise CellError(_("Longer than %(n)s characters.") % {"n": limit})
        return raw

    return parse


def vocabulary_parser(choices: Sequence[tuple[str, Any]]) -> Callable[[str], str]:
    """Accept a choice by its code or by its label in any of the site's languages, any case.

    Labels are read when a cell is parsed (not at import time), so that a matrix exported
    in one language can come back and be read in another."""
    allowed = ", ".join(code for code, _label in choices)

    def options() -> dict[str, str]:
        found = {_norm(code): code for code, _label in choices}
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                found.update({_norm(str(label)): code for code, label in choices})
        return found

    def parse(text: str) -> str:
        try:
            return options()[_norm(text)]
        except KeyError:
            raise CellError(
                _("“%(value)s” is not one of: %(allowed)s.") % {"value": text, "allowed": allowed}
            ) from None

    return parse


# --- the columns, shared by the export and the import ------------------------------------

MATRIX_COLUMNS = [
    Column(
        "reference",
        gettext_lazy("Reference"),
        text_parser(64),
        required=True,
        aliases=("ref", "id", "recommendation id", "recommendation reference"),
        help=gettext_lazy("The recommendation's reference in Vigil; do not change it."),
    ),
    Column(
        "response",
        gettext_lazy("Response"),
        vocabulary_parser(Response.choices),
        aliases=("authority response", "response of the authority"),
        help=gettext_lazy(
            "accepted, partially accepted, rejected or no response (codes or names, any case); "
            "empty: no change"
        ),
    ),
    Column(
        "response_on",
        gettext_lazy("Response date"),
        parse_date,
        aliases=("date of response", "response received on"),
        help=gettext_lazy("YYYY-MM-DD; today when empty"),
    ),
    Column(
        "status",
        gettext_lazy("Implementation status"),
        vocabulary_parser(Status.choices),
        aliases=("new status",),
        help=gettext_lazy(
            "not started, in progress, partially implemented, implemented, not implemented or "
            "no longer relevant; empty: no change"
        ),
    ),
    Column(
        "status_on",
        gettext_lazy("Status as of"),
        parse_date,
        aliases=("status date",),
        help=gettext_lazy("YYYY-MM-DD; today when empty"),
    ),
    Column(
        "comment",
        gettext_lazy("Comment / evidence"),
        text_parser(10_000),
        aliases=("comment", "comments", "evidence", "remarks"),
        help=gettext_lazy(
            "Kept as the text of the response and as the evidence of the status recorded."
        ),
    ),
]

# What the authority reads before the columns it fills (ignored on import).
INFO_HEADERS: list[str | Promise] = [
    gettext_lazy("Date"),
    gettext_lazy("Recommendation"),
    gettext_lazy("Priority"),
    gettext_lazy("Due date"),
    gettext_lazy("Current response"),
    gettext_lazy("Current status"),
]


def matrix_headers() -> list[str]:
    reference, *to_fill = MATRIX_COLUMNS
    return [str(reference.label), *(str(h) for h in INFO_HEADERS), *(str(c.label) for c in to_fill)]


def _matrix_row(rec: Recommendation) -> list[Any]:
    return [
        rec.reference,
        rec.issued_on,
        rec.text,
        rec.get_priority_display(),
        rec.due_on,
        rec.get_response_display() if rec.response else None,
        rec.get_status_display(),
        None,
        None,
        None,
        None,
        None,
    ]


_WIDTHS = [16, 12, 70, 10, 12, 20, 22, 22, 14, 24, 14, 45]
_DATE_COLUMNS = (2, 5, 9, 11)  # 1-based: date, due date, response date, status as of
_TO_FILL_FROM = 8  # 1-based: the first column the authority fills


def matrix_xlsx(recommendations: Iterable[Recommendation]) -> bytes:
    """The workbook: the matrix on the first sheet (the one an import reads), and the
    vocabularies its drop-down lists offer on a second, hidden sheet. Nothing is protected."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = str(_("Matrix"))[:31]
    headers = matrix_headers()
    sheet.append(headers)
    count = 0
    for rec in recommendations:
        sheet.append(_matrix_row(rec))
        count += 1
    last = max(count + 1, 2)

    bold, to_fill = Font(bold=True), PatternFill("solid", fgColor="FFF2CC")
    wrap = Alignment(wrap_text=True, vertical="top")
    for index, width in enumerate(_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for cell in sheet[1]:
        cell.font = bold
        if cell.column >= _TO_FILL_FROM:
            cell.fill = to_fill
    for row in sheet.iter_rows(min_row=2, max_row=count + 1):
        for cell in row:
            cell.alignment = wrap
            if cell.column in _DATE_COLUMNS:
                cell.number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{last}"

    lists = book.create_sheet(str(_("Lists"))[:31])
    lists.append([str(_("Response")), str(_("Implementation status"))])
    responses, statuses = (
        [str(label) for label in Response.labels],
        [str(label) for label in Status.labels],
    )
    for position in range(max(len(responses), len(statuses))):
        lists.append(
            [
                responses[position] if position < len(responses) else None,
                statuses[position] if position < len(statuses) else None,
            ]
        )
    lists.sheet_state = "hidden"
    title = lists.title.replace("'", "''")
    for column, letter, size in ((8, "A", len(responses)), (10, "B", len(statuses))):
        # A warning, not a stop: the import also reads codes and any case.
        validation = DataValidation(
            type="list",
            formula1=f"'{title}'!${letter}$2:${letter}${size + 1}",
            allow_blank=True,
            errorStyle="warning",
            showErrorMessage=True,
            errorTitle=str(_("Not in the list")),
            error=str(_("Choose a value from the list.")),
        )
        validation.add(f"{get_column_letter(column)}2:{get_column_letter(column)}{last}")
        sheet.add_data_validation(validation)

    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- the import of the returned matrix -----------------------------------------------------


def _recommendations_by_reference(
    actor: Membership, references: Iterable[str]
) -> dict[str, Recommendation]:
    wanted, found = sorted(set(references)), {}
    for start in range(0, len(wanted), 500):  # within every database's parameter limit
        for rec in Recommendation.objects.filter(
            institution_id=actor.institution_id, reference__in=wanted[start : start + 500]
        ):
            found[rec.reference] = rec
    return found


def _latest_responses(actor: Membership, recs: Iterable[Recommendation]) -> dict[int, date]:
    ids = [r.pk for r in recs]
    latest: dict[int, date] = {}
    for start in range(0, len(ids), 500):
        latest.update(
            AuthorityResponse.objects.filter(
                institution_id=actor.institution_id, recommendation_id__in=ids[start : start + 500]
            )
            .values("recommendation_id")
            .annotate(latest=Max("received_on"))
            .values_list("recommendation_id", "latest")
        )
    return latest


def check_matrix(actor: Membership, rows: Rows) -> list[RowProblem]:
    today = timezone.localdate()
    recs = _recommendations_by_reference(
        actor, (v["reference"] for _n, v in rows if v.get("reference"))
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
        day = values.get(column)
        if day and day < rec.issued_on:
            problems.append(
                RowProblem(
                    number,
                    column,
                    _("The date is before the recommendation's date (%(date)s).")
                    % {"date": rec.issued_on.isoformat()},
                )
            )
    response, response_on = values.get("response"), values.get("response_on") or today
    if response and response != rec.response and latest and response_on < latest:
        problems.append(
            RowProblem(
                number,
                "response_on",
                _("A later response (%(date)s) is already recorded; give a later date.")
                % {"date": latest.isoformat()},
            )
        )
    status, status_on = values.get("status"), values.get("status_on") or today
    current_since = rec.status_on or rec.issued_on
    if status and status != rec.status and status_on < current_since:
        problems.append(
            RowProblem(
                number,
                "status_on",
                _("The current status dates from %(date)s; give a later date.")
                % {"date": current_since.isoformat()},
            )
        )
    return problems


def apply_matrix(actor: Membership, rows: Rows, progress: Callable[[int], None]) -> dict[str, int]:
    today = timezone.localdate()
    recs = _recommendations_by_reference(actor, (v["reference"] for _n, v in rows))
    responses = statuses = unchanged = 0
    for done, (_number, values) in enumerate(rows, start=1):
        rec = recs[values["reference"]]
        comment = values.get("comment") or ""
        changed = False
        if values.get("response") and values["response"] != rec.response:
            services.response_record(
                actor=actor,
                recommendation=rec,
                response=values["response"],
                received_on=values.get("response_on") or today,
                text=comment,
                via_matrix=True,
            )
            responses += 1
            changed = True
        if values.get("status") and values["status"] != rec.status:
            services.status_record(
                actor=actor,
                recommendation=rec,
                status=values["status"],
                on=values.get("status_on") or today,
                evidence=comment,
                via_matrix=True,
            )
            statuses += 1
            changed = True
        unchanged += not changed
        if done % 100 == 0:
            progress(done)
    progress(len(rows))
    return {
        "responses": responses,
        "statuses": statuses,
        "updated": len(rows) - unchanged,
        "unchanged": unchanged,
    }


MATRIX_IMPORTER = Importer(
    key="matrix",
    title=gettext_lazy("Import a returned matrix"),
    columns=MATRIX_COLUMNS,
    capability=Capability.MANAGE_RECOMMENDATIONS,
    check=check_matrix,
    apply=apply_matrix,
    done_url_name="recommendations:recommendation_list",
    help=gettext_lazy(
        "The matrix an authority sent back: its responses and implementation statuses are "
        "recorded where they differ from the current ones. Rows are matched by reference; "
        "empty cells change nothing."
    ),
    report=(
        ("responses", gettext_lazy("Responses recorded")),
        ("statuses", gettext_lazy("Statuses recorded")),
        ("unchanged", gettext_lazy("Rows unchanged")),
    ),
)
