"""A training's participants uploaded from the roster a police academy sends (CSV or XLSX),
through the import framework: all rows or none, names and badge numbers encrypted as when
typed by hand, and only into a training of the user's own institution."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from openpyxl import Workbook

from vigil.core.models import AuditEvent, StoredUpload
from vigil.core.tests.factories import client_for
from vigil.core.tests.imports import events_since, import_table, last_event
from vigil.programmes.models import RosterEntry
from vigil.programmes.selectors.training import session_figures
from vigil.programmes.tests.factories import programme_officer
from vigil.programmes.tests.test_training import new_training

pytestmark = pytest.mark.django_db(transaction=True)

IMPORTER = "training-roster"
TITLE_ROW = ["Regional Police Training Centre: class roster, custody safeguards course"]
HEADERS = [
    "No.", "Rank", "Surname and Name", "Badge No.", "Unit Assignment", "Sex (M/F)",
    "Pre-Test", "Post-Test", "Attendance", "Remarks",
]  # fmt: skip
ROWS = [
    ["1", "PO1", "Dela Cruz, Maria Lourdes", "PNP-118204", "Station 3, Dalisay City", "F",
     "9", "16", "Present", ""],
    ["2", "PO2", "Bautista, Ramon", "PNP-120577", "Station 3, Dalisay City", "M",
     "11", "17", "Present", "Late on day 2"],
    ["3", "SPO1", "Villanueva, Jerome", "PNP-098311", "Custodial Unit, Provincial HQ", "M",
     "12", "", "Absent", "On duty"],
]  # fmt: skip


def _csv(rows: list[list[str]]) -> bytes:
    lines = [",".join(TITLE_ROW), ",".join(HEADERS)]
    lines += [",".join(f'"{cell}"' if "," in cell else cell for cell in row) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8-sig")


def _xlsx(rows: list[list[str]]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(TITLE_ROW)
    sheet.append(HEADERS)
    for row in rows:
        sheet.append([int(c) if c.isdigit() else c for c in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def training(officer):
    return new_training(officer)  # highest possible score: 20


def _into(training) -> str:
    return f"?into={training.pk}"


@pytest.mark.parametrize(("filename", "build"), [("roster.csv", _csv), ("roster.xlsx", _xlsx)])
def test_a_police_academy_roster_is_imported_with_names_encrypted(
    officer, training, filename, build
):
    client = client_for(officer)
    before = last_event()
    job, report = import_table(client, IMPORTER, build(ROWS), filename, query=_into(training))
    assert job.result["ok"] is True, job.result
    assert job.result["created"] == 3
    assert "Participants added" in report
    assert reverse("programmes:training_detail", args=[training.pk]) in report
    entries = list(RosterEntry.objects.filter(session=training).order_by("pk"))
    assert [e.person for e in entries] == [
        {"name": "Dela Cruz, Maria Lourdes", "badge_number": "PNP-118204"},
        {"name": "Bautista, Ramon", "badge_number": "PNP-120577"},
        {"name": "Villanueva, Jerome", "badge_number": "PNP-098311"},
    ]
    assert [(e.rank, e.gender, e.pre_test, e.post_test, e.attended) for e in entries] == [
        ("PO1", "women", Decimal(9), Decimal(16), True),
        ("PO2", "men", Decimal(11), Decimal(17), True),
        ("SPO1", "men", Decimal(12), None, False),
    ]
    assert entries[2].agency == "Custodial Unit, Provincial HQ"
    # Stored encrypted, as a name typed by hand: neither the name nor the badge in the table.
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT person FROM {RosterEntry._meta.db_table}")
        raw = " ".join(str(row[0]) for row in cursor.fetchall())
    assert "Bautista" not in raw and "PNP-120577" not in raw
    # One audit event per participant and one for the import; never a name in them.
    events = events_since(before)
    assert events.count("training.roster_added") == 3
    assert "training.roster_imported" in events
    details = " ".join(str(e.details) for e in AuditEvent.objects.all())
    assert "Bautista" not in details and "PNP-120577" not in details
    assert session_figures([training])[training.pk].participants == 3


def test_a_malformed_roster_is_refused_row_by_row_and_nothing_is_stored(officer, training):
    rows = [
        ROWS[0],
        ["2", "PO2", "", "PNP-120577", "Station 3, Dalisay City", "M", "11", "17", "Present", ""],
        ["3", "PO3", "Santos, Ana", "PNP-118204", "Station 3, Dalisay City", "F", "8", "15",
         "Present", ""],
        ["4", "SPO1", "Reyes, Carlo", "PNP-131002", "Station 5", "Unknown", "25", "ten",
         "Maybe", ""],
    ]  # fmt: skip
    client = client_for(officer)
    before = last_event()
    job, report = import_table(client, IMPORTER, _csv(rows), "roster.csv", query=_into(training))
    assert job.result["ok"] is False
    problems = [(p["row"], p["column"]) for p in job.result["problems"]]
    assert problems == [
        (4, "Surname and Name"),  # row numbers as the file shows them (a title row above)
        (5, "Badge No."),
        (6, "Attendance"),
        (6, "Post-Test"),
        (6, "Pre-Test"),
        (6, "Sex (M/F)"),
    ]
    by_place = {(p["row"], p["column"]): p["problem"] for p in job.result["problems"]}
    assert by_place[(5, "Badge No.")] == "This badge number is also on row 3."
    assert by_place[(6, "Pre-Test")] == "A score must be between 0 and 20.00."
    assert "nothing was imported" in report
    assert not RosterEntry.objects.exists()
    assert "training.roster_added" not in events_since(before)


def test_a_badge_already_on_the_roster_is_refused(officer, training):
    client = client_for(officer)
    import_table(client, IMPORTER, _csv(ROWS[:1]), "roster.csv", query=_into(training))
    job, _report = import_table(client, IMPORTER, _csv(ROWS), "roster.csv", query=_into(training))
    assert job.result["ok"] is False
    assert job.result["problems"] == [
        {"row": 3, "column": "Badge No.", "problem": "This badge number is already on the roster."}
    ]
    assert RosterEntry.objects.count() == 1


def test_the_training_page_links_the_roster_upload(officer, training):
    page = client_for(officer).get(reverse("programmes:training_detail", args=[training.pk]))
    url = reverse("core:import_upload", args=[IMPORTER]) + _into(training)
    assert url in page.content.decode()


def test_institution_b_gets_404_for_a_training_of_a(personas, training):
    client = client_for(programme_officer(personas.institution_b, "officer@b.example"))
    url = reverse("core:import_upload", args=[IMPORTER])
    assert client.get(url + _into(training)).status_code == 404
    posted = client.post(
        url + _into(training), {"file": SimpleUploadedFile("roster.csv", _csv(ROWS))}
    )
    assert posted.status_code == 404
    assert client.get(url).status_code == 404  # no training named
    assert client.get(url + "?into=abc").status_code == 404
    assert not StoredUpload.objects.exists()
    assert not RosterEntry.objects.exists()


def test_institution_b_cannot_map_an_upload_into_a_training_of_a(personas, officer, training):
    """B's own upload, pointed at A's training on the mapping page: 404, no job."""
    officer_b = programme_officer(personas.institution_b, "officer@b.example")
    client = client_for(officer_b)
    own = new_training(officer_b)
    uploaded = client.post(
        reverse("core:import_upload", args=[IMPORTER]) + _into(own),
        {"file": SimpleUploadedFile("roster.csv", _csv(ROWS))},
    )
    assert uploaded.status_code == 302
    upload_id = StoredUpload.objects.get().pk
    url = reverse("core:import_map", args=[IMPORTER, upload_id]) + _into(training)
    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "import"}).status_code == 404
    assert not RosterEntry.objects.exists()
