"""The recommendations that searchable choices offer (ADR 0022)."""

from __future__ import annotations

from django.db.models import QuerySet

from vigil.core.models import Membership
from vigil.core.roles import Capability
from vigil.core.searchable import Lookup
from vigil.recommendations.models import Recommendation


def recommendations_latest_first(actor: Membership) -> QuerySet[Recommendation]:
    return Recommendation.objects.for_actor(actor).order_by("-issued_on", "-pk")


def _label(recommendation: Recommendation) -> str:
    return f"{recommendation.reference}: {recommendation.text[:80]}"


RECOMMENDATION = Lookup(
    "recommendation",
    Recommendation,
    recommendations_latest_first,
    search=("reference", "text"),
    label=_label,
    capability=Capability.VIEW_RECOMMENDATIONS,
)
