"""The scoring configuration through its pages: versions, recomputation, bad input, roles,
the history of changes, and the catalogue with the institution's own factors."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from vigil.core.models import AuditEvent
from vigil.core.roles import Role
from vigil.core.tests.factories import (
    MembershipFactory,
    Personas,
    client_for,
    institution_today,
    run_background_jobs,
)
from vigil.places.tests.factories import PlaceFactory
from vigil.risk.models import RiskConfiguration, RiskFactor, RiskScore
from vigil.risk.selectors.configuration import factors_for
from vigil.risk.services.configuration import configuration_ensure
from vigil.risk.services.scores import scores_compute

URL = reverse("risk:risk_configuration")


def form_data(client: Any, **changes: Any) -> dict[str, Any]:
    """The configuration form as the page fills it, with some fields changed."""
    form = client.get(URL).context["form"]
    data = {name: form[name].value() for name in form.fields}
    data = {name: "" if value is None else str(value) for name, value in data.items()}
    data.update({name: str(value) for name, value in changes.items()})
    return data


def messages_of(response: Any) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def versions(personas: Personas) -> list[int]:
    return list(
        RiskConfiguration.objects.filter(institution=personas.institution_a)
        .order_by("version")
        .values_list("version", flat=True)
    )


@pytest.fixture
def scored(personas: Personas) -> None:
    PlaceFactory.create(institution=personas.institution_a, name="Harbour Lock-up")
    scores_compute(institution=personas.institution_a)


def test_changing_a_weight_through_the_form_creates_the_next_version_that_scores_name(
    personas, scored
):
    client = client_for(personas.admin)
    data = form_data(client, weight_time_since_visit="5", note="Unvisited places matter more")

    response = client.post(URL, data)

    assert response.status_code == 302
    assert versions(personas) == [1, 2]
    new = RiskConfiguration.objects.get(institution=personas.institution_a, version=2)
    assert new.weights["time_since_visit"] == "5"
    assert new.created_by == personas.admin.user and new.note == "Unvisited places matter more"
    assert "Version 2 of the configuration is saved" in messages_of(response)[0]
    assert "recomputed" in messages_of(response)[0]
    event = AuditEvent.objects.get(action="risk.configuration_changed")
    assert event.details["changed"] == {"time_since_visit": ["2", "5"]}
    scores_compute(institution=personas.institution_a)
    assert RiskScore.objects.get(is_latest=True).configuration == new


@pytest.mark.django_db(transaction=True)
def test_saving_a_version_recomputes_the_scores_in_the_background(personas):
    PlaceFactory.create(institution=personas.institution_a, name="Harbour Lock-up")
    scores_compute(institution=personas.institution_a)
    client = client_for(personas.admin)

    client.post(URL, form_data(client, weight_allegations="4", window_months="24"))
    run_background_jobs()

    latest = RiskScore.objects.get(institution=personas.institution_a, is_latest=True)
    assert latest.configuration.version == 2
    assert latest.computed_on == institution_today(personas.institution_a)
    page = client.get(reverse("risk:risk_priorities")).content.decode()
    assert "with configuration version 2." in page


@pytest.mark.parametrize("bad", ["abc", "11", "-1"])
def test_a_bad_weight_is_refused_naming_the_factor_and_nothing_changes(personas, scored, bad):
    client = client_for(personas.admin)
    response = client.post(URL, form_data(client, weight_time_since_visit=bad))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Long time since the last visit" in page
    assert "Give a number, such as 2 or 1.5." in page or "between 0 and 10" in page
    assert 'href="#id_weight_time_since_visit"' in page
    assert versions(personas) == [1]


def test_bad_thresholds_are_refused_naming_the_field(personas, scored):
    client = client_for(personas.admin)
    response = client.post(URL, form_data(client, window_months="0", share_full="x"))
    page = response.content.decode()
    assert response.status_code == 400
    assert "Evidence window (months)" in page and "Give a number from 1 to 120." in page
    assert "Share of a group that counts in full" in page
    response = client.post(URL, form_data(client, visit_due_months="40"))
    assert "A visit is long overdue only after it is due." in response.content.decode()
    assert versions(personas) == [1]


def test_saving_without_a_change_is_refused_politely(personas, scored):
    client = client_for(personas.admin)
    response = client.post(URL, form_data(client))
    assert response.status_code == 302
    assert "Nothing changed" in messages_of(response)[0]
    assert versions(personas) == [1]


def test_the_versions_say_who_changed_what_and_when(personas, scored):
    client = client_for(personas.admin)
    client.post(URL, form_data(client, weight_solitary="3.5", saturation_solitary="5",
                               occupancy_full_ratio="2", note="Isolation cases"))  # fmt: skip
    page = client.get(URL).content.decode()
    assert 'id="version-2"' in page and 'id="version-1"' in page
    assert "Isolation cases" in page and personas.admin.user.get_full_name() in page
    assert "Weight: Solitary confinement: 2 → <strong>3.5</strong>" in page
    assert "Evidence for the full value: Solitary confinement: — → <strong>5</strong>" in page
    assert "Occupancy that counts in full (ratio to capacity): 1.5 → <strong>2</strong>" in page
    # Only what changed is listed.
    assert "Weight: Overcrowding" not in page


def test_everyone_reads_the_configuration_only_its_stewards_change_it(personas, scored):
    for reader in (personas.analyst, personas.monitor, personas.viewer):
        client = client_for(reader)
        response = client.get(URL)
        assert response.status_code == 200
        page = response.content.decode()
        assert "You can read the configuration" in page and "Save as version" not in page
        assert client.post(URL, form_data(client, weight_solitary="3")).status_code == 403
    assert versions(personas) == [1]


def test_institution_b_reads_its_own_configuration(personas, scored):
    client_a = client_for(personas.admin)
    client_a.post(URL, form_data(client_a, weight_solitary="3", note="Secret note of A"))
    response = client_for(personas.monitor_b).get(URL)
    assert response.context["current"] is None
    assert "Secret note of A" not in response.content.decode()


# --- the catalogue and the institution's own factors ---------------------------------------


def test_the_catalogue_lists_the_factors_by_group_with_measure_and_weight(personas):
    configuration_ensure(institution=personas.institution_a)
    response = client_for(personas.analyst).get(reverse("risk:risk_factors"))
    page = response.content.decode()
    assert "Safeguards in the first hours of custody" in page and "Signals" in page
    assert "No prompt access to a lawyer" in page
    assert "A lawyer&#x27;s presence deters ill-treatment." in page
    assert "Add a factor" not in page
    groups = response.context["groups"]
    assert (
        sum(len(rows) for _key, _label, rows in groups)
        == factors_for(personas.institution_a.pk).count()
    )


def test_an_institution_adds_its_own_factor_then_weighs_it(personas, scored):
    client = client_for(personas.admin)
    assert "Add a factor" in client.get(reverse("risk:risk_factors")).content.decode()
    response = client.post(reverse("risk:risk_factor_create"), {
        "name": "Detainees with disabilities", "code": "disability_share",
        "group": "vulnerable", "measure": "population_share", "population_field": "disabilities",
        "description": "Disability raises the risk.", "default_weight": "1",
    })  # fmt: skip
    assert response.status_code == 302
    factor = RiskFactor.objects.get(code="disability_share")
    assert factor.institution == personas.institution_a
    assert factor.params == {"field": "disabilities"}
    assert "Give it a weight in the configuration" in messages_of(response)[0]
    # It shows in the configuration with weight 0, and a weight makes it count.
    data = form_data(client, weight_disability_share="2")
    client.post(URL, data)
    assert RiskConfiguration.objects.get(version=2).weights["disability_share"] == "2"
    # Institution B does not see it.
    b_page = client_for(personas.monitor_b).get(reverse("risk:risk_factors")).content.decode()
    assert "Detainees with disabilities" not in b_page


def test_a_factor_with_a_bad_or_taken_code_is_refused(personas):
    client = client_for(personas.admin)
    base = {"name": "Lawyers", "group": "first_hours", "measure": "observed",
            "default_weight": "1"}  # fmt: skip
    taken = client.post(reverse("risk:risk_factor_create"), {**base, "code": "lawyer_access"})
    assert taken.status_code == 400
    assert "A factor with this code exists already." in taken.content.decode()
    bad = client.post(reverse("risk:risk_factor_create"), {**base, "code": "no spaces!"})
    assert bad.status_code == 400
    share = client.post(
        reverse("risk:risk_factor_create"), {**base, "code": "x", "measure": "population_share"}
    )
    assert "Choose the group whose share is measured." in share.content.decode()
    weight = client.post(
        reverse("risk:risk_factor_create"), {**base, "code": "y", "default_weight": "12"}
    )
    assert "Give a weight between 0 and 10." in weight.content.decode()
    assert not RiskFactor.objects.filter(institution=personas.institution_a).exists()


def test_only_stewards_add_factors(personas):
    client = client_for(personas.analyst)
    assert client.get(reverse("risk:risk_factor_create")).status_code == 403
    assert client.post(reverse("risk:risk_factor_create"), {}).status_code == 403


def test_a_stale_page_does_not_undo_a_colleagues_version_and_keeps_what_was_typed(personas):
    colleague = MembershipFactory.create(institution=personas.institution_a, role=Role.ADMIN)
    mine, theirs = client_for(personas.admin), client_for(colleague)
    my_page = form_data(mine, weight_allegations="7")
    assert theirs.post(URL, form_data(theirs, weight_allegations="2")).status_code == 302
    assert versions(personas)[-1] == 2

    refused = mine.post(URL, my_page)
    assert refused.status_code == 409
    assert versions(personas)[-1] == 2  # nothing saved over the colleague's version
    page = refused.content.decode()
    assert "Version 2 of the configuration was saved by" in page
    form = refused.context["form"]
    assert form["weight_allegations"].value() == "7"  # what I typed is still there
    assert form["based_on"].value() == "2"

    again = {
        name: "" if form[name].value() is None else str(form[name].value()) for name in form.fields
    }
    assert mine.post(URL, again).status_code == 302
    latest = RiskConfiguration.objects.get(institution=personas.institution_a, version=3)
    assert latest.weights["allegations"] == "7"
