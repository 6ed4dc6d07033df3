"""Consent of alleged victims whose case came from a complaint, not an interview."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from vigil.core.redaction import Audience, Mention, Row, redact_table
from vigil.core.tests.factories import client_for
from vigil.people.consent_rules import MENTION_INTERVIEWEE, person_ref
from vigil.people.models import ConsentRecord
from vigil.people.tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


def _case(personas):
    return CaseFactory.create(
        institution=personas.institution_a,
        received_by=personas.investigator.user,
        team=[personas.investigator],
    )


def _export(personas, person) -> list[list[str]]:
    mention = Mention(
        kind=MENTION_INTERVIEWEE,
        name=person.full_name,
        pseudonym=person.pseudonym,
        ref=person_ref(person.pk),
    )
    rows = [Row(cells=[[mention], ["account"]], source=person_ref(person.pk))]
    return redact_table(
        title="Cases",
        headers=["who", "what"],
        rows=rows,
        reader=personas.investigator,
        audience=Audience.AUTHORITIES,
    )


def test_the_team_records_and_withdraws_a_victims_consent_and_documents_obey(personas):
    case = _case(personas)
    person = case.victims.get()
    client = client_for(personas.investigator)
    url = reverse("people:case_consent", args=[case.pk, person.pk])
    assert _export(personas, person) == []  # no consent yet: the story stays out
    response = client.post(
        url,
        {
            "given_by": "person",
            "given_at": "2026-03-12T10:00",
            "scopes": ["anonymous_reports"],
        },
    )
    assert response.status_code == 302
    record = ConsentRecord.objects.get(person=person)
    assert record.case == case and record.interview is None
    assert record.scopes == ["internal", "anonymous_reports"]
    assert _export(personas, person) == [[person.pseudonym, "account"]]
    client.post(reverse("people:case_consent_withdraw", args=[case.pk, person.pk]), {"reason": ""})
    assert ConsentRecord.objects.filter(person=person, withdrawn=True).exists()
    assert _export(personas, person) == []


def test_a_future_date_is_refused_and_nothing_is_recorded(personas):
    case = _case(personas)
    person = case.victims.get()
    future = (datetime.date.today() + datetime.timedelta(days=3)).isoformat() + "T10:00"
    response = client_for(personas.investigator).post(
        reverse("people:case_consent", args=[case.pk, person.pk]),
        {"given_by": "person", "given_at": future, "scopes": ["internal"]},
    )
    assert response.status_code == 400
    assert b"future" in response.content
    assert not ConsentRecord.objects.exists()


def test_an_investigator_not_on_the_case_gets_404(personas):
    from vigil.core.roles import Role
    from vigil.core.tests.factories import MembershipFactory

    case = _case(personas)
    other = MembershipFactory.create(institution=personas.institution_a, role=Role.INVESTIGATOR)
    url = reverse("people:case_consent", args=[case.pk, case.victims.get().pk])
    assert client_for(other).get(url).status_code == 404
    assert client_for(personas.monitor_b).get(url).status_code == 404


def test_an_administrator_cannot_download_a_medico_legal_report(personas):
    from vigil.core.services.documents import document_store

    document = document_store(
        actor=personas.investigator,
        title="Medico-legal report",
        filename="report.pdf",
        content_type="application/pdf",
        content=b"%PDF-1.4 testimony",
        audience="internal",
        subject=_case(personas),
    )
    url = reverse("core:document_download", args=[document.pk])
    assert client_for(personas.admin).get(url).status_code == 404
    assert client_for(personas.investigator).get(url).status_code == 200
