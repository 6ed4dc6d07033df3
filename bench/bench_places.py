"""Places figures: the list page at 100 and 20,000 places, and importing 20,000 rows."""

from __future__ import annotations

import random
import time
from collections.abc import Callable

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from vigil.core.downloads import csv_lines
from vigil.core.imports import run_import
from vigil.core.jobs import JobProgress
from vigil.core.middleware import SESSION_INSTITUTION, SESSION_MFA_OK
from vigil.core.models import Job, Membership, StoredUpload
from vigil.core.roles import Role
from vigil.core.services.institutions import institution_create, membership_add, user_create
from vigil.places.imports.places import PLACE_COLUMNS
from vigil.places.models import Authority, Place, PlaceKind

Report = Callable[[str, float, str], None]


def _actor(name: str) -> Membership:
    institution = institution_create(name=name, country="Meridia", kind="npm")
    user = user_create(
        email=f"{name.lower().replace(' ', '-')}@example.org", full_name=name, password=None
    )
    return membership_add(user=user, institution=institution, role=Role.ADMIN)


def _client(actor: Membership) -> Client:
    client = Client()
    client.force_login(actor.user)
    session = client.session
    session[SESSION_INSTITUTION], session[SESSION_MFA_OK] = actor.institution_id, True
    session.save()
    return client


def _add_places(actor: Membership, count: int, start: int) -> None:
    rng = random.Random(start)
    kinds = list(PlaceKind.objects.filter(institution__isnull=True))
    authority, _ = Authority.objects.get_or_create(institution=actor.institution, name="Police")
    Place.objects.bulk_create(
        [
            Place(
                institution=actor.institution,
                external_ref=f"B-{n:06d}",
                name=f"Place {n:06d}",
                kind=kinds[n % len(kinds)],
                authority=authority,
                capacity=rng.randint(10, 900),
                population=rng.randint(5, 1400),
            )
            for n in range(start, start + count)
        ],
        batch_size=2000,
    )


def _list_page(client: Client, query: str = "") -> tuple[int, float]:
    url = reverse("places:place_list") + query
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        client.get(url)
        elapsed = time.perf_counter() - started
    return len(queries), elapsed * 1000


def _import_rows(actor: Membership, rows: int) -> float:
    headers = [c.key for c in PLACE_COLUMNS]
    data = (
        [f"IMP-{n:06d}", f"Imported {n}", "police_station", f"Authority {n % 40}",
         f"Region {n % 3}", f"Province {n % 9}", f"District {n % 27}", "", "", "", 50 + n % 400,
         "mixed", "both", "open", ""]
        for n in range(rows)
    )  # fmt: skip
    content = "".join(csv_lines(headers, data)).encode()
    upload = StoredUpload.objects.create(
        institution=actor.institution, filename="bench.csv", content=content, uploaded_by=actor.user
    )
    job = Job.objects.create(
        institution=actor.institution,
        kind="core.import",
        title="bench",
        created_by=actor.user,
        params={"importer": "places", "upload": upload.pk, "mapping": {h: h for h in headers}},
    )
    started = time.perf_counter()
    result = run_import(job, JobProgress(job))
    elapsed = time.perf_counter() - started
    assert result["ok"] and result["created"] == rows, result
    return elapsed


def run(report: Report) -> None:
    actor = _actor("Places Bench")
    client = _client(actor)
    _add_places(actor, 100, 0)
    small = _list_page(client)
    filtered_small = _list_page(client, "?band=over&sort=-occupancy")
    _add_places(actor, 19_900, 100)
    big = _list_page(client)
    filtered_big = _list_page(client, "?band=over&sort=-occupancy")
    report("place list, 100 places: queries", small[0], "queries")
    report("place list, 100 places: time", small[1], "ms")
    report("place list, 20,000 places: queries", big[0], "queries")
    report("place list, 20,000 places: time", big[1], "ms")
    report("overcrowded places sorted by occupancy, 100: queries", filtered_small[0], "queries")
    report("overcrowded places sorted by occupancy, 20,000: queries", filtered_big[0], "queries")
    report("overcrowded places sorted by occupancy, 20,000: time", filtered_big[1], "ms")
    seconds = _import_rows(_actor("Import Bench"), 20_000)
    report("import 20,000 place rows (check + save, one transaction)", seconds, "s")
