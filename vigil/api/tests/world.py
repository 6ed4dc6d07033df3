"""One record of every kind the API serves, in one institution, each with a marker in its
text where it has one: what the cross-institution walk looks for."""

from __future__ import annotations

import datetime

from vigil.core.audit import audit_record
from vigil.core.models import Institution, Membership
from vigil.places.tests.factories import (
    AreaFactory,
    AuthorityFactory,
    PlaceFactory,
    SnapshotFactory,
)

MARKER = "Secret Lock-up"


def world_of(institution: Institution, admin: Membership, marker: str = MARKER) -> dict[str, int]:
    """Resource name → the id of one record of `institution`."""
    from vigil.programmes.models import Activity, TrainingSession
    from vigil.programmes.tests import factories as prog
    from vigil.recommendations.models import AuthorityResponse, Recommendation, StatusUpdate
    from vigil.risk.models import RiskScore
    from vigil.risk.services.scores import scores_compute
    from vigil.visits.models import ChecklistSubmission, ChecklistTemplate, ChecklistVersion
    from vigil.visits.tests import factories as vf

    user = admin.user
    authority = AuthorityFactory.create(institution=institution, name=f"{marker} authority")
    area = AreaFactory.create(institution=institution, name=f"{marker} area")
    place = PlaceFactory.create(
        institution=institution,
        name=f"{marker} place",
        authority=authority,
        area=area,
        capacity=10,
        population=30,
    )
    snapshot = SnapshotFactory.create(place=place)
    plan = vf.VisitPlanFactory.create(institution=institution, title=f"{marker} plan")
    visit = vf.VisitFactory.create(place=place, created_by=user, objectives=marker)
    member = vf.TeamMemberFactory.create(visit=visit, user=user)
    observation = vf.ObservationFactory.create(visit=visit, text=marker)
    finding = vf.FindingFactory.create(visit=visit, title=f"{marker} finding")
    starter = ChecklistVersion.objects.filter(template__institution__isnull=True).first()
    assert starter is not None, "the starter checklist library is not loaded"
    template = ChecklistTemplate.objects.create(
        institution=institution, form_id=f"own_{institution.pk}", title=f"{marker} checklist"
    )
    ChecklistVersion.objects.create(
        template=template, version="1", definition=starter.definition, xlsform=b""
    )
    submission = ChecklistSubmission.objects.create(
        institution=institution,
        visit=visit,
        version=starter,
        started_by=user,
        answers={"note": marker},
    )
    recommendation = Recommendation.objects.create(
        institution=institution,
        reference=f"R-{institution.pk}-1",
        text=f"{marker} must close",
        source="un_mechanism",
        mechanism="spt",
        source_document=f"{marker} report",
        issued_on=datetime.date(2026, 1, 5),
        addressee="ministry",
        priority="high",
        created_by=user,
        authority=authority,
    )
    recommendation.places.add(place)
    response = AuthorityResponse.objects.create(
        institution=institution,
        recommendation=recommendation,
        response="accepted",
        received_on=datetime.date(2026, 2, 1),
        text=marker,
        recorded_by=user,
    )
    status_update = StatusUpdate.objects.create(
        institution=institution,
        recommendation=recommendation,
        status="in_progress",
        on=datetime.date(2026, 2, 2),
        note=marker,
        recorded_by=user,
    )
    programme = prog.ProgrammeFactory.create(
        institution=institution, title=f"{marker} programme", champion=user
    )
    item = prog.LogframeItemFactory.create(programme=programme)
    indicator = prog.IndicatorFactory.create(item=item, name=f"{marker} indicator")
    activity = Activity.objects.create(
        institution=institution,
        programme=programme,
        kind="training",
        title=f"{marker} training",
        starts_on=datetime.date(2026, 4, 14),
        created_by=user,
    )
    training = TrainingSession.objects.create(
        institution=institution, activity=activity, trainers=marker
    )
    practice = prog.GoodPracticeFactory.create(
        institution=institution, programme=programme, created_by=user, title=f"{marker} practice"
    )
    scores_compute(institution=institution)
    score = RiskScore.objects.for_institution(institution.pk).get(place=place, is_latest=True)
    audit_record(action="test.marker", actor=user, institution=institution, target=place)
    event = institution_event(institution)
    return {
        "places": place.pk,
        "authorities": authority.pk,
        "areas": area.pk,
        "population": snapshot.pk,
        "visit-plans": plan.pk,
        "visits": visit.pk,
        "team-members": member.pk,
        "observations": observation.pk,
        "findings": finding.pk,
        "checklist-templates": template.pk,
        "checklist-submissions": submission.pk,
        "recommendations": recommendation.pk,
        "responses": response.pk,
        "status-updates": status_update.pk,
        "programmes": programme.pk,
        "indicators": indicator.pk,
        "activities": activity.pk,
        "trainings": training.pk,
        "good-practices": practice.pk,
        "risk-scores": score.pk,
        "audit-events": event,
    }


def institution_event(institution: Institution) -> int:
    from vigil.core.models import AuditEvent

    event = AuditEvent.objects.filter(institution=institution).order_by("-sequence").first()
    assert event is not None
    return event.pk
