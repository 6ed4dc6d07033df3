"""Protection gaps as files: the workbook at once, the PDF written in the background."""

from __future__ import annotations

import io
import subprocess
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from openpyxl import load_workbook

from vigil.core.models import Job
from vigil.core.roles import Role
from vigil.core.tests.factories import (
    MembershipFactory,
    client_for,
    stored_document,
)
from vigil.risk.reports.jobs import GAPS_JOB
from vigil.risk.tests.test_gaps import CUSTODY, REGISTERS, TODAY, World

CUSTODY_NAME = "No notification of custody to a relative or third person"


@pytest.fixture
def world(personas, monkeypatch: pytest.MonkeyPatch) -> World:
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    return World(personas)


def _workbook(response: Any) -> Any:
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    return load_workbook(io.BytesIO(response.content))


def _pdf_text(content: bytes) -> str:
    assert content.startswith(b"%PDF")
    text = subprocess.run(
        ["/usr/bin/pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()
    return " ".join(text.split())


@pytest.mark.django_db
def test_the_workbook_holds_the_heat_map_the_safeguards_and_the_trend(personas, world):
    response = client_for(personas.analyst).get(reverse("risk:risk_gaps_xlsx"))
    book = _workbook(response)
    assert response["Content-Disposition"] == (
        'attachment; filename="vigil-protection-gaps-kind-2026-06-01.xlsx"'
    )
    assert book.sheetnames == ["About", "Heat map", "Cells", "Safeguards", "Trend"]

    heat = list(book["Heat map"].iter_rows(values_only=True))
    assert heat[0] == (
        "Group",
        "Factor",
        "Prison (remand) (n=2)",
        "Police station or lock-up (n=3)",
        "All places (n=5)",
    )
    custody = next(row for row in heat if row[1] == CUSTODY_NAME)
    assert custody[0] == "Safeguards in the first hours of custody"
    assert custody[2:] == (0.5, pytest.approx(2 / 3, abs=0.001), 0.6)
    assert book["Heat map"].cell(row=heat.index(custody) + 1, column=5).number_format == "0.0%"

    cells = list(book["Cells"].iter_rows(values_only=True))
    police_custody = next(
        r for r in cells if r[1] == CUSTODY and r[3] == "Police station or lock-up"
    )
    assert police_custody[4:] == (3, 2, pytest.approx(2 / 3, abs=0.001), 0.5)
    assert any(r[1] == REGISTERS and r[3] == "All places" and r[4:6] == (5, 2) for r in cells)

    safeguards = list(book["Safeguards"].iter_rows(values_only=True))
    assert [r[1] for r in safeguards[1:4]] == [
        CUSTODY_NAME,
        "Irregularities in registers",
        "No prompt access to a lawyer",
    ]
    assert safeguards[1] == (1, CUSTODY_NAME, "Safeguards in the first hours of custody",
                             3, 5, 0.6, 0.35)  # fmt: skip

    trend = list(book["Trend"].iter_rows(values_only=True))
    first_hours = [r for r in trend if r[1] == "Safeguards in the first hours of custody"]
    assert [(r[0], r[2], r[3]) for r in first_hours] == [(2024, 3, 1), (2025, 4, 3), (2026, 5, 3)]
    assert first_hours[-1][5] == 2.25
    about = dict(book["About"].iter_rows(values_only=True))
    assert about["Protection gaps"] == "Institution A"
    assert about["Not yet scored"] == 1


@pytest.mark.django_db
def test_the_workbook_follows_the_filters_and_refuses_bad_ones(personas, world):
    client = client_for(personas.analyst)
    book = _workbook(
        client.get(
            reverse("risk:risk_gaps_xlsx"), {"dimension": "area", "kind": world.prison_kind.pk}
        )
    )
    header = next(book["Heat map"].iter_rows(values_only=True))
    assert header[2:] == ("South (n=1)", "No area (n=1)", "All places (n=2)")
    about = dict(book["About"].iter_rows(values_only=True))
    assert about["Chosen places"] == "Kind of place: Prison (remand)"
    bad = client.get(reverse("risk:risk_gaps_xlsx"), {"years": "abc"})
    assert bad.status_code == 400
    assert "Enter a whole number." in bad.content.decode()


@pytest.mark.django_db
def test_a_name_that_looks_like_a_formula_stays_text_in_the_workbook(personas, world):
    trap = '=HYPERLINK("http://evil.example","Police")'
    world.police.name = trap
    world.police.save(update_fields=["name"])
    client = client_for(personas.analyst)
    book = _workbook(client.get(reverse("risk:risk_gaps_xlsx"), {"dimension": "authority"}))
    header = list(book["Heat map"][1])
    police = next(cell for cell in header if str(cell.value).startswith("=HYPERLINK"))
    assert police.value == f"{trap} (n=3)" and police.data_type == "s"
    cells = [c for row in book["Cells"].iter_rows() for c in row if c.value == trap]
    assert cells and all(c.data_type == "s" for c in cells)


@pytest.mark.django_db
def test_institution_b_gets_its_own_workbook(personas, world):
    book = _workbook(client_for(personas.monitor_b).get(reverse("risk:risk_gaps_xlsx")))
    heat = list(book["Heat map"].iter_rows(values_only=True))
    assert heat[0][2:] == ("Police station or lock-up (n=1)", "All places (n=1)")
    text = repr([list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets])
    assert "Institution A" not in text and "National Police" not in text


def test_the_pdf_is_written_in_the_background_with_real_figures(
    transactional_db, personas, monkeypatch
):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    World(personas)
    # The configuration made for the hand-made scores queued a recomputation; the hand count
    # is of the stored scores, so that recomputation must not replace them.
    DBTaskResult.objects.filter(task_path__endswith="refresh_scores").delete()
    client = client_for(personas.viewer)
    form = client.get(reverse("risk:risk_gaps_pdf"), {"dimension": "authority"})
    assert form.status_code == 200
    assert 'value="authority" selected' in form.content.decode()
    response = client.post(
        reverse("risk:risk_gaps_pdf"),
        {"dimension": "authority", "years": "3", "audience": "public"},
    )
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "core:job_detail", args=[job.pk]
    )
    assert job.kind == GAPS_JOB
    assert job.params == {"dimension": "authority", "years": 3, "audience": "public",
                          "language": "en"}  # fmt: skip
    document = stored_document(job)
    assert document.audience == "public"
    assert b"%PDF" not in bytes(document.content)  # stored encrypted
    page = client.get(reverse("core:job_detail", args=[job.pk])).content.decode()
    assert job.result["download_url"] in page
    download = client.get(job.result["download_url"])
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    text = _pdf_text(download.content)
    assert "Protection gaps" in text
    assert "Public version: personal details have been removed." in text
    assert "National Police (3 places)" in text and "Prison Service (2 places)" in text
    # Custody notification: 2 of 3 police places, 1 of 2 prisons, 3 of 5 in all.
    assert "66.7 % (2/3)" in text and "50 % (1/2)" in text and "60 % (3/5)" in text
    assert "Safeguards most often missing" in text
    assert "3/5 60 % 0.35" in text
    assert "75 % (3/4), " in text  # the 2025 trend of the first hours
    assert "Central Lock-up" not in text  # figures only, no place named
    # Another institution never gets the document nor the job.
    admin_b = MembershipFactory.create(institution=personas.institution_b, role=Role.ADMIN)
    for outsider in (personas.monitor_b, admin_b):
        assert client_for(outsider).get(job.result["download_url"]).status_code == 404
        assert (
            client_for(outsider).get(reverse("core:job_detail", args=[job.pk])).status_code == 404
        )


@pytest.mark.django_db
def test_a_pdf_request_with_bad_input_changes_nothing(personas, world):
    client = client_for(personas.analyst)
    response = client.post(reverse("risk:risk_gaps_pdf"), {"audience": "everyone", "years": "40"})
    assert response.status_code == 400
    body = response.content.decode()
    assert (
        "Select a valid choice" in body and "Ensure this value is less than or equal to 10" in body
    )
    assert not Job.objects.exists()


@pytest.mark.django_db
def test_a_pdf_job_of_a_member_who_left_fails_with_a_message(personas, world):
    from vigil.risk.reports.jobs import gaps_report_start
    from vigil.risk.selectors.gap_scope import GapsFilters

    job = gaps_report_start(actor=personas.analyst, filters=GapsFilters(), audience="internal")
    personas.analyst.is_active = False
    personas.analyst.save(update_fields=["is_active"])
    from vigil.core.jobs import JobFailed, JobProgress
    from vigil.risk.reports.jobs import generate_gaps_report

    with pytest.raises(JobFailed):
        generate_gaps_report(job, JobProgress(job))
