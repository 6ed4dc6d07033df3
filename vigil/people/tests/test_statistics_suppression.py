"""People statistics (issue 24, point 17): small counts withheld for every role outside
casework, at the institution's threshold, and a period to count within."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from vigil.core.roles import Role
from vigil.core.tests.factories import MembershipFactory, client_for
from vigil.people.selectors.statistics import Period, people_statistics
from vigil.people.tests.factories_reprisals import interview_by

pytestmark = pytest.mark.django_db


def _plant(personas) -> None:
    """Seven interviews of 2026 (one fearing reprisal), two of 2024."""
    for n in range(7):
        interview_by(personas.monitor, held_on=datetime.date(2026, 2, 1 + n), fears_reprisal=n == 0)
    for n in range(2):
        interview_by(personas.monitor, held_on=datetime.date(2024, 5, 1 + n))


def _totals(page: str) -> str:
    return page[page.index('id="figures-interviews"') : page.index('id="figures-cases"')]


@pytest.mark.parametrize("role", [Role.ADMIN, Role.ANALYST, Role.PROGRAMME_OFFICER, Role.VIEWER])
def test_a_count_below_the_threshold_shows_as_fewer_than_5_outside_casework(personas, role):
    _plant(personas)
    member = MembershipFactory.create(institution=personas.institution_a, role=role)
    page = client_for(member).get(reverse("people:people_home")).content.decode()
    interviews = _totals(page)
    assert "<dd>9</dd>" in interviews  # the total is shown
    assert "fewer than 5" in interviews
    assert "<dd>1</dd>" not in interviews  # the one interviewee who fears reprisal
    assert 'id="interviews-year"' in page
    year_table = page[page.index('id="interviews-year"') :]
    year_table = year_table[: year_table.index("</table>")]
    assert "fewer than 5" in year_table and ">2<" not in year_table
    assert "Counts below 5 are shown as" in page


@pytest.mark.parametrize("role", [Role.COMMISSIONER, Role.MONITOR, Role.INVESTIGATOR])
def test_casework_sees_exact_counts(personas, role):
    _plant(personas)
    member = MembershipFactory.create(institution=personas.institution_a, role=role)
    page = client_for(member).get(reverse("people:people_home")).content.decode()
    assert "fewer than" not in _totals(page)
    assert "<dd>1</dd>" in _totals(page)


def test_the_institution_threshold_applies(personas):
    _plant(personas)
    personas.institution_a.small_count_below = 3
    personas.institution_a.save(update_fields=["small_count_below"])
    page = client_for(personas.analyst).get(reverse("people:people_home")).content.decode()
    assert "fewer than 3" in _totals(page) and "fewer than 5" not in page


def test_the_period_narrows_each_count(personas):
    _plant(personas)
    period = Period(since=datetime.date(2026, 1, 1), until=datetime.date(2026, 12, 31))
    (interviews, *_rest) = people_statistics(actor=personas.monitor, period=period)
    assert dict((str(k), v) for k, v in interviews.totals)["Interviews"] == 7
    client = client_for(personas.monitor)
    page = client.get(
        reverse("people:people_home"), {"since": "2024-01-01", "until": "2024-12-31"}
    ).content.decode()
    assert "<dd>2</dd>" in _totals(page) and "Period:" in page


def test_a_bad_period_says_why_and_counts_everything(personas):
    _plant(personas)
    client = client_for(personas.monitor)
    response = client.get(
        reverse("people:people_home"), {"since": "2026-05-01", "until": "2026-01-01"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "The end of the period is before its start." in page
    assert "<dd>9</dd>" in _totals(page)
    response = client.get(reverse("people:people_home"), {"since": "yesterday"})
    assert response.status_code == 200 and "Enter a valid date." in response.content.decode()


def test_the_api_uses_the_same_threshold(personas):
    from vigil.api.selectors.statistics import people_figures

    _plant(personas)
    personas.institution_a.small_count_below = 3
    personas.institution_a.save(update_fields=["small_count_below"])
    figures = people_figures(actor=personas.monitor)  # what leaves: suppressed for everyone
    assert figures["suppressed_below"] == 3
    totals = {f.label: f for f in figures["sections"][0]["totals"]}
    assert totals["Interviewees who fear reprisal"].suppressed
