"""The cross-institution walk of the API: every operation, with a token of institution B,
against institution A's records answers exactly as for a record that does not exist; and
every role's token, against what its role may not use, gets 403 or 404, never data."""

from __future__ import annotations

from typing import Any

import pytest

from vigil.api.models import Scope
from vigil.api.resources import Creates, Edits
from vigil.api.tests.support import Api, api_for
from vigil.api.tests.world import MARKER, world_of
from vigil.api.views.registry import AGGREGATES, RESOURCES
from vigil.core.access import role_can
from vigil.core.models import AuditEvent
from vigil.core.roles import Role
from vigil.core.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

MISSING = 987_654_321
# Which filter of a list names a record of which resource: B filtering by A's records.
FILTERS = {
    "population": {"place": "places"},
    "visits": {"place": "places"},
    "team-members": {"visit": "visits"},
    "observations": {"visit": "visits"},
    "findings": {"visit": "visits"},
    "checklist-submissions": {"visit": "visits"},
    "responses": {"recommendation": "recommendations"},
    "status-updates": {"recommendation": "recommendations"},
    "indicators": {"programme": "programmes"},
    "activities": {"programme": "programmes"},
    "trainings": {"programme": "programmes"},
    "good-practices": {"programme": "programmes"},
    "risk-scores": {"place": "places"},
    "places": {"authority": "authorities", "area": "areas"},
    "recommendations": {"authority": "authorities", "place": "places"},
}
# What a new record refers to, to try B adding one to A's records.
CREATE_BODIES = {
    "places": lambda ids: {"name": "B's", "kind": 1, "authority": ids["authorities"]},
    "responses": lambda ids: {
        "recommendation": ids["recommendations"],
        "response": "accepted",
        "received_on": "2026-02-01",
    },
    "status-updates": lambda ids: {
        "recommendation": ids["recommendations"],
        "status": "in_progress",
        "on": "2026-02-01",
    },
}


@pytest.fixture
def world(personas) -> dict[str, int]:
    return world_of(personas.institution_a, personas.admin)


@pytest.fixture
def outsiders(personas) -> list[Api]:
    admin_b = MembershipFactory.create(institution=personas.institution_b, role=Role.ADMIN)
    return [api_for(personas.monitor_b), api_for(admin_b)]


def _body(response: Any) -> str:
    return response.content.decode()


def _missing_body(ids: dict[str, int]) -> dict[str, int]:
    return dict.fromkeys(ids, MISSING)


def test_every_resource_and_aggregate_is_walked():
    assert set(RESOURCES) <= {
        *FILTERS,
        "authorities",
        "areas",
        "visit-plans",
        "checklist-templates",
        "programmes",
        "audit-events",
    }
    assert {name for name, r in RESOURCES.items() if issubclass(r, Creates)} == set(CREATE_BODIES)


def test_institution_b_gets_a_records_as_missing_ones(personas, world, outsiders):
    events_of_a = AuditEvent.objects.filter(institution=personas.institution_a).count()
    for api in outsiders:
        for name, resource in RESOURCES.items():
            path, missing = f"/api/v1/{name}/{world[name]}/", f"/api/v1/{name}/{MISSING}/"
            theirs, none = api.get(path), api.get(missing)
            # 403 where the role may not use the resource at all: decided before any lookup.
            assert theirs.status_code in {403, 404}, path
            assert (theirs.status_code, _body(theirs)) == (none.status_code, _body(none)), path
            if issubclass(resource, Edits):
                theirs = api.patch(path, {"name": "x"}, if_match='"1"')
                none = api.patch(missing, {"name": "x"}, if_match='"1"')
                assert theirs.status_code in {403, 404}, path
                assert (theirs.status_code, _body(theirs)) == (none.status_code, _body(none))
    assert AuditEvent.objects.filter(institution=personas.institution_a).count() == events_of_a


def test_institution_b_adding_to_a_records_is_refused_as_for_missing_ones(world, outsiders):
    for api in outsiders:
        for name, body_of in CREATE_BODIES.items():
            theirs = api.post(f"/api/v1/{name}/", body_of(world))
            none = api.post(f"/api/v1/{name}/", body_of(_missing_body(world)))
            assert theirs.status_code == none.status_code == 400, name
            assert theirs.json()["errors"] == none.json()["errors"], name


def test_lists_and_figures_show_institution_b_nothing_of_a(world, outsiders):
    for api in outsiders:
        for name in RESOURCES:
            for params in [{}, *({f: world[r]} for f, r in FILTERS.get(name, {}).items())]:
                answer = api.get(f"/api/v1/{name}/", **params)
                assert answer.status_code in {200, 403}, (name, params, answer.status_code)
                if answer.status_code == 200:  # shipped checklists are everyone's: A's is not
                    assert world[name] not in [r["id"] for r in answer.json()["results"]], name
                    assert MARKER not in _body(answer), (name, params)
        for name in AGGREGATES:
            answer = api.get(f"/api/v1/{name}/")
            assert answer.status_code in {200, 403}, name
            assert MARKER not in _body(answer), name


def test_the_walk_reaches_a_records_with_a_token_of_a(personas, world):
    api = api_for(personas.admin)
    for name in RESOURCES:
        answer = api.get(f"/api/v1/{name}/{world[name]}/")
        assert answer.status_code == 200, (name, answer.content)
        listed = api.get(f"/api/v1/{name}/").json()["results"]
        assert world[name] in [row["id"] for row in listed], name
    for name in AGGREGATES:
        assert api.get(f"/api/v1/{name}/").status_code == 200, name


def _role_may(role: str, capability: Any) -> bool:
    return capability is not None and role_can(role, capability)


@pytest.mark.parametrize("role", list(Role))
def test_every_roles_token_gets_no_data_from_what_the_role_may_not_use(personas, world, role):
    member = MembershipFactory.create(institution=personas.institution_a, role=role)
    api = api_for(member, scope=Scope.READ_WRITE)
    for name, resource in {**RESOURCES, **AGGREGATES}.items():
        if not _role_may(role, resource.capability):
            for path in (f"/api/v1/{name}/", f"/api/v1/{name}/{world.get(name, 1)}/"):
                answer = api.get(path)
                assert answer.status_code in {403, 404}, (role, path, answer.status_code)
                assert "results" not in answer.json() and "id" not in answer.json()
        if issubclass(resource, Creates) and not _role_may(role, resource.write_capability):
            answer = api.post(f"/api/v1/{name}/", CREATE_BODIES[name](world))
            assert answer.status_code == 403, (role, name)
        if issubclass(resource, Edits) and not _role_may(role, resource.write_capability):
            answer = api.patch(f"/api/v1/{name}/{world[name]}/", {"name": "x"}, if_match='"1"')
            assert answer.status_code == 403, (role, name)
