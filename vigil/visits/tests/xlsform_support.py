"""Shared builders for the XLSForm tests: workbooks, questions and a form using every construct."""

from __future__ import annotations

from io import BytesIO
from typing import Any

import pytest
from openpyxl import Workbook

from vigil.visits.xlsform import (
    FormDefinition,
    FormElement,
    XLSFormError,
    read_xlsform,
)

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
