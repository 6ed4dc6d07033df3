"""Reads of checklists: the library (shipped and the institution's own), their versions,
the checklists filled for a visit, and their answers as evidence a finding can cite."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from vigil.core.access import get_for_actor
from vigil.core.models import Membership
from vigil.places.models import Place
from vigil.visits.access import visit_get
from vigil.visits.models import ChecklistSubmission, ChecklistTemplate, ChecklistVersion, Visit
from vigil.visits.xlsform import FormDefinition


def definition_of(version: ChecklistVersion) -> FormDefinition:
    return FormDefinition.from_dict(version.definition)


def xform_of(version: ChecklistVersion) -> str:
    """The XForm of the version for ODK Collect and Tella, as pyxform builds it from the
    workbook that was imported (with the version's form id and version)."""
    from vigil.visits.xlsform.xform import xform_from_xlsform

    content = bytes(version.xlsform)
    filename = "form.xlsx" if content.startswith(b"PK") else "form.xls"
    return xform_from_xlsform(
        content, filename, form_id=version.template.form_id, version=version.version
    )


def checklist_templates(*, actor: Membership) -> QuerySet[ChecklistTemplate]:
    return ChecklistTemplate.objects.visible_to(actor).prefetch_related("versions")


def checklist_template_get(*, actor: Membership, pk: Any) -> ChecklistTemplate:
    template = checklist_templates(actor=actor).filter(pk=pk).first()
    if template is None:
        raise Http404
    return template


def current_versions(*, actor: Membership, place: Place | None = None) -> list[ChecklistVersion]:
    """The latest version of each checklist; the one suited to the place's kind first."""
    from vigil.visits.builtin import STARTER_FORM_FOR_KIND

    versions = []
    for template in checklist_templates(actor=actor):
        latest = max(template.versions.all(), key=lambda v: (v.imported_at, v.pk), default=None)
        if latest is not None:
            versions.append(latest)
    suited = STARTER_FORM_FOR_KIND.get(place.kind.code) if place is not None else None
    versions.sort(key=lambda v: (v.template.form_id != suited, v.template.title))
    return versions


def current_version_choices(actor: Membership) -> QuerySet[ChecklistVersion]:
    """The latest versions (`current_versions`) as a queryset, for a form's choice."""
    ids = [v.pk for v in current_versions(actor=actor)]
    return ChecklistVersion.objects.filter(pk__in=ids).select_related("template")


def _versions_visible_to(actor: Membership) -> QuerySet[ChecklistVersion]:
    return ChecklistVersion.objects.filter(template__in=ChecklistTemplate.objects.visible_to(actor))


def version_get(*, actor: Membership, pk: Any) -> ChecklistVersion:
    version = _versions_visible_to(actor).select_related("template").filter(pk=pk).first()
    if version is None:
        raise Http404
    return version


def submission_get(*, actor: Membership, pk: Any) -> ChecklistSubmission:
    """A filled checklist, as readable as its visit."""
    submission = get_for_actor(
        ChecklistSubmission.objects.select_related("version__template", "visit__place"),
        actor=actor,
        pk=pk,
    )
    visit_get(actor=actor, pk=submission.visit_id)
    return submission


def answer_choices(visit: Visit) -> list[tuple[str, str]]:
    """Every answered question of the visit's checklists, as evidence a finding can cite."""
    choices = []
    for submission in visit.checklists.select_related("version__template"):
        definition = definition_of(submission.version)
        for path, value in sorted(submission.answers.items()):
            if value in (None, "", []) or isinstance(value, list | dict):
                continue
            element = definition.find(path)
            label = next(iter(element.labels.values()), path) if element else path
            choices.append(
                (
                    f"{submission.pk}:{path}",
                    f"{submission.version.template.title} · {label}: {value}",
                )
            )
    return choices
