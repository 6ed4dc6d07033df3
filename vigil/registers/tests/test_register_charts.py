"""The place page's register section draws each check's rate by month (server-side SVG);
a month whose count a reader may not see has no dot."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from vigil.core.tests.factories import client_for

pytestmark = pytest.mark.django_db(transaction=True)


def _charts(client: Any, place: Any) -> tuple[dict[str, Any], str]:
    page = client.get(reverse("places:place_detail", args=[place.pk]))
    assert page.status_code == 200
    (panel,) = [p for name, p in page.context["panels"] if name == "registers/_place_panel.html"]
    return {chart.code: chart for chart in panel["charts"]}, page.content.decode()


def test_a_monitor_sees_each_check_s_rate_month_by_month(personas, checked, place):
    charts, text = _charts(client_for(personas.monitor), place)
    numbering = charts["numbering"]
    # March: 2 of 5 entries, April: 1 of 1.
    assert [title for _x, _y, title in numbering.dots] == [
        "Mar 2026: 2 of 5 entries (40 %)",
        "Apr 2026: 1 of 1 entries (100 %)",
    ]
    assert numbering.points.count(",") == 2 and not numbering.withheld
    assert [label for _y, label in numbering.y_ticks][-1] == "100 %"
    # A check found in March only still has its April month, at 0 %.
    assert [t for _x, _y, t in charts["no_judge"].dots][-1] == "Apr 2026: 0 of 1 entries (0 %)"
    assert "Gaps and duplicates in entry numbers: rate by month" in text
    assert "<polyline" in text


def test_an_analyst_sees_no_month_whose_count_is_withheld(personas, checked, place):
    charts, text = _charts(client_for(personas.analyst), place)
    numbering = charts["numbering"]
    assert numbering.empty and numbering.withheld == 2
    # no_judge: March's 1 is withheld, April's 0 is shown.
    assert [t for _x, _y, t in charts["no_judge"].dots] == ["Apr 2026: 0 of 1 entries (0 %)"]
    assert charts["no_judge"].withheld == 1
    assert "2 of 5 entries" not in text and "40 %" not in text
    assert "Its monthly counts are too small to be shown." in text
