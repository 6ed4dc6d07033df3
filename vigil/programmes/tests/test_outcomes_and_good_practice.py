"""Outcomes of programmes (dated, with evidence, the contribution claimed and the
recommendations they implement) and good-practice entries (what worked, in what context,
lessons; tagged by the good-practice themes; searchable; marked ready to share)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from vigil.core.models import AuditEvent
from vigil.core.tests.factories import client_for
from vigil.programmes.models import GoodPractice, GoodPracticeTheme, Outcome
from vigil.programmes.selectors.programmes import outcomes_for_recommendation
from vigil.programmes.services.good_practice import good_practice_create
from vigil.programmes.services.programmes import outcome_create
from vigil.programmes.tests.factories import (
    GoodPracticeFactory,
    OutcomeFactory,
    ProgrammeFactory,
)
from vigil.recommendations.tests.factories import RecommendationFactory
from vigil.visits.tests.factories import theme


@pytest.fixture
def programme(personas, officer):
    return ProgrammeFactory.create(
        institution=personas.institution_a, champion=officer.user, title="Court cells inquiry"
    )


# --- outcomes ---------------------------------------------------------------------------


def test_an_officer_records_an_outcome_implementing_recommendations(personas, officer, programme):
    rec = RecommendationFactory.create(institution=personas.institution_a, reference="R-2025-0007")
    client = client_for(officer)
    assert client.get(reverse("programmes:outcome_create", args=[programme.pk])).status_code == 200
    response = client.post(reverse("programmes:outcome_create", args=[programme.pk]), {
        "achieved_on": "2025-10-01", "kind": "inspection_power",
        "statement": "Court cells added to the inspection mandate",
        "evidence": "Amendment to the Crimes of Torture Act, s. 16",
        "contribution": "direct", "recommendations": [rec.pk]})  # fmt: skip
    assert response.status_code == 302
    outcome = Outcome.objects.get()
    assert list(outcome.recommendations.all()) == [rec]
    event = AuditEvent.objects.get(action="outcome.created")
    assert event.details["recommendations"] == [rec.pk]
    page = client_for(personas.viewer).get(
        reverse("programmes:prevention_detail", args=[programme.pk])
    )
    body = page.content.decode()
    assert "Court cells added to the inspection mandate" in body
    assert "Amendment to the Crimes of Torture Act" in body and "R-2025-0007" in body
    assert list(outcomes_for_recommendation(actor=personas.viewer,
                                                      recommendation=rec)) == [outcome]  # fmt: skip


def test_an_outcome_needs_evidence_and_is_edited_with_an_audit(personas, officer, programme):
    client = client_for(officer)
    response = client.post(reverse("programmes:outcome_create", args=[programme.pk]), {
        "achieved_on": "2025-10-01", "kind": "law_amended", "statement": "Law amended",
        "evidence": "", "contribution": "partial"})  # fmt: skip
    assert response.status_code == 400 and "evidence" in response.context["form"].errors
    outcome = OutcomeFactory.create(programme=programme)
    response = client.post(reverse("programmes:outcome_edit", args=[outcome.pk]), {
        "achieved_on": "2025-11-03", "kind": "budget", "statement": outcome.statement,
        "evidence": "Budget line 4.2 for lock-up food", "contribution": "partial",
        "version": outcome.version})  # fmt: skip
    assert response.status_code == 302
    outcome.refresh_from_db()
    assert outcome.kind == "budget"
    event = AuditEvent.objects.get(action="outcome.updated")
    assert event.details["fields"] == ["contribution", "evidence", "kind"]


def test_an_outcome_cannot_claim_a_recommendation_of_another_institution(personas, programme,
                                                                          officer):  # fmt: skip
    rec_of_b = RecommendationFactory.create(institution=personas.institution_b)
    with pytest.raises(ValidationError):
        outcome_create(
            actor=officer, programme=programme, achieved_on=datetime.date(2025, 1, 1),
            kind="other", statement="s", evidence="e", contribution="direct",
            recommendations=[rec_of_b],
        )  # fmt: skip
    assert not Outcome.objects.exists()


def test_viewers_may_not_record_outcomes(personas, programme):
    with pytest.raises(PermissionDenied):
        outcome_create(
            actor=personas.viewer, programme=programme, achieved_on=datetime.date(2025, 1, 1),
            kind="other", statement="s", evidence="e", contribution="direct",
        )  # fmt: skip


# --- good practice ----------------------------------------------------------------------


def test_an_officer_writes_a_good_practice_entry_from_the_programme(personas, officer, programme):
    client = client_for(officer)
    url = reverse("programmes:good_practice_create") + f"?programme={programme.pk}"
    form = client.get(url).context["form"]
    assert form.initial["programme"] == programme
    response = client.post(url, {
        "title": "A mentor opens doors", "programme": programme.pk,
        "what_worked": "Meeting the Commissioner of Police with our mentor.",
        "context": "A new police leadership.", "lessons": "Invest in the relationship early.",
        "practice_themes": ["mentoring", "dialogue"], "protection_gap": "Court cells",
        "themes": [theme("custody_safeguards").pk], "ready_to_share": "on"})  # fmt: skip
    entry = GoodPractice.objects.get()
    assert response["Location"] == reverse("programmes:good_practice_detail", args=[entry.pk])
    assert entry.practice_themes == ["mentoring", "dialogue"] and entry.ready_to_share
    assert AuditEvent.objects.filter(action="good_practice.created").count() == 1
    page = client_for(personas.viewer).get(response["Location"]).content.decode()
    assert "Expert mentoring" in page and "Constructive dialogue with authorities" in page
    detail = client.get(
        reverse("programmes:prevention_detail", args=[programme.pk])
    ).content.decode()
    assert "A mentor opens doors" in detail


def test_an_unknown_good_practice_theme_is_refused(personas, officer):
    with pytest.raises(ValidationError) as error:
        good_practice_create(actor=officer, title="t", what_worked="w", context="c",
                                      lessons="l", practice_themes=["luck"])  # fmt: skip
    assert "practice_themes" in error.value.message_dict


def test_editing_an_entry_marks_it_ready_to_share_with_an_audit(personas, officer):
    entry = GoodPracticeFactory.create(institution=personas.institution_a)
    response = client_for(officer).post(reverse("programmes:good_practice_edit", args=[entry.pk]), {
        "title": entry.title, "what_worked": entry.what_worked, "context": entry.context,
        "lessons": entry.lessons, "practice_themes": ["sustainability"],
        "ready_to_share": "on", "version": entry.version})  # fmt: skip
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.ready_to_share and entry.practice_themes == ["sustainability"]
    event = AuditEvent.objects.get(action="good_practice.updated")
    assert event.details == {"fields": ["practice_themes", "ready_to_share"],
                             "ready_to_share": True}  # fmt: skip


@pytest.fixture
def entries(personas):
    a = personas.institution_a
    return {
        "summit": GoodPracticeFactory.create(
            institution=a,
            title="A national summit with the police",
            what_worked="Bringing 150 officials into one room",
            lessons="Advisories need follow-up",
            practice_themes=["dialogue", "communication"],
            ready_to_share=True,
            themes=[theme("custody_safeguards")],
        ),
        "manual": GoodPracticeFactory.create(
            institution=a,
            title="A trilingual monitoring manual",
            what_worked="Writing, training and piloting before publishing",
            lessons="Pilot the manual in two provinces first",
            practice_themes=["sustainability"],
        ),
        "mentor": GoodPracticeFactory.create(
            institution=a,
            title="Mentoring across borders",
            what_worked="Monthly calls with a mentor",
            lessons="Peer exchange keeps energy up",
            practice_themes=["mentoring", "peer_exchange"],
            ready_to_share=True,
        ),
        "of_b": GoodPracticeFactory.create(
            institution=personas.institution_b,
            title="Summit of B, with the police",
            practice_themes=["dialogue"],
            ready_to_share=True,
        ),
    }


def _found(personas, **query):
    response = client_for(personas.viewer).get(reverse("programmes:good_practice_list"), query)
    assert response.status_code == 200
    return sorted(entry.title for entry in response.context["page"])


def test_good_practice_is_found_by_words_in_title_what_worked_and_lessons(personas, entries):
    assert _found(personas, q="summit") == ["A national summit with the police"]
    assert _found(personas, q="piloting") == ["A trilingual monitoring manual"]
    assert _found(personas, q="provinces pilot") == ["A trilingual monitoring manual"]
    assert _found(personas, q="PEER exchange") == ["Mentoring across borders"]
    assert _found(personas, q="summit manual") == []  # every word must be found
    assert len(_found(personas)) == 3  # never B's


def test_good_practice_is_filtered_by_practice_theme_theme_and_readiness(personas, entries):
    assert _found(personas, practice_theme="dialogue") == ["A national summit with the police"]
    assert _found(personas, practice_theme="peer_exchange") == ["Mentoring across borders"]
    assert _found(personas, practice_theme="mentoring") == ["Mentoring across borders"]
    assert _found(personas, theme=theme("custody_safeguards").pk) == [
        "A national summit with the police"
    ]
    assert _found(personas, ready_to_share="on") == [
        "A national summit with the police", "Mentoring across borders"
    ]  # fmt: skip
    assert _found(personas, q="police", ready_to_share="on", practice_theme="dialogue") == [
        "A national summit with the police"
    ]
    assert _found(personas, practice_theme="catalysts") == []


def test_every_good_practice_theme_can_be_filtered_on(personas):
    for code in GoodPracticeTheme.values:
        GoodPracticeFactory.create(institution=personas.institution_a, title=f"Entry {code}",
                                   practice_themes=[code])  # fmt: skip
    for code in GoodPracticeTheme.values:
        assert _found(personas, practice_theme=code) == [f"Entry {code}"]


def test_the_good_practice_list_is_paginated(personas):
    for n in range(55):
        GoodPracticeFactory.create(institution=personas.institution_a, title=f"Entry {n}")
    client = client_for(personas.viewer)
    first = client.get(reverse("programmes:good_practice_list"))
    assert len(first.context["page"].object_list) == 50
    second = client.get(reverse("programmes:good_practice_list"), {"page": 2})
    assert len(second.context["page"].object_list) == 5


def test_the_good_practice_list_takes_the_same_queries_for_3_and_for_30_entries(personas):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(personas.viewer)
    for n in range(3):
        GoodPracticeFactory.create(institution=personas.institution_a, title=f"Entry {n}")
    client.get(reverse("programmes:good_practice_list"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("programmes:good_practice_list"))
    for n in range(3, 30):
        GoodPracticeFactory.create(institution=personas.institution_a, title=f"Entry {n}")
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("programmes:good_practice_list"))
    assert len(response.context["page"].object_list) == 30
    assert len(many) == len(few)


def test_institution_b_cannot_open_or_edit_a_good_practice_entry_of_a(personas, entries):
    client = client_for(personas.monitor_b)
    url = reverse("programmes:good_practice_detail", args=[entries["summit"].pk])
    assert client.get(url).status_code == 404
    assert (
        "national summit"
        not in client.get(reverse("programmes:good_practice_list")).content.decode()
    )
