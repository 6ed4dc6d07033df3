"""Map rows of ODK Central and KoboToolbox exports to answers keyed by question path.

ODK Central's CSV names a column by the question's group path joined with "-"
("custody-lawyer_access"); each repeat comes in its own file, whose rows carry
PARENT_KEY. KoboToolbox names columns by path with "/" ("custody/lawyer_access")
or, with "group names" switched off, by the bare question name; it may also
split a select_multiple into one 0/1 column per choice ("reasons/other").
Export XML values (choice names), not labels.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.utils.translation import gettext as _

from .export_files import ExportFile, ExportTable
from .model import DATE, REPEAT, SELECT_MULTIPLE, TEXT, TIME, FormDefinition, FormElement
from .values import answer_text

Answers = dict[str, Any]
Row = Sequence[Any] | Mapping[str, Any]

_META_COLUMNS = frozenset(
    {
        # ODK Central
        "KEY",
        "PARENT_KEY",
        "SubmissionDate",
        "SubmitterID",
        "SubmitterName",
        "AttachmentsPresent",
        "AttachmentsExpected",
        "Status",
        "ReviewState",
        "DeviceID",
        "Edits",
        "FormVersion",
        "instanceID",
        "instanceName",
        "isValidated",
        # KoboToolbox and ODK metadata questions
        "__version__",
        "_version_",
        "formhub/uuid",
        "start",
        "end",
        "today",
        "deviceid",
        "username",
        "phonenumber",
        "simserial",
        "subscriberid",
        "audit",
    }
)
_META_PREFIXES = ("_", "meta/", "meta-", "SET-OF-", "formhub/")
_INSTANCE_ID_COLUMNS = ("meta-instanceID", "meta/instanceID", "instanceID", "_uuid", "KEY")
_VERSION_COLUMNS = ("FormVersion", "_version_", "__version__")
_SUBMITTED_COLUMNS = ("SubmissionDate", "_submission_time")
_PARENT_KEY_COLUMNS = ("PARENT_KEY", "_submission__uuid")
_CHOSEN = frozenset({"1", "1.0", "true"})
_DATE_PREFIX_RE = re.compile(r"(\d{4}-\d{2}-\d{2})([T ].*)?")
_TIME_PREFIX_RE = re.compile(r"(\d{1,2}):(\d{2})(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?")


@dataclass(frozen=True)
class SubmissionMeta:
    """What identifies a submission: its instance id ("uuid:" removed), form version,
    submission time (as exported) and the tool that exported it."""

    instance_id: str
    version: str
    submitted_at: str
    source: str  # "odk_central", "kobotoolbox" or "" when unknown
    # The column `version` came from. KoboToolbox's "__version__" holds Kobo's own
    # deployment id (e.g. "vGqT8d..."), not the XLSForm's settings version.
    version_column: str = ""


def is_meta_column(header: str) -> bool:
    return header in _META_COLUMNS or header.startswith(_META_PREFIXES)


def _as_dict(headers: Sequence[str], row: Row) -> dict[str, Any]:
    if isinstance(row, Mapping):
        return {str(key): value for key, value in row.items()}
    values: dict[str, Any] = {}
    for position, header in enumerate(headers):
        if header not in values:
            values[header] = row[position] if position < len(row) else None
    return values


def _strip_uuid(value: str) -> str:
    return value[len("uuid:") :] if value.startswith("uuid:") else value


def _first_with_column(values: Mapping[str, Any], columns: Sequence[str]) -> tuple[str, str]:
    for column in columns:
        text = answer_text(values.get(column))
        if text:
            return text, column
    return "", ""


def _first(values: Mapping[str, Any], columns: Sequence[str]) -> str:
    return _first_with_column(values, columns)[0]


def submission_row_meta(headers: Sequence[str], row: Row) -> SubmissionMeta:
    """The instance id, version and submission time of one export row."""
    values = _as_dict(headers, row)
    names = set(values)
    if names & {"KEY", "SubmissionDate", "meta-instanceID"}:
        source = "odk_central"
    elif names & {"_uuid", "_submission_time", "_id", "formhub/uuid"}:
        source = "kobotoolbox"
    else:
        source = ""
    version, version_column = _first_with_column(values, _VERSION_COLUMNS)
    return SubmissionMeta(
        instance_id=_strip_uuid(_first(values, _INSTANCE_ID_COLUMNS)),
        version=version,
        submitted_at=_first(values, _SUBMITTED_COLUMNS),
        source=source,
        version_column=version_column,
    )


# KoboToolbox writes "n/a" into the cells of questions that were not asked.
_NOT_ASKED = "n/a"


def _normalise(element: FormElement, value: Any) -> str:
    if element.type != TEXT and answer_text(value).strip().lower() == _NOT_ASKED:
        return ""
    if element.type == DATE and isinstance(value, datetime | date):
        return value.date().isoformat() if isinstance(value, datetime) else value.isoformat()
    if element.type == TIME and isinstance(value, datetime | time):
        return value.strftime("%H:%M")
    text = answer_text(value)
    if element.type == DATE and (match := _DATE_PREFIX_RE.fullmatch(text)):
        return match[1]
    if element.type == TIME and (match := _TIME_PREFIX_RE.fullmatch(text)):
        return f"{int(match[1]):02d}:{match[2]}"
    if element.type == SELECT_MULTIPLE:
        return " ".join(text.split())
    return text


def _variants(path: str) -> list[str]:
    return list(dict.fromkeys([path, path.replace("/", "-")]))


@dataclass
class _Scope:
    """The columns that can name the questions of one table (the main one or a repeat's)."""

    columns: dict[str, tuple[FormElement, str]]  # header -> (question, answer key)
    split: dict[str, tuple[FormElement, str, str]]  # header -> (question, key, choice)


def _scope(definition: FormDefinition, repeat: FormElement | None) -> _Scope:
    base = repeat.path if repeat else ""
    members: list[FormElement] = []

    def collect(elements: list[FormElement]) -> None:
        for element in elements:
            if element.is_question:
                members.append(element)
            elif element.type != REPEAT:
                collect(element.children)

    collect(repeat.children if repeat else definition.elements)
    name_counts: dict[str, int] = {}
    for element in members:
        name_counts[element.name] = name_counts.get(element.name, 0) + 1
    columns: dict[str, tuple[FormElement, str]] = {}
    split: dict[str, tuple[FormElement, str, str]] = {}
    for element in members:
        key = element.path[len(base) + 1 :] if base else element.path
        spellings = _variants(element.path) + _variants(key)
        if name_counts[element.name] == 1:
            spellings.append(element.name)
        for spelling in dict.fromkeys(spellings):
            columns.setdefault(spelling, (element, key))
            if element.type == SELECT_MULTIPLE:
                for choice in definition.choice_names(element.list_name or ""):
                    for separator in ("/", "-"):
                        split.setdefault(f"{spelling}{separator}{choice}", (element, key, choice))
    return _Scope(columns, split)


def _unmatched(scope: _Scope, headers: Sequence[str]) -> list[str]:
    return [
        header
        for header in dict.fromkeys(headers)
        if header
        and header not in scope.columns
        and header not in scope.split
        and not is_meta_column(header)
    ]


def _map_row(
    definition: FormDefinition, scope: _Scope, headers: Sequence[str], values: Mapping[str, Any]
) -> Answers:
    answers: Answers = {}
    chosen: dict[str, list[str]] = {}
    elements: dict[str, FormElement] = {}
    for header in dict.fromkeys(headers):
        if header in scope.columns:
            element, key = scope.columns[header]
            text = _normalise(element, values.get(header))
            if text and key not in answers:
                answers[key] = text
        elif header in scope.split:
            element, key, choice = scope.split[header]
            elements[key] = element
            chosen.setdefault(key, [])
            if answer_text(values.get(header)).lower() in _CHOSEN:
                chosen[key].append(choice)
    # The single space-separated column wins over Kobo's one-column-per-choice split.
    for key, picked in chosen.items():
        if key not in answers and picked:
            order = definition.choice_names(elements[key].list_name or "")
            answers[key] = " ".join(sorted(set(picked), key=order.index))
    return answers


def submission_rows_to_answers(
    definition: FormDefinition, headers: Sequence[str], row: Row
) -> tuple[Answers, list[str]]:
    """One row of the main export table -> (answers by question path, unmatched columns).

    Meta columns (KEY, SubmissionDate, meta-instanceID, __version__, _uuid, start, ...)
    are not reported; read them with `submission_row_meta`. Questions inside repeats
    are exported in separate tables: see `repeat_rows_to_answers`.
    """
    scope = _scope(definition, None)
    answers = _map_row(definition, scope, headers, _as_dict(headers, row))
    return answers, _unmatched(scope, headers)


def repeat_rows_to_answers(
    definition: FormDefinition,
    repeat_path: str,
    headers: Sequence[str],
    rows: Sequence[Row],
) -> tuple[dict[str, list[Answers]], list[str]]:
    """The rows of one repeat's table -> ({parent key: [entry answers]}, unmatched columns).

    The parent key is PARENT_KEY (ODK Central) or _submission__uuid (KoboToolbox), with
    "uuid:" removed, so a top-level repeat's entries are keyed by the submission's
    `SubmissionMeta.instance_id`. Entries keep the order of the rows.
    """
    repeat = definition.find(repeat_path)
    if repeat is None or repeat.type != REPEAT:
        raise ValueError(f"{repeat_path!r} is not a repeat of form {definition.form_id!r}")
    scope = _scope(definition, repeat)
    grouped: dict[str, list[Answers]] = {}
    for row in rows:
        values = _as_dict(headers, row)
        parent = _strip_uuid(_first(values, _PARENT_KEY_COLUMNS))
        grouped.setdefault(parent, []).append(_map_row(definition, scope, headers, values))
    return grouped, _unmatched(scope, headers)


# --- a whole export: submissions with their repeats' entries, nested at any depth ------------


@dataclass
class ExportedSubmission:
    row: int  # the row's number in the submissions' table
    answers: Answers
    meta: SubmissionMeta


@dataclass
class ExportRead:
    submissions: list[ExportedSubmission]
    unmatched: set[str]  # "table: column" of columns that match no question
    problems: list[str]  # what refuses the file: entries without parent, unknown tables


@dataclass
class _Holder:
    """Answers that entries of repeats attach to: a submission's, or an entry's."""

    answers: Answers
    base: str  # the path the answers are relative to ("" for a submission)


def _own_keys(table: str, values: Mapping[str, Any]) -> list[str]:
    keys = []
    if key := answer_text(values.get("KEY")):
        keys.append(f"key:{key}")
    if index := answer_text(values.get("_index")):
        keys.append(f"index:{table}:{index}")
    return keys


def _parent_of(values: Mapping[str, Any]) -> str:
    if parent := answer_text(values.get("PARENT_KEY")):
        return f"key:{parent}"
    table, index = (
        answer_text(values.get("_parent_table_name")),
        answer_text(values.get("_parent_index")),
    )
    if table and index:
        return f"index:{table}:{index}"
    if uuid := answer_text(values.get("_submission__uuid")):
        return f"id:{_strip_uuid(uuid)}"
    return ""


def _repeat_of(definition: FormDefinition, table: ExportTable) -> FormElement | None:
    """The repeat a table holds: named after it (Kobo cuts sheet names at 31 characters;
    ODK Central names the file `<form id>-<repeat name>`)."""
    found = None
    for element in definition.walk():
        if element.type != REPEAT:
            continue
        named = table.name in (element.name, element.name[:31]) or table.name.endswith(
            f"-{element.name}"
        )
        if named and (found is None or len(element.name) > len(found.name)):
            found = element
    return found


def _enclosing_repeat(definition: FormDefinition, repeat: FormElement) -> str:
    """The path of the repeat an entry of `repeat` is part of ("" for a submission)."""
    enclosing = [
        element.path
        for element in definition.walk()
        if element.type == REPEAT and repeat.path.startswith(f"{element.path}/")
    ]
    return max(enclosing, key=len, default="")


def _relative(path: str, base: str) -> str:
    return path[len(base) + 1 :] if base else path


def read_export_submissions(definition: FormDefinition, export: ExportFile) -> ExportRead:
    """Every submission of an export with its repeats' entries placed where they belong."""
    main = export.main.table
    scope = _scope(definition, None)
    read = ExportRead([], set(_unmatched(scope, main.headers)), [])
    holders: dict[str, _Holder] = {}
    for index, row in enumerate(main.rows):
        values = _as_dict(main.headers, row)
        answers = _map_row(definition, scope, main.headers, values)
        meta = submission_row_meta(main.headers, row)
        read.submissions.append(ExportedSubmission(main.number_of(index), answers, meta))
        keys = _own_keys(export.main.name, values)
        keys += [f"id:{meta.instance_id}"] if meta.instance_id else []
        for key in keys:
            holders.setdefault(key, _Holder(answers, ""))
    # (table, row number, repeat path, the path its parent holds answers at, entry, parent key)
    entries: list[tuple[ExportTable, int, str, str, Answers, str]] = []
    for table in export.repeats:
        repeat = _repeat_of(definition, table)
        if repeat is None:
            read.problems.append(
                _("The table %(table)s matches no repeat of the form.") % {"table": table.name}
            )
            continue
        repeat_scope, enclosing = _scope(definition, repeat), _enclosing_repeat(definition, repeat)
        read.unmatched.update(
            f"{table.name}: {c}" for c in _unmatched(repeat_scope, table.table.headers)
        )
        for index, row in enumerate(table.table.rows):
            values = _as_dict(table.table.headers, row)
            entry = _map_row(definition, repeat_scope, table.table.headers, values)
            for key in _own_keys(table.name, values):
                holders.setdefault(key, _Holder(entry, repeat.path))
            number = table.table.number_of(index)
            entries.append((table, number, repeat.path, enclosing, entry, _parent_of(values)))
    for table, number, path, enclosing, entry, parent in entries:
        holder = holders.get(parent)
        if holder is None or holder.base != enclosing:
            read.problems.append(
                _(
                    "Row %(row)s of the table %(table)s belongs to no submission or entry of "
                    "this export."
                )
                % {"row": number, "table": table.name}
            )
            continue
        holder.answers.setdefault(_relative(path, holder.base), []).append(entry)
    return read
