"""Two sessions edit one record through its real pages: the second save gets the conflict
page (409) with both values, nothing is lost, and saving the merged form goes through."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from vigil.core.tests.factories import client_for
from vigil.people.models import Case
from vigil.people.tests.factories_cases import case_of_a
from vigil.places.models import Place
from vigil.places.tests.factories import PlaceFactory
from vigil.recommendations.models import Measure, Recommendation
from vigil.recommendations.tests.factories import RecommendationFactory


def _opened(client: Client, url: str) -> dict[str, Any]:
    """What the edit page's form would post unchanged, as a browser sends it."""
    response = client.get(url)
    assert response.status_code == 200
    form = response.context["form"]
    data: dict[str, Any] = {}
    for name in form.fields:
        value = form[name].value()
        if value not in (None, "", []):
            data[form.add_prefix(name)] = value
    return data


def _refilled(response: Any) -> dict[str, list[str]]:
    """The conflict page's form as it would be posted again."""
    data = response.context["form"].data
    return {name: data.getlist(name) for name in data}


def _two_sessions_edit(
    first: Client, second: Client, url: str, field: str, theirs: str, yours: str
) -> dict[str, list[str]]:
    """Both open the form; the first saves `theirs`; the second's `yours` is refused."""
    first_form, second_form = _opened(first, url), _opened(second, url)
    assert first.post(url, {**first_form, field: theirs}).status_code == 302
    response = second.post(url, {**second_form, field: yours})
    assert response.status_code == 409
    page = response.content.decode()
    assert theirs in page and yours in page
    return _refilled(response)


def test_two_sessions_edit_a_place(personas):
    place = PlaceFactory.create(institution=personas.institution_a, name="Harbour Lock-up")
    url = reverse("places:place_edit", args=[place.pk])
    theirs, yours = "Harbour Police Lock-up", "Harbour Lock-up (new wing)"
    refilled = _two_sessions_edit(
        client_for(personas.admin), client_for(personas.monitor), url, "name", theirs, yours
    )
    assert Place.objects.get(pk=place.pk).name == theirs
    refilled["name"] = [f"{theirs} (new wing)"]
    assert client_for(personas.monitor).post(url, refilled).status_code == 302
    assert Place.objects.get(pk=place.pk).name == f"{theirs} (new wing)"


def test_two_sessions_edit_a_case_account(personas):
    case = case_of_a(personas, team=[personas.monitor, personas.investigator], account="Start.")
    url = reverse("people:case_edit", args=[case.pk])
    theirs, yours = "Beaten at the station.", "Beaten in the van."
    refilled = _two_sessions_edit(
        client_for(personas.monitor),
        client_for(personas.investigator),
        url,
        "account",
        theirs,
        yours,
    )
    case.refresh_from_db()
    assert case.account == theirs  # the first save stands; the second waits for the merge
    refilled["account"] = [f"{theirs} {yours}"]
    assert client_for(personas.investigator).post(url, refilled).status_code == 302
    assert Case.objects.get(pk=case.pk).account == f"{theirs} {yours}"


def test_two_sessions_edit_a_recommendation(personas):
    rec = RecommendationFactory.create(
        institution=personas.institution_a, created_by=personas.monitor.user
    )
    url = reverse("recommendations:recommendation_edit", args=[rec.pk])
    theirs, yours = "Keep the register in ink.", "Keep the register on paper."
    refilled = _two_sessions_edit(
        client_for(personas.monitor), client_for(personas.investigator), url, "text", theirs, yours
    )
    assert Recommendation.objects.get(pk=rec.pk).text == theirs
    refilled["text"] = [yours]
    assert client_for(personas.investigator).post(url, refilled).status_code == 302
    saved = Recommendation.objects.get(pk=rec.pk)
    assert (saved.text, saved.reference) == (yours, rec.reference)


def test_two_sessions_edit_a_measure_of_a_recommendation(personas):
    rec = RecommendationFactory.create(
        institution=personas.institution_a, created_by=personas.monitor.user
    )
    measure = Measure.objects.create(
        institution=personas.institution_a, recommendation=rec, title="Bound registers",
        indicator="Stations equipped", target="120", current="10",
    )  # fmt: skip
    url = reverse("recommendations:recommendation_measure_edit", args=[measure.pk])
    detail = client_for(personas.monitor).get(
        reverse("recommendations:recommendation_detail", args=[rec.pk])
    )
    assert f'href="{url}"' in detail.content.decode()  # the measure's edit page is linked

    refilled = _two_sessions_edit(
        client_for(personas.monitor), client_for(personas.admin), url, "current", "45", "52"
    )
    measure.refresh_from_db()
    assert (measure.current, measure.done) == ("45", False)  # the first save stands
    assert [str(v) for v in refilled["version"]] == [str(measure.version)]  # merge from it
    refilled["done"] = ["on"]
    assert client_for(personas.admin).post(url, refilled).status_code == 302
    measure.refresh_from_db()
    assert (measure.current, measure.done) == ("52", True)
