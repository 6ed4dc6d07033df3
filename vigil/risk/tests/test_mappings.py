"""Checklist questions mapped to risk factors: the mapping page, and answers that move scores."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from vigil.core.models import AuditEvent
from vigil.core.tests.factories import Personas, client_for
from vigil.places.models import Place
from vigil.places.tests.factories import PlaceFactory
from vigil.risk.models import ChecklistMapping, RiskFactor, RiskScore
from vigil.risk.services.mappings import mapping_add
from vigil.risk.services.scores import scores_compute
from vigil.visits.models import ChecklistSubmission, ChecklistTemplate, ChecklistVersion, Visit
from vigil.visits.services.checklists import submission_save, submission_start
from vigil.visits.tests.factories import VisitFactory

URL = reverse("risk:risk_mappings")
QUESTION = "register/register_kept"  # "Is a custody register kept?" (yes, no)
IN_REPEAT = "safeguards/custody_files/family_notified"  # one answer per custody file


def police_custody() -> ChecklistTemplate:
    return ChecklistTemplate.objects.get(institution__isnull=True, form_id="vigil_police_custody")


def factor(code: str) -> RiskFactor:
    return RiskFactor.objects.get(institution__isnull=True, code=code)


def mapping_of_a(p: Personas, question: str = QUESTION) -> ChecklistMapping:
    """A mapping of institution A, written directly (without an audit event): the
    cross-institution URL walk uses it too, and counts A's events."""
    return ChecklistMapping.objects.create(
        institution=p.institution_a, factor=factor("register_findings"),
        template=police_custody(), question=question, risk_answers=["no"],
        created_by=p.admin.user,
    )  # fmt: skip


def _messages(response: Any) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


# --- the page ------------------------------------------------------------------------------


def test_a_steward_maps_a_question_of_a_shipped_checklist(personas):
    client = client_for(personas.admin)
    template = police_custody()
    page = client.get(URL, {"template": template.pk}).content.decode()
    assert f"{QUESTION} — Is a custody register kept? (yes, no)" in page
    assert IN_REPEAT in page

    response = client.post(URL, {
        "template": template.pk, "factor": factor("register_findings").pk,
        "question": QUESTION, "risk_answers": "no",
    })  # fmt: skip

    assert response.status_code == 302
    mapping = ChecklistMapping.objects.get(institution=personas.institution_a)
    assert (mapping.question, mapping.risk_answers) == (QUESTION, ["no"])
    assert "now count towards “Findings on registers and record-keeping”" in _messages(response)[0]
    assert AuditEvent.objects.filter(action="risk.mapping_added").exists()
    listing = client.get(URL).content.decode()
    assert QUESTION in listing and template.title in listing


def test_an_answer_the_question_does_not_have_is_refused_naming_the_field(personas):
    client = client_for(personas.admin)
    response = client.post(URL, {
        "template": police_custody().pk, "factor": factor("register_findings").pk,
        "question": QUESTION, "risk_answers": "no, maybe",
    })  # fmt: skip
    assert response.status_code == 400
    page = response.content.decode()
    assert "Answers that signal the risk" in page
    assert "Not an answer of this question: maybe. It accepts: yes, no." in page
    empty = client.post(URL, {"template": police_custody().pk, "factor": "", "question": QUESTION,
                              "risk_answers": " , "})  # fmt: skip
    assert empty.status_code == 400
    assert not ChecklistMapping.objects.exists()


def test_the_same_mapping_twice_is_refused(personas):
    mapping_of_a(personas)
    response = client_for(personas.admin).post(URL, {
        "template": police_custody().pk, "factor": factor("register_findings").pk,
        "question": QUESTION, "risk_answers": "no",
    })  # fmt: skip
    assert response.status_code == 400
    assert "already mapped" in response.content.decode()
    assert ChecklistMapping.objects.count() == 1


def test_a_steward_removes_a_mapping(personas):
    mapping = mapping_of_a(personas)
    client = client_for(personas.admin)
    response = client.post(reverse("risk:risk_mapping_remove", args=[mapping.pk]))
    assert response.status_code == 302
    assert not ChecklistMapping.objects.exists()
    assert AuditEvent.objects.filter(action="risk.mapping_removed").exists()


def test_others_read_the_mappings_but_do_not_change_them(personas):
    mapping = mapping_of_a(personas)
    client = client_for(personas.analyst)
    page = client.get(URL).content.decode()
    assert QUESTION in page and "Map a question" not in page and "Remove" not in page
    assert client.post(URL, {"template": police_custody().pk}).status_code == 403
    assert client.post(reverse("risk:risk_mapping_remove", args=[mapping.pk])).status_code == 403
    assert ChecklistMapping.objects.count() == 1


def test_institution_b_sees_neither_a_mappings_nor_its_own_checklists(personas):
    mapping = mapping_of_a(personas)
    own = ChecklistTemplate.objects.create(
        institution=personas.institution_a, form_id="a_form", title="Checklist of A"
    )
    client = client_for(personas.monitor_b)
    page = client.get(URL).content.decode()
    assert QUESTION not in page and "Checklist of A" not in page
    assert client.get(URL, {"template": own.pk}).status_code == 404
    admin_b = personas.monitor_b
    admin_b.role = "admin"
    admin_b.save(update_fields=["role"])
    assert client.post(reverse("risk:risk_mapping_remove", args=[mapping.pk])).status_code == 404
    assert ChecklistMapping.objects.count() == 1


# --- answers move scores -------------------------------------------------------------------


def _latest(place: Place) -> RiskScore:
    return RiskScore.objects.get(place=place, is_latest=True)


@pytest.fixture
def visited(personas: Personas) -> tuple[Place, Visit]:
    place = PlaceFactory.create(institution=personas.institution_a, name="Harbour Lock-up")
    visit = VisitFactory.create(place=place, starts_on=timezone.localdate() - timedelta(days=20))
    return place, visit


def _starter_version() -> ChecklistVersion:
    return ChecklistVersion.objects.filter(template=police_custody()).latest("imported_at", "pk")


def test_a_mapped_checklist_answer_moves_the_score_of_its_place(personas, visited):
    place, visit = visited
    today = timezone.localdate()
    mapping_add(actor=personas.admin, factor=factor("register_findings"),
                template=police_custody(), question=QUESTION, risk_answers=["no"])  # fmt: skip
    scores_compute(institution=personas.institution_a, on=today)
    before = _latest(place)
    submission = submission_start(actor=personas.admin, visit=visit, version=_starter_version())
    submission_save(actor=personas.admin, submission=submission, answers={QUESTION: "yes"})
    scores_compute(institution=personas.institution_a, on=today)
    assert _latest(place).score == before.score  # "yes" signals nothing

    submission_save(actor=personas.admin, submission=submission, answers={QUESTION: "no"})
    scores_compute(institution=personas.institution_a, on=today)

    after = _latest(place)
    assert after.score > before.score
    part = next(p for p in after.parts if p["factor"] == "register_findings")
    assert Decimal(part["points"]) > 0
    assert part["evidence"][0]["target"] == f"submission_fill:{submission.pk}"
    # The explanation links to the filled checklist.
    page = client_for(personas.analyst).get(reverse("risk:risk_place", args=[place.pk]))
    assert reverse("visits:submission_fill", args=[submission.pk]) in page.content.decode()
    assert f"Checklist answer: {QUESTION}" in page.content.decode()


def test_an_answer_inside_a_repeat_counts_too(personas, visited):
    place, visit = visited
    today = timezone.localdate()
    mapping_add(actor=personas.admin, factor=factor("custody_notification"),
                template=police_custody(), question=IN_REPEAT, risk_answers=["no"])  # fmt: skip
    scores_compute(institution=personas.institution_a, on=today)
    before = _latest(place).score
    ChecklistSubmission.objects.create(
        institution=personas.institution_a, visit=visit, version=_starter_version(),
        started_by=personas.admin.user,
        answers={"safeguards/custody_files": [{"family_notified": "yes"},
                                              {"family_notified": "no"}]},
    )  # fmt: skip
    scores_compute(institution=personas.institution_a, on=today)
    assert _latest(place).score > before
