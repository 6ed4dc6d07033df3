"""Who may change a visit: its team, commissioners and administrators. Everyone else of the
institution reads it; other institutions do not know it exists.

The cross-institution walk (vigil/core/tests/test_url_walk.py) covers every URL for
institution B; this module tests the object-level team rule inside institution A.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from vigil.core.models import AuditEvent, Membership
from vigil.core.roles import Role
from vigil.core.tests.factories import MembershipFactory, client_for
from vigil.visits.access import can_edit_visit
from vigil.visits.models import (
    ChecklistSubmission,
    ChecklistVersion,
    Finding,
    Observation,
    RegisterCheck,
    Severity,
    StatusChange,
    TeamMember,
    TeamRole,
    Visit,
)
from vigil.visits.services import checklists
from vigil.visits.services import visits as services
from vigil.visits.tests.factories import FindingFactory, ObservationFactory, theme


@dataclass
class Scene:
    visit: Visit
    leader_seat: TeamMember
    finding: Finding
    submission: ChecklistSubmission
    version: ChecklistVersion


@pytest.fixture
def scene(team_visit: Visit, team_monitor: Membership) -> Scene:
    version = ChecklistVersion.objects.get(
        template__institution__isnull=True, template__form_id="vigil_police_custody"
    )
    submission = ChecklistSubmission.objects.create(
        institution=team_visit.institution,
        visit=team_visit,
        version=version,
        answers={"visit/station_name": "Harbour Lock-up"},
        started_by=team_monitor.user,
    )
    return Scene(
        visit=team_visit,
        leader_seat=team_visit.team.get(),
        finding=FindingFactory.create(visit=team_visit, severity=Severity.URGENT),
        submission=submission,
        version=version,
    )


def _csv() -> SimpleUploadedFile:
    return SimpleUploadedFile(
        "export.csv", b"visit-station_name,meta-instanceID\nHarbour,uuid:1\n", "text/csv"
    )


# (name, method, url kwargs, POST data); each changes the visit or something of it.
EDITS: list[
    tuple[str, str, Callable[[Scene], dict[str, Any]], Callable[[Scene], dict[str, Any]]]
] = [
    ("visits:visit_edit", "get", lambda s: {"visit_id": s.visit.pk}, lambda s: {}),
    (
        "visits:visit_edit",
        "post",
        lambda s: {"visit_id": s.visit.pk},
        # The version as saved now: the team's edits follow one another.
        lambda s: {
            "visit_type": "follow_up",
            "objectives": "Changed",
            "version": Visit.objects.get(pk=s.visit.pk).version,
        },
    ),
    (
        "visits:visit_status",
        "post",
        lambda s: {"visit_id": s.visit.pk},
        lambda s: {"status": "reporting"},
    ),
    (
        "visits:visit_team_add",
        "post",
        lambda s: {"visit_id": s.visit.pk},
        lambda s: {"external_name": "Ms. Interpreter", "role": TeamRole.INTERPRETER},
    ),
    ("visits:visit_team_remove", "post", lambda s: {"member_id": s.leader_seat.pk}, lambda s: {}),
    (
        "visits:visit_observation_add",
        "post",
        lambda s: {"visit_id": s.visit.pk},
        lambda s: {"theme": theme("conditions").pk, "text": "No light in cell 3."},
    ),
    (
        "visits:visit_register_add",
        "post",
        lambda s: {"visit_id": s.visit.pk},
        lambda s: {
            "register": "custody",
            "period_from": "2026-01-01",
            "period_to": "2026-02-01",
            "entries_examined": "10",
            "irregularity_count": "1",
        },
    ),
    (
        "visits:visit_report_sent",
        "post",
        lambda s: {"visit_id": s.visit.pk},
        lambda s: {"sent_on": "2026-04-01", "recipients": "Chief of Police"},
    ),
    ("visits:finding_create", "get", lambda s: {"visit_id": s.visit.pk}, lambda s: {}),
    (
        "visits:finding_create",
        "post",
        lambda s: {"visit_id": s.visit.pk},
        lambda s: {"title": "T", "theme": theme().pk, "severity": "concern", "description": "D"},
    ),
    (
        "visits:finding_act",
        "post",
        lambda s: {"finding_id": s.finding.pk},
        lambda s: {"note": "Told"},
    ),
    (
        "visits:submission_start",
        "post",
        lambda s: {"visit_id": s.visit.pk},
        lambda s: {"version": s.version.pk},
    ),
    ("visits:submission_import", "get", lambda s: {"visit_id": s.visit.pk}, lambda s: {}),
    (
        "visits:submission_import",
        "post",
        lambda s: {"visit_id": s.visit.pk},
        lambda s: {"version": s.version.pk, "file": _csv()},
    ),
    (
        "visits:submission_fill",
        "post",
        lambda s: {"submission_id": s.submission.pk},
        lambda s: {"a:visit/station_name": "Changed", "action": "save"},
    ),
]
EDIT_IDS = [f"{method}-{name}" for name, method, _kwargs, _data in EDITS]


def _request(client, scene: Scene, name: str, method: str, kwargs, data):  # type: ignore[no-untyped-def]
    url = reverse(name, kwargs=kwargs(scene))
    return client.get(url) if method == "get" else client.post(url, data(scene))


def _state(scene: Scene) -> dict[str, Any]:
    visit = Visit.objects.get(pk=scene.visit.pk)
    finding = Finding.objects.get(pk=scene.finding.pk)
    return {
        "visit": (visit.status, visit.visit_type, visit.objectives, visit.report_sent_on),
        "team": list(TeamMember.objects.filter(visit=visit).values_list("pk", flat=True)),
        "changes": StatusChange.objects.count(),
        "observations": Observation.objects.count(),
        "registers": RegisterCheck.objects.count(),
        "findings": Finding.objects.count(),
        "acted_on": finding.acted_on_at,
        "submissions": ChecklistSubmission.objects.count(),
        "answers": ChecklistSubmission.objects.get(pk=scene.submission.pk).answers,
        "events": AuditEvent.objects.count(),
    }


@pytest.mark.parametrize(("name", "method", "kwargs", "data"), EDITS, ids=EDIT_IDS)
@pytest.mark.parametrize("who", ["monitor", "investigator", "analyst", "viewer"])
def test_people_outside_the_team_get_403_on_every_edit_url_and_nothing_changes(
    personas, scene, who, name, method, kwargs, data
):
    before = _state(scene)
    response = _request(client_for(getattr(personas, who)), scene, name, method, kwargs, data)
    assert response.status_code == 403
    assert _state(scene) == before


@pytest.mark.parametrize(("name", "method", "kwargs", "data"), EDITS, ids=EDIT_IDS)
@pytest.mark.parametrize("who", ["team_monitor", "commissioner", "admin"])
def test_the_team_commissioners_and_admins_may_use_every_edit_url(
    request, personas, scene, who, name, method, kwargs, data
):
    actor = getattr(personas, who, None) or request.getfixturevalue(who)
    response = _request(client_for(actor), scene, name, method, kwargs, data)
    assert response.status_code in (200, 302), response.content[:500]


def test_the_edits_of_a_team_member_take_effect(personas, scene, team_monitor):
    client = client_for(team_monitor)
    for name, method, kwargs, data in EDITS:
        if method == "post" and name != "visits:visit_team_remove":
            response = _request(client, scene, name, method, kwargs, data)
            assert response.status_code in (200, 302), name
    visit = Visit.objects.get(pk=scene.visit.pk)
    assert (visit.visit_type, visit.objectives) == ("follow_up", "Changed")
    assert visit.status == Visit.Status.REPORT_SENT  # reporting, then the report was sent
    assert visit.team.filter(external_name="Ms. Interpreter").exists()
    assert visit.observations.get().text == "No light in cell 3."
    assert visit.register_checks.count() == 1
    assert visit.findings.count() == 2
    assert Finding.objects.get(pk=scene.finding.pk).action_note == "Told"
    assert visit.checklists.count() == 3  # the scene's, one started, one imported
    assert ChecklistSubmission.objects.get(pk=scene.submission.pk).answers == {
        "visit/station_name": "Changed"
    }


@pytest.mark.parametrize("who", ["monitor", "investigator", "analyst", "viewer"])
def test_everyone_of_the_institution_reads_the_visit_without_edit_controls(personas, scene, who):
    client = client_for(getattr(personas, who))
    response = client.get(reverse("visits:visit_detail", args=[scene.visit.pk]))
    assert response.status_code == 200
    assert response.context["can_edit"] is False
    page = response.content.decode()
    assert reverse("visits:visit_edit", args=[scene.visit.pk]) not in page
    assert reverse("visits:visit_status", args=[scene.visit.pk]) not in page
    assert reverse("visits:finding_act", args=[scene.finding.pk]) not in page
    fill = client.get(reverse("visits:submission_fill", args=[scene.submission.pk]))
    assert fill.status_code == 200
    assert fill.context["editable"] is False
    assert "Mark complete" not in fill.content.decode()


def test_the_team_sees_the_edit_controls(scene, team_monitor):
    response = client_for(team_monitor).get(reverse("visits:visit_detail", args=[scene.visit.pk]))
    assert response.context["can_edit"] is True
    assert reverse("visits:visit_edit", args=[scene.visit.pk]) in response.content.decode()


def _service_calls(scene: Scene, personas) -> list[Callable[[Membership], object]]:  # type: ignore[no-untyped-def]
    visit = scene.visit
    observation = ObservationFactory.create(visit=visit)
    return [
        lambda a: services.visit_update(actor=a, visit=visit, objectives="x"),
        lambda a: services.visit_set_status(actor=a, visit=visit, status="reporting"),
        lambda a: services.team_member_add(actor=a, visit=visit, role="monitor", user=a.user),
        lambda a: services.team_member_remove(actor=a, member=scene.leader_seat),
        lambda a: services.observation_add(actor=a, visit=visit, theme=theme(), text="x"),
        lambda a: services.register_check_add(
            actor=a,
            visit=visit,
            register="custody",
            period_from=visit.starts_on,
            period_to=visit.ends_on,
        ),
        lambda a: services.finding_create(
            actor=a,
            visit=visit,
            theme=theme(),
            severity="urgent",
            title="t",
            description="d",
            observations=[observation],
        ),
        lambda a: services.finding_mark_acted_on(actor=a, finding=scene.finding, note="x"),
        lambda a: services.report_mark_sent(
            actor=a, visit=visit, sent_on=visit.starts_on or date.today(), recipients="x"
        ),
        lambda a: checklists.submission_start(actor=a, visit=visit, version=scene.version),
        lambda a: checklists.submission_save(
            actor=a, submission=scene.submission, answers={"visit/station_name": "x"}
        ),
        lambda a: checklists.submissions_import(
            actor=a, visit=visit, version=scene.version, content=_csv().read(), filename="e.csv"
        ),
    ]


@pytest.mark.parametrize("who", ["monitor", "investigator", "analyst", "viewer", "monitor_b"])
def test_every_write_service_refuses_people_outside_the_team(personas, scene, who):
    actor = getattr(personas, who)
    calls = _service_calls(scene, personas)
    before = _state(scene)
    for number, call in enumerate(calls):
        with pytest.raises(PermissionDenied):
            call(actor)
        assert _state(scene) == before, f"service call {number} changed something"


def test_a_colleague_added_to_the_team_may_edit_until_removed(personas, scene, team_monitor):
    outsider = personas.monitor
    assert not can_edit_visit(outsider, scene.visit)
    seat = services.team_member_add(
        actor=team_monitor, visit=scene.visit, role=TeamRole.MONITOR, user=outsider.user
    )
    assert can_edit_visit(outsider, scene.visit)
    services.observation_add(actor=outsider, visit=scene.visit, theme=theme(), text="Seen.")
    services.team_member_remove(actor=team_monitor, member=seat)
    client = client_for(outsider)
    response = client.post(
        reverse("visits:visit_observation_add", args=[scene.visit.pk]),
        {"theme": theme().pk, "text": "Seen again."},
    )
    assert response.status_code == 403
    assert list(scene.visit.observations.values_list("text", flat=True)) == ["Seen."]


def test_a_team_member_whose_membership_is_deactivated_can_no_longer_edit(scene, team_monitor):
    Membership.objects.filter(pk=team_monitor.pk).update(is_active=False)
    team_monitor.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.observation_add(actor=team_monitor, visit=scene.visit, theme=theme(), text="x")


def test_a_team_member_acting_for_another_institution_cannot_see_or_edit_the_visit(
    personas, scene, team_monitor
):
    # The same person also works for institution B and has switched to it.
    in_b = MembershipFactory.create(
        user=team_monitor.user, institution=personas.institution_b, role=Role.ADMIN
    )
    client = client_for(in_b)
    assert client.get(reverse("visits:visit_detail", args=[scene.visit.pk])).status_code == 404
    response = client.post(
        reverse("visits:visit_status", args=[scene.visit.pk]), {"status": "reporting"}
    )
    assert response.status_code == 404
    with pytest.raises(PermissionDenied):
        services.visit_set_status(actor=in_b, visit=scene.visit, status="reporting")
    assert Visit.objects.get(pk=scene.visit.pk).status == Visit.Status.ON_SITE


def test_people_of_another_institution_cannot_join_the_team(personas, scene, team_monitor):
    with pytest.raises(ValidationError, match="That choice does not exist"):
        services.team_member_add(
            actor=team_monitor, visit=scene.visit, role="monitor", user=personas.monitor_b.user
        )
    response = client_for(team_monitor).post(
        reverse("visits:visit_team_add", args=[scene.visit.pk]),
        {"user": personas.monitor_b.user.pk, "role": "monitor"},
    )
    assert response.status_code == 400
    assert scene.visit.team.count() == 1


@pytest.mark.parametrize(
    "name", ["visits:visit_detail", "visits:visit_edit", "visits:finding_create"]
)
def test_institution_b_gets_404_for_a_visit_of_a(personas, scene, name):
    response = client_for(personas.monitor_b).get(reverse(name, args=[scene.visit.pk]))
    assert response.status_code == 404


def test_only_planners_create_visits(personas):
    for who in ("analyst", "viewer", "investigator"):
        response = client_for(getattr(personas, who)).get(reverse("visits:visit_create"))
        assert response.status_code == 403, who
    assert client_for(personas.monitor).get(reverse("visits:visit_create")).status_code == 200
