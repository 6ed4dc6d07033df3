"""Visits figures: the visit list's queries and time at 100 and 20,000 visits."""

from __future__ import annotations

import datetime
import time
from collections.abc import Callable

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from vigil.core.middleware import SESSION_INSTITUTION, SESSION_MFA_OK
from vigil.core.roles import Role
from vigil.core.services.institutions import institution_create, membership_add, user_create
from vigil.places.models import Authority, Place, PlaceKind
from vigil.visits.models import TeamMember, TeamRole, Visit

Report = Callable[[str, float, str], None]


def _add_visits(
    place_ids: list[int], institution_id: int, user_id: int, count: int, start: int
) -> None:
    day = datetime.date(2020, 1, 1)
    visits = Visit.objects.bulk_create(
        [
            Visit(
                institution_id=institution_id,
                place_id=place_ids[n % len(place_ids)],
                visit_type="full",
                starts_on=day + datetime.timedelta(days=n % 2000),
                status="closed",
                created_by_id=user_id,
            )
            for n in range(start, start + count)
        ],
        batch_size=2000,
    )
    TeamMember.objects.bulk_create(
        [
            TeamMember(
                institution_id=institution_id, visit=v, user_id=user_id, role=TeamRole.LEADER
            )
            for v in visits
        ],
        batch_size=2000,
    )


def _page(client: Client) -> tuple[int, float]:
    client.get(reverse("visits:visit_list"))
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        client.get(reverse("visits:visit_list"))
        elapsed = time.perf_counter() - started
    return len(queries), elapsed * 1000


def run(report: Report) -> None:
    institution = institution_create(name="Visits Bench", country="Meridia", kind="npm")
    user = user_create(email="visits-bench@example.org", full_name="Visits Bench", password=None)
    membership_add(user=user, institution=institution, role=Role.ADMIN)
    authority = Authority.objects.create(institution=institution, name="Police")
    kind = PlaceKind.objects.filter(institution__isnull=True).first()
    assert kind is not None
    places = Place.objects.bulk_create(
        Place(institution=institution, external_ref=f"V-{n}", name=f"Lock-up {n}", kind=kind,
              authority=authority)
        for n in range(200)
    )  # fmt: skip
    place_ids = [p.pk for p in places]
    client = Client()
    client.force_login(user)
    session = client.session
    session[SESSION_INSTITUTION], session[SESSION_MFA_OK] = institution.pk, True
    session.save()
    _add_visits(place_ids, institution.pk, user.pk, 100, 0)
    small = _page(client)
    _add_visits(place_ids, institution.pk, user.pk, 19_900, 100)
    big = _page(client)
    report("visit list, 100 visits: queries", small[0], "queries")
    report("visit list, 100 visits: time", small[1], "ms")
    report("visit list, 20,000 visits: queries", big[0], "queries")
    report("visit list, 20,000 visits: time", big[1], "ms")
