"""Encryption at rest for the people app: what identifies a person or tells their story is
planted through the services, then looked for in what an attacker with the disk or a backup
gets: the SQLite file (and its WAL) or a pg_dump of the PostgreSQL database."""

from __future__ import annotations

import datetime

import pytest

from vigil.core.tests.stored import stored_bytes
from vigil.people.models import IntakeSource, Interview, ReprisalType
from vigil.people.services import cases, evidence, interviews, medical, reprisals
from vigil.people.tests.factories_evidence import pdf_bytes
from vigil.visits.tests.factories import VisitFactory

PLANTED_NAME = "Tsetsegmaa Planted-Dorjsuren"
PLANTED_ID_NUMBER = "УБ-PLANTED-880412"
PLANTED_NOTES = "Said the duty officer Planted-Ganbold kicked him in the yard"
PLANTED_ACCOUNT = "Hung by the wrists in the basement planted-account"
PLANTED_FINDING = "Planted-finding: tramline bruises 12 cm across the back"
PLANTED_REPRISAL = "Planted-reprisal: moved to the punishment cell after our visit"
PLANTED_FILE_TEXT = "Planted-evidence: signed statement of the cellmate"
PLANTED_FILE_NAME = "statement-of-Planted-Dorjsuren.pdf"

PLANTED = (
    PLANTED_NAME,
    PLANTED_ID_NUMBER,
    PLANTED_NOTES,
    PLANTED_ACCOUNT,
    PLANTED_FINDING,
    PLANTED_REPRISAL,
    PLANTED_FILE_TEXT,
    PLANTED_FILE_NAME,
)


def _plant(personas) -> tuple[str, str]:
    """A whole dossier, written as the pages write it; returns the pseudonym and case code."""
    monitor, investigator = personas.monitor, personas.investigator
    visit = VisitFactory.create(place__institution=personas.institution_a, created_by=monitor.user)
    interview = interviews.interview_create(
        actor=monitor,
        visit=visit,
        interviewers=[monitor.user],
        identity={"full_name": PLANTED_NAME, "identity_number": PLANTED_ID_NUMBER},
        kind=Interview.Kind.INDIVIDUAL,
        held_on=datetime.date(2026, 3, 10),
        notes=PLANTED_NOTES,
        fears_reprisal=True,
    )
    person = interview.person
    assert person is not None
    case = cases.case_open(
        actor=investigator,
        victims=[person],
        ill_treatment_types=[],
        source=IntakeSource.VISIT_INTERVIEW,
        interview=interview,
        received_on=datetime.date(2026, 3, 11),
        account=PLANTED_ACCOUNT,
    )
    medical.examination_create(
        actor=investigator,
        case=case,
        person=person,
        examiner_qualifications="MD, forensic physician",
        examined_on=datetime.date(2026, 3, 12),
        consent_given=True,
        physical_findings=PLANTED_FINDING,
    )
    reprisals.reprisal_record(
        actor=monitor,
        person=person,
        interview=interview,
        occurred_on=datetime.date(2026, 3, 20),
        type=ReprisalType.THREAT,
        description=PLANTED_REPRISAL,
    )
    evidence.evidence_add(
        actor=investigator,
        holder=case,
        data=pdf_bytes(PLANTED_FILE_TEXT),
        original_name=PLANTED_FILE_NAME,
        description=PLANTED_FILE_TEXT,
    )
    return person.pseudonym, case.reference


@pytest.mark.django_db(transaction=True)
def test_names_numbers_accounts_findings_and_files_are_not_in_the_database_at_rest(personas):
    """SQLite: the database file and its WAL; PostgreSQL: a pg_dump of the test database."""
    pseudonym, reference = _plant(personas)
    stored = stored_bytes()
    # The check is real: what is meant to be in clear is found.
    assert pseudonym.encode() in stored
    assert reference.encode() in stored
    for secret in PLANTED:
        for encoding in ("utf-8", "utf-16-le"):
            assert secret.encode(encoding) not in stored, f"{secret!r} is readable at rest"
