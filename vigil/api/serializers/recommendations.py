"""Recommendations, the authorities' responses, the implementation history and UN sources."""

from __future__ import annotations

from django.db.models import QuerySet
from rest_framework import serializers

from vigil.api.fields import ScopedRecord
from vigil.api.serializers.common import choice, label, named
from vigil.core.models import Membership
from vigil.recommendations.models import (
    Addressee,
    AuthorityResponse,
    Mechanism,
    Priority,
    Recommendation,
    Response,
    Source,
    Status,
    StatusUpdate,
)
from vigil.recommendations.selectors.recommendations import recommendation_list
from vigil.visits.selectors.lookups import visits_latest_first

ID = {"required": False, "min_value": 1, "max_value": 2**63 - 1}


def _recommendations(actor: Membership) -> QuerySet[Recommendation]:
    return recommendation_list(actor=actor)


class RecommendationOut(serializers.ModelSerializer):
    authority = named(allow_null=True)
    source_label = label("source")
    mechanism_label = label("mechanism")
    addressee_label = label("addressee")
    priority_label = label("priority")
    response_label = label("response")
    status_label = label("status")
    places = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    themes = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    findings = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Recommendation
        fields = (
            "id",
            "reference",
            "text",
            "source",
            "source_label",
            "mechanism",
            "mechanism_label",
            "source_document",
            "paragraph",
            "visit",
            "issued_on",
            "addressee",
            "addressee_label",
            "authority",
            "law_or_policy",
            "places",
            "themes",
            "findings",
            "priority",
            "priority_label",
            "due_on",
            "response",
            "response_label",
            "status",
            "status_label",
            "status_on",
            "implemented_on",
            "version",
        )


class RecommendationFiltersIn(serializers.Serializer):
    q = serializers.CharField(
        required=False, max_length=200, help_text="Words of the text, or the exact reference."
    )
    status = choice(Status.choices, required=False)
    response = choice(Response.choices, required=False)
    priority = choice(Priority.choices, required=False)
    source = choice(Source.choices, required=False)
    addressee = choice(Addressee.choices, required=False)
    authority = serializers.IntegerField(**ID)
    theme = serializers.IntegerField(**ID)
    place = serializers.IntegerField(**ID)
    year = serializers.IntegerField(required=False, min_value=1900, max_value=2200)
    overdue = serializers.BooleanField(required=False, default=False)
    open_only = serializers.BooleanField(required=False, default=False)


class ByRecommendationIn(serializers.Serializer):
    recommendation = serializers.IntegerField(**ID)


class ResponseOut(serializers.ModelSerializer):
    response_label = label("response")

    class Meta:
        model = AuthorityResponse
        fields = (
            "id",
            "recommendation",
            "response",
            "response_label",
            "received_on",
            "text",
            "document",
            "created_at",
        )


class ResponseIn(serializers.Serializer):
    recommendation = ScopedRecord(_recommendations)
    response = choice(Response.choices)
    received_on = serializers.DateField()
    text = serializers.CharField(required=False, allow_blank=True, max_length=20_000)
    document = serializers.CharField(required=False, allow_blank=True, max_length=300)


class StatusUpdateOut(serializers.ModelSerializer):
    status_label = label("status")

    class Meta:
        model = StatusUpdate
        fields = (
            "id",
            "recommendation",
            "status",
            "status_label",
            "on",
            "note",
            "evidence",
            "verified_at_visit",
            "created_at",
        )


class StatusUpdateIn(serializers.Serializer):
    recommendation = ScopedRecord(_recommendations)
    status = choice(Status.choices)
    on = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, max_length=20_000)
    evidence = serializers.CharField(required=False, allow_blank=True, max_length=20_000)
    verified_at_visit = ScopedRecord(visits_latest_first, required=False, allow_null=True)


class UnSourceOut(serializers.Serializer):
    mechanism = choice(Mechanism.choices, allow_blank=True)
    mechanism_label = serializers.CharField()
    source_document = serializers.CharField()
    recommendations = serializers.IntegerField()
    implemented = serializers.IntegerField()
    open = serializers.IntegerField()


class UnSourcesOut(serializers.Serializer):
    sources = UnSourceOut(many=True)
