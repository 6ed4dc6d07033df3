"""Logframe lines deleted (after a confirmation; refused while measured indicators hang from
them) and reordered with plain forms, each through a service with its audit event."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from vigil.core.models import AuditEvent
from vigil.core.tests.factories import client_for
from vigil.programmes.models import Activity, Indicator, LogframeItem
from vigil.programmes.selectors.programmes import logframe_lines
from vigil.programmes.services import programmes as services
from vigil.programmes.tests.factories import (
    ActivityFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    ProgrammeFactory,
    programme_officer,
)

pytestmark = pytest.mark.django_db

LEVEL = LogframeItem.Level


@pytest.fixture
def tree(officer):
    """Objective 1 → outcome 1.1 → output 1.1.1 (with an indicator), and objective 2."""
    programme = ProgrammeFactory.create(institution=officer.institution)

    def line(text: str, level: int, parent: LogframeItem | None = None) -> LogframeItem:
        return services.logframe_item_add(
            actor=officer, programme=programme, level=level, text=text, parent=parent
        )

    objective = line("Detainees are told of their rights on arrival", LEVEL.OBJECTIVE)
    outcome = line("Police stations display the rights poster", LEVEL.OUTCOME, objective)
    output = line("Posters printed in three languages", LEVEL.OUTPUT, outcome)
    second = line("Custody records are complete", LEVEL.OBJECTIVE)
    indicator = IndicatorFactory.create(item=output, name="Stations with a poster")
    return {
        "programme": programme, "objective": objective, "outcome": outcome, "output": output,
        "second": second, "indicator": indicator,
    }  # fmt: skip


def _codes(programme) -> list[tuple[str, str]]:
    return [(line.code, line.item.text) for line in logframe_lines(programme)]


# --- deleting ---------------------------------------------------------------------------


def test_the_confirmation_page_says_what_goes_with_the_line_and_changes_nothing(officer, tree):
    ActivityFactory.create(
        programme=tree["programme"], logframe_item=tree["output"], title="Poster workshop"
    )
    client = client_for(officer)
    response = client.get(reverse("programmes:logframe_delete", args=[tree["objective"].pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Posters printed in three languages" in page
    assert "Stations with a poster" in page
    assert "Poster workshop" in page
    assert "Activities kept, no longer linked to a line" in page
    assert LogframeItem.objects.count() == 4


def test_deleting_a_line_takes_the_lines_below_and_their_indicators_keeps_activities(officer, tree):
    activity = ActivityFactory.create(programme=tree["programme"], logframe_item=tree["output"])
    client = client_for(officer)
    response = client.post(reverse("programmes:logframe_delete", args=[tree["objective"].pk]))
    assert response.status_code == 302
    assert _codes(tree["programme"]) == [("1", "Custody records are complete")]
    assert not Indicator.objects.exists()
    activity.refresh_from_db()
    assert activity.logframe_item is None
    event = AuditEvent.objects.get(action="logframe.item_deleted")
    assert event.details["lines"] == 3
    assert event.details["indicators"] == 1
    assert event.target_id == str(tree["objective"].pk)


def test_a_line_whose_indicators_have_values_cannot_be_deleted(officer, tree):
    IndicatorValueFactory.create(indicator=tree["indicator"], value=Decimal("40"))
    client = client_for(officer)
    url = reverse("programmes:logframe_delete", args=[tree["objective"].pk])
    shown = client.get(url)
    assert "cannot be deleted" in shown.content.decode()
    assert "Stations with a poster" in shown.content.decode()
    assert 'type="submit">Delete the line' not in shown.content.decode()
    posted = client.post(url)
    assert posted.status_code == 400
    assert "cannot be deleted" in posted.content.decode()
    assert LogframeItem.objects.count() == 4
    assert not AuditEvent.objects.filter(action="logframe.item_deleted").exists()
    with pytest.raises(ValidationError, match="actual values are recorded"):
        services.logframe_item_delete(actor=officer, item=tree["outcome"])
    # A line beside the measured branch can still go.
    services.logframe_item_delete(actor=officer, item=tree["second"])
    assert LogframeItem.objects.count() == 3


# --- reordering -------------------------------------------------------------------------


def test_moving_a_line_up_and_down_renumbers_the_logframe_with_an_audit_event(officer, tree):
    client = client_for(officer)
    url = reverse("programmes:logframe_move", args=[tree["second"].pk])
    response = client.post(url, {"direction": "up"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"#logframe-line-{tree['second'].pk}")
    assert _codes(tree["programme"])[:2] == [
        ("1", "Custody records are complete"),
        ("2", "Detainees are told of their rights on arrival"),
    ]
    # The lines below the objective moved with it.
    assert ("2.1.1", "Posters printed in three languages") in _codes(tree["programme"])
    event = AuditEvent.objects.get(action="logframe.item_moved")
    assert event.details == {"programme": tree["programme"].pk, "direction": "up", "position": 1}
    client.post(url, {"direction": "down"})
    assert _codes(tree["programme"])[0] == ("1", "Detainees are told of their rights on arrival")
    assert AuditEvent.objects.filter(action="logframe.item_moved").count() == 2


def test_a_line_already_first_does_not_move_and_records_nothing(officer, tree):
    assert not services.logframe_item_move(actor=officer, item=tree["objective"], up=True)
    assert not services.logframe_item_move(actor=officer, item=tree["outcome"], up=False)
    assert not AuditEvent.objects.filter(action="logframe.item_moved").exists()


def test_a_wrong_direction_is_refused_with_a_message(officer, tree):
    client = client_for(officer)
    url = reverse("programmes:logframe_move", args=[tree["second"].pk])
    response = client.post(url, {"direction": "sideways"}, follow=True)
    assert "Choose whether to move the line up or down." in response.content.decode()
    assert _codes(tree["programme"])[0][1] == "Detainees are told of their rights on arrival"


def test_the_programme_page_offers_move_buttons_only_where_a_line_can_move(officer, tree):
    page = (
        client_for(officer)
        .get(reverse("programmes:prevention_detail", args=[tree["programme"].pk]))
        .content.decode()
    )
    assert page.count('name="direction" value="up"') == 1  # only objective 2 can go up
    assert page.count('name="direction" value="down"') == 1  # only objective 1 can go down


# --- who may ----------------------------------------------------------------------------


def test_institution_b_gets_404_for_deleting_or_moving_a_line_of_a(personas, tree):
    officer_b = programme_officer(personas.institution_b, "officer@b.example")
    client = client_for(officer_b)
    item = tree["second"]
    assert client.get(reverse("programmes:logframe_delete", args=[item.pk])).status_code == 404
    assert client.post(reverse("programmes:logframe_delete", args=[item.pk])).status_code == 404
    moved = client.post(reverse("programmes:logframe_move", args=[item.pk]), {"direction": "up"})
    assert moved.status_code == 404
    assert LogframeItem.objects.count() == 4
    assert _codes(tree["programme"])[0][1] == "Detainees are told of their rights on arrival"


def test_a_viewer_cannot_delete_or_move(personas, tree):
    client = client_for(personas.viewer)
    item = tree["second"]
    assert client.post(reverse("programmes:logframe_delete", args=[item.pk])).status_code == 403
    moved = client.post(reverse("programmes:logframe_move", args=[item.pk]), {"direction": "up"})
    assert moved.status_code == 403
    assert LogframeItem.objects.count() == 4
    assert Activity.objects.count() == 0
