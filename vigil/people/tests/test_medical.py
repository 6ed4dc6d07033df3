"""Istanbul Protocol examinations: recording them, the body chart's marks, and need to know."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from vigil.core.models import AuditEvent, Job
from vigil.core.roles import Role
from vigil.core.tests.factories import MembershipFactory, client_for
from vigil.people.models import BodyMark, Consistency, Examination, PsychologicalFinding
from vigil.people.services import medical
from vigil.people.tests.factories import (
    CaseFactory,
    ExaminationFactory,
    InterviewFactory,
    PersonFactory,
)
from vigil.people.tests.factories_medical import (
    PLANTED_FINDING,
    PLANTED_NAME,
    examination_setup,
    mark,
    medical_expert,
)

pytestmark = pytest.mark.django_db


def _add_mark(client, examination, **data):  # type: ignore[no-untyped-def]
    values = {
        "side": "front",
        "x": "30",
        "y": "40",
        "description": "Bruise",
        "consistency": Consistency.CONSISTENT,
    }
    values.update(data)
    return client.post(reverse("people:examination_mark_add", args=[examination.pk]), values)


def _numbers(examination: Examination) -> list[int]:
    return list(examination.marks.order_by("number").values_list("number", flat=True))


# --- the body chart's marks ---------------------------------------------------------------


def test_marks_are_numbered_1_2_3_and_keep_their_numbers_after_a_removal(personas):
    setup = examination_setup(personas)
    client = client_for(personas.investigator)
    for side in ("front", "back", "front"):
        response = _add_mark(client, setup.examination, side=side)
        assert response.status_code == 302
        assert response["Location"].endswith("#body-chart")
    assert _numbers(setup.examination) == [1, 2, 3]

    second = setup.examination.marks.get(number=2)
    response = client.post(reverse("people:examination_mark_remove", args=[second.pk]))
    assert response.status_code == 302
    assert _numbers(setup.examination) == [1, 3]

    _add_mark(client, setup.examination)
    assert _numbers(setup.examination) == [1, 3, 4]
    # Nor is the last number given again once removed: a printed report may cite it.
    client.post(
        reverse("people:examination_mark_remove", args=[setup.examination.marks.get(number=4).pk])
    )
    _add_mark(client, setup.examination)
    assert _numbers(setup.examination) == [1, 3, 5]
    actions = AuditEvent.objects.filter(target_id=str(setup.examination.pk)).values_list(
        "action", flat=True
    )
    assert list(actions).count("examination.mark_added") == 5
    assert list(actions).count("examination.mark_removed") == 2


@pytest.mark.parametrize(
    ("field", "value", "label"),
    [
        ("x", "120", "Across, as a percentage from the left of the drawing"),
        ("x", "-0.5", "Across, as a percentage from the left of the drawing"),
        ("y", "100.01", "Down, as a percentage from the top of the drawing"),
        ("y", "abc", "Down, as a percentage from the top of the drawing"),
    ],
)
def test_a_position_outside_0_to_100_is_refused_naming_the_field(personas, field, value, label):
    setup = examination_setup(personas)
    response = _add_mark(client_for(personas.investigator), setup.examination, **{field: value})
    assert response.status_code == 400
    page = response.content.decode()
    assert f'href="#mark_{field}"' in page
    assert label in page and "Give a position between 0 and 100 per cent." in page
    assert not setup.examination.marks.exists()


def test_the_service_refuses_positions_no_chart_has_even_past_the_form(personas):
    setup = examination_setup(personas)
    for field, value in (("x", "NaN"), ("y", "Infinity"), ("x", "101")):
        with pytest.raises(ValidationError) as refused:
            medical.body_mark_add(
                actor=personas.investigator,
                examination=setup.examination,
                side="front",
                description="Bruise",
                consistency=Consistency.CONSISTENT,
                **{"x": "50", "y": "50", field: value},
            )
        assert set(refused.value.message_dict) == {field}
    assert not setup.examination.marks.exists()


def test_a_mark_needs_a_description_and_a_consistency(personas):
    setup = examination_setup(personas)
    response = _add_mark(
        client_for(personas.investigator), setup.examination, description="  ", consistency=""
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Describe the finding." in page and "Choose the degree of consistency." in page
    with pytest.raises(ValidationError) as refused:
        medical.body_mark_add(
            actor=personas.investigator,
            examination=setup.examination,
            side="side-ways",
            x=10,
            y=10,
            description="",
            consistency="probably",
        )
    assert set(refused.value.message_dict) == {"side", "description", "consistency"}
    assert not setup.examination.marks.exists()


def test_the_page_draws_each_mark_as_a_numbered_circle_on_its_side(personas):
    setup = examination_setup(personas)
    mark(setup.examination, 1, side=BodyMark.Side.FRONT, x=25, y=50)
    mark(setup.examination, 2, side=BodyMark.Side.BACK, x=50, y=12.5, consistency="typical")
    response = client_for(personas.investigator).get(
        reverse("people:examination_detail", args=[setup.examination.pk])
    )
    assert response.status_code == 200
    page = response.content.decode()
    front = page[page.index('data-side="front"') : page.index('data-side="back"')]
    back = page[page.index('data-side="back"') :]
    # Per cent of a 200 × 400 drawing.
    assert '<circle cx="50.00" cy="200.00"' in front and ">1</text>" in front
    assert '<circle cx="100.00" cy="50.00"' in back and ">2</text>" in back
    assert "Mark 2: Typical" in back
    # The click-to-place script comes from a static file; the page has no inline script.
    assert "/static/people/body_chart.js" in page
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page)
    # Keyboard users have labelled fields for the side and the position.
    for field in ("mark_x", "mark_y", "mark_description", "mark_consistency"):
        assert f'for="{field}"' in page
    assert "<legend>Side of the body" in page


# --- creating and editing -----------------------------------------------------------------


def test_an_examination_is_recorded_for_a_victim_chosen_by_pseudonym(personas):
    setup = examination_setup(personas)
    other = PersonFactory.create(institution=personas.institution_a)
    setup.case.victims.add(other)
    client = client_for(personas.investigator)
    url = reverse("people:examination_create", args=[setup.case.pk])
    page = client.get(url).content.decode()
    assert setup.person.pseudonym in page and other.pseudonym in page
    assert PLANTED_NAME not in page
    response = client.post(
        url,
        {
            "person": other.pk,
            "examiner": personas.investigator.user_id,
            "examiner_qualifications": "MD, forensic physician",
            "examined_on": "2026-03-15",
            "consent_given": "on",
            "interpreter": "",
            "history": "Arrested on 9 March.",
            "physical_findings": "Abrasions on both wrists.",
        },
    )
    examination = Examination.objects.exclude(pk=setup.examination.pk).get()
    assert response.status_code == 302
    assert response["Location"] == reverse("people:examination_detail", args=[examination.pk])
    assert (examination.person, examination.case) == (other, setup.case)
    assert examination.examiner == personas.investigator.user and examination.consent_given
    assert examination.examined_on == datetime.date(2026, 3, 15)
    assert AuditEvent.objects.filter(
        action="examination.created", target_id=str(examination.pk)
    ).exists()


def test_the_form_refuses_someone_who_is_not_a_victim_and_a_future_date(personas):
    setup = examination_setup(personas)
    stranger = PersonFactory.create(institution=personas.institution_a)
    response = client_for(personas.investigator).post(
        reverse("people:examination_create", args=[setup.case.pk]),
        {
            "person": stranger.pk,
            "examiner": personas.investigator.user_id,
            "examiner_qualifications": "MD",
            "examined_on": "2999-01-01",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'href="#id_person"' in page
    assert Examination.objects.count() == 1
    response = client_for(personas.investigator).post(
        reverse("people:examination_create", args=[setup.case.pk]),
        {
            "person": setup.person.pk,
            "examiner": personas.investigator.user_id,
            "examiner_qualifications": "MD",
            "examined_on": "2999-01-01",
        },
    )
    assert response.status_code == 400
    assert "This date is in the future." in response.content.decode()
    assert Examination.objects.count() == 1


def test_editing_saves_only_what_changed_and_audits_the_fields_not_their_content(personas):
    setup = examination_setup(personas)
    url = reverse("people:examination_edit", args=[setup.examination.pk])
    client = client_for(personas.investigator)
    assert client.get(url).status_code == 200
    examination = setup.examination
    response = client.post(
        url,
        {
            "version": examination.version,
            "person": examination.person_id,
            "examiner": examination.examiner_id,
            "examiner_qualifications": examination.examiner_qualifications,
            "examined_on": examination.examined_on.isoformat(),
            "consent_given": "on",
            "interpreter": examination.interpreter,
            "history": examination.history,
            "physical_findings": examination.physical_findings,
            "psychological_findings": examination.psychological_findings,
            "overall_opinion": "Consistent with the account; X-ray advised.",
        },
    )
    assert response.status_code == 302
    examination.refresh_from_db()
    assert examination.overall_opinion == "Consistent with the account; X-ray advised."
    event = AuditEvent.objects.filter(action="examination.updated").get()
    assert event.details == {"fields": ["overall_opinion"]}


def test_a_psychological_finding_is_recorded_with_its_consistency(personas):
    setup = examination_setup(personas)
    client = client_for(personas.investigator)
    url = reverse("people:examination_psychological_add", args=[setup.examination.pk])
    refused = client.post(url, {"description": "Nightmares", "consistency": "maybe"})
    assert refused.status_code == 400 and not PsychologicalFinding.objects.exists()
    response = client.post(
        url, {"description": "Nightmares, startle", "consistency": "highly_consistent"}
    )
    assert response.status_code == 302
    finding = setup.examination.psychological_items.get()
    assert finding.consistency == Consistency.HIGHLY_CONSISTENT
    page = client.get(reverse("people:examination_detail", args=[setup.examination.pk])).content
    assert b"Nightmares, startle" in page and b"Highly consistent" in page


def test_the_examiner_who_is_not_on_the_case_team_documents_the_examination(personas):
    doctor = medical_expert(personas)
    setup = examination_setup(personas)
    Examination.objects.filter(pk=setup.examination.pk).update(examiner=doctor.user)
    client = client_for(doctor)
    assert (
        client.get(reverse("people:examination_detail", args=[setup.examination.pk])).status_code
        == 200
    )
    assert _add_mark(client, setup.examination).status_code == 302
    # The case itself stays need to know.
    assert client.get(reverse("people:examination_create", args=[setup.case.pk])).status_code == 404


# --- need to know ----------------------------------------------------------------------------


def _every_page(setup) -> list[tuple[str, str, dict[str, str]]]:  # type: ignore[no-untyped-def]
    exam = setup.examination.pk
    some_mark = mark(setup.examination, 1)
    return [
        ("get", reverse("people:examination_detail", args=[exam]), {}),
        ("get", reverse("people:examination_edit", args=[exam]), {}),
        ("post", reverse("people:examination_edit", args=[exam]), {"examiner_qualifications": "x"}),
        ("post", reverse("people:examination_mark_add", args=[exam]), {"side": "front", "x": "1"}),
        ("post", reverse("people:examination_mark_remove", args=[some_mark.pk]), {}),
        (
            "post",
            reverse("people:examination_psychological_add", args=[exam]),
            {"description": "x"},
        ),
        ("post", reverse("people:examination_report", args=[exam]), {"audience": "internal"}),
        ("get", reverse("people:examination_create", args=[setup.case.pk]), {}),
        ("post", reverse("people:examination_create", args=[setup.case.pk]), {}),
    ]


def test_an_investigator_not_on_the_case_gets_404_on_the_examination_and_its_pages(personas):
    outsider = MembershipFactory.create(
        institution=personas.institution_a, role=Role.INVESTIGATOR, user__full_name="Other"
    )
    setup = examination_setup(personas)
    for method, url, data in _every_page(setup):
        response = getattr(client_for(outsider), method)(url, data)
        assert response.status_code == 404, (method, url)
        assert PLANTED_FINDING.encode() not in response.content
    assert list(setup.examination.marks.values_list("number", flat=True)) == [1]
    assert not Job.objects.exists()
    assert not AuditEvent.objects.filter(actor=outsider.user).exists()


@pytest.mark.parametrize("who", ["analyst", "admin", "viewer", "monitor_b"])
def test_analysts_administrators_and_other_institutions_get_404(personas, who):
    setup = examination_setup(personas)
    member = getattr(personas, who)
    for method, url, data in _every_page(setup):
        response = getattr(client_for(member), method)(url, data)
        assert response.status_code == 404, (who, method, url)
    assert setup.examination.marks.count() == 1 and not Job.objects.exists()


def test_reading_an_examination_leaves_an_audit_event_without_its_content(personas):
    setup = examination_setup(personas)
    before = AuditEvent.objects.filter(action="record.read").count()
    response = client_for(personas.investigator).get(
        reverse("people:examination_detail", args=[setup.examination.pk])
    )
    assert response.status_code == 200
    reads = AuditEvent.objects.filter(action="record.read").order_by("sequence")
    assert reads.count() == before + 1
    event = reads.last()
    assert event is not None
    assert (event.target_type, event.target_id) == ("people.examination", str(setup.examination.pk))
    assert event.actor == personas.investigator.user
    assert PLANTED_FINDING not in str(event.details) and PLANTED_NAME not in str(event.details)


def test_the_page_shows_the_pseudonym_never_the_name(personas):
    setup = examination_setup(personas)
    page = client_for(personas.investigator).get(
        reverse("people:examination_detail", args=[setup.examination.pk])
    )
    content = page.content.decode()
    assert setup.person.pseudonym in content and PLANTED_FINDING in content
    assert PLANTED_NAME not in content


def test_the_examination_page_costs_the_same_queries_however_many_marks(personas):
    setup = examination_setup(personas)
    client = client_for(personas.investigator)
    url = reverse("people:examination_detail", args=[setup.examination.pk])
    mark(setup.examination, 1)
    client.get(url)  # warm caches (session, content types)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for number in range(2, 12):
        mark(setup.examination, number, side="back" if number % 2 else "front")
    PsychologicalFinding.objects.create(
        institution=setup.examination.institution,
        examination=setup.examination,
        description="Flashbacks",
        consistency="consistent",
    )
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.content.decode().count('class="body-chart__mark"') == 11
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def test_without_consent_the_hint_points_to_where_consent_is_recorded(personas):
    """Issue 24, point 3: an interviewee's consent is on their interview; a victim who came
    from a complaint was never interviewed, and their consent link is on the case."""
    interviewee = PersonFactory.create(institution=personas.institution_a)
    interview = InterviewFactory.create(
        visit__place__institution=personas.institution_a, person=interviewee,
        created_by=personas.monitor.user, visit__created_by=personas.monitor.user,
    )  # fmt: skip
    from_visit = CaseFactory.create(
        institution=personas.institution_a, victims=[interviewee], team=[personas.investigator],
        received_by=personas.investigator.user, interview=interview,
    )  # fmt: skip
    examined = ExaminationFactory.create(case=from_visit, person=interviewee,
                                         examiner=personas.investigator.user)  # fmt: skip
    client = client_for(personas.investigator)
    text = client.get(reverse("people:examination_detail", args=[examined.pk])).content.decode()
    assert "Record the person's consent on their interview." in text
    assert reverse("people:interview_detail", args=[interview.pk]) + "#consent" in text

    complainant = PersonFactory.create(institution=personas.institution_a)
    case = CaseFactory.create(
        institution=personas.institution_a, victims=[complainant], team=[personas.investigator],
        received_by=personas.investigator.user,
    )  # fmt: skip
    examination = ExaminationFactory.create(case=case, person=complainant,
                                            examiner=personas.investigator.user)  # fmt: skip
    text = client.get(reverse("people:examination_detail", args=[examination.pk])).content.decode()
    assert "on their interview" not in text
    assert "Record the person's consent on the case." in text
    assert reverse("people:case_consent", args=[case.pk, complainant.pk]) in text
