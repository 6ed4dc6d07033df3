"""Exports of filled checklists as the tools deliver them: ODK Central's ZIP (one CSV per
repeat, linked by KEY and PARENT_KEY), KoboToolbox's XLSX with nested repeats on sheets whose
names Excel cut at 31 characters, and Kobo's CSV with ";", True/False choice columns and "n/a".
Every entry arrives in its place, or the file is refused whole with the row named."""

from __future__ import annotations

import csv
import io
import zipfile
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from vigil.core.tests.factories import client_for
from vigil.visits.models import ChecklistSubmission, ChecklistVersion, Visit
from vigil.visits.services.checklists import checklist_import
from vigil.visits.tests.xlsform_support import EN, workbook

# A repeat name longer than Excel's 31 characters for a sheet name.
NESTED = "detainees_held_in_this_cell_at_the_time"
FORM = workbook(
    [
        ["type", "name", f"label::{EN}"],
        ["text", "station", "Station"],
        ["begin repeat", "cell", "Cell"],
        ["text", "label", "Cell label"],
        ["integer", "persons", "Persons held"],
        ["begin repeat", NESTED, "Detainee"],
        ["text", "initials", "Initials"],
        ["date", "arrived", "Arrived"],
        ["end repeat", "", ""],
        ["end repeat", "", ""],
        ["select_multiple reasons", "reasons", "Reasons"],
        ["text", "reasons_other", "Other reason"],
        ["integer", "officers", "Officers on duty"],
        ["date", "last_inspection", "Last inspection"],
    ],
    [
        ["list_name", "name", f"label::{EN}"],
        ["reasons", "overcrowding", "Overcrowding"],
        ["reasons", "no_light", "No light"],
        ["reasons", "other", "Other"],
    ],
    [["form_id", "version"], ["cells_audit", "3"]],
)

S1_CELLS = [
    {"label": "A", "persons": "2"},
    {
        "label": "B",
        "persons": "3",
        NESTED: [{"initials": "JD", "arrived": "2026-03-01"}, {"initials": "MK"}],
    },
]


@pytest.fixture
def version(personas) -> ChecklistVersion:
    return checklist_import(actor=personas.admin, content=FORM, filename="cells_audit.xlsx")


def _csv(headers: list[str], rows: list[list[Any]], delimiter: str = ",") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(headers)
    writer.writerows(rows)
    return buffer.getvalue().encode()


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


MAIN = _csv(
    ["SubmissionDate", "station", "reasons", "meta-instanceID", "KEY", "FormVersion"],
    [
        ["2026-03-10T09:00:00Z", "North", "overcrowding", "uuid:s1", "uuid:s1", "3"],
        ["2026-03-11T09:00:00Z", "South", "", "uuid:s2", "uuid:s2", "3"],
    ],
)
CELLS = _csv(
    ["label", "persons", "PARENT_KEY", "KEY"],
    [
        ["A", 2, "uuid:s1", "uuid:s1/cell[1]"],
        ["B", 3, "uuid:s1", "uuid:s1/cell[2]"],
        ["C", 1, "uuid:s2", "uuid:s2/cell[1]"],
    ],
)
DETAINEES = _csv(
    ["initials", "arrived", "PARENT_KEY", "KEY"],
    [
        ["JD", "2026-03-01", "uuid:s1/cell[2]", f"uuid:s1/cell[2]/{NESTED}[1]"],
        ["MK", "", "uuid:s1/cell[2]", f"uuid:s1/cell[2]/{NESTED}[2]"],
    ],
)


def odk_central_zip(detainees: bytes = DETAINEES) -> bytes:
    return _zip(
        {
            "cells_audit.csv": MAIN,
            "cells_audit-cell.csv": CELLS,
            f"cells_audit-{NESTED}.csv": detainees,
            "media/1712.jpg": b"\xff\xd8 a photo, not a table",
        }
    )


def _import(client, visit: Visit, version: ChecklistVersion, content: bytes, name: str):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("visits:submission_import", args=[visit.pk]),
        {"version": version.pk, "file": SimpleUploadedFile(name, content)},
    )


def _answers(visit: Visit) -> dict[str, dict[str, Any]]:
    return {s.external_id: s.answers for s in ChecklistSubmission.objects.filter(visit=visit)}


def test_odk_centrals_zip_brings_every_repeat_and_nested_repeat_in_place(
    team_visit, team_monitor, version
):
    response = _import(client_for(team_monitor), team_visit, version, odk_central_zip(), "x.zip")
    assert response.status_code == 200, response.context["form"].errors
    assert (response.context["report"].imported, response.context["report"].rows) == (2, 2)
    assert _answers(team_visit) == {
        "s1": {"station": "North", "reasons": "overcrowding", "cell": S1_CELLS},
        "s2": {"station": "South", "cell": [{"label": "C", "persons": "1"}]},
    }


def test_a_repeat_row_whose_parent_is_missing_refuses_the_file_naming_the_row(
    team_visit, team_monitor, version
):
    orphan = _csv(
        ["initials", "arrived", "PARENT_KEY", "KEY"],
        [["ZZ", "", "uuid:s9/cell[4]", f"uuid:s9/cell[4]/{NESTED}[1]"]],
    )
    response = _import(
        client_for(team_monitor), team_visit, version, odk_central_zip(orphan), "x.zip"
    )
    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == [
        f"Row 2 of the table cells_audit-{NESTED} belongs to no submission or entry of this export."
    ]
    assert not ChecklistSubmission.objects.exists()


def test_a_repeats_table_uploaded_alone_is_refused_not_read_as_submissions(
    team_visit, team_monitor, version
):
    response = _import(client_for(team_monitor), team_visit, version, CELLS, "cells_audit-cell.csv")
    assert response.status_code == 400
    assert "This is the table of a repeat, not of the submissions" in response.content.decode()
    assert not ChecklistSubmission.objects.exists()


def kobo_xlsx() -> bytes:
    book = Workbook()
    main = book.active
    assert main is not None
    main.title = "Cells audit"
    main.append(["station", "_uuid", "_submission_time", "_index"])
    main.append(["North", "k1", "2026-03-10T09:00:00", 1])
    cells = book.create_sheet("cell")
    cells.append(["cell/label", "cell/persons", "_index", "_parent_table_name", "_parent_index"])
    cells.append(["A", 2, 1, "Cells audit", 1])
    cells.append(["B", 3, 2, "Cells audit", 1])
    nested = book.create_sheet(NESTED[:31])  # Excel cuts sheet names at 31 characters
    nested.append(
        [
            f"cell/{NESTED}/initials",
            f"cell/{NESTED}/arrived",
            "_index",
            "_parent_table_name",
            "_parent_index",
            "_submission__uuid",
        ]
    )
    nested.append(["JD", "2026-03-01", 1, "cell", 2, "k1"])
    nested.append(["MK", "n/a", 2, "cell", 2, "k1"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_kobos_xlsx_nests_repeats_by_parent_table_and_index(team_visit, team_monitor, version):
    response = _import(client_for(team_monitor), team_visit, version, kobo_xlsx(), "kobo.xlsx")
    assert response.status_code == 200, response.context["form"].errors
    assert _answers(team_visit) == {"k1": {"station": "North", "cell": S1_CELLS}}


def test_kobos_csv_with_semicolons_true_false_choices_and_na(team_visit, team_monitor, version):
    content = _csv(
        [
            "station",
            "reasons/overcrowding",
            "reasons/no_light",
            "reasons/other",
            "reasons_other",
            "officers",
            "last_inspection",
            "_uuid",
            "_submission_time",
        ],
        [
            ["East", "True", "False", "True", "Rats", "n/a", "n/a", "k7", "2026-03-12"],
            ["West", "False", "False", "False", "n/a", "4", "2025-11-30", "k8", "2026-03-13"],
        ],
        delimiter=";",
    )
    response = _import(client_for(team_monitor), team_visit, version, content, "kobo.csv")
    assert response.status_code == 200, response.context["form"].errors
    assert _answers(team_visit) == {
        # "reasons/other" (a choice) and "reasons_other" (a question) are two columns.
        "k7": {"station": "East", "reasons": "overcrowding other", "reasons_other": "Rats"},
        # "n/a" is Kobo's mark for a question not asked; a text answer keeps what was typed.
        "k8": {
            "station": "West",
            "reasons_other": "n/a",
            "officers": "4",
            "last_inspection": "2025-11-30",
        },
    }
