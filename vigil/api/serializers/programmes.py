"""Prevention programmes, indicators, activities, trainings (figures only) and good practice."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from vigil.api.serializers.common import choice, label, named
from vigil.programmes.models import (
    Activity,
    GoodPractice,
    GoodPracticeTheme,
    Indicator,
    Programme,
    TrainingSession,
)

ID = {"required": False, "min_value": 1, "max_value": 2**63 - 1}


class ProgrammeOut(serializers.ModelSerializer):
    status_label = label("status")
    champion = named(allow_null=True)
    themes = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Programme
        fields = (
            "id",
            "title",
            "summary",
            "protection_gap",
            "themes",
            "champion",
            "mentors",
            "partners",
            "starts_on",
            "ends_on",
            "budget",
            "currency",
            "funding",
            "status",
            "status_label",
            "version",
        )


class ProgrammeFiltersIn(serializers.Serializer):
    q = serializers.CharField(required=False, max_length=200)
    status = choice(Programme.Status.choices, required=False)
    theme = serializers.IntegerField(**ID)


class ByProgrammeIn(serializers.Serializer):
    programme = serializers.IntegerField(**ID)


class IndicatorValueOut(serializers.Serializer):
    measured_on = serializers.DateField()
    value = serializers.DecimalField(max_digits=14, decimal_places=2)


class IndicatorOut(serializers.ModelSerializer):
    programme = serializers.IntegerField(source="item.programme_id", read_only=True)
    statement = serializers.CharField(source="item.text", read_only=True)
    values = IndicatorValueOut(many=True, read_only=True)

    class Meta:
        model = Indicator
        fields = (
            "id",
            "programme",
            "statement",
            "name",
            "unit",
            "baseline",
            "target",
            "means_of_verification",
            "values",
            "version",
        )


class ActivityOut(serializers.ModelSerializer):
    kind_label = label("kind")

    class Meta:
        model = Activity
        fields = (
            "id",
            "programme",
            "kind",
            "kind_label",
            "title",
            "starts_on",
            "ends_on",
            "location",
            "place",
            "participants",
            "outputs",
            "version",
        )


class ActivityFiltersIn(ByProgrammeIn):
    kind = choice(Activity.Kind.choices, required=False)


class LearningGainOut(serializers.Serializer):
    scored = serializers.IntegerField(help_text="Participants with both test scores.")
    pre = serializers.FloatField(allow_null=True)
    post = serializers.FloatField(allow_null=True)
    gain = serializers.FloatField(allow_null=True)
    gain_percent = serializers.FloatField(allow_null=True)
    normalised = serializers.FloatField(allow_null=True)


class TrainingOut(serializers.ModelSerializer):
    """A training session's figures: how many took part and what they learnt. Never the
    roster: names of participants do not leave through the API."""

    programme = serializers.IntegerField(source="activity.programme_id", read_only=True)
    title = serializers.CharField(source="activity.title", read_only=True)
    starts_on = serializers.DateField(source="activity.starts_on", read_only=True)
    topics = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    participants = serializers.SerializerMethodField()
    attended = serializers.SerializerMethodField()
    learning_gain = serializers.SerializerMethodField()

    class Meta:
        model = TrainingSession
        fields = (
            "id",
            "activity",
            "programme",
            "title",
            "starts_on",
            "topics",
            "max_score",
            "participants",
            "attended",
            "learning_gain",
        )

    def _figures(self, session: TrainingSession) -> Any:
        return self.context["figures"][session.pk]

    def get_participants(self, session: TrainingSession) -> int:
        return int(self._figures(session).participants)

    def get_attended(self, session: TrainingSession) -> int | None:
        attended: int | None = self._figures(session).attended
        return attended

    @extend_schema_field(LearningGainOut)
    def get_learning_gain(self, session: TrainingSession) -> dict[str, Any]:
        return dict(LearningGainOut(self._figures(session).gain).data)


class GoodPracticeOut(serializers.ModelSerializer):
    themes = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    practice_themes = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = GoodPractice
        fields = (
            "id",
            "programme",
            "title",
            "what_worked",
            "context",
            "lessons",
            "practice_themes",
            "protection_gap",
            "themes",
            "ready_to_share",
            "version",
        )


class GoodPracticeFiltersIn(ByProgrammeIn):
    q = serializers.CharField(required=False, max_length=200)
    practice_theme = choice(GoodPracticeTheme.choices, required=False)
    theme = serializers.IntegerField(**ID)
    ready_to_share = serializers.BooleanField(required=False, default=False)
