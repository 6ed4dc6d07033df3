"""Risk scores with their explanation, and the protection-gaps table."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from vigil.api.serializers.common import choice, named
from vigil.risk.models import RiskScore
from vigil.risk.selectors.gap_scope import DIMENSIONS, MAX_YEARS
from vigil.risk.selectors.scores import explanation, top_reasons

ID = {"required": False, "min_value": 1, "max_value": 2**63 - 1}


class ReasonOut(serializers.Serializer):
    factor = serializers.CharField()
    name = serializers.CharField()
    points = serializers.DecimalField(max_digits=8, decimal_places=2)


class ScoreOut(serializers.ModelSerializer):
    place = named()
    configuration_version = serializers.IntegerField(source="configuration.version")
    top_reasons = serializers.SerializerMethodField()

    class Meta:
        model = RiskScore
        fields: tuple[str, ...] = (
            "id",
            "place",
            "score",
            "computed_on",
            "configuration_version",
            "top_reasons",
        )

    @extend_schema_field(ReasonOut(many=True))
    def get_top_reasons(self, score: RiskScore) -> list[Any]:
        return list(ReasonOut(top_reasons(score.parts), many=True).data)


class PartOut(serializers.Serializer):
    """One factor's share of the score. Its evidence (links to visits and records) stays in
    Vigil: the explanation says how much, the pages say from what."""

    factor = serializers.CharField()
    name = serializers.CharField()
    measure = serializers.CharField()
    weight = serializers.DecimalField(max_digits=8, decimal_places=2)
    value = serializers.DecimalField(max_digits=8, decimal_places=4)
    points = serializers.DecimalField(max_digits=8, decimal_places=2)


class GroupOut(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    points = serializers.DecimalField(max_digits=8, decimal_places=2)
    parts = PartOut(many=True)


class ScoreExplainedOut(ScoreOut):
    explanation = serializers.SerializerMethodField()

    class Meta(ScoreOut.Meta):
        fields = (*ScoreOut.Meta.fields, "explanation")

    @extend_schema_field(GroupOut(many=True))
    def get_explanation(self, score: RiskScore) -> list[Any]:
        groups = explanation(actor=self.context["actor"], score=score)
        return list(GroupOut(groups, many=True).data)


class ScoreFiltersIn(serializers.Serializer):
    place = serializers.IntegerField(**ID)


class GapsFiltersIn(serializers.Serializer):
    dimension = choice(
        list(DIMENSIONS.items()),
        required=False,
        default="kind",
        help_text="The columns: kind of place, authority or area.",
    )
    kind = serializers.IntegerField(**ID)
    authority = serializers.IntegerField(**ID)
    area = serializers.IntegerField(**ID)
    years = serializers.IntegerField(required=False, min_value=1, max_value=MAX_YEARS, default=3)


class CellOut(serializers.Serializer):
    places = serializers.IntegerField()
    contributing = serializers.IntegerField(help_text="Places where the factor is present.")
    share = serializers.FloatField(help_text="Per cent of the places.")
    mean_value = serializers.DecimalField(max_digits=8, decimal_places=4)


class ColumnOut(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    places = serializers.IntegerField()


class FactorRowOut(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    cells = CellOut(many=True)
    total = CellOut()


class GapGroupOut(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    rows = FactorRowOut(many=True)


class GapsOut(serializers.Serializer):
    dimension = serializers.CharField(source="filters.dimension")
    scored = serializers.IntegerField(help_text="Open places with a score.")
    unscored = serializers.IntegerField()
    oldest_score = serializers.DateField(allow_null=True)
    newest_score = serializers.DateField(allow_null=True)
    versions = serializers.ListField(child=serializers.IntegerField())
    columns = ColumnOut(many=True)
    groups = GapGroupOut(many=True)
