"""XLSForms as the ODK world publishes them (issue 23): no settings sheet, pyxform's aliases,
metadata, columns Vigil does not use, and constructs the web checklist leaves to ODK Collect.

No database: plain functions on bytes and dataclasses.
"""

from __future__ import annotations

from typing import Any

import pytest

from vigil.visits.tests.xlsform_support import SETTINGS, problems_of, workbook
from vigil.visits.xlsform import FormDefinition, evaluate_form, read_xlsform
from vigil.visits.xlsform.model import CollectOnly
from vigil.visits.xlsform.reader import fallback_version

YN = [["list_name", "name", "label"], ["yn", "yes", "Yes"], ["yn", "no", "No"]]


def read(
    survey: list[list[Any]],
    choices: list[list[Any]] | None = None,
    settings_rows: list[list[Any]] | None = SETTINGS,
    filename: str = "form.xlsx",
) -> FormDefinition:
    return read_xlsform(workbook(survey, choices, settings_rows), filename)


def types_of(definition: FormDefinition) -> dict[str, str]:
    return {element.name: element.type for element in definition.walk()}


# --- the settings sheet is optional ------------------------------------------------------


def test_without_a_settings_sheet_the_form_id_is_the_file_name_and_the_version_a_digest():
    content = workbook([["type", "name", "label"], ["text", "cell", "Cell"]], None, None)
    definition = read_xlsform(content, "Cell check (2024).xlsx")
    assert definition.form_id == "Cell_check_2024"
    assert definition.title == "Cell_check_2024"
    assert definition.version == fallback_version(content)
    # The same file gives the same version; a changed file another one.
    assert read_xlsform(content, "Cell check (2024).xlsx").version == definition.version
    changed = workbook([["type", "name", "label"], ["text", "cell", "Cell no."]], None, None)
    assert read_xlsform(changed, "Cell check (2024).xlsx").version != definition.version


def test_a_settings_sheet_may_give_only_some_settings():
    definition = read(
        [["type", "name", "label"], ["text", "cell", "Cell"]],
        settings_rows=[["form_title", "instance_name"], ["Cell check", "concat('c', ${cell})"]],
        filename="cells.xlsx",
    )
    assert (definition.form_id, definition.title) == ("cells", "Cell check")
    assert definition.version
    assert definition.ignored_columns == ["settings: instance_name"]


def test_a_file_name_that_is_no_xml_name_still_gives_a_form_id():
    definition = read([["type", "name"], ["text", "a"]], None, None, filename="2024 form.xlsx")
    assert definition.form_id == "form_2024_form"


# --- pyxform's aliases --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("string", "text"),
        ("int", "integer"),
        ("q int", "integer"),
        ("phone number", "text"),
        ("add decimal prompt", "decimal"),
        ("q date", "date"),
        ("select one from yn", "select_one"),
        ("select all that apply from yn", "select_multiple"),
        ("select_one yn", "select_one"),
        ("select all that apply yn", "select_multiple"),
        ("q note", "note"),
    ],
)
def test_pyxform_aliases_read_as_the_type_they_stand_for(written, expected):
    definition = read([["type", "name", "label"], [written, "q", "Q"]], YN)
    assert types_of(definition) == {"q": expected}
    assert definition.web_fillable


def test_begin_and_end_written_with_spaces_or_as_looped_group():
    definition = read(
        [
            ["type", "name", "label"],
            ["begin group", "g", "G"],
            ["begin looped group", "cells", "Cells"],
            ["int", "size", "Size"],
            ["end looped group", None, None],
            ["end group", None, None],
        ]
    )
    assert types_of(definition) == {"g": "group", "cells": "repeat", "size": "integer"}


# --- metadata -----------------------------------------------------------------------------


def test_metadata_is_recorded_and_never_asked_of_the_monitor():
    definition = read(
        [
            ["type", "name", "label"],
            ["start", "start", None],
            ["end", "end", None],
            ["today", "today", None],
            ["deviceid", "deviceid", None],
            ["username", "username", None],
            ["get start time", "began", None],
            ["imei", "imei", None],
            ["text", "cell", "Cell"],
        ]
    )
    assert definition.metadata == {
        "start": "start",
        "end": "end",
        "today": "today",
        "deviceid": "deviceid",
        "username": "username",
        "began": "start",
        "imei": "deviceid",
    }
    assert [question.name for question in definition.questions()] == ["cell"]
    assert definition.web_fillable
    assert evaluate_form(definition, {"cell": "4"}, definition.default_language).is_complete
    assert FormDefinition.from_json(definition.to_json()) == definition


def test_an_expression_on_metadata_leaves_the_form_to_odk_collect():
    definition = read(
        [
            ["type", "name", "label", "relevant"],
            ["today", "today", None, None],
            ["text", "late", "Late?", "${today} > '2026-01-01'"],
        ]
    )
    assert definition.collect_only == [CollectOnly("${today}", "survey", 3)]


# --- columns Vigil does not use -------------------------------------------------------------


def test_columns_used_by_one_row_are_listed_not_refused():
    definition = read(
        [
            ["type", "name", "label", "hint::Français (fr)", "media::image", "comments", "note"],
            ["text", "cell", "Cell", None, "cell.jpg", None, None],
            ["integer", "n", "Persons", "Personnes", None, "ask the officer", None],
        ]
    )
    assert definition.web_fillable
    assert definition.find("n").hints == {"Français (fr)": "Personnes"}
    assert definition.ignored_columns == ["survey: media::image", "survey: comments"]


# --- what the web cannot evaluate: imported, marked for ODK Collect --------------------------


@pytest.mark.parametrize(
    ("survey", "choices", "sheets", "expected"),
    [
        pytest.param(
            [["type", "name", "calculation"], ["text", "a", None], ["calculate", "c", "1 + 1"]],
            None,
            {},
            [CollectOnly("calculation", "survey", 3), CollectOnly("calculate", "survey", 3)],
            id="calculate",
        ),
        pytest.param(
            [
                ["type", "name", "label", "choice_filter"],
                ["select_one yn", "a", "A", None],
                ["select_one yn", "b", "B", "name = ${a}"],
            ],
            YN,
            {},
            [CollectOnly("choice_filter", "survey", 3)],
            id="choice_filter",
        ),
        pytest.param(
            [
                ["type", "name", "label", "repeat_count"],
                ["begin_repeat", "r", "R", "3"],
                ["text", "a", "A", None],
                ["end_repeat", None, None, None],
            ],
            None,
            {},
            [CollectOnly("repeat_count", "survey", 2)],
            id="repeat_count",
        ),
        pytest.param(
            [["type", "name", "label"], ["select_one_from_file cells.csv", "c", "Cell"]],
            None,
            {},
            [CollectOnly("select_one_from_file", "survey", 2)],
            id="select_one_from_file",
        ),
        pytest.param(
            [["type", "name", "label"], ["select_one_external places", "p", "Place"]],
            [["list_name", "name", "label"], ["places", "a", "A"]],
            {"external_choices": [["list_name", "name", "label"], ["places", "a", "A"]]},
            [
                CollectOnly("select_one_external", "survey", 2),
                CollectOnly("external_choices", "external_choices", None),
            ],
            id="external-choices",
        ),
        pytest.param(
            [["type", "name", "label"], ["image", "photo", "Photo of the cell"]],
            None,
            {},
            [CollectOnly("photo", "survey", 2)],
            id="image",
        ),
        pytest.param(
            [["type", "name", "label"], ["geopoint", "where", "Where"]],
            None,
            {},
            [CollectOnly("geopoint", "survey", 2)],
            id="geopoint",
        ),
        pytest.param(
            [["type", "name", "label"], ["audio", "said", "Interview"]],
            None,
            {},
            [CollectOnly("audio", "survey", 2)],
            id="audio",
        ),
        pytest.param(
            [["type", "name", "label"], ["dateTime", "at", "When"]],
            None,
            {},
            [CollectOnly("dateTime", "survey", 2)],
            id="dateTime",
        ),
        pytest.param(
            [
                ["type", "name", "label"],
                ["begin loop over yn", "l", "L"],
                ["int", "n", "N"],
                ["end loop", None, None],
            ],
            YN,
            {},
            [CollectOnly("begin loop", "survey", 2)],
            id="loop",
        ),
        pytest.param(
            [["type", "name", "label", "default"], ["date", "d", "D", "today()"]],
            None,
            {},
            [CollectOnly("dynamic default", "survey", 2)],
            id="dynamic-default",
        ),
        pytest.param(
            [
                ["type", "name", "label", "constraint"],
                ["integer", "n", "N", ". < pulldata('cells', 'size', 'id', '1')"],
            ],
            None,
            {},
            [CollectOnly("pulldata()", "survey", 2)],
            id="pulldata",
        ),
        pytest.param(
            [
                ["type", "name", "label", "relevant"],
                ["text", "a", "A", None],
                ["text", "b", "B", "../a = 'x'"],
            ],
            None,
            {},
            [CollectOnly("XPath path", "survey", 3)],
            id="xpath-path",
        ),
        pytest.param(
            [
                ["type", "name", "label", "relevant"],
                ["geopoint", "where", "Where", None],
                ["text", "b", "B", "${where} != ''"],
            ],
            None,
            {},
            [CollectOnly("geopoint", "survey", 2), CollectOnly("${where}", "survey", 3)],
            id="reference-to-odk-only-question",
        ),
    ],
)
def test_what_the_web_cannot_evaluate_is_imported_and_marked_for_odk_collect(
    survey, choices, sheets, expected
):
    content = workbook(survey, choices, SETTINGS)
    if sheets:
        from io import BytesIO

        from openpyxl import load_workbook

        book = load_workbook(BytesIO(content))
        for title, rows in sheets.items():
            sheet = book.create_sheet(title)
            for row in rows:
                sheet.append(row)
        buffer = BytesIO()
        book.save(buffer)
        content = buffer.getvalue()
    definition = read_xlsform(content, "form.xlsx")
    assert definition.collect_only == expected
    assert not definition.web_fillable
    assert FormDefinition.from_json(definition.to_json()) == definition


def test_reasons_name_the_row_and_every_construct_on_it():
    definition = read(
        [["type", "name", "calculation"], ["text", "a", None], ["calculate", "c", "1 + 1"]]
    )
    assert definition.collect_only_reasons() == ["survey sheet, row 3: calculation, calculate"]


def test_an_unknown_function_is_still_a_mistake_in_the_form():
    assert problems_of(
        workbook([["type", "name", "relevant"], ["text", "a", "selectd(${a}, 'x')"]])
    ) == ["survey sheet, row 2, column relevant: function 'selectd()' is not supported"]


# --- or_other, as pyxform expands it --------------------------------------------------------


def test_or_other_adds_an_other_choice_and_a_question_shown_when_it_is_chosen():
    definition = read(
        [["type", "name", "label"], ["select_one yn or_other", "held", "Held where?"]], YN
    )
    assert definition.web_fillable
    assert definition.choice_names("yn") == ["yes", "no", "other"]
    other = definition.find("held_other")
    assert other is not None
    assert (other.type, other.relevant) == ("text", "selected(${held}, 'other')")
    language = definition.default_language
    assert not evaluate_form(definition, {"held": "yes"}, language).relevant["held_other"]
    state = evaluate_form(definition, {"held": "other", "held_other": "a van"}, language)
    assert state.relevant["held_other"]
    assert state.cleaned_answers == {"held": "other", "held_other": "a van"}
