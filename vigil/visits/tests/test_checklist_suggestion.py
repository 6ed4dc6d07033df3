"""The visit page offers first the starter checklist that fits the kind of place."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from vigil.core.tests.factories import client_for
from vigil.places.tests.factories import PlaceFactory, builtin_kind
from vigil.visits.tests.factories import TeamMemberFactory, VisitFactory


@pytest.mark.parametrize(
    "kind,form_title_word",
    [("police_station", "Police"), ("prison_remand", "Prison"), ("juvenile_detention", "Juvenile")],
)
def test_the_suited_checklist_comes_first(personas, kind, form_title_word):
    place = PlaceFactory.create(institution=personas.institution_a, kind=builtin_kind(kind))
    visit = VisitFactory.create(place=place, created_by=personas.admin.user)
    TeamMemberFactory.create(visit=visit, user=personas.monitor.user)
    page = client_for(personas.monitor).get(reverse("visits:visit_detail", args=[visit.pk]))
    select = re.search(r'<select name="version".*?</select>', page.content.decode(), re.S)
    assert select is not None
    options = re.findall(r'<option value="\d+">([^<]+)</option>', select.group(0))
    assert options, "no checklist offered"
    assert form_title_word.lower() in options[0].lower(), options
