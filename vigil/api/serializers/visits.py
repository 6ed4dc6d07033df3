"""The visit plan, visits, teams, observations, findings, checklists and filled checklists."""

from __future__ import annotations

from rest_framework import serializers

from vigil.api.serializers.common import choice, label, named
from vigil.visits.models import (
    ChecklistSubmission,
    ChecklistTemplate,
    Finding,
    Observation,
    Severity,
    TeamMember,
    Visit,
    VisitPlan,
    VisitType,
)

ID = {"required": False, "min_value": 1, "max_value": 2**63 - 1}


class PlanOut(serializers.ModelSerializer):
    planned = serializers.IntegerField(read_only=True, help_text="Visits planned in it.")
    done = serializers.IntegerField(read_only=True, help_text="Planned visits made so far.")

    class Meta:
        model = VisitPlan
        fields = ("id", "title", "starts_on", "ends_on", "notes", "planned", "done")


class VisitOut(serializers.ModelSerializer):
    place = named()
    status_label = label("status")
    visit_type_label = label("visit_type")
    themes = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Visit
        fields = (
            "id",
            "place",
            "plan",
            "visit_type",
            "visit_type_label",
            "announced",
            "planned_for",
            "starts_on",
            "ends_on",
            "status",
            "status_label",
            "themes",
            "objectives",
            "summary",
            "methodology",
            "report_sent_on",
            "version",
            "created_at",
        )


class VisitFiltersIn(serializers.Serializer):
    q = serializers.CharField(required=False, max_length=200, help_text="Part of the place's name.")
    status = choice(Visit.Status.choices, required=False)
    visit_type = choice(VisitType.choices, required=False)
    year = serializers.IntegerField(required=False, min_value=1900, max_value=2200)
    place = serializers.IntegerField(**ID)


class ByVisitIn(serializers.Serializer):
    visit = serializers.IntegerField(**ID)


class TeamMemberOut(serializers.ModelSerializer):
    """A member of a visiting team: staff, named as the team page names them."""

    name = serializers.SerializerMethodField()
    role_label = label("role")

    class Meta:
        model = TeamMember
        fields = ("id", "visit", "user", "name", "role", "role_label")

    def get_name(self, member: TeamMember) -> str:
        return member.user.get_full_name() if member.user else member.external_name


class ObservationOut(serializers.ModelSerializer):
    theme = named()

    class Meta:
        model = Observation
        fields = ("id", "visit", "theme", "text", "created_at")


class FindingOut(serializers.ModelSerializer):
    theme = named()
    severity_label = label("severity")
    standards = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Finding
        fields = (
            "id",
            "visit",
            "theme",
            "severity",
            "severity_label",
            "title",
            "description",
            "standards",
            "acted_on_at",
            "action_note",
            "created_at",
        )


class FindingFiltersIn(ByVisitIn):
    severity = choice(Severity.choices, required=False)
    theme = serializers.IntegerField(**ID)


class ChecklistTemplateOut(serializers.ModelSerializer):
    shipped = serializers.SerializerMethodField(help_text="Shipped with Vigil for everyone.")
    versions = serializers.SerializerMethodField()

    class Meta:
        model = ChecklistTemplate
        fields = ("id", "form_id", "title", "shipped", "versions", "created_at")

    def get_shipped(self, template: ChecklistTemplate) -> bool:
        return template.institution_id is None

    def get_versions(self, template: ChecklistTemplate) -> list[str]:
        return [v.version for v in template.versions.all()]


class SubmissionOut(serializers.ModelSerializer):
    checklist = serializers.CharField(source="version.template.title", read_only=True)
    checklist_version = serializers.CharField(source="version.version", read_only=True)
    answers = serializers.JSONField(read_only=True, help_text="Answers by question name.")
    source_label = label("source")

    class Meta:
        model = ChecklistSubmission
        fields = (
            "id",
            "visit",
            "checklist",
            "checklist_version",
            "answers",
            "is_complete",
            "source",
            "source_label",
            "updated_at",
        )
