"""Checklist mappings: which checklist answers count as evidence of which factor, and the
checklists and questions a mapping may be made from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from vigil.core.access import get_for_actor
from vigil.core.models import Membership
from vigil.risk.models import ChecklistMapping
from vigil.visits.models import ChecklistTemplate


def mapping_list(*, actor: Membership) -> QuerySet[ChecklistMapping]:
    return (
        ChecklistMapping.objects.for_actor(actor)
        .select_related("factor", "template", "created_by")
        .order_by("factor__order", "factor__name", "template__title", "question", "pk")
    )


def mapping_get(*, actor: Membership, pk: Any) -> ChecklistMapping:
    mappings = ChecklistMapping.objects.select_related("factor", "template")
    return get_for_actor(mappings, actor=actor, pk=pk)


def mapping_exists(*, actor: Membership, factor_id: int, template_id: int, question: str) -> bool:
    return (
        ChecklistMapping.objects.for_actor(actor)
        .filter(factor_id=factor_id, template_id=template_id, question=question)
        .exists()
    )


def checklist_templates_for(actor: Membership) -> QuerySet[ChecklistTemplate]:
    """The shipped checklists and the institution's own."""
    return ChecklistTemplate.objects.visible_to(actor).order_by("title", "pk")


def checklist_template_get(*, actor: Membership, pk: Any) -> ChecklistTemplate:
    try:
        return checklist_templates_for(actor).get(pk=pk)
    except (ChecklistTemplate.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


@dataclass(frozen=True)
class Question:
    path: str
    label: str
    choices: tuple[str, ...] = ()


def template_questions(template: ChecklistTemplate) -> list[Question]:
    """The questions of the checklist's latest version, in form order."""
    from vigil.visits.xlsform.model import FormDefinition

    version = template.versions.order_by("-imported_at", "-pk").first()
    if version is None:
        return []
    try:
        definition = FormDefinition.from_dict(version.definition)
    except (KeyError, ValueError, TypeError):
        return []
    language = definition.default_language
    questions = []
    for element in definition.questions():
        label = element.labels.get(language) or next(iter(element.labels.values()), "")
        choices = definition.choice_names(element.list_name) if element.list_name else []
        questions.append(Question(element.path, str(label), tuple(choices)))
    return questions


def question_paths(template: ChecklistTemplate) -> set[str]:
    """The paths of the questions (not notes) of the checklist's latest version, as stored."""
    version = template.versions.order_by("-imported_at", "-pk").first()
    if version is None:
        return set()
    found: set[str] = set()

    def walk(elements: list[dict[str, Any]]) -> None:
        for element in elements:
            if element.get("children"):
                walk(element["children"])
            elif element.get("path") and element.get("type") != "note":
                found.add(str(element["path"]))

    walk(version.definition.get("elements", []))
    return found
