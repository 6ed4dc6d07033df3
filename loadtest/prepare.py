"""Run inside the application's environment (Django set up): make the load test's users and
sessions, and pick the records they read and write. Prints the plan as JSON.

Writes outside services are allowed here: this is a test harness, not the application.
"""

from __future__ import annotations

import json
import random
import sys

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.urls import reverse  # noqa: E402

from vigil.core.middleware import SESSION_INSTITUTION, SESSION_MFA_OK  # noqa: E402
from vigil.core.models import Institution, Membership, User  # noqa: E402
from vigil.core.roles import Role  # noqa: E402
from vigil.places.models import Place  # noqa: E402
from vigil.recommendations.models import Recommendation  # noqa: E402
from vigil.visits.models import Theme, Visit  # noqa: E402

SAMPLE = 300


def _session(user: User, institution: Institution) -> str:
    session = SessionStore()
    session.update(
        {
            SESSION_KEY: str(user.pk),
            BACKEND_SESSION_KEY: settings.AUTHENTICATION_BACKENDS[0],
            HASH_SESSION_KEY: user.get_session_auth_hash(),
            SESSION_INSTITUTION: institution.pk,
            SESSION_MFA_OK: True,
        }
    )
    session.create()
    return str(session.session_key)


def _ids(queryset, rng: random.Random) -> list[int]:  # type: ignore[no-untyped-def]
    ids = list(queryset.values_list("pk", flat=True)[: SAMPLE * 20])
    return rng.sample(ids, min(SAMPLE, len(ids)))


def main(users: int) -> None:
    rng = random.Random(7)
    first_place = Place.objects.order_by("pk").first()
    assert first_place is not None, "the database holds no place"
    institution = first_place.institution
    sessions = []
    for number in range(users):
        email = f"loadtest-{number}@loadtest.invalid"
        user = User.objects.filter(email=email).first() or User.objects.create_user(
            email=email, password=None, full_name=f"Load test {number}"
        )
        Membership.objects.get_or_create(
            user=user, institution=institution, defaults={"role": Role.ADMIN}
        )
        sessions.append(_session(user, institution))
    places = _ids(Place.objects.filter(institution=institution), rng)
    visits = _ids(Visit.objects.filter(institution=institution), rng)
    recommendations = _ids(Recommendation.objects.filter(institution=institution), rng)

    def each(name: str, ids: list[int]) -> list[str]:
        return [reverse(name, args=[pk]) for pk in ids]

    plan = {
        "sessions": sessions,
        "themes": list(
            Theme.objects.filter(institution__isnull=True).values_list("pk", flat=True)[:20]
        ),
        "pages": {
            "home": [reverse("core:home")],
            "health": [reverse("core:healthz")],
            "places list": [reverse("places:place_list")],
            "place": each("places:place_detail", places),
            "visits list": [reverse("visits:visit_list")],
            "visit": each("visits:visit_detail", visits),
            "recommendations list": [reverse("recommendations:recommendation_list")],
            "recommendation": each("recommendations:recommendation_detail", recommendations),
            "dashboard": [reverse("recommendations:recommendation_dashboard")],
            "risk priorities": [reverse("risk:risk_priorities")],
        },
        "writes": {
            "population": each("places:population_add", places),
            "observation": each("visits:visit_observation_add", visits),
            "finding": each("visits:finding_create", visits),
            "response": each("recommendations:recommendation_response_add", recommendations),
        },
    }
    sys.stdout.write(json.dumps(plan))


WRITTEN = {
    "population": "places.PopulationSnapshot",
    "observation": "visits.Observation",
    "finding": "visits.Finding",
    "response": "recommendations.AuthorityResponse",
}


def counts() -> None:
    """The rows of each table the load test writes to, as JSON."""
    from django.apps import apps

    sys.stdout.write(json.dumps({k: apps.get_model(v).objects.count() for k, v in WRITTEN.items()}))


if __name__ == "__main__":
    if sys.argv[1] == "counts":
        counts()
    else:
        main(int(sys.argv[1]))
