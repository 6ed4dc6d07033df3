"""Read the settings, choices and survey sheets of an XLSForm into Vigil's elements.

Every problem is collected with its sheet, row and column, so the monitor sees
them all at once (`SheetReader.problems`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from django.utils.translation import gettext as _
from pyxform import aliases
from pyxform.parsing.expression import is_xml_tag
from pyxform.parsing.sheet_headers import clean_text_values
from pyxform.question import MultipleChoiceQuestion, Option
from pyxform.survey import Survey
from pyxform.utils import default_is_dynamic
from pyxform.xls2json_backends import DefinitionData

from .columns import (
    CHOICES,
    SETTINGS,
    SURVEY,
    Column,
    Frame,
    Row,
    classify_headers,
    header_texts,
    problem_order,
    unsupported_column_message,
)
from .errors import XLSFormError, XLSFormProblem
from .expression_budget import MAX_GROUP_NESTING
from .expression_checks import check_expressions
from .model import (
    DATE,
    DEFAULT_LANGUAGE,
    GROUP,
    NOTE,
    QUESTION_TYPES,
    REPEAT,
    SELECT_MULTIPLE,
    SELECT_ONE,
    TIME,
    Choice,
    FormDefinition,
    FormElement,
)
from .values import type_problem

# Normalised header tokens (as pyxform's process_header returns them) -> our field.
_SURVEY_SIMPLE: dict[tuple[str, ...], str] = {
    ("type",): "type",
    ("name",): "name",
    ("default",): "default",
    ("control", "appearance"): "appearance",
    ("bind", "relevant"): "relevant",
    ("bind", "constraint"): "constraint",
    ("bind", "required"): "required",
}
_SURVEY_TRANSLATED: dict[tuple[str, ...], str] = {
    ("label",): "labels",
    ("hint",): "hints",
    ("guidance_hint",): "guidance",
    ("bind", "jr:requiredMsg"): "required_messages",
    ("bind", "jr:constraintMsg"): "constraint_messages",
}
_CHOICES_SIMPLE: dict[tuple[str, ...], str] = {("list name",): "list_name", ("name",): "name"}
_CHOICES_TRANSLATED: dict[tuple[str, ...], str] = {("label",): "labels"}
_SETTINGS_SIMPLE: dict[tuple[str, ...], str] = {
    ("id_string",): "form_id",
    ("title",): "title",
    ("version",): "version",
    ("default_language",): "default_language",
}
# Columns that only make sense on a question row.
_QUESTION_ONLY = frozenset(
    {"required", "required_messages", "constraint", "constraint_messages", "default"}
)

_BEGIN_RE = re.compile(r"begin[ _](group|repeat)")
_END_RE = re.compile(r"end[ _](group|repeat)")
_SELECT_RE = re.compile(r"(select_one|select one|select_multiple|select all that apply)\s+(\S+)")
_OR_OTHER_RE = re.compile(r".*\s(or_other|or other|or specify other)")
_DATE_TIME_CELL_RE = re.compile(r"(\d{4}-\d{2}-\d{2})[ T]00:00:00")
_TIME_CELL_RE = re.compile(r"(\d{2}:\d{2}):00")


class SheetReader:
    def __init__(self, data: DefinitionData) -> None:
        self.data = data
        self.problems: list[XLSFormProblem] = []
        self.rows_of: dict[int, Row] = {}  # id(element) -> its row

    def problem(self, sheet: str, row: int | None, column: str | None, message: str) -> None:
        self.problems.append(XLSFormProblem(sheet, row, column, message))

    # --- whole workbook -------------------------------------------------------------

    def read(self) -> FormDefinition:
        data = self.data
        for sheet in ("external_choices", "entities", "osm"):
            if getattr(data, sheet) or getattr(data, f"{sheet}_header"):
                self.problem(
                    sheet, None, None, _("the %(sheet)s sheet is not supported") % {"sheet": sheet}
                )
        if not data.survey_header:
            self.problem(SURVEY, None, None, _("the survey sheet is missing or empty"))
            raise XLSFormError(self.problems)

        settings = self.read_settings()
        survey_columns = classify_headers(
            header_texts(data.survey_header),
            aliases.survey_header,
            set(MultipleChoiceQuestion.get_slot_names()),
            _SURVEY_SIMPLE,
            _SURVEY_TRANSLATED,
        )
        choices_columns = classify_headers(
            header_texts(data.choices_header),
            aliases.list_header,
            set(Option.get_slot_names()),
            _CHOICES_SIMPLE,
            _CHOICES_TRANSLATED,
        )
        default_language = self.default_language(settings, survey_columns + choices_columns)
        languages = [default_language] + [
            column.language or default_language
            for column in survey_columns + choices_columns
            if column.translated
        ]
        if not any(column.field == "type" for column in survey_columns):
            self.problem(SURVEY, 1, None, _("the survey sheet has no 'type' column"))
            raise XLSFormError(self.problems)

        choices, choice_rows = self.read_choices(choices_columns, default_language)
        elements = self.read_survey(survey_columns, default_language, choices)
        self.check_choices_for_multiple(elements, choice_rows)
        check_expressions(elements, self.rows_of, self.problem)
        if self.problems:
            raise XLSFormError(sorted(self.problems, key=problem_order))
        return FormDefinition(
            form_id=settings.get("form_id", ""),
            title=settings.get("title") or settings.get("form_id", ""),
            version=settings.get("version", ""),
            default_language=default_language,
            languages=languages,
            elements=elements,
            choices=choices,
        )

    def default_language(self, settings: dict[str, str], columns: list[Column]) -> str:
        if settings.get("default_language"):
            return settings["default_language"]
        translated = [column for column in columns if column.translated]
        if not translated or any(column.language is None for column in translated):
            return DEFAULT_LANGUAGE
        return translated[0].language or DEFAULT_LANGUAGE

    def rows(
        self, sheet: str, raw_rows: Sequence[dict[str, str]] | None, columns: list[Column]
    ) -> list[Row]:
        by_header = {column.header: column for column in columns}
        rows: list[Row] = []
        for number, raw in enumerate(raw_rows or [], start=2):
            row = Row(number)
            for header, raw_value in raw.items():
                value = clean_text_values(str(raw_value), strip_whitespace=sheet == SURVEY)
                value = value.strip()
                column = by_header.get(header)
                if not value or column is None:
                    continue
                if column.field is None:
                    self.problem(sheet, number, column.header, unsupported_column_message(column))
                    continue
                row.headers.setdefault(column.field, column.header)
                if column.translated:
                    language = column.language or ""
                    row.translations.setdefault(column.field, {})[language] = value
                else:
                    row.values[column.field] = value
            rows.append(row)
        return rows

    @staticmethod
    def languages_of(row: Row, field_name: str, default_language: str) -> dict[str, str]:
        texts = row.translations.get(field_name, {})
        result: dict[str, str] = {}
        # A column with an explicit language wins over the unsuffixed one (as in pyxform).
        if "" in texts:
            result[default_language] = texts[""]
        result.update({lang: text for lang, text in texts.items() if lang})
        return result

    # --- settings ------------------------------------------------------------------

    def read_settings(self) -> dict[str, str]:
        data = self.data
        if not data.settings_header:
            self.problem(
                SETTINGS,
                None,
                None,
                _("the settings sheet is missing: it must give form_id and version"),
            )
            return {}
        columns = classify_headers(
            header_texts(data.settings_header),
            aliases.settings_header,
            set(Survey.get_slot_names()),
            _SETTINGS_SIMPLE,
            {},
        )
        rows = self.rows(SETTINGS, (data.settings or [])[:1], columns)
        settings = rows[0].values if rows else {}
        for key in ("form_id", "version"):
            if not settings.get(key):
                self.problem(SETTINGS, 2, None, _("%(setting)s is missing") % {"setting": key})
        form_id = settings.get("form_id", "")
        if form_id and re.search(r"\s", form_id):
            self.problem(
                SETTINGS,
                2,
                rows[0].headers.get("form_id"),
                _("form_id '%(form_id)s' must not contain spaces") % {"form_id": form_id},
            )
        return settings

    # --- choices -------------------------------------------------------------------

    def read_choices(
        self, columns: list[Column], default_language: str
    ) -> tuple[dict[str, list[Choice]], dict[tuple[str, str], int]]:
        choices: dict[str, list[Choice]] = {}
        choice_rows: dict[tuple[str, str], int] = {}
        if self.data.choices_header:
            present = {column.field for column in columns}
            for needed in ("list_name", "name"):
                if needed not in present:
                    self.problem(
                        CHOICES,
                        1,
                        None,
                        _("the '%(column)s' column is missing") % {"column": needed},
                    )
        for row in self.rows(CHOICES, self.data.choices, columns):
            list_name = row.values.get("list_name", "")
            name = row.values.get("name", "")
            if not (list_name or name or row.translations):
                continue
            if not list_name:
                self.problem(CHOICES, row.number, None, _("the choice has no list_name"))
                continue
            if not name:
                self.problem(CHOICES, row.number, None, _("the choice has no name"))
                continue
            if (list_name, name) in choice_rows:
                self.problem(
                    CHOICES,
                    row.number,
                    row.headers.get("name"),
                    _("the choice '%(name)s' is already in list '%(list)s' (row %(row)d)")
                    % {"name": name, "list": list_name, "row": choice_rows[(list_name, name)]},
                )
                continue
            choice_rows[(list_name, name)] = row.number
            labels = self.languages_of(row, "labels", default_language)
            choices.setdefault(list_name, []).append((name, labels))
        return choices, choice_rows

    def check_choices_for_multiple(
        self, elements: list[FormElement], choice_rows: dict[tuple[str, str], int]
    ) -> None:
        lists = {
            element.list_name
            for top in elements
            for element in top.walk()
            if element.type == SELECT_MULTIPLE
        }
        for (list_name, name), number in choice_rows.items():
            if list_name in lists and re.search(r"\s", name):
                self.problem(
                    CHOICES,
                    number,
                    None,
                    _("the choice name '%(name)s' has a space, which select_multiple cannot store")
                    % {"name": name},
                )

    # --- survey --------------------------------------------------------------------

    def read_survey(
        self,
        columns: list[Column],
        default_language: str,
        choices: dict[str, list[Choice]],
    ) -> list[FormElement]:
        root = Frame(None, None)
        stack = [root]
        top: list[FormElement] = []
        repeat_rows: dict[str, int] = {}
        for row in self.rows(SURVEY, self.data.survey, columns):
            type_text = " ".join(row.values.get("type", "").split())
            if not type_text:
                if "name" in row.values or "labels" in row.translations:
                    self.problem(SURVEY, row.number, None, _("the row has no type"))
                continue
            end = _END_RE.fullmatch(type_text)
            if end:
                self.end_container(row, end[1], stack)
                continue
            element = self.element_for(row, type_text, default_language, choices)
            if element is None:
                continue
            frame = stack[-1]
            self.check_name(row, element, frame, top_level=frame is root)
            if element.type == REPEAT:
                if element.name in repeat_rows:
                    self.problem(
                        SURVEY,
                        row.number,
                        row.headers.get("name"),
                        _("the repeat name '%(name)s' is already used (row %(row)d)")
                        % {"name": element.name, "row": repeat_rows[element.name]},
                    )
                repeat_rows.setdefault(element.name, row.number)
            siblings = top if frame.element is None else frame.element.children
            siblings.append(element)
            self.rows_of[id(element)] = row
            if element.type in (GROUP, REPEAT):
                if len(stack) > MAX_GROUP_NESTING:
                    # Stop here: every later step walks the groups recursively.
                    self.problem(
                        SURVEY,
                        row.number,
                        row.headers.get("type"),
                        _("groups and repeats may be nested at most %(limit)d deep")
                        % {"limit": MAX_GROUP_NESTING},
                    )
                    raise XLSFormError(sorted(self.problems, key=problem_order))
                stack.append(Frame(element, row.number))
        for frame in reversed(stack[1:]):
            assert frame.element is not None
            kind = frame.element.type
            self.problem(
                SURVEY,
                frame.row,
                None,
                _("'begin_%(kind)s' '%(name)s' has no matching 'end_%(kind)s'")
                % {"kind": kind, "name": frame.element.name},
            )
        return top

    def end_container(self, row: Row, kind: str, stack: list[Frame]) -> None:
        for field_name, header in row.headers.items():
            if field_name not in ("type", "name"):
                self.problem(
                    SURVEY,
                    row.number,
                    header,
                    _("'end_%(kind)s' rows take no %(column)s") % {"kind": kind, "column": header},
                )
        if len(stack) == 1:
            self.problem(
                SURVEY,
                row.number,
                None,
                _("'end_%(kind)s' has no matching 'begin_%(kind)s'") % {"kind": kind},
            )
            return
        current = stack[-1].element
        assert current is not None
        if current.type != kind:
            self.problem(
                SURVEY,
                row.number,
                None,
                _("'end_%(kind)s' closes 'begin_%(open)s' '%(name)s' (row %(row)d)")
                % {
                    "kind": kind,
                    "open": current.type,
                    "name": current.name,
                    "row": stack[-1].row or 0,
                },
            )
        stack.pop()

    def element_for(
        self,
        row: Row,
        type_text: str,
        default_language: str,
        choices: dict[str, list[Choice]],
    ) -> FormElement | None:
        list_name: str | None = None
        begin = _BEGIN_RE.fullmatch(type_text)
        select = _SELECT_RE.fullmatch(type_text)
        if begin:
            element_type = GROUP if begin[1] == "group" else REPEAT
        elif select:
            element_type = (
                SELECT_ONE
                if select[1].startswith("select_one") or (select[1] == "select one")
                else SELECT_MULTIPLE
            )
            list_name = select[2]
            if list_name not in choices:
                self.problem(
                    SURVEY,
                    row.number,
                    None,
                    _("choice list '%(list)s' is not defined on the choices sheet")
                    % {"list": list_name},
                )
        elif type_text in QUESTION_TYPES or type_text == NOTE:
            element_type = type_text
        else:
            if _OR_OTHER_RE.fullmatch(type_text):
                message = _(
                    "'or_other' is not supported: add an 'other' choice and a text "
                    "question shown when it is selected"
                )
            else:
                message = _("question type '%(type)s' is not supported") % {"type": type_text}
            self.problem(SURVEY, row.number, None, message)
            return None

        if element_type not in QUESTION_TYPES:
            for field_name in _QUESTION_ONLY:
                if field_name in row.headers:
                    self.problem(
                        SURVEY,
                        row.number,
                        row.headers[field_name],
                        _("%(column)s does not apply to '%(type)s' rows")
                        % {"column": row.headers[field_name], "type": type_text},
                    )

        name = row.values.get("name", "")
        if not name and element_type == NOTE:
            name = f"generated_note_name_{row.number}"  # pyxform's name for unnamed notes

        def texts(field_name: str) -> dict[str, str]:
            return self.languages_of(row, field_name, default_language)

        default = self.clean_default(row, element_type, list_name, choices)
        return FormElement(
            name=name,
            type=element_type,
            list_name=list_name,
            labels=texts("labels"),
            hints=texts("hints"),
            guidance=texts("guidance"),
            required=row.values.get("required", ""),
            required_messages=texts("required_messages"),
            relevant=row.values.get("relevant", ""),
            constraint=row.values.get("constraint", ""),
            constraint_messages=texts("constraint_messages"),
            default=default,
            appearance=row.values.get("appearance", ""),
        )

    def clean_default(
        self,
        row: Row,
        element_type: str,
        list_name: str | None,
        choices: dict[str, list[Choice]],
    ) -> str:
        default = row.values.get("default", "")
        if not default or element_type not in QUESTION_TYPES:
            return default
        header = row.headers.get("default")
        if default_is_dynamic(default, element_type):
            self.problem(
                SURVEY,
                row.number,
                header,
                _(
                    "default '%(value)s' would be read as an expression; only fixed defaults "
                    "are supported"
                )
                % {"value": default},
            )
            return default
        # Excel may store dates and times as such; pyxform renders them with seconds.
        if element_type == DATE and (match := _DATE_TIME_CELL_RE.fullmatch(default)):
            default = match[1]
        if element_type == TIME and (match := _TIME_CELL_RE.fullmatch(default)):
            default = match[1]
        probe = FormElement(name="probe", type=element_type, list_name=list_name)
        problem = type_problem(probe, default, choices)
        if problem:
            self.problem(
                SURVEY,
                row.number,
                header,
                _("default '%(value)s' is not valid: %(problem)s")
                % {"value": default, "problem": problem},
            )
        return default

    def check_name(self, row: Row, element: FormElement, frame: Frame, top_level: bool) -> None:
        header = row.headers.get("name")
        if not element.name:
            self.problem(SURVEY, row.number, None, _("the row has no name"))
            return
        if not is_xml_tag(element.name):
            self.problem(
                SURVEY,
                row.number,
                header,
                _(
                    "'%(name)s' is not a valid name: start with a letter or '_' and use only "
                    "letters, digits, '_', '-' and '.'"
                )
                % {"name": element.name},
            )
        if top_level and element.name == "meta":
            self.problem(SURVEY, row.number, header, _("the name 'meta' is reserved"))
        if element.name in frame.names:
            self.problem(
                SURVEY,
                row.number,
                header,
                _("the name '%(name)s' is already used in the same group (row %(row)d)")
                % {"name": element.name, "row": frame.names[element.name]},
            )
        else:
            frame.names[element.name] = row.number
