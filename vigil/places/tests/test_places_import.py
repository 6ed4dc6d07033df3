"""Importing places and population counts through the real pages: upload, column mapping, the
background job and its report. Imports are all or nothing, and re-importing changes nothing."""

from __future__ import annotations

import csv
import io
import os
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Model
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook

from vigil.core.models import AuditEvent, Job, StoredUpload
from vigil.core.tests.factories import client_for, run_background_jobs
from vigil.core.tests.imports import events_since, import_table, last_event
from vigil.places.models import AdministrativeArea, Authority, Place, PlaceKind, PopulationSnapshot
from vigil.places.tests.factories import PlaceFactory

# Jobs run in the real worker, after the request's transaction commits.
pytestmark = pytest.mark.django_db(transaction=True)

PLACES_CSV = """Reference,Name,Kind,Authority,Region,Province,District,Official capacity,Latitude,Longitude,Status,Notes
POL-001,Central Police Lock-up,police_station,National Police,North,Hills,Pass,40,47.918,106.917,open,
PRI-017,North Prison,Prison (remand),Prison Service,North,Hills,,800,,,,"Two wings
and one yard"
PSY-003,State Psychiatric Hospital,psychiatric_hospital,Ministry of Health,South,,,,"-12,5",130.25,temporary,
"""  # noqa: E501
PLACE_TABLES: list[type[Model]] = [Place, Authority, AdministrativeArea, PlaceKind]


@pytest.fixture
def client(personas) -> Client:
    return client_for(personas.monitor)


def _counts() -> dict[str, int]:
    tables: list[type[Model]] = [*PLACE_TABLES, PopulationSnapshot]
    return {model.__name__: model._default_manager.count() for model in tables}


# --- places -----------------------------------------------------------------------


def test_one_bad_row_imports_nothing_and_the_report_names_its_row_and_column(client):
    bad = PLACES_CSV.replace("Hills,,800", "Hills,,eight hundred")
    job, report = import_table(client, "places", bad)
    assert job.status == Job.Status.SUCCEEDED
    assert job.result["ok"] is False
    assert job.result["problems"] == [
        {
            "row": 3,
            "column": "Official capacity",
            "problem": "“eight hundred” is not a whole number.",
        }
    ]
    assert "1 problem found; nothing was imported." in report
    assert "<td>3</td><td>Official capacity</td>" in report
    assert _counts() == {
        "Place": 0,
        "Authority": 0,
        "AdministrativeArea": 0,
        "PlaceKind": PlaceKind.objects.filter(institution=None).count(),
        "PopulationSnapshot": 0,
    }
    problems = client.get(reverse("core:job_problems", args=[job.pk]))
    text = b"".join(problems.streaming_content).decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(text))) == [
        ["Row", "Column", "Problem"],
        ["3", "Official capacity", "“eight hundred” is not a whole number."],
    ]


def test_the_corrected_file_imports_every_place_with_its_authority_and_areas(personas, client):
    job, report = import_table(client, "places", PLACES_CSV)
    assert job.result == {
        "ok": True,
        "rows": 3,
        "created": 3,
        "updated": 0,
        "unchanged": 0,
        "authorities_created": 3,
        "areas_created": 4,
    }
    assert "Imported" in report and "<dt>Created</dt><dd>3</dd>" in report
    places = {p.external_ref: p for p in Place.objects.filter(institution=personas.institution_a)}
    assert set(places) == {"POL-001", "PRI-017", "PSY-003"}
    lock_up = places["POL-001"]
    assert (lock_up.kind.code, lock_up.authority.name, lock_up.capacity) == (
        "police_station",
        "National Police",
        40,
    )
    assert [lock_up.area.parent.parent.name, lock_up.area.parent.name, lock_up.area.name] == [
        "North",
        "Hills",
        "Pass",
    ]
    assert lock_up.area.level == AdministrativeArea.Level.DISTRICT
    prison = places["PRI-017"]
    assert (prison.kind.code, prison.area.name, prison.notes) == (
        "prison_remand",
        "Hills",
        "Two wings\nand one yard",
    )
    assert prison.area == lock_up.area.parent  # "North › Hills" is created once
    hospital = places["PSY-003"]
    assert (hospital.latitude, hospital.longitude) == (Decimal("-12.5"), Decimal("130.25"))
    assert (hospital.capacity, hospital.status) == (None, Place.Status.TEMPORARY)
    assert Authority.objects.filter(institution=personas.institution_a).count() == 3
    actions = events_since(0)
    assert actions.count("place.created") == 3
    assert actions.count("authority.created") == 3 and actions.count("area.created") == 4
    assert all(e.actor == personas.monitor.user for e in AuditEvent.objects.all())


def test_importing_the_same_file_again_changes_nothing(client):
    import_table(client, "places", PLACES_CSV)
    before, last = _counts(), last_event()
    job, report = import_table(client, "places", PLACES_CSV)
    assert (job.result["created"], job.result["updated"], job.result["unchanged"]) == (0, 0, 3)
    assert "<dt>Unchanged</dt><dd>3</dd>" in report
    assert _counts() == before
    assert events_since(last) == ["job.started", "upload.created"]


def test_a_changed_row_updates_its_place_only(client):
    import_table(client, "places", PLACES_CSV)
    last = last_event()
    job, _report = import_table(client, "places", PLACES_CSV.replace("Pass,40", "Pass,45"))
    assert (job.result["created"], job.result["updated"], job.result["unchanged"]) == (0, 1, 2)
    assert Place.objects.get(external_ref="POL-001").capacity == 45
    assert events_since(last) == ["job.started", "place.updated", "upload.created"]
    updated = AuditEvent.objects.get(action="place.updated")
    assert updated.details == {"fields": ["capacity"], "import": True}


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_export_of_imported_places_imports_back_unchanged(personas, client, fmt):
    import_table(client, "places", PLACES_CSV)
    # A place typed in by hand: no capacity nor area, a multi-line note from a browser.
    PlaceFactory.create(
        institution=personas.institution_a,
        external_ref="CRT-9",
        name="Court cells",
        capacity=None,
        notes="Basement\r\nno daylight",
        status=Place.Status.CLOSED,
    )
    export = client.get(reverse("places:place_export", args=[fmt]))
    content = b"".join(export.streaming_content) if export.streaming else export.content
    before, last = _counts(), last_event()
    job, _report = import_table(client, "places", content, f"vigil-places.{fmt}")
    assert job.result["ok"] is True, job.result
    assert (job.result["created"], job.result["updated"], job.result["unchanged"]) == (0, 0, 4)
    assert _counts() == before
    assert events_since(last) == ["job.started", "upload.created"]


def test_a_partly_valid_file_leaves_the_database_exactly_as_it_was(personas, client):
    import_table(client, "places", PLACES_CSV)
    before, last = _counts(), last_event()
    snapshot = list(Place.objects.order_by("pk").values())
    partly = (
        PLACES_CSV.replace("Pass,40", "Pass,45")  # a change to an existing place
        + "NEW-1,New Lock-up,police_station,Border Police,East,Coast,,10,,,,\n"  # new everything
        + "NEW-2,Mystery site,black_site,Border Police,,,,,,,,\n"  # unknown kind
        + "NEW-3,Half mapped,other,Border Police,,,,,47.1,,,\n"  # latitude without longitude
        + "NEW-4,Lost district,other,Border Police,,,Pass,,,,,\n"  # district without province
    )
    job, report = import_table(client, "places", partly)
    assert job.result["ok"] is False
    assert [(p["row"], p["column"]) for p in job.result["problems"]] == [
        (6, "Kind"),
        (7, "Longitude"),
        (8, "Province"),
    ]
    assert "Unknown kind “black_site”." in report
    assert _counts() == before
    assert list(Place.objects.order_by("pk").values()) == snapshot
    assert events_since(last) == ["job.started", "upload.created"]


def test_a_reference_twice_in_one_file_is_reported_on_the_second_row(client):
    twice = PLACES_CSV + "POL-001,Another lock-up,police_station,National Police,,,,,,,,\n"
    job, _report = import_table(client, "places", twice)
    assert job.result["problems"] == [
        {"row": 5, "column": "Reference", "problem": "Same as row 2: a row may appear once."}
    ]
    assert not Place.objects.exists()


def test_a_capacity_too_big_to_store_is_a_problem_of_its_row(client):
    huge = PLACES_CSV.replace("Pass,40", "Pass,4000000000")
    job, _report = import_table(client, "places", huge)
    assert job.status == Job.Status.SUCCEEDED
    assert [(p["row"], p["column"]) for p in job.result["problems"]] == [(2, "Official capacity")]
    assert not Place.objects.exists()


def test_places_of_another_institution_are_neither_matched_nor_changed(personas, client):
    theirs = PlaceFactory.create(
        institution=personas.institution_b, external_ref="POL-001", name="B's own"
    )
    job, _report = import_table(client, "places", PLACES_CSV)
    assert job.result["created"] == 3
    theirs.refresh_from_db()
    assert theirs.name == "B's own"
    assert Place.objects.filter(external_ref="POL-001").count() == 2


def test_a_column_the_user_matches_by_hand_is_read_and_named_by_its_header(client):
    beds = PLACES_CSV.replace("Official capacity", "Beds").replace("Pass,40", "Pass,forty")
    guessed, _report = import_table(client, "places", beds, action="check")
    assert guessed.result["ok"] is True  # not guessed: the column was left out
    job, _report = import_table(client, "places", beds, mapping={"capacity": "Beds"})
    assert job.result["problems"] == [
        {"row": 2, "column": "Beds", "problem": "“forty” is not a whole number."}
    ]
    fixed, _report = import_table(
        client, "places", beds.replace("forty", "40"), mapping={"capacity": "Beds"}
    )
    assert fixed.result["created"] == 3
    assert Place.objects.get(external_ref="POL-001").capacity == 40


def test_a_mapping_without_a_required_column_starts_no_job(client):
    upload = client.post(
        reverse("core:import_upload", args=["places"]),
        {"file": SimpleUploadedFile("register.csv", PLACES_CSV.encode())},
    )
    page = client.get(upload["Location"])
    chosen = {f"map_{column.key}": header for column, header in page.context["columns"]}
    response = client.post(upload["Location"], {**chosen, "map_kind": "", "map_name": "Reference"})
    assert response.status_code == 400  # a refused mapping (issue 24, point 7)
    assert response.context["problems"] == [
        "Choose the file's column for “Kind”.",
        "The column Reference is chosen twice.",
    ]
    assert not Job.objects.exists()


# --- check only -----------------------------------------------------------------------


def test_check_only_validates_without_writing_then_imports_on_request(client):
    job, report = import_table(client, "places", PLACES_CSV, action="check")
    assert job.result == {"ok": True, "dry_run": True, "rows": 3}
    assert "The file is valid" in report
    assert "Every row is valid. Nothing was imported yet." in report
    assert not Place.objects.exists() and not Authority.objects.exists()
    assert "place.created" not in events_since(0)
    # The report offers to import the same upload with the same columns.
    url = reverse("core:import_map", args=["places", job.params["upload"]])
    assert f'action="{url}"' in report
    started = client.post(
        url, {f"map_{k}": v for k, v in job.params["mapping"].items()} | {"action": "import"}
    )
    run_background_jobs()
    imported = Job.objects.get(pk=int(started["Location"].rstrip("/").split("/")[-1]))
    assert imported.result["created"] == 3
    assert Place.objects.count() == 3


def test_check_only_reports_problems_too(client):
    unknown_kind = PLACES_CSV.replace("police_station", "x")
    job, _report = import_table(client, "places", unknown_kind, action="check")
    assert job.result["ok"] is False and job.result["problems"][0]["row"] == 2
    assert not Place.objects.exists()


# --- files that are no tables -----------------------------------------------------------


@pytest.mark.django_db  # no job runs: the quicker, rolled-back database will do
@pytest.mark.parametrize(
    ("filename", "content", "message"),
    [
        ("register.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01", "not a CSV"),
        ("register.xlsx", os.urandom(4096), "could not be opened as an Excel workbook"),
        ("register.csv", b"", "empty"),
        ("register.csv", b"Reference,Name,Reference\nP,Q,R\n", "appears twice"),
        ("register.pdf", b"%PDF-1.7 whatever", "Choose a .csv or .xlsx file."),
    ],
)
def test_a_file_that_is_no_table_gets_a_clear_error_and_nothing_is_stored(
    client, filename, content, message
):
    last = last_event()
    response = client.post(
        reverse("core:import_upload", args=["places"]),
        {"file": SimpleUploadedFile(filename, content)},
    )
    assert response.status_code == 400  # a failed POST (ADR 0013)
    assert message in " ".join(response.context["form"].errors["file"])
    assert not StoredUpload.objects.exists()
    assert events_since(last) == []


def test_an_xlsx_file_imports_like_a_csv(personas, client):
    book = Workbook()
    sheet = book.active
    for row in csv.reader(io.StringIO(PLACES_CSV, newline="")):
        sheet.append([int(c) if c.isdigit() else (c or None) for c in row])
    buffer = io.BytesIO()
    book.save(buffer)
    job, _report = import_table(client, "places", buffer.getvalue(), "register.xlsx")
    assert job.result["created"] == 3
    assert Place.objects.get(external_ref="POL-001").capacity == 40


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["viewer", "analyst", "investigator"])
def test_readers_may_not_import(personas, who):
    client = client_for(getattr(personas, who))
    response = client.post(
        reverse("core:import_upload", args=["places"]),
        {"file": SimpleUploadedFile("register.csv", PLACES_CSV.encode())},
    )
    assert response.status_code == 403
    assert client.get(reverse("core:import_upload", args=["population"])).status_code == 403
    assert not StoredUpload.objects.exists()


# --- population counts ---------------------------------------------------------------------


POPULATION_CSV = """Place reference;Date;Total;Women;Juveniles;Source
POL-001;2025-01-31;38;4;;official
POL-001;2025-02-28;52;6;1;
PRI-017;28/02/2025;910;;12;observed
"""


def test_population_counts_import_by_place_reference(client):
    import_table(client, "places", PLACES_CSV)
    job, _report = import_table(client, "population", POPULATION_CSV, "counts.csv")
    assert job.result == {"ok": True, "rows": 3, "created": 3, "updated": 0, "unchanged": 0}
    lock_up = Place.objects.get(external_ref="POL-001")
    assert (lock_up.population, lock_up.population_on) == (52, date(2025, 2, 28))
    prison = Place.objects.get(external_ref="PRI-017")
    count = PopulationSnapshot.objects.get(place=prison)
    assert (count.total, count.juveniles, count.women, count.source) == (910, 12, None, "observed")
    assert (prison.population, prison.population_on) == (910, date(2025, 2, 28))
    assert events_since(0).count("population.recorded") == 3
    last = last_event()
    again, _report = import_table(client, "population", POPULATION_CSV, "counts.csv")
    assert (again.result["created"], again.result["unchanged"]) == (0, 3)
    assert events_since(last) == ["job.started", "upload.created"]


def test_a_corrected_count_replaces_the_one_of_the_same_day_and_source(client):
    import_table(client, "places", PLACES_CSV)
    import_table(client, "population", POPULATION_CSV, "counts.csv")
    corrected = POPULATION_CSV.replace("2025-02-28;52", "2025-02-28;55")
    job, _report = import_table(client, "population", corrected, "counts.csv")
    assert (job.result["created"], job.result["updated"], job.result["unchanged"]) == (0, 1, 2)
    assert Place.objects.get(external_ref="POL-001").population == 55
    assert PopulationSnapshot.objects.count() == 3


def test_an_unknown_place_reference_is_reported_with_its_row_and_column(client):
    import_table(client, "places", PLACES_CSV)
    before, last = _counts(), last_event()
    unknown = POPULATION_CSV + "XYZ-404;2025-02-28;10;;;\nPOL-001;2025-03-01;10;11;;\n"
    job, report = import_table(client, "population", unknown, "counts.csv")
    assert job.result["problems"] == [
        {"row": 5, "column": "Place reference", "problem": "No place has the reference “XYZ-404”."},
        {"row": 6, "column": "Women", "problem": "More than the total (10)."},
    ]
    assert "No place has the reference “XYZ-404”." in report
    assert _counts() == before
    assert events_since(last) == ["job.started", "upload.created"]
    assert Place.objects.get(external_ref="POL-001").population is None


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_export_of_population_counts_imports_back_unchanged(client, fmt):
    import_table(client, "places", PLACES_CSV)
    import_table(client, "population", POPULATION_CSV, "counts.csv")
    export = client.get(reverse("places:population_export", args=[fmt]))
    content = b"".join(export.streaming_content) if export.streaming else export.content
    last = last_event()
    job, _report = import_table(client, "population", content, f"vigil-population.{fmt}")
    assert (job.result["created"], job.result["updated"], job.result["unchanged"]) == (0, 0, 3)
    assert events_since(last) == ["job.started", "upload.created"]
