"""Issue 24 point 16: case and interview exports are pseudonymised by default; a named
export goes through a confirmation step that asks why, and the reason is audited."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from vigil.core.models import AuditEvent
from vigil.core.roles import Role
from vigil.core.tests.factories import client_for
from vigil.people.tests.factories_cases import (
    INTERNAL_ONLY,
    case_of_a,
    commissioner_of_a,
    person_with_consent,
)
from vigil.people.tests.factories_interviews import member_of_a
from vigil.people.tests.named_exports import REASON, named_export

pytestmark = pytest.mark.django_db

NAME = "Oyunaa Plantedvictim"
IDENTITY = "ID-77-PLANTED"


def _csv(response) -> list[list[str]]:
    assert response.status_code == 200, response.content[:500]
    return list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))


@pytest.fixture
def world(personas):
    person = person_with_consent(personas, full_name=NAME, scopes=INTERNAL_ONLY)
    person.identity_number = IDENTITY
    person.date_of_birth = "1990-04-12"
    person.save()
    case = case_of_a(personas, victims=[person], reference="C-2026-1616")
    commissioner = commissioner_of_a(personas)
    return person, case, commissioner


@pytest.mark.parametrize(
    ("export", "action"),
    [("people:case_export", "case.exported"), ("people:interview_export", "interview.exported")],
)
def test_the_default_export_writes_pseudonyms_and_decrypts_no_identity(world, export, action):
    person, _case, commissioner = world
    client = client_for(commissioner)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(export))
    rows = _csv(response)
    body = str(rows)
    assert person.pseudonym in body
    for identifier in (NAME, IDENTITY, "1990"):
        assert identifier not in body
    assert "Name" not in rows[0]
    # Not even loaded: no query of the export reads the encrypted identity columns.
    read = " ".join(q["sql"] for q in queries.captured_queries)
    assert person._meta.db_table in read  # the pseudonyms were read...
    for column in ("full_name", "identity_number", "date_of_birth"):  # ...and nothing else
        assert f'"{person._meta.db_table}"."{column}"' not in read, column
    book = openpyxl.load_workbook(io.BytesIO(client.get(reverse(export), {"fmt": "xlsx"}).content))
    cells = " ".join(str(c.value) for row in book.active.iter_rows() for c in row)
    assert person.pseudonym in cells and NAME not in cells
    event = AuditEvent.objects.filter(action=action).latest("sequence")
    assert event.details == {"format": "xlsx", "rows": 1, "identity": "pseudonymised"}


@pytest.mark.parametrize(
    ("named", "action"),
    [
        ("people:case_export_named", "case.exported"),
        ("people:interview_export_named", "interview.exported"),
    ],
)
def test_a_named_export_asks_for_the_reason_and_audits_it(world, named, action):
    person, case, commissioner = world
    client = client_for(commissioner)
    page = client.get(reverse(named), {"stage": case.stage, "fmt": "xlsx"})
    assert page.status_code == 200
    html = page.content.decode()
    assert 'method="post"' in html and 'name="reason"' in html
    assert page.context["form"]["query"].value() == f"stage={case.stage}"

    for reason in ("", "   \n "):
        refused = named_export(client, named, reason=reason)
        assert refused.status_code == 400
        assert "Give the reason for exporting names." in refused.content.decode()
    assert not AuditEvent.objects.filter(action=action).exists()

    with CaptureQueriesContext(connection) as queries:
        rows = _csv(named_export(client, named, reason=f"  {REASON}\n"))
    assert NAME in str(rows)
    read = " ".join(q["sql"] for q in queries.captured_queries)
    assert f'"{person._meta.db_table}"."full_name"' in read  # what the default never reads
    event = AuditEvent.objects.get(action=action)
    assert event.details == {"format": "csv", "rows": 1, "identity": "named", "reason": REASON}
    assert event.actor == commissioner.user


def test_the_named_interview_export_keeps_consent(personas, world):
    _person, _case, commissioner = world
    silent = person_with_consent(personas, full_name="Never Consented", scopes=[])
    body = str(_csv(named_export(client_for(commissioner), "people:interview_export_named")))
    assert NAME in body
    assert "Never Consented" not in body and silent.pseudonym not in body


def test_a_bad_format_is_refused_and_writes_nothing(world):
    _person, _case, commissioner = world
    response = named_export(client_for(commissioner), "people:case_export_named", fmt="pdf")
    assert response.status_code == 400
    assert not AuditEvent.objects.filter(action="case.exported").exists()


def test_roles_that_may_not_export_are_refused_as_before(personas, world):
    for who in (personas.admin, personas.analyst, personas.viewer):
        client = client_for(who)
        for name in ("people:case_export_named", "people:interview_export_named"):
            assert client.get(reverse(name)).status_code == 403, (who.role, name)
            assert named_export(client, name).status_code == 403, (who.role, name)
    assert not AuditEvent.objects.filter(action__endswith=".exported").exists()


def test_need_to_know_and_institution_b_still_hold(personas, world):
    _person, case, _commissioner = world
    stranger = member_of_a(personas, Role.INVESTIGATOR, "stranger@a.example")
    for member in (stranger, personas.monitor_b):
        client = client_for(member)
        for name in ("people:case_export_named", "people:interview_export_named"):
            body = str(_csv(named_export(client, name)))
            assert NAME not in body and case.reference not in body, (member.role, name)
    # Institution B's people reach no record of A: A's case page is a 404 for them.
    page = client_for(personas.monitor_b).get(reverse("people:case_detail", args=[case.pk]))
    assert page.status_code == 404


def test_the_named_export_is_never_a_get_download(world):
    _person, _case, commissioner = world
    client = client_for(commissioner)
    response = client.get(reverse("people:case_export_named"), {"reason": REASON})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert not AuditEvent.objects.filter(action="case.exported").exists()
