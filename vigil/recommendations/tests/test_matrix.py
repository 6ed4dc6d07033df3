"""The matrix round-trip: a workbook of recommendations made for an authority, filled in by the
authority (here with openpyxl, as Excel would), and imported back through the real pages and
background job. Exactly the edited responses and statuses are recorded, each audited; a file
with any problem changes nothing; institution B neither exports nor imports A's matrix."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from vigil.core.models import AuditEvent, Job, Membership
from vigil.core.tests.factories import Personas, client_for
from vigil.core.tests.imports import events_since, import_table, last_event
from vigil.places.models import Authority
from vigil.places.tests.factories import AuthorityFactory
from vigil.recommendations.imports.cells import vocabulary_parser
from vigil.recommendations.models import (
    Addressee,
    AuthorityResponse,
    Recommendation,
    Response,
    Status,
    StatusUpdate,
)
from vigil.recommendations.services import recommendations as services
from vigil.recommendations.tests.factories import RecommendationFactory
from vigil.visits.tests.factories import theme

HEADERS = [
    "Reference",
    "Date",
    "Recommendation",
    "Priority",
    "Due date",
    "Current response",
    "Current status",
    "Response",
    "Response date",
    "Implementation status",
    "Status as of",
    "Comment / evidence",
]
COLUMN = {name: index for index, name in enumerate(HEADERS, start=1)}


@dataclass
class Scene:
    prisons: Authority
    police: Authority
    register: Recommendation  # open, no response yet
    healthcare: Recommendation  # accepted, in progress
    done: Recommendation  # implemented: not in an "open only" matrix
    police_rec: Recommendation  # another authority's


def _rec(personas: Personas, authority: Authority, reference: str, **values: Any) -> Recommendation:
    return RecommendationFactory.create(
        institution=personas.institution_a,
        authority=authority,
        reference=reference,
        created_by=personas.admin.user,
        **values,
    )


@pytest.fixture
def scene(personas: Personas) -> Scene:
    a = personas.institution_a
    prisons = AuthorityFactory.create(institution=a, name="Meridia Prison Service")
    police = AuthorityFactory.create(institution=a, name="Meridia National Police")
    register = _rec(
        personas, prisons, "R-2026-0001", text="Keep the admission register complete.",
        due_on=date(2026, 9, 30), themes=[theme("registers")],
    )  # fmt: skip
    healthcare = _rec(
        personas, prisons, "R-2026-0002", text="Examine every new arrival within 24 hours.",
        priority="urgent",
    )  # fmt: skip
    services.response_record(
        actor=personas.admin, recommendation=healthcare, response=Response.ACCEPTED,
        received_on=date(2026, 4, 10),
    )  # fmt: skip
    services.status_record(
        actor=personas.admin, recommendation=healthcare, status=Status.IN_PROGRESS,
        on=date(2026, 5, 2),
    )  # fmt: skip
    done = _rec(personas, prisons, "R-2026-0003", text="Repair the yard lighting.")
    services.status_record(
        actor=personas.admin, recommendation=done, status=Status.IMPLEMENTED, on=date(2026, 6, 1)
    )
    police_rec = _rec(personas, police, "R-2026-0004", text="Record every interrogation.")
    return Scene(prisons, police, register, healthcare, done, police_rec)


def _download(client: Client, **query: Any) -> Any:
    return client.get(reverse("recommendations:recommendation_matrix_xlsx"), query)


def _workbook(response: Any) -> Any:
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    return load_workbook(io.BytesIO(response.content))


def _bytes(book: Any) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _row_of(sheet: Any, reference: str) -> int:
    for row in range(2, sheet.max_row + 1):
        if sheet.cell(row, 1).value == reference:
            return row
    raise AssertionError(f"{reference} is not in the matrix")


def _import(client: Client, content: bytes, filename: str = "matrix.xlsx") -> tuple[Job, str]:
    return import_table(client, "matrix", content, filename)


def _counts() -> dict[str, int]:
    return {
        "responses": AuthorityResponse.objects.count(),
        "statuses": StatusUpdate.objects.count(),
        "recommendation events": AuditEvent.objects.filter(
            action__startswith="recommendation."
        ).count(),
    }


def _state(*recs: Recommendation) -> list[tuple[str, str, str]]:
    for rec in recs:
        rec.refresh_from_db()
    return [(r.reference, r.response, r.status) for r in recs]


# --- the export ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_matrix_of_an_authority_holds_its_open_recommendations_and_columns_to_fill(
    personas, scene
):
    response = _download(client_for(personas.monitor), authority=scene.prisons.pk, open_only="on")
    assert "vigil-matrix-meridia-prison-service-" in response["Content-Disposition"]
    book = _workbook(response)
    sheet = book.worksheets[0]
    assert [c.value for c in sheet[1]] == HEADERS
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert [row[0] for row in rows] == ["R-2026-0001", "R-2026-0002"]  # not implemented, not police
    register, healthcare = rows
    assert register[1].date() == date(2026, 3, 20)
    assert register[2] == "Keep the admission register complete."
    assert (register[3], register[4].date(), register[5], register[6]) == (
        "Medium",
        date(2026, 9, 30),
        None,
        "Not started",
    )
    assert healthcare[3:7] == ["Urgent", None, "Accepted", "In progress"]
    assert all(value is None for row in rows for value in row[7:])  # left for the authority
    assert sheet.freeze_panes == "B2"
    assert not sheet.protection.sheet
    lists = book.worksheets[1]
    assert lists.sheet_state == "hidden"
    assert [c.value for c in lists["A"]][1:5] == [
        "Accepted",
        "Partially accepted",
        "Rejected",
        "No response",
    ]
    validations = {str(v.sqref): v for v in sheet.data_validations.dataValidation}
    assert set(validations) == {"H2:H3", "J2:J3"}
    assert validations["H2:H3"].type == "list" and validations["H2:H3"].formula1.endswith("$A$5")
    assert validations["J2:J3"].formula1.endswith("$B$7")  # the six statuses
    event = AuditEvent.objects.get(action="recommendation.matrix_exported")
    assert event.details == {"authority": scene.prisons.pk, "addressee": "", "recommendations": 2}


@pytest.mark.django_db
def test_filters_choose_what_the_matrix_holds(personas, scene):
    client = client_for(personas.viewer)  # reading is enough to make a matrix
    everything = _workbook(_download(client, authority=scene.prisons.pk))
    assert [r[0].value for r in everything.worksheets[0].iter_rows(min_row=2)] == [
        "R-2026-0001",
        "R-2026-0002",
        "R-2026-0003",
    ]
    overdue = _workbook(_download(client, authority=scene.prisons.pk, overdue="on"))
    assert [r[0].value for r in overdue.worksheets[0].iter_rows(min_row=2)] == ["R-2026-0001"]
    themed = _workbook(
        _download(client, addressee="detaining_authority", theme=theme("registers").pk)
    )
    assert [r[0].value for r in themed.worksheets[0].iter_rows(min_row=2)] == ["R-2026-0001"]
    other_year = _workbook(_download(client, authority=scene.prisons.pk, year=2025))
    assert other_year.worksheets[0].max_row == 1  # the header alone


@pytest.mark.django_db
def test_the_matrix_page_shows_what_the_matrix_will_hold(personas, scene):
    client = client_for(personas.monitor)
    page = client.get(reverse("recommendations:recommendation_matrix"))
    assert page.status_code == 200 and page.context["count"] is None
    shown = client.get(
        reverse("recommendations:recommendation_matrix"),
        {"authority": scene.prisons.pk, "open_only": "on"},
    )
    body = shown.content.decode()
    assert shown.context["count"] == 2
    assert "R-2026-0001" in body and "R-2026-0003" not in body and "R-2026-0004" not in body
    assert reverse("recommendations:recommendation_matrix_xlsx") + "?" in body
    assert reverse("core:import_upload", args=["matrix"]) in body


@pytest.mark.django_db
def test_a_matrix_needs_an_authority_or_an_addressee(personas, scene):
    response = _download(client_for(personas.monitor), open_only="on")
    assert response.status_code == 400
    assert "Choose the authority (or the addressee) to write to." in response.content.decode()
    assert not AuditEvent.objects.filter(action="recommendation.matrix_exported").exists()


@pytest.mark.django_db
def test_the_list_page_links_the_matrix_and_the_importers_for_those_who_manage(personas, scene):
    managing = (
        client_for(personas.monitor)
        .get(reverse("recommendations:recommendation_list"))
        .content.decode()
    )
    for url in (
        reverse("recommendations:recommendation_matrix"),
        reverse("core:import_upload", args=["matrix"]),
        reverse("core:import_upload", args=["un_recommendations"]),
    ):
        assert url in managing
    reading = (
        client_for(personas.viewer)
        .get(reverse("recommendations:recommendation_list"))
        .content.decode()
    )
    assert reverse("recommendations:recommendation_matrix") in reading
    assert reverse("core:import_upload", args=["matrix"]) not in reading


# --- the round-trip --------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_round_trip_records_exactly_the_edited_responses_and_statuses(personas, scene):
    client = client_for(personas.monitor)
    book = _workbook(_download(client, authority=scene.prisons.pk))
    sheet = book.worksheets[0]
    register, healthcare = _row_of(sheet, "R-2026-0001"), _row_of(sheet, "R-2026-0002")
    # The authority answers the first, and reports progress on the second in its own words.
    sheet.cell(register, COLUMN["Response"]).value = "Partially accepted"
    sheet.cell(register, COLUMN["Response date"]).value = date(2026, 10, 1)
    sheet.cell(register, COLUMN["Comment / evidence"]).value = "A new register from January."
    sheet.cell(healthcare, COLUMN["Response"]).value = "ACCEPTED"  # as before: no change
    sheet.cell(healthcare, COLUMN["Implementation status"]).value = "implemented"
    sheet.cell(healthcare, COLUMN["Status as of"]).value = "15/10/2026"
    sheet.cell(healthcare, COLUMN["Comment / evidence"]).value = "Medical intake log attached."
    edited = _bytes(book)
    before, last = _counts(), last_event()

    job, report = _import(client, edited)

    assert job.result == {
        "ok": True,
        "rows": 3,
        "responses": 1,
        "statuses": 1,
        "updated": 2,
        "unchanged": 1,
    }
    assert "<dt>Responses recorded</dt><dd>1</dd>" in report
    assert "<dt>Statuses recorded</dt><dd>1</dd>" in report
    assert "<dt>Rows unchanged</dt><dd>1</dd>" in report
    assert _state(scene.register, scene.healthcare, scene.done, scene.police_rec) == [
        ("R-2026-0001", Response.PARTIALLY_ACCEPTED, Status.NOT_STARTED),
        ("R-2026-0002", Response.ACCEPTED, Status.IMPLEMENTED),
        ("R-2026-0003", "", Status.IMPLEMENTED),
        ("R-2026-0004", "", Status.NOT_STARTED),
    ]
    response = AuthorityResponse.objects.get(recommendation=scene.register)
    assert (response.received_on, response.text, response.via_matrix) == (
        date(2026, 10, 1),
        "A new register from January.",
        True,
    )
    assert response.recorded_by == personas.monitor.user
    update = scene.healthcare.status_updates.latest("on")
    assert (update.status, update.on, update.evidence, update.via_matrix) == (
        Status.IMPLEMENTED,
        date(2026, 10, 15),
        "Medical intake log attached.",
        True,
    )
    assert scene.healthcare.implemented_on == date(2026, 10, 15)
    assert _counts() == {
        "responses": before["responses"] + 1,
        "statuses": before["statuses"] + 1,
        "recommendation events": before["recommendation events"] + 2,
    }
    assert events_since(last) == [
        "job.started",
        "recommendation.response_recorded",
        "recommendation.status_recorded",
        "upload.created",
    ]
    recorded = AuditEvent.objects.get(action="recommendation.response_recorded", sequence__gt=last)
    assert recorded.details == {"response": "partially_accepted", "via_matrix": True}

    # The same file again: everything it says is already current.
    after, last = _counts(), last_event()
    again, report = _import(client, edited)
    assert (again.result["responses"], again.result["statuses"], again.result["unchanged"]) == (
        0,
        0,
        3,
    )
    assert _counts() == after
    assert events_since(last) == ["job.started", "upload.created"]


@pytest.mark.django_db(transaction=True)
def test_an_unedited_matrix_changes_nothing(personas, scene):
    client = client_for(personas.monitor)
    exported = _download(client, addressee=Addressee.DETAINING_AUTHORITY).content
    before, last = _counts(), last_event()
    job, _report = _import(client, exported)
    assert job.result == {
        "ok": True,
        "rows": 4,
        "responses": 0,
        "statuses": 0,
        "updated": 0,
        "unchanged": 4,
    }
    assert _counts() == before
    assert events_since(last) == ["job.started", "upload.created"]


@pytest.mark.django_db(transaction=True)
def test_an_unknown_reference_or_an_invalid_status_refuses_the_whole_file(personas, scene):
    client = client_for(personas.monitor)
    book = _workbook(_download(client, authority=scene.prisons.pk))
    sheet = book.worksheets[0]
    register, healthcare = _row_of(sheet, "R-2026-0001"), _row_of(sheet, "R-2026-0002")
    sheet.cell(register, COLUMN["Response"]).value = "Accepted"  # valid, but not applied
    sheet.cell(healthcare, COLUMN["Implementation status"]).value = "Done at last"
    sheet.append(["R-1999-0042", None, "A recommendation Vigil never made"])
    snapshot = list(Recommendation.objects.order_by("pk").values())
    before, last = _counts(), last_event()

    job, report = _import(client, _bytes(book))

    assert job.status == Job.Status.SUCCEEDED and job.result["ok"] is False
    assert job.result["problems"] == [
        {
            "row": healthcare,
            "column": "Implementation status",
            # The labels of the drop-down, never the stored codes (issue 24, point 2).
            "problem": "“Done at last” is not one of: Not started, In progress, "
            "Partially implemented, Implemented, Not implemented, No longer relevant.",
        },
        {
            "row": 5,
            "column": "Reference",
            "problem": "No recommendation of your institution has the reference “R-1999-0042”.",
        },
    ]
    assert "2 problems found; nothing was imported." in report
    assert f"<td>{healthcare}</td><td>Implementation status</td>" in report
    assert _counts() == before
    assert list(Recommendation.objects.order_by("pk").values()) == snapshot
    assert events_since(last) == ["job.started", "upload.created"]


@pytest.mark.django_db(transaction=True)
def test_dates_in_the_future_or_before_the_current_entry_are_problems(personas, scene):
    client = client_for(personas.monitor)
    book = _workbook(_download(client, authority=scene.prisons.pk))
    sheet = book.worksheets[0]
    register, healthcare = _row_of(sheet, "R-2026-0001"), _row_of(sheet, "R-2026-0002")
    sheet.cell(register, COLUMN["Response"]).value = "rejected"
    sheet.cell(register, COLUMN["Response date"]).value = date.today() + timedelta(days=30)
    sheet.cell(healthcare, COLUMN["Response"]).value = "rejected"
    sheet.cell(healthcare, COLUMN["Response date"]).value = date(2026, 4, 1)  # before 10 April
    sheet.cell(healthcare, COLUMN["Implementation status"]).value = "not_implemented"
    sheet.cell(healthcare, COLUMN["Status as of"]).value = date(2026, 1, 2)  # before the rec
    sheet.append(["R-2026-0001", None, "the same row twice"])
    before = _counts()

    job, _report = _import(client, _bytes(book))

    assert [(p["row"], p["column"], p["problem"]) for p in job.result["problems"]] == [
        (register, "Response date", "The date is in the future."),
        (
            healthcare,
            "Response date",
            "A later response (10 Apr 2026) is already recorded; give a later date.",
        ),
        (
            healthcare,
            "Status as of",
            "The date is before the recommendation's date (20 Mar 2026).",
        ),
        (
            healthcare,
            "Status as of",
            "The current status dates from 2 May 2026; give a later date.",
        ),
        (5, "Reference", "Same as row 2: a recommendation may appear once."),
    ]
    assert _counts() == before


def test_responses_and_statuses_are_read_by_code_or_name_in_any_case():
    response, status = vocabulary_parser(Response.choices), vocabulary_parser(Status.choices)
    assert {
        response(v) for v in ("partially_accepted", "Partially accepted", "PARTIALLY ACCEPTED")
    } == {"partially_accepted"}
    assert response("no response") == response("No_Response") == "no_response"
    assert status("No longer relevant") == status("no_longer_relevant") == "no_longer_relevant"


# --- institutions ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_institution_b_cannot_export_the_recommendations_of_a(personas, scene):
    client = client_for(personas.monitor_b)
    response = _download(client, authority=scene.prisons.pk)
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert "R-2026-0001" not in response.content.decode()
    # B's own matrix to the same kind of addressee holds none of A's.
    theirs = _workbook(_download(client, addressee=Addressee.DETAINING_AUTHORITY))
    assert theirs.worksheets[0].max_row == 1
    assert not AuditEvent.objects.filter(
        institution=personas.institution_a, action="recommendation.matrix_exported"
    ).exists()


@pytest.mark.django_db(transaction=True)
def test_a_reference_of_institution_a_is_unknown_to_institution_b(personas, scene):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    sheet.append(["R-2026-0001", None, None, None, None, None, None, "Rejected", "2026-10-01"])
    before = _counts()
    job, _report = _import(client_for(personas.monitor_b), _bytes(book))
    assert job.result["problems"] == [
        {
            "row": 2,
            "column": "Reference",
            "problem": "No recommendation of your institution has the reference “R-2026-0001”.",
        }
    ]
    assert _counts() == before
    assert _state(scene.register) == [("R-2026-0001", "", Status.NOT_STARTED)]


@pytest.mark.django_db
def test_importing_a_matrix_needs_the_right_to_manage_recommendations(personas, scene):
    who: list[Membership] = [personas.viewer, personas.analyst]
    for member in who:
        assert (
            client_for(member).get(reverse("core:import_upload", args=["matrix"])).status_code
            == 403
        )
    assert (
        client_for(personas.monitor).get(reverse("core:import_upload", args=["matrix"])).status_code
        == 200
    )
