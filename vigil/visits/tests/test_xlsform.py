"""XLSForm checklists: reading, writing, evaluating, importing submissions, starter library.

No database: plain functions on bytes and dataclasses.
"""

from __future__ import annotations

import math
import re
from datetime import date
from io import BytesIO
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from vigil.visits.xlsform import (
    ExpressionError,
    FormDefinition,
    FormElement,
    XLSFormError,
    compile_expression,
    evaluate,
    evaluate_form,
    read_xlsform,
    repeat_rows_to_answers,
    starter_library,
    submission_row_meta,
    submission_rows_to_answers,
    write_xlsform,
)
from vigil.visits.xlsform.library import starter_library_definitions

EN = "English (en)"
TL = "Tagalog (tl)"
SETTINGS = [["form_id", "version"], ["test_form", "1"]]


def workbook(
    survey: list[list[Any]],
    choices: list[list[Any]] | None = None,
    settings_rows: list[list[Any]] | None = SETTINGS,
) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "survey"
    for row in survey:
        sheet.append(row)
    if choices is not None:
        choices_sheet = book.create_sheet("choices")
        for row in choices:
            choices_sheet.append(row)
    if settings_rows is not None:
        settings_sheet = book.create_sheet("settings")
        for row in settings_rows:
            settings_sheet.append(row)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def problems_of(content: bytes) -> list[str]:
    with pytest.raises(XLSFormError) as caught:
        read_xlsform(content, "form.xlsx")
    return caught.value.messages


def q(name: str, kind: str, **options: Any) -> FormElement:
    element_type, _sep, list_name = kind.partition(" ")
    options.setdefault("labels", {EN: name.replace("_", " ").capitalize()})
    return FormElement(name=name, type=element_type, list_name=list_name or None, **options)


def every_construct() -> FormDefinition:
    """A form using every supported type and column, in two languages."""
    return FormDefinition(
        form_id="every_construct",
        title="Every construct",
        version="2026.1",
        default_language=EN,
        languages=[EN, TL],
        elements=[
            q(
                "intro",
                "note",
                labels={EN: "Read before starting", TL: "Basahin muna"},
                guidance={EN: "Explain the visit to the officer in charge."},
            ),
            q(
                "station",
                "text",
                labels={EN: "Station", TL: "Istasyon"},
                hints={EN: "Body of Principles 12.", TL: "Prinsipyo 12."},
                guidance={EN: "Official name.", TL: "Opisyal na pangalan."},
                required=True,
                required_messages={EN: "Name the station.", TL: "Pangalanan ang istasyon."},
                appearance="multiline",
                default="unknown",
            ),
            q(
                "held",
                "integer",
                constraint=". >= 0",
                constraint_messages={EN: "Not negative.", TL: "Hindi negatibo."},
                default="0",
            ),
            q("area", "decimal", constraint=". > 0", default="12.5"),
            q("visit_date", "date", constraint=". <= today()", default="2026-01-05"),
            q("arrival", "time", default="09:30"),
            q("lawyer", "select_one yes_no", default="no", appearance="minimal"),
            q(
                "reasons",
                "select_multiple reasons",
                default="theft other",
                constraint="not(selected(., 'none')) or count-selected(.) = 1",
            ),
            FormElement(
                name="custody",
                type="group",
                labels={EN: "Custody", TL: "Pagkakakulong"},
                hints={EN: "First hours."},
                relevant="${lawyer} = 'yes'",
                appearance="field-list",
                children=[
                    q("lawyer_name", "text", required="${held} > 0"),
                    FormElement(
                        name="inner",
                        type="group",
                        labels={EN: "Inner"},
                        children=[q("delay_hours", "decimal", relevant="${lawyer_name} != ''")],
                    ),
                ],
            ),
            FormElement(
                name="cells",
                type="repeat",
                labels={EN: "Cells"},
                children=[
                    q("cell_label", "text", required=True),
                    q("persons", "integer"),
                    q("crowded", "note", relevant="${persons} > 4"),
                    FormElement(
                        name="beds",
                        type="repeat",
                        labels={EN: "Beds"},
                        children=[q("bed_state", "select_one yes_no")],
                    ),
                ],
            ),
        ],
        choices={
            "yes_no": [("yes", {EN: "Yes", TL: "Oo"}), ("no", {EN: "No", TL: "Hindi"})],
            "reasons": [
                ("theft", {EN: "Theft"}),
                ("other", {EN: "Other"}),
                ("none", {EN: "None"}),
            ],
        },
    )


# --- reading and writing ----------------------------------------------------------------


def test_every_supported_construct_round_trips_through_xlsx():
    definition = every_construct()
    assert read_xlsform(write_xlsform(definition), "every.xlsx") == definition


def test_definition_round_trips_through_json():
    definition = every_construct()
    assert FormDefinition.from_json(definition.to_json()) == definition


def test_every_element_gets_a_path():
    definition = read_xlsform(write_xlsform(every_construct()), "every.xlsx")
    paths = [element.path for element in definition.walk()]
    assert "custody/inner/delay_hours" in paths
    assert "cells/beds/bed_state" in paths
    assert definition.find("custody/lawyer_name") is not None
    assert definition.languages == [EN, TL]


def test_reads_a_hand_written_form_with_aliases_and_translations():
    content = workbook(
        [
            ["type", "name", "label::English (en)", "label::Tagalog (tl)", "hint", "required"],
            ["begin group", "g", "Group", "Pangkat", None, None],
            ["select_one yn", "q1", "Question", "Tanong", "Mandela Rule 7", "TRUE"],
            [],
            ["end group", None, None, None, None, None],
        ],
        choices=[["list name", "name", "label::English (en)"], ["yn", "yes", "Yes"]],
        settings_rows=[
            ["form_id", "form_title", "version", "default_language"],
            ["f", "A form", 3, EN],
        ],
    )
    definition = read_xlsform(content, "form.xlsx")
    element = definition.elements[0].children[0]
    assert element.path == "g/q1"
    assert element.required is True
    assert element.labels == {EN: "Question", TL: "Tanong"}
    assert element.hints == {EN: "Mandela Rule 7"}  # an unsuffixed column is the default language
    assert (definition.title, definition.version) == ("A form", "3")


def test_required_column_accepts_yes_true_1_or_an_expression():
    content = workbook(
        [
            ["type", "name", "label", "required"],
            ["text", "a", "A", "yes"],
            ["text", "b", "B", "1"],
            ["text", "c", "C", "no"],
            ["text", "d", "D", "${a} = 'x'"],
        ]
    )
    required = [element.required for element in read_xlsform(content, "f.xlsx").elements]
    assert required == [True, True, False, "${a} = 'x'"]


@pytest.mark.parametrize(
    ("survey", "choices", "settings_rows", "expected"),
    [
        pytest.param(
            [["type", "name", "label"], ["text", "a", "A"], ["geopoint", "where", "Where"]],
            None,
            SETTINGS,
            "survey sheet, row 3: question type 'geopoint' is not supported",
            id="geopoint",
        ),
        pytest.param(
            [["type", "name", "calculation"], ["text", "a", None], ["calculate", "c", "1 + 1"]],
            None,
            SETTINGS,
            "survey sheet, row 3: question type 'calculate' is not supported",
            id="calculate",
        ),
        pytest.param(
            [
                ["type", "name", "label", "choice_filter"],
                ["select_one yn", "a", "A", None],
                ["select_one yn", "b", "B", "name = ${a}"],
            ],
            [["list_name", "name", "label"], ["yn", "yes", "Yes"]],
            SETTINGS,
            "survey sheet, row 3, column choice_filter: choice_filter is not supported: "
            "list every choice the monitor may need",
            id="choice_filter",
        ),
        pytest.param(
            [["type", "name", "relevant"], ["text", "a", None], ["text", "b", "foo(${a}) = 1"]],
            None,
            SETTINGS,
            "survey sheet, row 3, column relevant: function 'foo()' is not supported",
            id="unknown-function",
        ),
        pytest.param(
            [["type", "name", "label"], ["begin_group", "g", "G"], ["text", "a", "A"]],
            None,
            SETTINGS,
            "survey sheet, row 2: 'begin_group' 'g' has no matching 'end_group'",
            id="unclosed-group",
        ),
        pytest.param(
            [["type", "name", "label"], ["text", "a", "A"], ["end_group", None, None]],
            None,
            SETTINGS,
            "survey sheet, row 3: 'end_group' has no matching 'begin_group'",
            id="end-without-begin",
        ),
        pytest.param(
            [["type", "name", "label"], ["begin_repeat", "r", "R"], ["end_group", None, None]],
            None,
            SETTINGS,
            "survey sheet, row 3: 'end_group' closes 'begin_repeat' 'r' (row 2)",
            id="mismatched-end",
        ),
        pytest.param(
            [["type", "name", "label"], ["text", "a", "A"]],
            None,
            [["form_title", "version"], ["T", "1"]],
            "settings sheet, row 2: form_id is missing",
            id="missing-form-id",
        ),
        pytest.param(
            [["type", "name", "label"], ["text", "a", "A"]],
            None,
            [["form_id"], ["f"]],
            "settings sheet, row 2: version is missing",
            id="missing-version",
        ),
        pytest.param(
            [["type", "name", "label"], ["text", "a", "A"]],
            None,
            None,
            "settings sheet: the settings sheet is missing: it must give form_id and version",
            id="missing-settings-sheet",
        ),
        pytest.param(
            [["type", "name", "label"], ["select_one nolist", "a", "A"]],
            [["list_name", "name", "label"], ["yn", "yes", "Yes"]],
            SETTINGS,
            "survey sheet, row 2: choice list 'nolist' is not defined on the choices sheet",
            id="unknown-list",
        ),
        pytest.param(
            [["type", "name", "label"], ["text", "a", "A"], ["integer", "a", "Again"]],
            None,
            SETTINGS,
            "survey sheet, row 3, column name: the name 'a' is already used in the same group "
            "(row 2)",
            id="duplicate-name",
        ),
        pytest.param(
            [["type", "name", "label"], ["text", "2bad", "A"]],
            None,
            SETTINGS,
            "survey sheet, row 2, column name: '2bad' is not a valid name: start with a letter "
            "or '_' and use only letters, digits, '_', '-' and '.'",
            id="invalid-name",
        ),
        pytest.param(
            [["type", "name", "relevant"], ["text", "a", "${nobody} = 1"]],
            None,
            SETTINGS,
            "survey sheet, row 2, column relevant: ${nobody} does not name a question in this form",
            id="unknown-reference",
        ),
        pytest.param(
            [["type", "name", "constraint"], ["integer", "a", "/data/a > 1"]],
            None,
            SETTINGS,
            "survey sheet, row 2, column constraint: XPath paths are not supported: refer to a "
            "question as ${name}",
            id="xpath-path",
        ),
        pytest.param(
            [["type", "name", "label"], ["select_one yn or_other", "a", "A"]],
            [["list_name", "name", "label"], ["yn", "yes", "Yes"]],
            SETTINGS,
            "survey sheet, row 2: 'or_other' is not supported: add an 'other' choice and a text "
            "question shown when it is selected",
            id="or-other",
        ),
        pytest.param(
            [["type", "name", "default"], ["integer", "a", "many"]],
            None,
            SETTINGS,
            "survey sheet, row 2, column default: default 'many' is not valid: Enter a whole "
            "number.",
            id="bad-default",
        ),
        pytest.param(
            [["type", "name", "constraint"], ["note", "n", ". > 1"]],
            None,
            SETTINGS,
            "survey sheet, row 2, column constraint: constraint does not apply to 'note' rows",
            id="constraint-on-note",
        ),
        pytest.param(
            [["type", "name", "label"], ["select_one yn", "a", "A"]],
            [["list_name", "name", "label"], ["yn", "yes", "Yes"], ["yn", "yes", "Again"]],
            SETTINGS,
            "choices sheet, row 3, column name: the choice 'yes' is already in list 'yn' (row 2)",
            id="duplicate-choice",
        ),
        pytest.param(
            [["type", "name", "label"], ["begin_repeat", "r", "R"], ["end_repeat", None, None]],
            None,
            [["form_id", "version", "instance_name"], ["f", "1", "concat('a', 'b')"]],
            "settings sheet, row 2, column instance_name: column 'instance_name' is not supported",
            id="unsupported-setting",
        ),
    ],
)
def test_unsupported_constructs_are_refused_with_sheet_row_and_reason(
    survey, choices, settings_rows, expected
):
    assert expected in problems_of(workbook(survey, choices, settings_rows))


def test_all_problems_are_reported_at_once():
    content = workbook(
        [
            ["type", "name", "relevant"],
            ["geopoint", "where", None],
            ["text", "a", "unknown_fn(1)"],
            ["select_one missing", "b", None],
        ],
        settings_rows=[["form_title"], ["T"]],
    )
    assert problems_of(content) == [
        "settings sheet, row 2: form_id is missing",
        "settings sheet, row 2: version is missing",
        "survey sheet, row 2: question type 'geopoint' is not supported",
        "survey sheet, row 3, column relevant: function 'unknown_fn()' is not supported",
        "survey sheet, row 4: choice list 'missing' is not defined on the choices sheet",
    ]


def test_pyxform_errors_are_reported_with_sheet_and_row():
    content = workbook([["type", "name", "label"], ["text", "a", "A"], ["text", "b", "${zz}"]])
    [message] = problems_of(content)
    assert message.startswith("survey sheet, row 3, column label: pyxform:")
    assert "zz" in message


def test_a_file_that_is_not_a_workbook_is_refused():
    [message] = problems_of(b"definitely not a spreadsheet")
    assert "could not be read as an Excel workbook" in message


# --- evaluation -------------------------------------------------------------------------


def test_relevance_hides_dependants_and_reports_their_answers():
    definition = every_construct()
    answers = {
        "station": "Central",
        "lawyer": "no",
        "custody/lawyer_name": "Someone",
        "custody/inner/delay_hours": "3",
    }
    state = evaluate_form(definition, answers, EN)
    assert state.relevant["custody"] is False
    assert state.relevant["custody/inner/delay_hours"] is False
    assert state.non_relevant_answers == ["custody/lawyer_name", "custody/inner/delay_hours"]
    assert "custody/lawyer_name" not in state.cleaned_answers
    assert state.is_complete

    state = evaluate_form(definition, {**answers, "lawyer": "yes"}, EN)
    assert state.relevant["custody/inner/delay_hours"] is True
    assert state.non_relevant_answers == []
    assert state.cleaned_answers["custody/lawyer_name"] == "Someone"


def test_follow_up_question_appears_after_an_answer():
    definition = every_construct()
    base = {"station": "Central", "lawyer": "yes"}
    assert not evaluate_form(definition, base, EN).relevant["custody/inner/delay_hours"]
    shown = evaluate_form(definition, {**base, "custody/lawyer_name": "X"}, EN)
    assert shown.relevant["custody/inner/delay_hours"]


def test_constraint_messages_follow_the_chosen_language():
    definition = every_construct()
    answers = {"station": "Central", "held": "-2", "area": "0"}
    english = evaluate_form(definition, answers, EN)
    tagalog = evaluate_form(definition, answers, TL)
    assert english.errors["held"] == "Not negative."
    assert tagalog.errors["held"] == "Hindi negatibo."
    # No message in any language: Vigil's own message.
    assert english.errors["area"] == "This answer is not accepted for this question."
    # A language the form lacks falls back to the default language.
    assert evaluate_form(definition, answers, "French (fr)").errors["held"] == "Not negative."


def test_constraints_use_the_current_answer_and_today():
    definition = every_construct()
    future = evaluate_form(
        definition, {"station": "S", "visit_date": "2026-03-01"}, EN, today=date(2026, 2, 1)
    )
    assert "visit_date" in future.errors
    past = evaluate_form(
        definition, {"station": "S", "visit_date": "2026-01-31"}, EN, today=date(2026, 2, 1)
    )
    assert "visit_date" not in past.errors


def test_required_questions_and_required_expressions():
    definition = every_construct()
    state = evaluate_form(definition, {"lawyer": "yes", "held": "2"}, TL)
    assert state.errors["station"] == "Pangalanan ang istasyon."
    assert state.errors["custody/lawyer_name"] == "This question requires an answer."
    assert state.required_missing == ["station", "custody/lawyer_name"]
    assert not state.is_complete

    state = evaluate_form(definition, {"station": "S", "lawyer": "yes", "held": "0"}, EN)
    assert "custody/lawyer_name" not in state.errors  # required only when persons are held
    assert state.is_complete


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        ("held", "2.5", "Enter a whole number."),
        ("area", "big", "Enter a number."),
        ("visit_date", "05/01/2026", "Enter a date as YYYY-MM-DD."),
        ("visit_date", "2026-02-30", "Enter a date as YYYY-MM-DD."),
        ("arrival", "25:00", "Enter a time as HH:MM (24-hour clock)."),
        ("lawyer", "maybe", "'maybe' is not one of the choices."),
        ("reasons", "theft bribe", "'bribe': not among the choices."),
    ],
)
def test_answers_are_checked_against_their_type(path, value, message):
    state = evaluate_form(every_construct(), {"station": "S", path: value}, EN)
    assert state.errors == {path: message}


def test_valid_answers_of_every_type_pass():
    answers = {
        "station": "S",
        "held": "3",
        "area": "12.5",
        "visit_date": "2026-01-05",
        "arrival": "23:59",
        "lawyer": "yes",
        "reasons": ["theft", "other"],
        "custody/lawyer_name": "L",
        "custody/inner/delay_hours": 1.5,
    }
    state = evaluate_form(every_construct(), answers, EN, today=date(2026, 2, 1))
    assert state.errors == {}
    assert state.cleaned_answers["reasons"] == "theft other"


def test_repeats_are_evaluated_per_entry():
    definition = every_construct()
    answers = {
        "station": "S",
        "cells": [
            {"cell_label": "A", "persons": "6", "beds": [{"bed_state": "yes"}, {}]},
            {"persons": "2", "beds": [{"bed_state": "broken"}]},
        ],
    }
    state = evaluate_form(definition, answers, EN)
    assert state.relevant["cells"] is True
    assert state.relevant["cells[1]/beds"] is True
    assert state.relevant["cells[1]/crowded"] is True
    assert state.relevant["cells[2]/crowded"] is False
    assert state.errors == {
        "cells[2]/cell_label": "This question requires an answer.",
        "cells[2]/beds[1]/bed_state": "'broken' is not one of the choices.",
    }
    assert state.cleaned_answers["cells"][0]["beds"] == [{"bed_state": "yes"}, {}]


def test_a_question_outside_a_repeat_sees_every_entry():
    definition = FormDefinition(
        form_id="f",
        title="F",
        version="1",
        elements=[
            FormElement(
                name="rooms",
                type="repeat",
                children=[FormElement(name="occupants", type="integer")],
            ),
            FormElement(name="why_crowded", type="text", relevant="${occupants} > 10"),
        ],
    )
    calm = {"rooms": [{"occupants": "2"}, {"occupants": "3"}]}
    crowded = {"rooms": [{"occupants": "2"}, {"occupants": "12"}]}
    assert not evaluate_form(definition, calm, "default").relevant["why_crowded"]
    assert evaluate_form(definition, crowded, "default").relevant["why_crowded"]


def test_unknown_answer_keys_are_reported():
    state = evaluate_form(
        every_construct(),
        {"station": "S", "nonsense": "1", "cells": [{"cell_label": "A", "typo": "x"}]},
        EN,
    )
    assert state.unknown_answers == ["nonsense", "cells[1]/typo"]
    assert "nonsense" not in state.cleaned_answers


def test_import_then_evaluate_a_written_form():
    definition = read_xlsform(write_xlsform(every_construct()), "every.xlsx")
    state = evaluate_form(
        definition,
        {"station": "S", "held": "-1", "cells": [{"cell_label": "A", "persons": "9"}]},
        TL,
    )
    assert state.errors == {"held": "Hindi negatibo."}
    assert state.relevant["cells[1]/crowded"]


# --- expressions ------------------------------------------------------------------------

VALUES = {"a": "5", "b": "", "s": "abc", "m": "x y", "d": "2024-01-31"}
NAN = float("nan")


@pytest.mark.parametrize(
    ("expression", "current", "expected"),
    [
        ("${a} = 5", "", True),
        ("${a} = '5'", "", True),
        ("${a} > 4 and ${a} <= 5", "", True),
        ("${b} = ''", "", True),
        ("${b} = 0", "", False),
        ("${b} != 0", "", True),  # NaN != 0, as in XPath
        ("${b} < 1", "", False),
        ("${b} >= 1", "", False),
        ("number(${b})", "", NAN),
        ("${b} + 1", "", NAN),
        ("${a} + 1", "", 6.0),
        ("${a} * 2 - 1", "", 9.0),
        ("1 + 2 * 3", "", 7.0),
        ("(1 + 2) * 3", "", 9.0),
        ("-${a}", "", -5.0),
        ("7 div 2", "", 3.5),
        ("7 mod 3", "", 1.0),
        ("-7 mod 3", "", -1.0),
        ("1 div 0", "", math.inf),
        ("int(7.9)", "", 7.0),
        ("int(-7.9)", "", -7.0),
        ("int(${b})", "", NAN),
        ("number('12.5')", "", 12.5),
        ("number('abc')", "", NAN),
        ("selected(${m}, 'y')", "", True),
        ("selected(${m}, 'z')", "", False),
        ("selected(${b}, 'x')", "", False),
        ("count-selected(${m})", "", 2.0),
        ("count-selected(${b})", "", 0.0),
        ("string-length(${s})", "", 3.0),
        ("string-length(${b})", "", 0.0),
        ("regex(${s}, '^a')", "", True),
        ("regex(${b}, '^a')", "", False),
        ("if(${b} = '', 'empty', 'full')", "", "empty"),
        ("coalesce(${b}, 'fallback')", "", "fallback"),
        ("coalesce(${s}, 'fallback')", "", "abc"),
        ("boolean-from-string('true')", "", True),
        ("boolean-from-string('1')", "", True),
        ("boolean-from-string('yes')", "", False),
        ("concat(${s}, '-', ${a})", "", "abc-5"),
        ("true() and not(false())", "", True),
        ("${b} or ${s}", "", True),
        ("${b} and ${s}", "", False),
        ("not(${b})", "", True),
        ("1 = true()", "", True),
        ("'' = false()", "", True),
        ("${d} < today()", "", True),
        ("${d} = '2024-01-31'", "", True),
        ("today() - ${d}", "", 1.0),
        ("today()", "", "2024-02-01"),
        (". > 3", "5", True),
        (". > 3", "", False),
        ("string-length(.) = 0", "", True),
        ("regex(., '^[0-9]{3}$')", "123", True),
        ("${unknown} = ''", "", True),
    ],
)
def test_expression_evaluator(expression, current, expected):
    result = evaluate(expression, VALUES, current=current, today=date(2024, 2, 1))
    if isinstance(expected, float) and math.isnan(expected):
        assert isinstance(result, float) and math.isnan(result)
    else:
        assert result == expected
        assert type(result) is type(expected)


@pytest.mark.parametrize(
    ("expression", "message"),
    [
        ("foo(1)", "function 'foo()' is not supported"),
        ("count(${a})", "function 'count()' is not supported"),
        ("/data/a = 1", "XPath paths are not supported"),
        ("../a", "XPath paths are not supported"),
        ("a = 1", "'a' is not understood: refer to a question as ${a}"),
        ("${a", "reference is not closed"),
        ("'x", "a text in quotes is not closed"),
        ("selected(${a})", "selected() takes 2 argument(s), not 1"),
        ("1 +", "the expression ends too early"),
        ("(1", "the expression ends too early: ')' is missing"),
        ("regex(., '[')", "the regular expression '[' is invalid"),
        ("${last-saved#a}", "references are not supported"),
        ("1 2", "unexpected '2' at position 3"),
        ("", "the expression is empty"),
    ],
)
def test_unsupported_expressions_are_rejected(expression, message):
    with pytest.raises(ExpressionError, match=re.escape(message)):
        compile_expression(expression)


def test_expressions_are_parsed_once():
    assert compile_expression("${a} + ${b} > 1") is compile_expression("${a} + ${b} > 1")
    assert compile_expression("${a} + ${b} > .").references == ("a", "b")


# --- property: write then read gives the same definition ----------------------------------

_NAMES = st.from_regex(r"[a-z][a-z0-9_]{0,7}", fullmatch=True).filter(
    lambda name: name not in {"meta", "data"}
)
_TEXT = (
    st.text(alphabet="abcdefgXYZ0189 .,?!'()=-", min_size=1, max_size=16)
    .map(lambda text: " ".join(text.split()))
    .filter(bool)
)
_WORD = st.from_regex(r"[a-z]{1,8}", fullmatch=True).filter(
    lambda word: word not in {"and", "or", "div", "mod"}
)


@st.composite
def definitions(draw: st.DrawFn) -> FormDefinition:
    default_language = draw(st.sampled_from(["default", EN]))
    extra = draw(st.lists(st.sampled_from([TL, "French (fr)"]), unique=True, max_size=2))
    languages = [default_language, *extra]
    names = iter(draw(st.lists(_NAMES, min_size=40, max_size=40, unique=True)))

    def texts(allow_empty: bool = True) -> dict[str, str]:
        chosen = draw(st.lists(st.sampled_from(languages), unique=True, max_size=len(languages)))
        if not chosen and not allow_empty:
            chosen = [default_language]
        return {language: draw(_TEXT) for language in chosen}

    choices: dict[str, list[tuple[str, dict[str, str]]]] = {}
    for _index in range(draw(st.integers(1, 2))):
        choice_names = draw(st.lists(_WORD, min_size=1, max_size=4, unique=True))
        choices[next(names)] = [(name, texts()) for name in choice_names]

    questions: list[str] = []  # names an expression may refer to

    def expression(pool: list[str]) -> str:
        options = [*pool, "1 = 1", "true()"]
        options += [f"${{{name}}} != ''" for name in questions]
        options += [f"string-length(${{{name}}}) > 2" for name in questions]
        return draw(st.sampled_from(options))

    def question() -> FormElement:
        kind = draw(
            st.sampled_from(
                [
                    "text",
                    "integer",
                    "decimal",
                    "date",
                    "time",
                    "select_one",
                    "select_multiple",
                    "note",
                ]
            )
        )
        list_name = draw(st.sampled_from(sorted(choices))) if kind.startswith("select") else None
        name = next(names)
        options: dict[str, Any] = {}
        if kind != "note":
            options["required"] = draw(st.sampled_from([False, True, "required_expression"]))
            if options["required"] == "required_expression":
                options["required"] = expression(["2 > 1"])
            options["required_messages"] = texts()
            options["constraint"] = draw(
                st.sampled_from(["", ". != ''", "string-length(.) < 100", "regex(., '^.+$')"])
            )
            options["constraint_messages"] = texts()
            valid_defaults = {
                "text": _WORD,
                "integer": st.integers(0, 999).map(str),
                "decimal": st.sampled_from(["0.5", "12", "3.25"]),
                "date": st.sampled_from(["2026-01-05", "1999-12-31"]),
                "time": st.sampled_from(["00:00", "09:30", "23:59"]),
            }
            names_in_list = [choice for choice, _labels in choices.get(list_name or "", [])]
            if kind == "select_one":
                valid_defaults[kind] = st.sampled_from(names_in_list)
            if kind == "select_multiple":
                valid_defaults[kind] = st.lists(
                    st.sampled_from(names_in_list), min_size=1, unique=True
                ).map(" ".join)
            options["default"] = draw(st.one_of(st.just(""), valid_defaults[kind]))
        element = FormElement(
            name=name,
            type=kind,
            list_name=list_name,
            labels=texts(allow_empty=False),
            hints=texts(),
            guidance=texts(),
            relevant=draw(st.sampled_from(["", expression([])])),
            appearance=draw(st.sampled_from(["", "minimal", "multiline"])),
            **options,
        )
        if kind != "note":
            questions.append(name)
        return element

    def block(depth: int) -> list[FormElement]:
        elements: list[FormElement] = []
        for _index in range(draw(st.integers(1, 3))):
            if depth < 2 and draw(st.booleans()):
                kind = draw(st.sampled_from(["group", "repeat"]))
                name = next(names)
                elements.append(
                    FormElement(
                        name=name,
                        type=kind,
                        labels=texts(),
                        hints=texts(),
                        relevant=draw(st.sampled_from(["", expression([])])),
                        appearance=draw(st.sampled_from(["", "field-list"])),
                        children=block(depth + 1),
                    )
                )
            else:
                elements.append(question())
        return elements

    return FormDefinition(
        form_id=draw(st.from_regex(r"[a-z][a-z0-9_]{0,10}", fullmatch=True)),
        title=draw(_TEXT),
        version=draw(st.from_regex(r"20[0-9]{2}\.[1-9][0-9]?", fullmatch=True)),
        default_language=default_language,
        languages=languages,
        elements=block(0),
        choices=choices,
    )


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(definitions())
def test_any_supported_form_round_trips(definition):
    assert read_xlsform(write_xlsform(definition), "generated.xlsx") == definition
    assert FormDefinition.from_json(definition.to_json()) == definition


# --- submissions from ODK Central and KoboToolbox ---------------------------------------


def submission_form() -> FormDefinition:
    return FormDefinition(
        form_id="vigil_test",
        title="Test",
        version="2026.1",
        elements=[
            FormElement(
                name="visit",
                type="group",
                children=[
                    FormElement(name="station", type="text"),
                    FormElement(name="visit_date", type="date"),
                    FormElement(name="arrival", type="time"),
                ],
            ),
            FormElement(
                name="custody",
                type="group",
                children=[
                    FormElement(name="lawyer_access", type="select_one", list_name="yn"),
                    FormElement(name="reasons", type="select_multiple", list_name="reasons"),
                ],
            ),
            FormElement(name="detainees", type="integer"),
            FormElement(
                name="cells",
                type="repeat",
                children=[
                    FormElement(name="cell_label", type="text", required=True),
                    FormElement(name="area", type="decimal"),
                ],
            ),
        ],
        choices={
            "yn": [("yes", {}), ("no", {})],
            "reasons": [("a", {}), ("b", {}), ("c", {})],
        },
    )


EXPECTED = {
    "visit/station": "Station 1",
    "visit/visit_date": "2026-01-05",
    "visit/arrival": "09:30",
    "custody/lawyer_access": "yes",
    "custody/reasons": "a c",
    "detainees": "7",
}


def test_odk_central_rows_map_to_question_paths():
    headers = [
        "SubmissionDate",
        "visit-station",
        "visit-visit_date",
        "visit-arrival",
        "custody-lawyer_access",
        "custody-reasons",
        "detainees",
        "SET-OF-cells",
        "notes_from_another_form",
        "meta-instanceID",
        "KEY",
        "SubmitterID",
        "SubmitterName",
        "AttachmentsPresent",
        "AttachmentsExpected",
        "Status",
        "ReviewState",
        "DeviceID",
        "Edits",
        "FormVersion",
    ]
    row = [
        "2026-01-05T10:00:00.000Z",
        "Station 1",
        "2026-01-05",
        "09:30:00.000+08:00",
        "yes",
        "a c",
        "7",
        "uuid:abc/cells",
        "x",
        "uuid:abc",
        "uuid:abc",
        "5",
        "monitor",
        "0",
        "0",
        "",
        "",
        "",
        "0",
        "2026.1",
    ]
    answers, unmatched = submission_rows_to_answers(submission_form(), headers, row)
    assert answers == EXPECTED
    assert unmatched == ["notes_from_another_form"]
    meta = submission_row_meta(headers, row)
    assert (meta.instance_id, meta.version, meta.source) == ("abc", "2026.1", "odk_central")
    assert meta.submitted_at == "2026-01-05T10:00:00.000Z"


KOBO_META = [
    "start",
    "end",
    "meta/instanceID",
    "_id",
    "_uuid",
    "_submission_time",
    "_validation_status",
    "_notes",
    "_status",
    "_submitted_by",
    "__version__",
    "_tags",
    "_index",
    "formhub/uuid",
]
KOBO_META_VALUES = [
    "2026-01-05T09:00:00",
    "2026-01-05T11:00:00",
    "uuid:def",
    "17",
    "def",
    "2026-01-05T12:00:00",
    "",
    "",
    "submitted_via_web",
    "",
    "vAbC123",
    "",
    "1",
    "f00",
]


def test_kobo_rows_map_to_question_paths_with_split_select_multiple_columns():
    headers = [
        "visit/station",
        "visit/visit_date",
        "visit/arrival",
        "custody/lawyer_access",
        "custody/reasons",
        "custody/reasons/a",
        "custody/reasons/b",
        "custody/reasons/c",
        "detainees",
        "old_question",
        *KOBO_META,
    ]
    row = [
        "Station 1",
        "2026-01-05",
        "09:30",
        "yes",
        "a c",
        "1",
        "0",
        "1",
        "7",
        "",
        *KOBO_META_VALUES,
    ]
    answers, unmatched = submission_rows_to_answers(submission_form(), headers, row)
    assert answers == EXPECTED
    assert unmatched == ["old_question"]
    meta = submission_row_meta(headers, row)
    assert (meta.instance_id, meta.version, meta.source) == ("def", "vAbC123", "kobotoolbox")
    assert meta.version_column == "__version__"


def test_kobo_rows_with_only_split_columns_and_bare_names():
    headers = [
        "station",
        "visit_date",
        "arrival",
        "lawyer_access",
        "reasons/a",
        "reasons/b",
        "reasons/c",
        "detainees",
        *KOBO_META,
    ]
    row = {
        "station": "Station 1",
        "visit_date": date(2026, 1, 5),
        "arrival": "09:30:00.000+08:00",
        "lawyer_access": "yes",
        "reasons/a": 1,
        "reasons/b": 0,
        "reasons/c": "True",
        "detainees": 7.0,
        **dict(zip(KOBO_META, KOBO_META_VALUES, strict=True)),
    }
    answers, unmatched = submission_rows_to_answers(submission_form(), headers, row)
    assert answers == EXPECTED
    assert unmatched == []


def test_repeat_tables_map_to_entries_of_their_submission():
    form = submission_form()
    central, unmatched = repeat_rows_to_answers(
        form,
        "cells",
        ["cell_label", "area", "PARENT_KEY", "KEY", "SET-OF-cells"],
        [
            ["C1", "12.5", "uuid:abc", "uuid:abc/cells[1]", "uuid:abc/cells"],
            ["C2", "", "uuid:abc", "uuid:abc/cells[2]", "uuid:abc/cells"],
        ],
    )
    assert central == {"abc": [{"cell_label": "C1", "area": "12.5"}, {"cell_label": "C2"}]}
    assert unmatched == []
    kobo, unmatched = repeat_rows_to_answers(
        form,
        "cells",
        ["cells/cell_label", "cells/area", "_index", "_parent_index", "_submission__uuid"],
        [["K1", "3", "1", "1", "def"]],
    )
    assert kobo == {"def": [{"cell_label": "K1", "area": "3"}]}
    answers = {**EXPECTED, "cells": central["abc"]}
    assert evaluate_form(form, answers, "default").is_complete


# --- starter library --------------------------------------------------------------------

_STANDARD = re.compile(
    r"Mandela Rules?|Bangkok Rules?|Beijing Rules?|Havana Rules?|Body of Principles|CRPD|"
    r"Istanbul Protocol|OPCAT|UNCAT|ICCPR|CRC|UNHCR Detention Guidelines?"
)


def test_starter_library_forms_all_load():
    library = starter_library()
    assert [filename for filename, _content in library] == [
        "vigil_police_custody.xlsx",
        "vigil_prison.xlsx",
        "vigil_immigration_detention.xlsx",
        "vigil_psychiatric_social_care.xlsx",
        "vigil_juvenile_detention.xlsx",
    ]
    for (filename, content), source in zip(library, starter_library_definitions(), strict=True):
        definition = read_xlsform(content, filename)
        assert definition == source
        assert definition.version == "2026.1"
        assert definition.form_id == filename.removesuffix(".xlsx")
        assert definition.default_language == EN and len(definition.languages) == 2
        questions = definition.questions()
        assert 20 <= len(questions) <= 40, filename
        assert any(element.type == "repeat" for element in definition.walk())
        assert any(element.relevant for element in questions)
        assert any(element.constraint and element.constraint_messages for element in questions)
        assert any(len(element.labels) == 2 for element in definition.walk())
        for element in questions:
            assert _STANDARD.search(element.hints[EN]), (filename, element.path)
            assert element.guidance[EN], (filename, element.path)
        assert evaluate_form(definition, {}, EN).required_missing  # visit details required
