"""Prevention programmes, indicators, activities, trainings (figures only) and good practice."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from vigil.api.resources import Resource
from vigil.api.schema import documented
from vigil.api.selectors import records
from vigil.api.serializers import programmes as s
from vigil.core.access import get_for_actor
from vigil.core.models import Membership
from vigil.core.roles import Capability
from vigil.programmes.selectors.good_practice import (
    GoodPracticeFilters,
    good_practice_get,
    good_practice_list,
)
from vigil.programmes.selectors.programmes import (
    ProgrammeFilters,
    activity_get,
    programme_get,
    programme_list,
)
from vigil.programmes.selectors.training import session_figures

BY_ID = {"id": ("pk",), "-id": ("-pk",)}
STARTS = {**BY_ID, "starts_on": ("starts_on", "pk"), "-starts_on": ("-starts_on", "-pk")}


class ProgrammeArea(Resource):
    tag, capability = "programmes", Capability.VIEW_PROGRAMMES


@documented
class ProgrammeResource(ProgrammeArea):
    resource, noun, plural = "programmes", "prevention programme", "prevention programmes"
    about = "Training, law reform and awareness programmes, and the gaps they address."
    output, filters, orderings, default_ordering = (
        s.ProgrammeOut,
        s.ProgrammeFiltersIn,
        STARTS,
        "-starts_on",
    )
    example = {
        "id": 4,
        "title": "Safeguards in police custody",
        "summary": "",
        "protection_gap": "Lawyers reach detainees late.",
        "themes": [3],
        "champion": {"id": 4, "name": "Amina Odhiambo"},
        "mentors": "",
        "partners": "",
        "starts_on": "2026-02-01",
        "ends_on": None,
        "budget": "12000.00",
        "currency": "EUR",
        "funding": "Seed grant",
        "status": "active",
        "status_label": "Active",
        "version": 2,
    }

    def records(self, actor: Membership, filters: dict[str, Any]) -> QuerySet[Any]:
        return programme_list(actor=actor, filters=ProgrammeFilters(**filters))

    def record(self, actor: Membership, pk: Any) -> Any:
        return programme_get(actor=actor, pk=pk)


@documented
class IndicatorResource(ProgrammeArea):
    resource, noun, plural = "indicators", "indicator", "indicators"
    about = "Indicators of programmes' logframes, with their baseline, target and values."
    output, filters, orderings = s.IndicatorOut, s.ByProgrammeIn, BY_ID
    example = {
        "id": 9,
        "programme": 4,
        "statement": "Detainees see a lawyer within 24 hours.",
        "name": "Share of detainees who saw a lawyer within 24 h",
        "unit": "%",
        "baseline": "20.00",
        "target": "80.00",
        "means_of_verification": "Registers",
        "values": [{"measured_on": "2026-06-30", "value": "35.00"}],
        "version": 1,
    }

    def records(self, actor: Membership, filters: dict[str, Any]) -> QuerySet[Any]:
        return records.indicator_list(actor=actor, **filters)

    def record(self, actor: Membership, pk: Any) -> Any:
        return get_for_actor(records.indicator_list(actor=actor), actor=actor, pk=pk)


@documented
class ActivityResource(ProgrammeArea):
    resource, noun, plural = "activities", "activity", "activities"
    about = "What programmes did: trainings, workshops, submissions, campaigns…"
    output, filters, orderings, default_ordering = (
        s.ActivityOut,
        s.ActivityFiltersIn,
        STARTS,
        "-starts_on",
    )
    example = {
        "id": 30,
        "programme": 4,
        "kind": "training",
        "kind_label": "Training",
        "title": "Custody safeguards for station commanders",
        "starts_on": "2026-03-10",
        "ends_on": "2026-03-11",
        "location": "Police college",
        "place": None,
        "participants": 24,
        "outputs": "",
        "version": 1,
    }

    def records(self, actor: Membership, filters: dict[str, Any]) -> QuerySet[Any]:
        return records.activity_list(actor=actor, **filters)

    def record(self, actor: Membership, pk: Any) -> Any:
        return activity_get(actor=actor, pk=pk)


@documented
class TrainingResource(ProgrammeArea):
    resource, noun, plural = "trainings", "training", "trainings"
    about = (
        "Training sessions as figures: participants, attendance and learning gain. The roster "
        "(participants' names) never leaves through the API."
    )
    output, filters, orderings = s.TrainingOut, s.ByProgrammeIn, BY_ID
    example = {
        "id": 6,
        "activity": 30,
        "programme": 4,
        "title": "Custody safeguards for station commanders",
        "starts_on": "2026-03-10",
        "topics": [3],
        "max_score": "20.00",
        "participants": 24,
        "attended": 22,
        "learning_gain": {
            "scored": 20,
            "pre": 9.5,
            "post": 15.1,
            "gain": 5.6,
            "gain_percent": 28.0,
            "normalised": 0.53,
        },
    }

    def records(self, actor: Membership, filters: dict[str, Any]) -> QuerySet[Any]:
        return records.training_list(actor=actor, **filters)

    def record(self, actor: Membership, pk: Any) -> Any:
        return get_for_actor(records.training_list(actor=actor), actor=actor, pk=pk)

    def page_context(self, records: list[Any]) -> dict[str, Any]:
        return {"figures": session_figures(records)}


@documented
class GoodPracticeResource(ProgrammeArea):
    resource, noun, plural = "good-practices", "good practice", "good practices"
    about = "What worked, in what context, and the lessons learnt."
    output, filters, orderings = s.GoodPracticeOut, s.GoodPracticeFiltersIn, BY_ID
    default_ordering = "-id"
    example = {
        "id": 3,
        "programme": 4,
        "title": "Joint custody inspections",
        "what_worked": "Inspecting with the police oversight body.",
        "context": "Urban police stations.",
        "lessons": "Agree the checklist first.",
        "practice_themes": ["peer_exchange"],
        "protection_gap": "",
        "themes": [3],
        "ready_to_share": True,
        "version": 1,
    }

    def records(self, actor: Membership, filters: dict[str, Any]) -> QuerySet[Any]:
        return good_practice_list(actor=actor, filters=GoodPracticeFilters(**filters))

    def record(self, actor: Membership, pk: Any) -> Any:
        return good_practice_get(actor=actor, pk=pk)
