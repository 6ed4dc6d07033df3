"""What the search box finds of the recommendations app: recommendations and the authorities'
responses to them (vigil.core.fulltext, docs/search.md)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from vigil.core.fulltext import Entry, SearchKind, clip
from vigil.core.roles import Capability
from vigil.recommendations.models import AuthorityResponse, Recommendation


def _place_facets(rec: Recommendation) -> dict[str, Any]:
    """The recommendation's place: its visit's, else the first it names."""
    place = rec.visit.place if rec.visit is not None else next(iter(rec.places.all()), None)
    if place is None:
        return {}
    return {"place_id": place.pk, "place_kind_id": place.kind_id, "area_id": place.area_id}


def _recommendation_entry(rec: Recommendation) -> Entry:
    return Entry(
        title=f"{rec.reference} · {rec.text[:120]}",
        body=clip(rec.text, rec.source_document, rec.law_or_policy),
        on_date=rec.issued_on,
        theme_ids=[t.pk for t in rec.themes.all()],
        **_place_facets(rec),
    )


def _url(rec_id: int, anchor: str = "") -> str:
    return reverse("recommendations:recommendation_detail", args=[rec_id]) + (
        f"#{anchor}" if anchor else ""
    )


ROWS = ("visit__place",)

RECOMMENDATION = SearchKind(
    key="recommendation",
    label=_("Recommendations"),
    group="recommendations",
    model=Recommendation,
    capability=Capability.VIEW_RECOMMENDATIONS,
    entry=_recommendation_entry,
    visible=lambda actor: Recommendation.objects.for_actor(actor).select_related("authority"),
    url=lambda rec: _url(rec.pk),
    context=lambda rec: [
        rec.reference,
        rec.authority.name if rec.authority_id else "",
        rec.get_status_display(),
    ],
    rows=lambda qs: qs.select_related(*ROWS).prefetch_related("themes", "places"),
    order=40,
)


def _response_entry(response: AuthorityResponse) -> Entry:
    rec = response.recommendation
    return Entry(
        title=f"{rec.reference} · {response.text[:120]}",
        body=clip(response.text, response.document),
        on_date=response.received_on,
        theme_ids=[t.pk for t in rec.themes.all()],
        **_place_facets(rec),
    )


RESPONSE = SearchKind(
    key="response",
    label=_("Authorities' responses"),
    group="recommendations",
    model=AuthorityResponse,
    capability=Capability.VIEW_RECOMMENDATIONS,
    entry=_response_entry,
    visible=lambda actor: AuthorityResponse.objects.for_actor(actor).select_related(
        "recommendation"
    ),
    url=lambda r: _url(r.recommendation_id, "response-heading"),
    context=lambda r: [r.recommendation.reference],
    rows=lambda qs: qs.select_related("recommendation__visit__place").prefetch_related(
        "recommendation__themes", "recommendation__places"
    ),
    order=41,
)
