"""Searchable choices (ADR 0022): the endpoint answers only the actor's records, narrowed by
context and a page at a time; the widget renders only the chosen record once the scope is
large; and a posted id of another institution is a form error, not a choice."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from vigil.core import searchable
from vigil.core.forms import ActorForm, SearchableChoiceField, SearchableMultipleChoiceField
from vigil.core.tests.factories import client_for
from vigil.places.models import Place
from vigil.places.selectors.lookups import PLACE
from vigil.places.tests.factories import PlaceFactory
from vigil.visits.selectors.lookups import FINDING, VISIT
from vigil.visits.tests.factories import FindingFactory, VisitFactory

pytestmark = pytest.mark.django_db


class PlaceForm(ActorForm):
    place = SearchableChoiceField(PLACE, label="Place")
    places = SearchableMultipleChoiceField(PLACE, label="Places", required=False)


def _places(institution: Any, count: int, prefix: str = "Place") -> list[Place]:
    return [
        PlaceFactory.create(institution=institution, name=f"{prefix} {i:03d}") for i in range(count)
    ]


def _ask(membership: Any, kind: str, **params: Any) -> Any:
    return client_for(membership).get(reverse("core:lookup", kwargs={"kind": kind}), params)


def test_the_endpoint_answers_the_matching_places_of_the_actor_only(personas):
    _places(personas.institution_a, 3, "Northern Jail")
    PlaceFactory.create(institution=personas.institution_b, name="Northern Jail of B")
    answer = _ask(personas.monitor, "place", q="northern")
    assert answer.status_code == 200
    labels = [r["label"] for r in answer.json()["results"]]
    assert labels == ["Northern Jail 000", "Northern Jail 001", "Northern Jail 002"]
    assert answer.json()["more"] is False


def test_every_word_must_match(personas):
    PlaceFactory.create(institution=personas.institution_a, name="Northern Women's Prison")
    PlaceFactory.create(institution=personas.institution_a, name="Northern Jail")
    labels = [
        r["label"] for r in _ask(personas.monitor, "place", q="prison north").json()["results"]
    ]
    assert labels == ["Northern Women's Prison"]


def test_answers_come_a_page_at_a_time(personas):
    _places(personas.institution_a, searchable.PAGE + 5)
    first = _ask(personas.monitor, "place", q="place").json()
    second = _ask(personas.monitor, "place", q="place", page="1").json()
    assert len(first["results"]) == searchable.PAGE and first["more"] is True
    assert len(second["results"]) == 5 and second["more"] is False
    assert not {r["value"] for r in first["results"]} & {r["value"] for r in second["results"]}


def test_findings_are_narrowed_to_the_chosen_visit(personas):
    place = PlaceFactory.create(institution=personas.institution_a)
    visit, other = (VisitFactory.create(place=place) for _ in range(2))
    mine = FindingFactory.create(visit=visit, title="Cells overcrowded")
    FindingFactory.create(visit=other, title="Cells without light")
    answer = _ask(personas.monitor, "finding", q="cells", visit=visit.pk).json()
    assert [r["value"] for r in answer["results"]] == [str(mine.pk)]


def test_a_context_of_another_institution_narrows_to_nothing(personas):
    theirs = VisitFactory.create(place=PlaceFactory.create(institution=personas.institution_b))
    FindingFactory.create(visit=theirs, title="Their finding")
    ours = VisitFactory.create(place=PlaceFactory.create(institution=personas.institution_a))
    FindingFactory.create(visit=ours, title="Our finding")
    answer = _ask(personas.monitor, "finding", visit=theirs.pk).json()
    assert answer == {"results": [], "more": False}
    # The same answer as for a visit that does not exist.
    assert _ask(personas.monitor, "finding", visit=10**12).json() == answer


def test_hostile_parameters_answer_nothing_rather_than_fail(personas):
    PlaceFactory.create(institution=personas.institution_a, name="Central Prison")
    for params in (
        {"q": "x" * 10_000},
        {"q": "%", "page": "9" * 40},
        {"place": "9" * 40},
        {"visit": "-1", "q": "' OR 1=1 --"},
        {"page": "-3"},
    ):
        kind = "visit" if "place" in params or "visit" in params else "place"
        assert _ask(personas.monitor, kind, **params).status_code == 200, params


def test_an_unknown_kind_is_the_404_of_a_missing_page(personas):
    assert _ask(personas.monitor, "password").status_code == 404


def test_the_endpoint_needs_a_member(personas, client):
    answer = client.get(reverse("core:lookup", kwargs={"kind": "place"}))
    assert answer.status_code in {302, 403}


def test_need_to_know_scopes_the_people_lookup(personas):
    import datetime

    from vigil.people.models import Interview
    from vigil.people.services.interviews import interview_create
    from vigil.people.tests.factories_interviews import visit_of_a

    interview = interview_create(
        actor=personas.monitor,
        visit=visit_of_a(personas),
        interviewers=[personas.monitor.user],
        identity={"full_name": "Fictional Person"},
        kind=Interview.Kind.INDIVIDUAL,
        held_on=datetime.date(2026, 3, 10),
    )
    pseudonym = interview.person.pseudonym
    seen = [r["label"] for r in _ask(personas.monitor, "person", q=pseudonym).json()["results"]]
    assert seen == [pseudonym]
    # The analyst sees aggregates, never people; B's monitor sees nothing of A.
    for outsider in (personas.analyst, personas.monitor_b):
        assert _ask(outsider, "person", q=pseudonym).json()["results"] == []


def test_a_small_scope_renders_every_option(personas):
    places = _places(personas.institution_a, 3)
    html = str(PlaceForm(actor=personas.monitor)["place"])
    assert all(p.name in html for p in places)
    assert "data-lookup" not in html


def test_a_large_scope_renders_only_the_chosen_record_and_where_to_ask(personas):
    places = _places(personas.institution_a, searchable.PRELOAD + 1)
    chosen = places[7]
    form = PlaceForm(actor=personas.monitor, initial={"place": chosen, "places": places[:2]})
    single, multiple = str(form["place"]), str(form["places"])
    assert single.count("<option") == 2  # the empty choice and the chosen place
    assert chosen.name in single and places[8].name not in single
    assert f'data-lookup="{reverse("core:lookup", kwargs={"kind": "place"})}"' in single
    assert multiple.count("<option") == 2 and "selected" in multiple


def test_a_forged_id_of_another_institution_is_a_form_error(personas):
    _places(personas.institution_a, searchable.PRELOAD + 1)
    theirs = PlaceFactory.create(institution=personas.institution_b, name="Secret Lock-up of B")
    form = PlaceForm({"place": theirs.pk, "places": [theirs.pk]}, actor=personas.monitor)
    assert not form.is_valid()
    assert set(form.errors) == {"place", "places"}
    assert "Secret Lock-up of B" not in str(form)


def test_a_chosen_record_of_the_actor_is_accepted(personas):
    places = _places(personas.institution_a, searchable.PRELOAD + 1)
    form = PlaceForm({"place": places[-1].pk, "places": [places[0].pk]}, actor=personas.monitor)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["place"] == places[-1]


def test_every_lookup_is_registered_under_its_kind():
    for lookup in (PLACE, VISIT, FINDING):
        assert searchable.lookup_get(lookup.kind) is lookup
