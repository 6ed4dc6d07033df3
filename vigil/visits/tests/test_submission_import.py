"""Checklists filled offline in ODK Collect or KoboToolbox, imported from the tools' exports into
a visit: answers land on their questions, nothing is imported twice, and a file with a row of
another form version is refused whole."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from vigil.core.models import AuditEvent
from vigil.core.tests.factories import client_for
from vigil.visits.models import ChecklistSubmission, ChecklistVersion, Visit

VERSION = "2026.1"
ODK_HEADERS = [
    "SubmissionDate",
    "visit-station_name",
    "visit-visit_date",
    "visit-official_capacity",
    "register-register_kept",
    "register-register_entries",
    "closing-urgent_concern",
    "closing-urgent_details",
    "remarks",
    "meta-instanceID",
    "KEY",
    "SubmitterName",
    "FormVersion",
]
KOBO_DEPLOYMENT = "vGqT8dXk3rLzP2mW"  # Kobo's "__version__": its deployment id, not the form's


def odk_row(instance: str, version: str = VERSION, **answers: str) -> dict[str, str]:
    row = {
        "SubmissionDate": "2026-03-10T09:12:44.120Z",
        "visit-station_name": "Harbour Lock-up",
        "visit-visit_date": "2026-03-10",
        "remarks": "typed on the tablet",
        "meta-instanceID": f"uuid:{instance}",
        "KEY": f"uuid:{instance}",
        "SubmitterName": "tablet-3",
        "FormVersion": version,
    }
    row.update({key.replace("/", "-"): value for key, value in answers.items()})
    return row


def odk_csv(*rows: dict[str, str]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=ODK_HEADERS, restval="")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def kobo_xlsx() -> bytes:
    """KoboToolbox's XLSX export: the main sheet, then one sheet per repeat, named after it."""
    book = Workbook()
    main = book.active
    assert main is not None
    main.title = "Police custody"
    main.append(
        [
            "start",
            "end",
            "visit/station_name",
            "visit/visit_date",
            "visit/detainees_present",
            "register/register_kept",
            "register/register_entries/identity",
            "register/register_entries/grounds",
            "register/register_entries/release",
            "closing/urgent_concern",
            "_id",
            "_uuid",
            "_submission_time",
            "__version__",
            "_index",
        ]
    )
    main.append(
        [
            "2026-03-12T08:00:00",
            "2026-03-12T11:00:00",
            "North Station",
            date(2026, 3, 12),
            7,
            "yes",
            1,
            0,
            1,
            "no",
            101,
            "k-one",
            "2026-03-12T11:05:00",
            KOBO_DEPLOYMENT,
            1,
        ]
    )
    main.append(
        [
            "2026-03-13T08:00:00",
            "2026-03-13T11:00:00",
            "South Station",
            date(2026, 3, 13),
            3,
            "no",
            0,
            0,
            0,
            "no",
            102,
            "k-two",
            "2026-03-13T11:05:00",
            KOBO_DEPLOYMENT,
            2,
        ]
    )
    cells = book.create_sheet("cells")
    cells.append(
        [
            "cells/cell_label",
            "cells/floor_area_m2",
            "cells/persons_in_cell",
            "cells/colour",
            "_index",
            "_parent_table_name",
            "_parent_index",
            "_submission__id",
            "_submission__uuid",
        ]
    )
    cells.append(["C1", 9.5, 2, "grey", 1, "Police custody", 1, 101, "k-one"])
    cells.append(["C2", 6, 4, "blue", 2, "Police custody", 1, 101, "k-one"])
    cells.append(["S1", 12, 1, "", 3, "Police custody", 2, 102, "k-two"])
    files = book.create_sheet("custody_files")
    files.append(
        [
            "safeguards/custody_files/file_reference",
            "safeguards/custody_files/lawyer_access",
            "_index",
            "_submission__uuid",
        ]
    )
    files.append(["CR-77", "from_start", 1, "k-one"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def version() -> ChecklistVersion:
    return ChecklistVersion.objects.get(
        template__institution__isnull=True, template__form_id="vigil_police_custody"
    )


def _import(  # type: ignore[no-untyped-def]
    client, visit: Visit, version: ChecklistVersion, content: bytes, name: str, *, accept=True
):
    """Upload an export; `accept` leaves out the columns that match no question."""
    data = {"version": version.pk, "file": SimpleUploadedFile(name, content)}
    if accept:
        data["accept_unmatched"] = "on"
    return client.post(reverse("visits:submission_import", args=[visit.pk]), data)


def _answers(visit: Visit) -> dict[str, dict[str, Any]]:
    return {s.external_id: s.answers for s in ChecklistSubmission.objects.filter(visit=visit)}


def test_an_odk_central_csv_export_becomes_filled_checklists_of_the_visit(
    team_visit, team_monitor, version
):
    content = odk_csv(
        odk_row(
            "aaa-1",
            **{
                "visit/official_capacity": "12",
                "register/register_kept": "yes",
                "register/register_entries": "identity grounds",
                "closing/urgent_concern": "yes",
                "closing/urgent_details": "Man in cell 2 needs a doctor",
            },
        ),
        odk_row(
            "bbb-2",
            **{
                "visit/station_name": "Harbour annex",
                "register/register_kept": "no",
                "register/register_entries": "identity",
            },
        ),
    )
    client = client_for(team_monitor)
    # A column that matches no question is listed before anything is imported.
    refused = _import(client, team_visit, version, content, "police_custody.csv", accept=False)
    assert refused.status_code == 400
    assert refused.context["form"].non_field_errors() == [
        "These columns match no question of the form: remarks. Nothing was imported. Choose "
        "the form version they belong to, or import again and accept to leave them out."
    ]
    assert "Import without the columns listed above" in refused.content.decode()
    assert not ChecklistSubmission.objects.exists()
    response = _import(client, team_visit, version, content, "police_custody.csv")
    assert response.status_code == 200
    report = response.context["report"]
    assert (report.rows, report.imported, report.duplicates) == (2, 2, 0)
    assert report.unmatched_columns == ["remarks"]
    page = response.content.decode()
    assert "2 checklists imported from 2 rows (0 already there)." in page
    assert "<code>remarks</code>" in page

    assert _answers(team_visit) == {
        "aaa-1": {
            "visit/station_name": "Harbour Lock-up",
            "visit/visit_date": "2026-03-10",
            "visit/official_capacity": "12",
            "register/register_kept": "yes",
            "register/register_entries": "identity grounds",
            "closing/urgent_concern": "yes",
            "closing/urgent_details": "Man in cell 2 needs a doctor",
        },
        # The register was not kept: the entries' answer is not relevant and is dropped.
        "bbb-2": {
            "visit/station_name": "Harbour annex",
            "visit/visit_date": "2026-03-10",
            "register/register_kept": "no",
        },
    }
    imported = ChecklistSubmission.objects.filter(visit=team_visit)
    assert {(s.source, s.version_id, s.is_complete, s.started_by) for s in imported} == {
        (ChecklistSubmission.Source.ODK, version.pk, True, team_monitor.user)
    }
    assert AuditEvent.objects.filter(action="checklist.imported").count() == 2
    detail = client.get(reverse("visits:visit_detail", args=[team_visit.pk])).content.decode()
    assert "Imported from ODK / KoboToolbox" in detail


def test_importing_the_same_export_twice_creates_nothing_new(team_visit, team_monitor, version):
    client = client_for(team_monitor)
    content = odk_csv(odk_row("aaa-1"), odk_row("bbb-2"))
    _import(client, team_visit, version, content, "export.csv")
    events = AuditEvent.objects.count()
    again = _import(client, team_visit, version, content, "export.csv")
    assert again.status_code == 200
    report = again.context["report"]
    assert (report.rows, report.imported, report.duplicates) == (2, 0, 2)
    assert "0 checklists imported from 2 rows (2 already there)." in again.content.decode()
    assert ChecklistSubmission.objects.count() == 2
    assert AuditEvent.objects.count() == events

    # A later export holds the old rows and one new.
    later = odk_csv(odk_row("aaa-1"), odk_row("bbb-2"), odk_row("ccc-3"))
    report = _import(client, team_visit, version, later, "export.csv").context["report"]
    assert (report.imported, report.duplicates) == (1, 2)
    assert set(_answers(team_visit)) == {"aaa-1", "bbb-2", "ccc-3"}


def test_a_row_repeated_within_one_file_is_imported_once(team_visit, team_monitor, version):
    content = odk_csv(odk_row("aaa-1"), odk_row("aaa-1"))
    report = _import(client_for(team_monitor), team_visit, version, content, "e.csv").context[
        "report"
    ]
    assert (report.imported, report.duplicates) == (1, 1)


def test_a_row_of_another_form_version_refuses_the_whole_file(team_visit, team_monitor, version):
    content = odk_csv(odk_row("aaa-1"), odk_row("bbb-2", version="2025.4"), odk_row("ccc-3"))
    events = AuditEvent.objects.count()
    response = _import(client_for(team_monitor), team_visit, version, content, "export.csv")
    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == [
        "Row 3 was filled with version 2025.4, not 2026.1."
    ]
    assert "Row 3 was filled with version 2025.4, not 2026.1." in response.content.decode()
    assert response.context["report"] is None
    assert not ChecklistSubmission.objects.exists()
    assert AuditEvent.objects.count() == events


def test_a_kobotoolbox_xlsx_export_brings_its_repeats_from_their_sheets(
    team_visit, team_monitor, version
):
    # "__version__" holds Kobo's deployment id, which does not name a form version: no refusal.
    response = _import(client_for(team_monitor), team_visit, version, kobo_xlsx(), "kobo.xlsx")
    assert response.status_code == 200
    report = response.context["report"]
    assert (report.rows, report.imported, report.duplicates) == (2, 2, 0)
    assert report.unmatched_columns == ["cells: cells/colour"]
    assert _answers(team_visit) == {
        "k-one": {
            "visit/station_name": "North Station",
            "visit/visit_date": "2026-03-12",
            "visit/detainees_present": "7",
            "register/register_kept": "yes",
            "register/register_entries": "identity release",
            "closing/urgent_concern": "no",
            "safeguards/custody_files": [
                {"file_reference": "CR-77", "lawyer_access": "from_start"}
            ],
            "cells": [
                {"cell_label": "C1", "floor_area_m2": "9.5", "persons_in_cell": "2"},
                {"cell_label": "C2", "floor_area_m2": "6", "persons_in_cell": "4"},
            ],
        },
        "k-two": {
            "visit/station_name": "South Station",
            "visit/visit_date": "2026-03-13",
            "visit/detainees_present": "3",
            "register/register_kept": "no",
            "closing/urgent_concern": "no",
            "cells": [{"cell_label": "S1", "floor_area_m2": "12", "persons_in_cell": "1"}],
        },
    }
    again = _import(client_for(team_monitor), team_visit, version, kobo_xlsx(), "kobo.xlsx")
    assert (again.context["report"].imported, again.context["report"].duplicates) == (0, 2)
    assert ChecklistSubmission.objects.count() == 2


def test_a_file_that_is_not_a_table_is_refused_with_a_message(team_visit, team_monitor, version):
    response = _import(client_for(team_monitor), team_visit, version, b"", "empty.csv")
    assert response.status_code == 400
    assert not ChecklistSubmission.objects.exists()
    response = _import(client_for(team_monitor), team_visit, version, b"PK\x03\x04broken", "x.xlsx")
    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == [
        "The file could not be opened as an Excel workbook."
    ]
