"""The audit log, and the people section's counts."""

from __future__ import annotations

from rest_framework import serializers

from vigil.api.serializers.common import named
from vigil.core.models import AuditEvent


class AuditEventOut(serializers.ModelSerializer):
    actor = named(allow_null=True)

    class Meta:
        model = AuditEvent
        fields = (
            "id",
            "sequence",
            "created_at",
            "actor",
            "action",
            "target_type",
            "target_id",
            "details",
            "channel",
            "hash",
        )


class AuditFiltersIn(serializers.Serializer):
    action = serializers.CharField(
        required=False, max_length=64, help_text="Actions starting with this, e.g. `place.`."
    )
    target_type = serializers.CharField(required=False, max_length=64)
    target_id = serializers.CharField(required=False, max_length=64)
    since = serializers.DateField(required=False)
    until = serializers.DateField(required=False)


class FigureOut(serializers.Serializer):
    label = serializers.CharField()
    count = serializers.IntegerField(allow_null=True, help_text="Null when suppressed.")
    suppressed = serializers.BooleanField()


class BreakdownOut(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    note = serializers.CharField(allow_blank=True)
    rows = FigureOut(many=True)


class SectionOut(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    totals = FigureOut(many=True)
    breakdowns = BreakdownOut(many=True)


class PeopleFiguresOut(serializers.Serializer):
    suppressed_below = serializers.IntegerField(
        help_text="Counts from 1 to this number minus one are withheld."
    )
    sections = SectionOut(many=True)
