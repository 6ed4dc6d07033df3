"""XLSForm checklists: reading and writing workbooks, and the write-then-read property.

No database: plain functions on bytes and dataclasses.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vigil.visits.tests.xlsform_support import (
    EN,
    SETTINGS,
    TL,
    every_construct,
    problems_of,
    workbook,
)
from vigil.visits.xlsform import (
    FormDefinition,
    FormElement,
    read_xlsform,
    write_xlsform,
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
            ["integer", "2bad", None],
        ],
        settings_rows=[["form_title", "version"], ["T", "x" * 51]],
    )
    assert problems_of(content) == [
        "settings sheet, row 2, column version: version may have at most 50 characters",
        "survey sheet, row 3, column relevant: function 'unknown_fn()' is not supported",
        "survey sheet, row 4: choice list 'missing' is not defined on the choices sheet",
        "survey sheet, row 5, column name: '2bad' is not a valid name: start with a letter "
        "or '_' and use only letters, digits, '_', '-' and '.'",
    ]


def test_pyxform_errors_are_reported_with_sheet_and_row():
    content = workbook([["type", "name", "label"], ["text", "a", "A"], ["text", "b", "${zz}"]])
    [message] = problems_of(content)
    assert message.startswith("survey sheet, row 3, column label: pyxform:")
    assert "zz" in message


def test_a_file_that_is_not_a_workbook_is_refused():
    [message] = problems_of(b"definitely not a spreadsheet")
    assert "could not be read as an Excel workbook" in message


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
