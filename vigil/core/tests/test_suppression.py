"""Small-count suppression: one mechanism (vigil/core/suppression.py) for pages, exports,
the API and documents; the threshold is the institution's, 5 by default."""

from __future__ import annotations

import pytest
from django.urls import reverse

from vigil.core.models import Membership
from vigil.core.roles import Role
from vigil.core.suppression import suppress, threshold, threshold_for
from vigil.core.tests.factories import MembershipFactory, client_for

pytestmark = pytest.mark.django_db


def test_counts_below_the_threshold_are_withheld_and_zero_is_shown():
    figures = suppress([("a", 0), ("b", 3), ("c", 12), ("d", 7)], 5)
    assert [f.text for f in figures] == ["0", "fewer than 5", "12", "fewer than 5"]
    # b alone would be the total minus the others: the next smallest (d) is withheld too.
    assert [f.count for f in figures] == [0, None, 12, None]


def test_two_small_counts_hide_each_other():
    figures = suppress([("a", 1), ("b", 2), ("c", 40)], 5)
    assert [f.suppressed for f in figures] == [True, True, False]


def test_no_threshold_shows_everything():
    assert [f.count for f in suppress([("a", 1), ("b", 2)], None)] == [1, 2]


@pytest.mark.parametrize(
    ("role", "withheld"),
    [
        (Role.ADMIN, True),
        (Role.ANALYST, True),
        (Role.PROGRAMME_OFFICER, True),
        (Role.VIEWER, True),
        (Role.COMMISSIONER, False),
        (Role.MONITOR, False),
        (Role.INVESTIGATOR, False),
        (Role.MEDICAL_EXPERT, False),
    ],
)
def test_roles_outside_casework_get_the_threshold(personas, role, withheld):
    member = MembershipFactory.create(institution=personas.institution_a, role=role)
    assert threshold_for(member) == (5 if withheld else None)


def test_the_administrator_sets_the_threshold(personas):
    client = client_for(personas.admin)
    url = reverse("core:institution_settings")
    page = client.get(url).content.decode()
    assert 'name="small_count_below"' in page and 'value="5"' in page
    data = {
        "name": "Institution A",
        "country": "Meridia",
        "kind": "npm",
        "time_zone": "UTC",
        "default_language": "en",
        "languages": ["en"],
        "calendar": "gregorian",
        "decimal_mark": "point",
        "date_order": "",
        "small_count_below": "1",
        "version": personas.institution_a.version,
    }
    response = client.post(url, data)
    assert response.status_code in (200, 400)
    assert "Ensure this value is greater than or equal to 2." in response.content.decode()
    personas.institution_a.refresh_from_db()
    assert personas.institution_a.small_count_below == 5
    data["small_count_below"] = "10"
    assert client.post(url, data).status_code == 302
    analyst = Membership.objects.select_related("institution").get(pk=personas.analyst.pk)
    assert threshold(analyst.institution) == 10 and threshold_for(analyst) == 10
