"""A place's risk: the panel on the place page and the full explanation, with history."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from vigil.core.tests.factories import client_for
from vigil.places.tests.factories import PlaceFactory, SnapshotFactory
from vigil.risk.models import RiskScore
from vigil.risk.services.configuration import configuration_update
from vigil.risk.services.scores import scores_compute
from vigil.risk.templatetags.risk import evidence_label, evidence_link, evidence_url
from vigil.visits.models import Severity
from vigil.visits.tests.factories import FindingFactory, VisitFactory, theme


def _scored_place(personas):  # type: ignore[no-untyped-def]
    place = PlaceFactory.create(institution=personas.institution_a, name="Harbour Lock-up",
                                capacity=50)  # fmt: skip
    today = timezone.localdate()
    visit = VisitFactory.create(place=place, starts_on=today - timedelta(days=30))
    finding = FindingFactory.create(
        visit=visit, severity=Severity.SERIOUS, theme=theme("treatment")
    )
    SnapshotFactory.create(place=place, counted_on=today - timedelta(days=10), total=90)
    scores_compute(institution=personas.institution_a, on=today - timedelta(days=365))
    scores_compute(institution=personas.institution_a, on=today)
    return place, visit, finding


def test_the_place_page_shows_the_latest_score_and_top_reasons(personas):
    place, _visit, _finding = _scored_place(personas)
    score = RiskScore.objects.get(place=place, is_latest=True)
    page = client_for(personas.viewer).get(reverse("places:place_detail", args=[place.pk]))
    body = page.content.decode()
    assert page.status_code == 200
    assert 'id="risk"' in body and str(score.score) in body
    assert "configuration version 1" in body
    assert "Findings of ill-treatment or abusive discipline" in body
    assert reverse("risk:risk_place", args=[place.pk]) in body


def test_a_place_without_a_score_says_so(personas):
    place = PlaceFactory.create(institution=personas.institution_a)
    body = client_for(personas.monitor).get(reverse("places:place_detail", args=[place.pk])).content
    assert "No score yet." in body.decode()


def test_the_explanation_shows_every_factor_its_evidence_and_the_history(personas):
    place, visit, finding = _scored_place(personas)
    configuration_update(actor=personas.admin, weights={"overcrowding": "4"}, thresholds={})
    scores_compute(institution=personas.institution_a)
    response = client_for(personas.analyst).get(reverse("risk:risk_place", args=[place.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    score = response.context["score"]
    assert score.configuration.version == 2
    groups = response.context["groups"]
    # All parts are there, grouped, the groups that earn most first, contributing parts first.
    assert sum(len(g.parts) for g in groups) == len(score.parts)
    assert [g.points for g in groups] == sorted((g.points for g in groups), reverse=True)
    for group in groups:
        flags = [p.contributing for p in group.parts]
        assert flags == sorted(flags, reverse=True)
    assert sum(g.points for g in groups) == score.score
    # Evidence links: the finding, the population count.
    assert reverse("visits:visit_detail", args=[visit.pk]) + f"#finding-{finding.pk}" in body
    assert reverse("places:place_detail", args=[place.pk]) + "#population" in body
    assert "Finding (Serious)" in body and "Population count" in body
    # The history names the version of each score.
    history = response.context["history"]
    assert [s.configuration.version for s in history][:1] == [2]
    assert len(history) >= 2 and "version 1" in body and "version 2" in body
    assert "<polyline" in body and 'role="img"' in body


def test_the_explanation_of_a_place_of_another_institution_is_missing(personas):
    place, _visit, _finding = _scored_place(personas)
    client = client_for(personas.monitor_b)
    assert client.get(reverse("risk:risk_place", args=[place.pk])).status_code == 404
    assert client.get(reverse("places:place_detail", args=[place.pk])).status_code == 404


def test_a_place_not_yet_scored_has_an_explanation_page_saying_so(personas):
    place = PlaceFactory.create(institution=personas.institution_a)
    body = client_for(personas.monitor).get(reverse("risk:risk_place", args=[place.pk])).content
    assert "This place has no score yet." in body.decode()


# --- evidence links ------------------------------------------------------------------------


def test_evidence_targets_become_urls_or_stay_text():
    assert evidence_url("visit_detail:12#finding-3") == reverse(
        "visits:visit_detail", args=[12]
    ) + ("#finding-3")
    assert evidence_url("place_detail:7#population") == reverse("places:place_detail", args=[7]) + (
        "#population"
    )
    assert evidence_url("recommendation_detail:5") == reverse(
        "recommendations:recommendation_detail", args=[5]
    )
    assert evidence_url("submission_fill:9") == reverse("visits:submission_fill", args=[9])
    assert evidence_url("case_list:?place=4") == reverse("people:case_list") + "?place=4"
    assert evidence_url("reprisal_list:?place=4") == reverse("people:reprisal_list") + "?place=4"
    assert evidence_url("no_such_page:4") == ""
    assert evidence_url("visit_detail:abc") == ""
    assert evidence_url("nonsense") == ""
    assert evidence_url('visit_detail:1#a"><script>') == reverse(
        "visits:visit_detail", args=[1]
    ) + ("#ascript")


def test_evidence_reads_as_words_with_its_date():
    link = evidence_link({"target": "gone_page:3", "label": "register:custody", "on": "2026-02-01"})
    assert "<a" not in link and "Register check: Custody register" in link
    assert '<time datetime="2026-02-01">1 Feb 2026</time>' in link
    assert evidence_label({"label": "allegation"}) == "Allegation"
    assert evidence_label({"label": "something new"}) == "something new"
