"""The demo is scored: every open place has a score, history reaches back three years, and
some places' risk rises over them."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from vigil.core.models import Institution
from vigil.places.models import Place
from vigil.risk.models import ChecklistMapping, RiskScore

pytestmark = pytest.mark.django_db


def test_demo_places_are_scored_with_history_and_some_rise():
    call_command("demo", stdout=io.StringIO())
    hrc = Institution.objects.get(name="Meridia Human Rights Commission")
    open_places = Place.objects.filter(institution=hrc).exclude(status=Place.Status.CLOSED)
    latest = RiskScore.objects.filter(institution=hrc, is_latest=True)
    assert latest.count() == open_places.count()
    assert ChecklistMapping.objects.filter(institution=hrc).exists()
    from vigil.programmes.models import Programme

    assert Programme.objects.filter(institution=hrc, risk_factors__isnull=False).exists()
    rising = 0
    for place in open_places:
        history = list(
            RiskScore.objects.filter(place=place)
            .order_by("computed_on")
            .values_list("score", flat=True)
        )
        if len(history) >= 4 and history[-1] > history[0] and history == sorted(history):
            rising += 1
    assert rising >= 3
