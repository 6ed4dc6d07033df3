"""The people part of `vigil demo`: every stage, outcome and risk shows, through the services.

The demo is loaded once for the module inside a transaction that is rolled back at the end,
so each test reads the same data and leaves nothing behind.
"""

from __future__ import annotations

import hashlib
import io
import itertools
from collections.abc import Iterator

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.http import Http404
from django.utils import timezone
from PIL import Image

from vigil.core.audit import audit_verify
from vigil.core.demo.builder import DemoWorld, demo_load
from vigil.core.models import AuditEvent, Institution, Membership
from vigil.people import access
from vigil.people.demo.builder import load_people
from vigil.people.demo.content import CASES, INSTITUTION, INTERVIEWS, WITHDRAWALS
from vigil.people.models import (
    BodyMark,
    Case,
    CaseOutcome,
    CaseStage,
    CheckBack,
    ConsentRecord,
    ConsentScope,
    Evidence,
    Examination,
    Interview,
    Person,
    Referral,
    Reprisal,
)
from vigil.people.selectors.reprisals import overdue_check_backs
from vigil.people.services.evidence import evidence_read
from vigil.people.services.interviews import consent_in_force

DEMO_NAMES = [spec.name for spec in INTERVIEWS if spec.name] + [
    name for spec in CASES for name, _gender, _born in spec.victims
]
DEMO_REFERENCES_COUNT = len(CASES)


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: object) -> Iterator[DemoWorld]:
    with django_db_blocker.unblock(), transaction.atomic():  # type: ignore[attr-defined]
        loaded = demo_load()
        yield loaded
        transaction.set_rollback(True)


def _member(world: DemoWorld, email: str) -> Membership:
    return Membership.objects.get(user=world.users[email], institution=world.institutions["hrc"])


def _demo_cases(world: DemoWorld) -> list[Case]:
    """The people step's own cases: those with a reason on every move beyond "received"."""
    institution = world.institutions[INSTITUTION]
    opened = AuditEvent.objects.filter(action="case.opened", institution=institution).order_by(
        "sequence"
    )
    ids = [int(e.target_id) for e in opened[:DEMO_REFERENCES_COUNT]]
    return list(Case.objects.filter(pk__in=ids).prefetch_related("moves", "referrals"))


@pytest.mark.django_db
def test_demo_has_cases_in_every_stage_and_every_outcome_moved_with_dated_reasons(world):
    cases = _demo_cases(world)
    assert len(cases) == len(CASES)
    assert {c.stage for c in cases} == set(CaseStage.values)
    assert {c.outcome for c in cases if c.outcome} == set(CaseOutcome.values)
    today = timezone.localdate()
    for case in cases:
        moves = list(case.moves.all())
        assert moves[0].to_stage == CaseStage.RECEIVED and moves[-1].to_stage == case.stage
        assert [m.moved_on for m in moves] == sorted(m.moved_on for m in moves)
        assert all(m.reason.strip() and m.moved_on <= today for m in moves)
        assert all(a.to_stage == b.from_stage for a, b in itertools.pairwise(moves))
    referred = [c for c in cases if c.outcome in ("referred_other", "referred_prosecution")]
    referrals = [r for c in referred for r in c.referrals.all()]
    assert len(referrals) == len(referred)
    assert any(r.status == Referral.Status.ACTION_TAKEN for r in referrals)
    overdue = [r for r in referrals if r.follow_up_on and r.follow_up_on < today]
    assert overdue and all(r.status != Referral.Status.CLOSED for r in overdue)


@pytest.mark.django_db
def test_need_to_know_is_visible_in_the_demo(world):
    cases = _demo_cases(world)
    investigator = _member(world, "investigator@hrc.example")
    commissioner = _member(world, "commissioner@hrc.example")
    doctor = _member(world, "doctor@hrc.example")
    seen = set(access.cases_visible_to(investigator).values_list("pk", flat=True))
    mine = {c.pk for c in cases}
    assert 0 < len(seen & mine) < len(mine), "the investigator sees some cases, not all"
    hidden = next(c for c in cases if c.pk not in seen)
    with pytest.raises(Http404):
        access.case_get(actor=investigator, pk=hidden.pk)
    assert mine <= set(access.cases_visible_to(commissioner).values_list("pk", flat=True))
    examined = {e.case_id for e in Examination.objects.filter(case__in=cases)}
    assert examined <= set(access.cases_visible_to(doctor).values_list("pk", flat=True))
    for email in ("analyst@hrc.example", "admin@hrc.example"):
        member = _member(world, email)
        assert not access.cases_visible_to(member).exists()
        assert not access.interviews_visible_to(member).exists()


@pytest.mark.django_db
def test_interviews_carry_consent_of_several_scopes_and_two_withdrawals(world):
    institution = world.institutions[INSTITUTION]
    interviews = list(Interview.objects.filter(institution=institution))
    assert len(interviews) >= 28
    assert {i.kind for i in interviews} == {Interview.Kind.INDIVIDUAL, Interview.Kind.GROUP}
    assert any(i.vulnerabilities for i in interviews)
    in_force = {i.pk: consent_in_force(i) for i in interviews}
    assert all(record is not None for record in in_force.values())
    withdrawn = [i for i in interviews if in_force[i.pk].withdrawn]  # type: ignore[union-attr]
    assert len(withdrawn) == len(WITHDRAWALS) == 2
    scope_sets = {tuple(r.scopes) for r in in_force.values() if r and not r.withdrawn}
    assert len(scope_sets) >= 4
    assert any(ConsentScope.PUBLICATION in s for s in scope_sets)
    # A withdrawal is a record of its own: what was allowed before stays readable.
    for interview in withdrawn:
        history = list(ConsentRecord.objects.filter(interview=interview).order_by("recorded_at"))
        assert history[0].scopes and history[-1].withdrawn and not history[-1].scopes


@pytest.mark.django_db
def test_people_at_risk_have_check_backs_some_overdue_some_done_and_reprisals(world):
    institution = world.institutions[INSTITUTION]
    commissioner = _member(world, "commissioner@hrc.example")
    at_risk = Interview.objects.filter(institution=institution, fears_reprisal=True)
    assert at_risk.exists()
    assert all(i.check_backs.exists() for i in at_risk)
    assert overdue_check_backs(commissioner).exists()
    done = CheckBack.objects.filter(institution=institution, done_on__isnull=False)
    assert {c.result for c in done} >= {
        CheckBack.Result.SAFE,
        CheckBack.Result.CONCERN,
        CheckBack.Result.REPRISAL,
    }
    upcoming = CheckBack.objects.filter(
        institution=institution, done_on__isnull=True, due_on__gte=timezone.localdate()
    )
    assert upcoming.exists()
    types = set(Reprisal.objects.filter(institution=institution).values_list("type", flat=True))
    assert len(types) >= 5


@pytest.mark.django_db
def test_examinations_have_marks_front_and_back_with_consistency_and_opinions(world):
    examinations = list(
        Examination.objects.filter(institution=world.institutions[INSTITUTION]).prefetch_related(
            "marks", "psychological_items"
        )
    )
    assert 3 <= len(examinations) <= 4
    sides = {m.side for e in examinations for m in e.marks.all()}
    assert sides == {BodyMark.Side.FRONT, BodyMark.Side.BACK}
    levels = {m.consistency for e in examinations for m in e.marks.all()}
    assert len(levels) >= 4
    for examination in examinations:
        assert examination.marks.all() and examination.psychological_items.all()
        assert examination.overall_opinion and examination.consent_given
        numbers = [m.number for m in examination.marks.all()]
        assert numbers == list(range(1, len(numbers) + 1))


@pytest.mark.django_db
def test_evidence_decrypts_to_its_hash_and_camera_metadata_is_gone(world):
    doctor = _member(world, "doctor@hrc.example")
    commissioner = _member(world, "commissioner@hrc.example")
    files = list(Evidence.objects.filter(institution=world.institutions[INSTITUTION]))
    assert {e.kind for e in files} >= {Evidence.Kind.PHOTO, Evidence.Kind.DOCUMENT}
    stripped = [e for e in files if e.metadata_stripped]
    assert stripped, "a photo from the team's camera lost its EXIF and GPS"
    for evidence in files:
        raw = Evidence.objects.filter(pk=evidence.pk).values_list("content", flat=True).get()
        assert b"Fictional Optics" not in bytes(raw)
        reader = doctor if evidence.examination_id else commissioner
        content = evidence_read(actor=reader, evidence=evidence)
        assert hashlib.sha256(content).hexdigest() == evidence.sha256_stored
        if evidence.kind == Evidence.Kind.PHOTO:
            with Image.open(io.BytesIO(content)) as image:
                exif = image.getexif()
                assert 0x8825 not in exif and 0x0110 not in exif
        if evidence in stripped:
            assert evidence.sha256_original != evidence.sha256_stored
    reads = AuditEvent.objects.filter(action="evidence.downloaded").count()
    assert reads >= len(files)


@pytest.mark.django_db
def test_names_and_numbers_are_not_stored_in_clear(world):
    with connection.cursor() as cursor:
        cursor.execute("SELECT full_name, identity_number FROM people_person")
        rows = cursor.fetchall()
        cursor.execute("SELECT account FROM people_case")
        accounts = [row[0] for row in cursor.fetchall()]
    assert len(rows) >= len(DEMO_NAMES)
    stored = [value for row in rows for value in row if value]
    assert stored and all(value.startswith("v1:") for value in stored)
    text = " ".join(stored + accounts)
    assert not any(name in text for name in DEMO_NAMES)
    assert all(a.startswith("v1:") for a in accounts if a)
    # Decrypted through the model, the names are there.
    names = set(Person.objects.values_list("full_name", flat=True))
    assert set(DEMO_NAMES) <= names
    # And the audit trail names pseudonyms, never people.
    details = " ".join(
        str(d) for d in AuditEvent.objects.exclude(details=None).values_list("details", flat=True)
    )
    assert not any(name in details for name in DEMO_NAMES)


@pytest.mark.django_db
def test_the_demo_went_through_the_services_and_loads_only_once(world):
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "interview.created",
        "consent.recorded",
        "consent.withdrawn",
        "case.opened",
        "case.moved",
        "case.assigned",
        "referral.sent",
        "referral.followed_up",
        "examination.mark_added",
        "evidence.received",
        "reprisal.recorded",
        "check_back.done",
    } <= actions
    assert audit_verify().ok
    counts = (Person.objects.count(), Case.objects.count(), Evidence.objects.count())
    institutions = Institution.objects.count()
    load_people(world)
    call_command("demo", "--if-empty", stdout=io.StringIO())
    assert (Person.objects.count(), Case.objects.count(), Evidence.objects.count()) == counts
    assert Institution.objects.count() == institutions == 3  # two in Meridia, one in Indonesian
