"""The logframe (objectives → outcomes → outputs → activities) and its indicators: progress
computed from the baseline, the target and the latest actual value, in both directions;
a chart per indicator that can be read without seeing it."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from vigil.core.models import AuditEvent
from vigil.core.tests.factories import client_for
from vigil.programmes.charts import indicator_chart
from vigil.programmes.models import IndicatorValue, LogframeItem
from vigil.programmes.progress import NO_VALUE, TARGET_IS_BASELINE, progress_between
from vigil.programmes.services import programmes as services
from vigil.programmes.tests.factories import (
    IndicatorFactory,
    IndicatorValueFactory,
    LogframeItemFactory,
    ProgrammeFactory,
)

D = Decimal
JAN, JUN, DEC = date(2025, 1, 31), date(2025, 6, 30), date(2025, 12, 31)


# --- progress -------------------------------------------------------------------------


def test_progress_is_the_share_of_the_way_from_baseline_to_target():
    p = progress_between(baseline=D(10), target=D(90), values=[(JUN, D(50))])
    assert p.raw == D("50.0")
    assert p.percent == D("50.0")
    assert (p.latest, p.latest_on) == (D(50), JUN)


def test_the_latest_value_by_date_counts_whatever_the_order_of_recording():
    p = progress_between(baseline=D(0), target=D(200), values=[(DEC, D(150)), (JAN, D(20))])
    assert p.latest == D(150)
    assert p.raw == D("75.0")
    assert p.series == [(JAN, D(20)), (DEC, D(150))]


def test_of_two_values_on_one_day_the_one_recorded_last_counts():
    p = progress_between(baseline=D(0), target=D(10), values=[(JUN, D(2)), (JUN, D(4))])
    assert p.latest == D(4)


def test_a_target_below_the_baseline_counts_a_fall_as_progress():
    # Complaints of ill-treatment: 40 a year, target 10.
    p = progress_between(baseline=D(40), target=D(10), values=[(JUN, D(25))])
    assert p.decreasing
    assert p.raw == D("50.0")
    worse = progress_between(baseline=D(40), target=D(10), values=[(JUN, D(46))])
    assert worse.raw == D("-20.0")
    assert worse.percent == D(0)


def test_overtaking_the_target_keeps_the_raw_value_and_shows_100():
    p = progress_between(baseline=D(10), target=D(20), values=[(JUN, D(25))])
    assert p.raw == D("150.0")
    assert p.percent == D(100)
    assert p.reached


def test_no_actual_value_means_no_progress_and_says_why():
    p = progress_between(baseline=D(10), target=D(90), values=[])
    assert p.raw is None and p.percent is None and p.latest is None
    assert p.reason == NO_VALUE
    assert "No actual value" in str(p.explanation)


def test_a_target_equal_to_the_baseline_means_no_progress_and_says_why():
    p = progress_between(baseline=D(5), target=D(5), values=[(JUN, D(7))])
    assert p.raw is None and p.percent is None
    assert p.latest == D(7)
    assert p.reason == TARGET_IS_BASELINE
    assert "equals the baseline" in str(p.explanation)


def test_the_progress_of_an_indicator_reads_its_recorded_values(db):
    indicator = IndicatorFactory.create(baseline=D(0), target=D(100))
    IndicatorValueFactory.create(indicator=indicator, measured_on=DEC, value=D(80))
    IndicatorValueFactory.create(indicator=indicator, measured_on=JAN, value=D(30))
    from vigil.programmes.progress import indicator_progress

    assert indicator_progress(indicator).raw == D("80.0")


amounts = st.decimals(min_value=-1000, max_value=1000, places=2, allow_nan=False)


@given(baseline=amounts, target=amounts, first=amounts, step=st.decimals(
    min_value=0, max_value=500, places=2, allow_nan=False))  # fmt: skip
def test_a_later_better_actual_never_lowers_progress(baseline, target, first, step):
    if target == baseline:
        return
    better = first + step if target > baseline else first - step
    before = progress_between(baseline=baseline, target=target, values=[(JAN, first)])
    after = progress_between(
        baseline=baseline, target=target, values=[(JAN, first), (JAN + timedelta(1), better)]
    )
    assert before.raw is not None and after.raw is not None
    assert after.raw >= before.raw
    assert after.percent is not None and before.percent is not None
    assert D(0) <= before.percent <= after.percent <= D(100)


@given(baseline=amounts, target=amounts, value=amounts)
def test_progress_is_100_exactly_at_the_target_and_0_at_the_baseline(baseline, target, value):
    if target == baseline:
        return
    at_target = progress_between(baseline=baseline, target=target, values=[(JAN, target)])
    at_baseline = progress_between(baseline=baseline, target=target, values=[(JAN, baseline)])
    assert at_target.raw == D(100) and at_baseline.raw == D(0)


# --- the chart -------------------------------------------------------------------------


def test_the_chart_draws_baseline_and_target_lines_and_one_dot_per_value():
    p = progress_between(baseline=D(40), target=D(10), values=[(JAN, D(38)), (DEC, D(20))])
    chart = indicator_chart(p)
    assert len(chart.dots) == 2
    assert chart.target_y > chart.baseline_y  # the lower value is drawn lower
    first_y, last_y = chart.dots[0][1], chart.dots[1][1]
    assert chart.baseline_y < first_y < last_y < chart.target_y
    assert chart.dots[0][0] == chart.plot_left and chart.dots[1][0] == chart.plot_right


def test_a_chart_without_values_still_shows_baseline_and_target():
    chart = indicator_chart(progress_between(baseline=D(0), target=D(0), values=[]))
    assert chart.empty and chart.y_ticks


# --- the logframe --------------------------------------------------------------------


@pytest.fixture
def programme(personas, officer):
    return ProgrammeFactory.create(institution=personas.institution_a, champion=officer.user,
                                   title="Safeguards in police custody")  # fmt: skip


def test_a_logframe_line_has_a_parent_exactly_one_level_up(officer, programme):
    objective = services.logframe_item_add(
        actor=officer, programme=programme, level=1, text="Detainees know their rights"
    )
    outcome = services.logframe_item_add(
        actor=officer, programme=programme, level=2, text="Police inform", parent=objective
    )
    with pytest.raises(ValidationError) as skipped:
        services.logframe_item_add(
            actor=officer, programme=programme, level=3, text="Poster", parent=objective
        )
    assert "parent" in skipped.value.message_dict
    with pytest.raises(ValidationError):
        services.logframe_item_add(actor=officer, programme=programme, level=2, text="Orphan")
    with pytest.raises(ValidationError):
        services.logframe_item_add(
            actor=officer, programme=programme, level=1, text="x", parent=outcome
        )
    output = services.logframe_item_add(
        actor=officer, programme=programme, level=3, text="Posters", parent=outcome
    )
    services.logframe_item_add(
        actor=officer, programme=programme, level=4, text="Print", parent=output
    )
    assert LogframeItem.objects.filter(programme=programme).count() == 4
    assert AuditEvent.objects.filter(action="logframe.item_added").count() == 4


def test_a_line_of_another_programme_cannot_be_a_parent(personas, officer, programme):
    other = LogframeItemFactory.create(programme=ProgrammeFactory.create(
        institution=personas.institution_a))  # fmt: skip
    with pytest.raises(ValidationError):
        services.logframe_item_add(
            actor=officer, programme=programme, level=2, text="x", parent=other
        )


def test_the_programme_page_shows_the_tree_numbered_with_indicator_progress(
    personas, officer, programme
):
    objective = LogframeItemFactory.create(programme=programme, text="Rights are known")
    second = LogframeItemFactory.create(programme=programme, text="Lock-ups inspected")
    outcome = LogframeItemFactory.create(
        programme=programme, parent=objective, level=2, text="Police inform detainees"
    )
    indicator = IndicatorFactory.create(
        item=outcome, name="Detainees informed", baseline=D(20), target=D(80)
    )
    IndicatorValueFactory.create(indicator=indicator, value=D(50))
    response = client_for(personas.viewer).get(
        reverse("programmes:prevention_detail", args=[programme.pk])
    )
    lines = response.context["lines"]
    assert [(line.code, line.item.text) for line in lines] == [
        ("1", "Rights are known"), ("1.1", "Police inform detainees"), ("2", "Lock-ups inspected")
    ]  # fmt: skip
    assert second.pk == lines[2].item.pk
    body = response.content.decode()
    assert "Detainees informed" in body and "50.0%" in body
    assert 'value="50.0"' in body  # the <progress> bar, not localised


def test_an_officer_adds_lines_and_indicators_and_records_values_through_the_pages(
    personas, officer, programme
):
    client = client_for(officer)
    response = client.post(reverse("programmes:logframe_add", args=[programme.pk]),
                           {"level": 1, "text": "Detainees know their rights"})  # fmt: skip
    assert response.status_code == 302
    objective = LogframeItem.objects.get(programme=programme)
    response = client.post(reverse("programmes:logframe_add", args=[programme.pk]),
                           {"level": 3, "parent": objective.pk, "text": "Skipping"})  # fmt: skip
    assert response.status_code == 400
    assert "one level up" in response.content.decode()
    response = client.post(reverse("programmes:indicator_add", args=[objective.pk]), {
        "name": "Complaints of ill-treatment", "unit": "per year", "baseline": "40",
        "target": "10"})  # fmt: skip
    indicator = objective.indicators.get()
    assert response["Location"] == reverse("programmes:indicator_detail", args=[indicator.pk])
    url = reverse("programmes:indicator_value_add", args=[indicator.pk])
    assert client.post(url, {"measured_on": "2025-06-30", "value": "25"}).status_code == 302
    future = (date.today() + timedelta(days=30)).isoformat()
    assert client.post(url, {"measured_on": future, "value": "20"}).status_code == 400
    assert IndicatorValue.objects.filter(indicator=indicator).count() == 1
    page = client.get(reverse("programmes:indicator_detail", args=[indicator.pk])).content.decode()
    assert "50.0%" in page and "lower is better" in page
    assert f'aria-labelledby="indicator-chart-title-{indicator.pk} indicator-chart-desc' in page
    assert "<desc " in page and "<caption>" in page  # a description and the data as a table
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"logframe.item_added", "indicator.added", "indicator.value_recorded"} <= actions


def test_viewers_read_indicators_but_may_not_record_values(personas, programme):
    indicator = IndicatorFactory.create(item=LogframeItemFactory.create(programme=programme))
    client = client_for(personas.viewer)
    assert (
        client.get(reverse("programmes:indicator_detail", args=[indicator.pk])).status_code == 200
    )
    response = client.post(reverse("programmes:indicator_value_add", args=[indicator.pk]),
                           {"measured_on": "2025-06-30", "value": "25"})  # fmt: skip
    assert response.status_code == 403
    with pytest.raises(PermissionDenied):
        services.indicator_value_record(
            actor=personas.monitor, indicator=indicator, measured_on=JUN, value=D(3)
        )
    assert not IndicatorValue.objects.exists()
