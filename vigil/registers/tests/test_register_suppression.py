"""Register counts pass through the one small-count mechanism (vigil/core/suppression.py):
roles outside casework see "fewer than 5" (and no rate) for the hand-made register's counts
of 1 and 2, on every page that shows them; casework roles see them exactly."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from vigil.core.tests.factories import client_for
from vigil.registers.models import CustodyRegister

pytestmark = pytest.mark.django_db(transaction=True)


def _pages(checked: CustodyRegister, place: Any, visit: Any) -> list[str]:
    return [
        reverse("places:place_detail", args=[place.pk]),
        reverse("visits:visit_detail", args=[visit.pk]),
        reverse("registers:register_detail", args=[checked.pk]),
        reverse("registers:safeguards"),
    ]


def test_an_analyst_sees_small_register_counts_withheld(personas, checked, place, visit):
    client = client_for(personas.analyst)
    for url in _pages(checked, place, visit):
        page = client.get(url)
        assert page.status_code == 200, url
        text = page.content.decode()
        assert "Held past the legal limit without a judge" in text, url
        assert "fewer than 5" in text, url
        # 1 of the 5 March entries, 2 of 6 in all: neither the count nor its rate shows.
        for exact in ("1 / 5", "1 / 6", "2 / 6", "17%", "33%"):
            assert exact not in text, (url, exact)


def test_a_monitor_sees_the_exact_register_counts(personas, checked, place, visit):
    client = client_for(personas.monitor)
    for url in _pages(checked, place, visit):
        text = client.get(url).content.decode()
        assert "fewer than 5" not in text, url
        assert "1 / 6" in text or "1 / 5" in text, url
