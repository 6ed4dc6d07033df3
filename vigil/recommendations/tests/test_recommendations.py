"""Recording recommendations: through the pages and the services, numbered, checked, audited;
created from a finding with what is already known; managed by those who chase them and read
by everyone else of the institution; never built from another institution's records.

The cross-institution walk (vigil/core/tests/test_url_walk.py) covers every URL for
institution B; this module tests that B cannot choose A's records when writing its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from vigil.core.models import AuditEvent, Membership
from vigil.core.roles import Role
from vigil.core.tests.factories import MembershipFactory, Personas, UserFactory, client_for
from vigil.places.models import Authority, Place
from vigil.places.tests.factories import PlaceFactory
from vigil.recommendations.models import Measure, Recommendation, Source
from vigil.recommendations.services import recommendations as services
from vigil.recommendations.tests.factories import MeasureFactory, RecommendationFactory
from vigil.visits.models import Finding, Severity, StandardReference, Visit
from vigil.visits.tests.factories import FindingFactory, VisitFactory, theme

ISSUED = date(2026, 3, 20)


@dataclass
class Scene:
    authority: Authority
    place: Place
    visit: Visit
    finding: Finding

    def choices(self, theme_code: str) -> dict[str, Any]:
        """The recommendation form's record choices, all of this scene."""
        return {"visit": self.visit.pk, "authority": self.authority.pk, "places": [self.place.pk],
                "themes": [theme(theme_code).pk], "standards": [_standard("Rule 30").pk],
                "findings": [self.finding.pk]}  # fmt: skip


@pytest.fixture
def scene(personas: Personas) -> Scene:
    place = PlaceFactory.create(
        institution=personas.institution_a,
        name="Harbour Lock-up",
        authority__name="Meridia National Police",
    )
    authority = place.authority
    visit = VisitFactory.create(place=place, created_by=personas.monitor.user)
    finding = FindingFactory.create(
        visit=visit,
        theme=theme("custody_safeguards"),
        severity=Severity.URGENT,
        title="Detainee with head injuries and no medical care",
    )
    finding.standards.set([_standard("Rule 30")])
    return Scene(authority, place, visit, finding)


@pytest.fixture
def commissioner(personas: Personas) -> Membership:
    return _member(personas, Role.COMMISSIONER, "commissioner@a.example")


def _member(personas: Personas, role: Role, email: str) -> Membership:
    user = UserFactory.create(email=email, full_name=f"{role.label} of A")
    return MembershipFactory.create(user=user, institution=personas.institution_a, role=role)


def _standard(reference: str) -> StandardReference:
    return StandardReference.objects.get(instrument="Nelson Mandela Rules", reference=reference)


def _values(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "text": "Keep a complete custody register at every station.",
        "source": Source.VISIT_REPORT,
        "issued_on": ISSUED,
        "addressee": "detaining_authority",
        "priority": "high",
    }
    values.update(overrides)
    return values


def _form_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "text": "Bring every detainee before a judge within 48 hours.",
        "reference": "",
        "source": "visit_report",
        "mechanism": "",
        "source_document": "",
        "paragraph": "",
        "issued_on": "2026-03-20",
        "addressee": "detaining_authority",
        "law_or_policy": "",
        "priority": "high",
        "due_on": "2026-09-30",
    }
    data.update(overrides)
    return data


def _events(action: str, target: Recommendation) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(
            action=action, target_type="recommendations.recommendation", target_id=str(target.pk)
        )
    )


# --- recording and editing ----------------------------------------------------------


def test_a_monitor_records_a_recommendation_through_the_page_numbered_and_audited(personas, scene):
    client = client_for(personas.monitor)
    data = _form_data(**scene.choices("legal_safeguards"))
    response = client.post(reverse("recommendations:recommendation_create"), data)
    rec = Recommendation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("recommendations:recommendation_detail", args=[rec.pk])
    assert rec.reference == "R-2026-0001"
    assert rec.institution == personas.institution_a
    assert rec.created_by == personas.monitor.user
    assert (rec.visit, rec.authority, rec.due_on) == (
        scene.visit,
        scene.authority,
        date(2026, 9, 30),
    )
    assert (rec.status, rec.status_on, rec.response) == ("not_started", ISSUED, "")
    assert list(rec.places.all()) == [scene.place]
    assert list(rec.findings.all()) == [scene.finding]
    assert list(rec.themes.values_list("code", flat=True)) == ["legal_safeguards"]
    [event] = _events("recommendation.created", rec)
    assert event.actor == personas.monitor.user
    assert event.institution == personas.institution_a
    assert event.details == {"source": "visit_report"}
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "R-2026-0001" in page.content.decode()
    assert "Bring every detainee before a judge within 48 hours." in page.content.decode()


def test_references_are_numbered_per_year_and_never_given_twice(personas):
    def create(issued_on: date, reference: str = "", actor: Membership = personas.monitor) -> str:
        rec = services.recommendation_create(
            actor=actor, reference=reference, **_values(issued_on=issued_on)
        )
        return rec.reference

    assert create(date(2026, 1, 5)) == "R-2026-0001"
    assert create(date(2026, 2, 5)) == "R-2026-0002"
    assert create(date(2025, 12, 5)) == "R-2025-0001"
    assert create(date(2026, 2, 6), reference="R-2026-0004") == "R-2026-0004"
    # Counting alone would give 0004 again: the next free number is taken instead.
    assert create(date(2026, 3, 1)) == "R-2026-0005"
    # Numbers are per institution.
    assert create(date(2026, 3, 1), actor=personas.monitor_b) == "R-2026-0001"

    with pytest.raises(ValidationError) as refused:
        create(date(2026, 3, 2), reference="R-2026-0002")
    assert "reference" in refused.value.message_dict
    assert Recommendation.objects.filter(institution=personas.institution_a).count() == 5
    references = list(Recommendation.objects.values_list("institution", "reference"))
    assert len(references) == len(set(references))


def test_a_reference_already_taken_is_refused_on_the_page_naming_the_field(personas):
    RecommendationFactory.create(
        institution=personas.institution_a, reference="NPM/2026/7", created_by=personas.admin.user
    )
    response = client_for(personas.monitor).post(
        reverse("recommendations:recommendation_create"), _form_data(reference="NPM/2026/7")
    )
    assert response.status_code == 400
    assert "reference" in response.context["form"].errors
    assert Recommendation.objects.count() == 1


def test_a_un_recommendation_must_name_its_mechanism(personas):
    client = client_for(personas.monitor)
    response = client.post(
        reverse("recommendations:recommendation_create"),
        _form_data(source="un_mechanism", source_document="CAT/C/MRD/CO/2", paragraph="14"),
    )
    assert response.status_code == 400
    assert response.context["form"].errors["mechanism"] == ["Name the UN mechanism."]
    assert not Recommendation.objects.exists()

    with pytest.raises(ValidationError) as refused:
        services.recommendation_create(actor=personas.monitor, **_values(source="un_mechanism"))
    assert "mechanism" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.recommendation_create(actor=personas.monitor, **_values(mechanism="cat"))
    assert "mechanism" in refused.value.message_dict

    response = client.post(
        reverse("recommendations:recommendation_create"),
        _form_data(
            source="un_mechanism",
            mechanism="cat",
            source_document="CAT/C/MRD/CO/2",
            paragraph="14 (b)",
            addressee="ministry",
        ),
    )
    assert response.status_code == 302
    rec = Recommendation.objects.get()
    assert (rec.mechanism, rec.source_document, rec.paragraph) == (
        "cat",
        "CAT/C/MRD/CO/2",
        "14 (b)",
    )
    assert (
        not AuditEvent.objects.filter(action="recommendation.created")
        .exclude(target_id=str(rec.pk))
        .exists()
    )


def test_a_due_date_before_the_recommendation_date_is_refused_naming_the_field(personas):
    client = client_for(personas.monitor)
    response = client.post(
        reverse("recommendations:recommendation_create"), _form_data(due_on="2026-03-19")
    )
    assert response.status_code == 400
    assert response.context["form"].errors["due_on"] == [
        "The due date is before the date of the recommendation."
    ]
    assert not Recommendation.objects.exists()

    with pytest.raises(ValidationError) as refused:
        services.recommendation_create(actor=personas.monitor, **_values(due_on=date(2026, 3, 1)))
    assert list(refused.value.message_dict) == ["due_on"]

    rec = services.recommendation_create(actor=personas.monitor, **_values(due_on=ISSUED))
    with pytest.raises(ValidationError) as refused:
        services.recommendation_update(
            actor=personas.monitor, recommendation=rec, issued_on=date(2026, 4, 1)
        )
    assert list(refused.value.message_dict) == ["due_on"]
    rec.refresh_from_db()
    assert rec.issued_on == ISSUED
    assert not _events("recommendation.updated", rec)


def test_editing_through_the_page_saves_and_audits_the_changed_fields(personas, scene):
    rec = services.recommendation_create(
        actor=personas.monitor, places=[scene.place], **_values(authority=scene.authority)
    )
    client = client_for(personas.investigator)
    form = client.get(reverse("recommendations:recommendation_edit", args=[rec.pk]))
    assert form.status_code == 200
    assert form.context["form"].initial["places"] == [scene.place]
    other = PlaceFactory.create(institution=personas.institution_a, authority=scene.authority)
    data = _form_data(
        text=rec.text,
        issued_on="2026-03-20",
        priority="urgent",
        due_on="2026-04-30",
        authority=scene.authority.pk,
        places=[scene.place.pk, other.pk],
        version=rec.version,
    )
    response = client.post(reverse("recommendations:recommendation_edit", args=[rec.pk]), data)
    assert response.status_code == 302
    rec.refresh_from_db()
    assert (rec.priority, rec.due_on, rec.reference) == ("urgent", date(2026, 4, 30), "R-2026-0001")
    assert set(rec.places.all()) == {scene.place, other}
    [event] = _events("recommendation.updated", rec)
    assert event.actor == personas.investigator.user
    assert event.details == {"fields": ["due_on", "places", "priority"]}

    # Saving the same values again changes nothing and writes no event.
    data["version"] = rec.version
    client.post(reverse("recommendations:recommendation_edit", args=[rec.pk]), data)
    assert len(_events("recommendation.updated", rec)) == 1


def test_every_write_of_the_services_is_audited(personas, scene):
    rec = services.recommendation_create(actor=personas.monitor, **_values())
    services.recommendation_update(actor=personas.monitor, recommendation=rec, priority="low")
    services.response_record(
        actor=personas.monitor, recommendation=rec, response="accepted", received_on=ISSUED
    )
    services.status_record(
        actor=personas.monitor, recommendation=rec, status="in_progress", on=ISSUED
    )
    measure = services.measure_add(actor=personas.monitor, recommendation=rec, title="Train staff")
    services.measure_update(actor=personas.monitor, measure=measure, done=True)
    actions = list(
        AuditEvent.objects.filter(
            target_id=str(rec.pk), target_type="recommendations.recommendation"
        )
        .order_by("sequence")
        .values_list("action", flat=True)
    )
    assert actions == [
        "recommendation.created",
        "recommendation.updated",
        "recommendation.response_recorded",
        "recommendation.status_recorded",
        "recommendation.measure_added",
        "recommendation.measure_updated",
    ]


# --- from a finding -----------------------------------------------------------------


def test_creating_from_a_finding_fills_visit_place_theme_standards_authority_and_priority(
    personas, scene
):
    client = client_for(personas.monitor)
    response = client.get(
        reverse("recommendations:recommendation_create"), {"finding": scene.finding.pk}
    )
    assert response.status_code == 200
    initial = response.context["form"].initial
    assert initial["source"] == "visit_report"
    assert initial["visit"] == scene.visit
    assert initial["places"] == [scene.place]
    assert initial["themes"] == [theme("custody_safeguards")]
    assert initial["standards"] == [_standard("Rule 30")]
    assert initial["findings"] == [scene.finding]
    assert initial["authority"] == scene.authority
    assert initial["addressee"] == "detaining_authority"
    assert initial["priority"] == "urgent"

    # The monitor writes the text and saves what was filled in.
    data = _form_data(priority=initial["priority"], **scene.choices("custody_safeguards"))
    assert client.post(reverse("recommendations:recommendation_create"), data).status_code == 302
    rec = Recommendation.objects.get()
    assert list(scene.finding.recommendations.all()) == [rec]
    assert rec.priority == "urgent"


@pytest.mark.parametrize(
    ("severity", "priority"),
    [
        (Severity.URGENT, "urgent"),
        (Severity.SERIOUS, "high"),
        (Severity.CONCERN, "medium"),
        (Severity.OBSERVATION, "low"),
    ],
)
def test_the_priority_follows_the_findings_severity(personas, scene, severity, priority):
    finding = FindingFactory.create(visit=scene.visit, severity=severity)
    response = client_for(personas.monitor).get(
        reverse("recommendations:recommendation_create"), {"finding": finding.pk}
    )
    assert response.context["form"].initial["priority"] == priority


def test_creating_from_a_visit_fills_the_visit_place_and_authority(personas, scene):
    response = client_for(personas.monitor).get(
        reverse("recommendations:recommendation_create"), {"visit": scene.visit.pk}
    )
    initial = response.context["form"].initial
    assert (initial["visit"], initial["places"], initial["authority"]) == (
        scene.visit,
        [scene.place],
        scene.authority,
    )


def test_a_finding_or_visit_of_another_institution_cannot_seed_a_recommendation(personas, scene):
    client = client_for(personas.monitor_b)
    assert (
        client.get(
            reverse("recommendations:recommendation_create"), {"finding": scene.finding.pk}
        ).status_code
        == 404
    )
    assert (
        client.get(
            reverse("recommendations:recommendation_create"), {"visit": scene.visit.pk}
        ).status_code
        == 404
    )


# --- who may ------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["admin", "monitor", "investigator", "commissioner"])
def test_monitors_investigators_commissioners_and_admins_manage_recommendations(
    personas, commissioner, who
):
    actor = commissioner if who == "commissioner" else getattr(personas, who)
    client = client_for(actor)
    assert client.get(reverse("recommendations:recommendation_create")).status_code == 200
    assert (
        client.post(reverse("recommendations:recommendation_create"), _form_data()).status_code
        == 302
    )
    rec = Recommendation.objects.get()
    assert rec.created_by == actor.user
    detail = reverse("recommendations:recommendation_detail", args=[rec.pk])
    posts = {
        "recommendations:recommendation_edit": _form_data(priority="low", version=rec.version),
        "recommendations:recommendation_response_add": {
            "response": "accepted",
            "received_on": "2026-04-01",
        },
        "recommendations:recommendation_status_add": {"status": "in_progress", "on": "2026-04-02"},
        "recommendations:recommendation_measure_add": {"title": "Buy register books"},
    }
    for name, data in posts.items():
        response = client.post(reverse(name, args=[rec.pk]), data)
        assert (response.status_code, response["Location"]) == (302, detail), name
    measure = Measure.objects.get()
    response = client.post(
        reverse("recommendations:recommendation_measure_edit", args=[measure.pk]),
        {"title": "Buy books", "version": measure.version},
    )
    assert response.status_code == 302
    page = client.get(detail)
    assert page.context["can_manage"] is True
    assert "Record follow-up" in page.content.decode()


@pytest.mark.parametrize("who", ["analyst", "viewer"])
def test_analysts_and_viewers_read_recommendations_but_get_403_on_every_write(personas, scene, who):
    actor = getattr(personas, who)
    rec = RecommendationFactory.create(
        institution=personas.institution_a, created_by=personas.monitor.user
    )
    measure = MeasureFactory.create(recommendation=rec)
    client = client_for(actor)
    listed = client.get(reverse("recommendations:recommendation_list"))
    assert listed.status_code == 200
    assert [r.pk for r in listed.context["page"]] == [rec.pk]
    assert "New recommendation" not in listed.content.decode()
    page = client.get(reverse("recommendations:recommendation_detail", args=[rec.pk]))
    assert page.status_code == 200
    assert page.context["can_manage"] is False
    assert "Record follow-up" not in page.content.decode()

    assert client.get(reverse("recommendations:recommendation_create")).status_code == 403
    assert (
        client.get(reverse("recommendations:recommendation_edit", args=[rec.pk])).status_code == 403
    )
    writes = [
        (reverse("recommendations:recommendation_create"), _form_data()),
        (reverse("recommendations:recommendation_edit", args=[rec.pk]), _form_data(priority="low")),
        (
            reverse("recommendations:recommendation_response_add", args=[rec.pk]),
            {"response": "accepted", "received_on": "2026-04-01"},
        ),
        (
            reverse("recommendations:recommendation_status_add", args=[rec.pk]),
            {"status": "implemented", "on": "2026-04-02"},
        ),
        (
            reverse("recommendations:recommendation_measure_add", args=[rec.pk]),
            {"title": "Train staff"},
        ),
        (
            reverse("recommendations:recommendation_measure_edit", args=[measure.pk]),
            {"title": "Changed"},
        ),
    ]
    for url, data in writes:
        assert client.post(url, data).status_code == 403, url

    calls = [
        lambda: services.recommendation_create(actor=actor, **_values()),
        lambda: services.recommendation_update(actor=actor, recommendation=rec, priority="low"),
        lambda: services.response_record(
            actor=actor, recommendation=rec, response="accepted", received_on=ISSUED
        ),
        lambda: services.status_record(
            actor=actor, recommendation=rec, status="implemented", on=ISSUED
        ),
        lambda: services.measure_add(actor=actor, recommendation=rec, title="Train staff"),
        lambda: services.measure_update(actor=actor, measure=measure, title="Changed"),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied):
            call()
    rec.refresh_from_db()
    measure.refresh_from_db()
    assert (Recommendation.objects.count(), rec.priority, rec.status) == (
        1,
        "medium",
        "not_started",
    )
    assert not rec.responses.exists() and not rec.status_updates.exists()
    assert measure.title == "Amend the standing orders on custody records"
    assert not AuditEvent.objects.filter(action__startswith="recommendation.").exists()


def test_an_inactive_membership_may_not_write(personas):
    personas.monitor.is_active = False
    personas.monitor.save(update_fields=["is_active"])
    with pytest.raises(PermissionDenied):
        services.recommendation_create(actor=personas.monitor, **_values())


# --- institution B ------------------------------------------------------------------


@pytest.mark.parametrize("choice", ["authority", "visit", "places", "findings"])
def test_institution_b_cannot_choose_a_record_of_a_in_its_recommendation(personas, scene, choice):
    chosen: dict[str, Any] = {
        "authority": scene.authority,
        "visit": scene.visit,
        "places": [scene.place],
        "findings": [scene.finding],
    }
    with pytest.raises(ValidationError):
        services.recommendation_create(
            actor=personas.monitor_b, **_values(**{choice: chosen[choice]})
        )
    assert not Recommendation.objects.exists()

    own = services.recommendation_create(actor=personas.monitor_b, **_values())
    with pytest.raises(ValidationError):
        services.recommendation_update(
            actor=personas.monitor_b, recommendation=own, **{choice: chosen[choice]}
        )
    own.refresh_from_db()
    assert own.authority is None and own.visit is None
    assert not own.places.exists() and not own.findings.exists()

    # On the page, A's records are not even among the choices.
    pk = scene.authority.pk if choice == "authority" else scene.visit.pk
    value: Any = {"authority": pk, "visit": pk, "places": [scene.place.pk],
                  "findings": [scene.finding.pk]}[choice]  # fmt: skip
    response = client_for(personas.monitor_b).post(
        reverse("recommendations:recommendation_create"), _form_data(**{choice: value})
    )
    assert response.status_code == 400
    assert choice in response.context["form"].errors
    form_choices = response.context["form"].fields[choice].queryset
    assert not form_choices.filter(institution=personas.institution_a).exists()
    assert Recommendation.objects.filter(institution=personas.institution_b).count() == 1
    assert not Recommendation.objects.filter(institution=personas.institution_a).exists()


def test_institution_b_cannot_follow_up_a_recommendation_of_a(personas, scene):
    rec = RecommendationFactory.create(
        institution=personas.institution_a, created_by=personas.monitor.user
    )
    calls = [
        lambda: services.recommendation_update(
            actor=personas.monitor_b, recommendation=rec, priority="low"
        ),
        lambda: services.response_record(
            actor=personas.monitor_b, recommendation=rec, response="rejected", received_on=ISSUED
        ),
        lambda: services.status_record(
            actor=personas.monitor_b, recommendation=rec, status="implemented", on=ISSUED
        ),
        lambda: services.measure_add(actor=personas.monitor_b, recommendation=rec, title="Nothing"),
    ]
    for call in calls:
        with pytest.raises(ValidationError):
            call()
    # Nor verify B's recommendation at A's visit.
    own = services.recommendation_create(actor=personas.monitor_b, **_values())
    with pytest.raises(ValidationError):
        services.status_record(
            actor=personas.monitor_b,
            recommendation=own,
            status="implemented",
            on=ISSUED,
            verified_at_visit=scene.visit,
        )
    rec.refresh_from_db()
    assert (rec.priority, rec.status, rec.response) == ("medium", "not_started", "")
    assert not rec.responses.exists() and not rec.status_updates.exists()
    assert not rec.measures.exists() and not own.status_updates.exists()
