"""Hostile files through the real import pages: each is refused with a message that names
the limit or the damage, and nothing changes in the database.

Every case runs in a forked child with a capped address space and a timeout
(`hostile.bounded`), so a regression that lets a bomb through fails its test rather than
taking the machine down. The child opens its own database connection, hence the
transactional database.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from vigil.core import hooks
from vigil.core.imports import JOB_KIND
from vigil.core.jobs import job_start
from vigil.core.models import Job, StoredUpload
from vigil.core.tests import hostile
from vigil.core.tests.factories import client_for, run_background_jobs
from vigil.programmes.tests.test_training import new_training

pytestmark = pytest.mark.django_db(transaction=True)

MB = 1024 * 1024
HEADER = b"Reference,Name,Kind,Authority\n"
XML_REFUSED = "document type declaration or entities"
NOT_A_WORKBOOK = "could not be opened as an Excel workbook"


@dataclass(frozen=True)
class Case:
    name: str
    filename: str
    build: Callable[[], bytes]
    message: str

    def __str__(self) -> str:
        return self.name


CASES = [
    # Archives
    Case("xlsx-bomb-300KB-to-300MB", "places.xlsx", hostile.bomb_workbook, "more than 100 MB"),
    Case("xlsx-lying-headers", "places.xlsx", hostile.lying_bomb_workbook, "100 times its size"),
    Case("xlsx-overlapping-2GB", "places.xlsx", hostile.overlapping_workbook, "100 times"),
    Case("xlsx-3000-members", "places.xlsx", hostile.crowded_archive, "more than 2,000 files"),
    Case("nested-zips-as-xlsx", "places.xlsx", hostile.nested_zip, NOT_A_WORKBOOK),
    Case("xlsx-encrypted-member", "places.xlsx", hostile.encrypted_workbook, "a password"),
    Case("xlsx-bzip2-member", "places.xlsx", hostile.bzip2_workbook, "compression"),
    Case("xlsx-wrong-crc", "places.xlsx", hostile.wrong_crc_workbook, NOT_A_WORKBOOK),
    Case("xlsx-truncated", "places.xlsx", hostile.truncated_workbook, NOT_A_WORKBOOK),
    # XML
    Case("xlsx-billion-laughs-shared", "places.xlsx", hostile.laughing_workbook, XML_REFUSED),
    Case("xlsx-billion-laughs-sheet", "p.xlsx", hostile.laughing_sheet_workbook, XML_REFUSED),
    Case("xlsx-external-entity", "places.xlsx", hostile.xxe_workbook, XML_REFUSED),
    # Table shape
    Case("xlsx-huge-cell", "places.xlsx", hostile.huge_cell_workbook, "32,767 characters"),
    Case("xlsx-16384-columns", "places.xlsx", hostile.wide_workbook, "1,000 columns"),
    Case("xlsx-million-columns", "p.xlsx", hostile.million_columns_workbook, NOT_A_WORKBOOK),
    Case("csv-million-columns", "places.csv", lambda: b"a" + b",a" * 1_000_000, "1,000 columns"),
    Case(
        "csv-huge-line",
        "places.csv",
        lambda: HEADER + b'"' + b"x" * 3 * MB + b'",b,c,d\n',
        "32,767 characters",
    ),
    Case(
        "csv-huge-cell",
        "places.csv",
        lambda: HEADER + b"P-1," + b"x" * 40_000 + b",police_station,Police\n",
        "32,767 characters",
    ),
    Case(
        "csv-too-many-rows",
        "places.csv",
        lambda: HEADER + b"P,N,K,A\n" * 200_001,
        "more than 200,000 rows",
    ),
    Case(
        "csv-too-many-cells",
        "places.csv",
        lambda: b",".join(b"c%d" % i for i in range(21)) + b"\n" + (b"1," * 20 + b"1\n") * 100_000,
        "more than 2,000,000 cells",
    ),
    Case("csv-with-nul", "places.csv", lambda: HEADER + b"P-1,\x00,x,y\n", "not a CSV"),
    # Size and foreign files
    Case("larger-than-50MB", "places.csv", lambda: b"a\n" + b"x" * 50 * MB, "larger than 50 MB"),
    Case("png-as-xlsx", "places.xlsx", lambda: b"\x89PNG\r\n\x1a\n" + b"\0" * 64, NOT_A_WORKBOOK),
    Case("pdf-as-csv", "places.csv", lambda: b"%PDF-1.7\n\x00\x01binary", "not a CSV"),
    Case("exe-as-txt", "places.txt", lambda: b"MZ\x90\x00\x03\x00" * 20, "not a CSV"),
    Case("xlsx-named-csv", "places.csv", hostile.bomb_workbook, "more than 100 MB"),
    Case("empty", "places.csv", lambda: b"", "empty"),
    Case("html-as-csv-extension", "places.html", lambda: HEADER, "Choose a .csv or .xlsx"),
]


def _counts() -> dict[str, int]:
    """Every table's row count (sessions aside: a request may touch its own)."""
    return {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models()
        if model is not Session
    }


@pytest.fixture
def admin(personas) -> Client:
    return client_for(personas.admin)


def _upload(
    client: Client, importer: str, filename: str, content: bytes, query: str = ""
) -> dict[str, object]:
    response = client.post(
        reverse("core:import_upload", args=[importer]) + query,
        {"file": SimpleUploadedFile(filename, content)},
    )
    form = response.context["form"] if response.context else None
    return {
        "status": response.status_code,
        "errors": list(form.errors.get("file", [])) if form else [],
    }


@pytest.mark.parametrize("case", CASES, ids=str)
def test_a_hostile_upload_is_refused_with_a_clear_message_and_changes_nothing(admin, case):
    content = case.build()
    before = _counts()
    answer = hostile.bounded(lambda: _upload(admin, "places", case.filename, content))
    assert answer["status"] == 400
    assert any(case.message in error for error in answer["errors"]), answer["errors"]
    assert _counts() == before


@pytest.mark.parametrize("importer", sorted(hooks.keys(hooks.IMPORTER)))
def test_every_importer_refuses_a_bomb(personas, admin, importer):
    query = ""
    if hooks.get_keyed(hooks.IMPORTER, importer).into is not None:  # into a training
        query = f"?into={new_training(personas.admin).pk}"
    before = _counts()
    bomb = hostile.overlapping_workbook()
    answer = hostile.bounded(lambda: _upload(admin, importer, "table.xlsx", bomb, query))
    assert answer == {
        "status": 400,
        "errors": [
            "The file expands to more than 100 times its size (a “zip bomb”); it was refused."
        ],
    }
    assert _counts() == before


MAPPING_CASES = [c for c in CASES if c.name.startswith(("xlsx-bomb", "xlsx-lying", "xlsx-billion"))]


@pytest.mark.parametrize("case", MAPPING_CASES, ids=str)
def test_a_stored_hostile_file_is_refused_by_the_mapping_page_and_the_import_job(
    personas, admin, case
):
    """A file kept before a limit was lowered (or by an older Vigil) is refused later too."""
    upload = StoredUpload.objects.create(
        institution=personas.admin.institution,
        filename=case.filename,
        content=case.build(),
        uploaded_by=personas.admin.user,
    )
    job = job_start(
        actor=personas.admin,
        kind=JOB_KIND,
        title="hostile",
        params={"importer": "places", "upload": upload.pk, "mapping": {}, "dry_run": False},
    )
    before = _counts()
    url = reverse("core:import_map", args=["places", upload.pk])

    def pages() -> dict[str, object]:
        shown, posted = admin.get(url), admin.post(url, {"action": "import"})
        run_background_jobs()
        return {
            "statuses": [shown.status_code, posted.status_code],
            "refusals": [shown.context["refusal"], posted.context["refusal"]],
        }

    answer = hostile.bounded(pages)
    assert answer["statuses"] == [400, 400]
    assert all(case.message in refusal for refusal in answer["refusals"])
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert case.message in job.message
    assert _counts() == before  # the job failed; no row came in


def test_a_name_with_folders_and_a_right_to_left_override_is_kept_harmless(personas, admin):
    content = HEADER + b"P-1,North Prison,prison,Prison Service\n"
    name = "../../etc/passwd\u202excs.csv"
    answer = hostile.bounded(lambda: _upload(admin, "places", name, content))
    assert answer["status"] == 302
    assert StoredUpload.objects.get().filename == "passwdxcs.csv"


def test_a_formula_is_read_as_text_never_run(personas, admin):
    content = HEADER + b"P-1,=cmd|' /C calc'!A0,prison,=HYPERLINK(\"http://example.org\")\n"

    def upload_and_preview() -> list[list[str]]:
        answer = admin.post(
            reverse("core:import_upload", args=["places"]),
            {"file": SimpleUploadedFile("places.csv", content)},
        )
        return admin.get(answer["Location"]).context["preview"]

    preview = hostile.bounded(upload_and_preview)
    assert preview == [["P-1", "=cmd|' /C calc'!A0", "prison", '=HYPERLINK("http://example.org")']]
