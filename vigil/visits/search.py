"""What the search box finds of the visits app: visits, findings, observations and the text
answers of filled checklists (vigil.core.fulltext, docs/search.md)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from vigil.core.fulltext import Entry, SearchKind, clip
from vigil.core.models import Membership
from vigil.core.roles import Capability
from vigil.visits.models import ChecklistSubmission, Finding, Observation, Visit
from vigil.visits.xlsform.model import TEXT

PLACE = "visit__place"


def _place_facets(place: Any) -> dict[str, Any]:
    return {"place_id": place.pk, "place_kind_id": place.kind_id, "area_id": place.area_id}


def _visit_url(visit_id: int, anchor: str = "") -> str:
    return reverse("visits:visit_detail", args=[visit_id]) + (f"#{anchor}" if anchor else "")


# --- visits -------------------------------------------------------------------------------
def _visit_entry(visit: Visit) -> Entry:
    return Entry(
        title=f"{visit.reference} · {visit.place.name}".strip(" ·"),
        body=clip(visit.objectives, visit.summary, visit.methodology),
        on_date=visit.starts_on or visit.planned_for,
        theme_ids=[t.pk for t in visit.themes.all()],
        **_place_facets(visit.place),
    )


def _visits(actor: Membership) -> QuerySet[Visit]:
    return Visit.objects.for_actor(actor).select_related("place")


VISIT = SearchKind(
    key="visit",
    label=_("Visits"),
    group="visits",
    model=Visit,
    capability=Capability.VIEW_VISITS,
    entry=_visit_entry,
    visible=_visits,
    url=lambda visit: _visit_url(visit.pk),
    context=lambda visit: [
        visit.place.name,
        visit.get_visit_type_display(),
        visit.get_status_display(),
    ],
    rows=lambda qs: qs.select_related("place").prefetch_related("themes"),
    order=20,
)


# --- findings -----------------------------------------------------------------------------
def _finding_entry(finding: Finding) -> Entry:
    visit = finding.visit
    return Entry(
        title=finding.title,
        body=clip(finding.description, finding.action_note),
        on_date=visit.starts_on or visit.planned_for or finding.created_at.date(),
        theme_ids=[finding.theme_id],
        severity=finding.severity,
        **_place_facets(visit.place),
    )


FINDING = SearchKind(
    key="finding",
    label=_("Findings"),
    group="visits",
    model=Finding,
    capability=Capability.VIEW_VISITS,
    entry=_finding_entry,
    visible=lambda actor: Finding.objects.for_actor(actor).select_related("visit__place", "theme"),
    url=lambda finding: _visit_url(finding.visit_id, f"finding-{finding.pk}"),
    context=lambda finding: [
        finding.visit.place.name,
        finding.visit.reference,
        finding.get_severity_display(),
        finding.theme.label,
    ],
    rows=lambda qs: qs.select_related(PLACE),
    order=21,
)


# --- observations -------------------------------------------------------------------------
def _observation_entry(observation: Observation) -> Entry:
    visit = observation.visit
    return Entry(
        title=observation.text[:120],
        body=observation.text,
        on_date=visit.starts_on or visit.planned_for or observation.created_at.date(),
        theme_ids=[observation.theme_id],
        **_place_facets(visit.place),
    )


OBSERVATION = SearchKind(
    key="observation",
    label=_("Observations"),
    group="visits",
    model=Observation,
    capability=Capability.VIEW_VISITS,
    entry=_observation_entry,
    visible=lambda actor: Observation.objects.for_actor(actor).select_related(
        "visit__place", "theme"
    ),
    url=lambda o: _visit_url(o.visit_id, f"observation-{o.pk}"),
    context=lambda o: [o.visit.place.name, o.visit.reference, o.theme.label],
    rows=lambda qs: qs.select_related(PLACE),
    order=22,
)


# --- checklist answers --------------------------------------------------------------------
@lru_cache(maxsize=64)
def _text_questions(version_id: int) -> dict[str, str]:
    """The text questions of a checklist version (which never changes): path -> label."""
    from vigil.visits.models import ChecklistVersion
    from vigil.visits.selectors.checklists import definition_of

    definition = definition_of(ChecklistVersion.objects.get(pk=version_id))
    return {
        q.path: next(iter(q.labels.values()), q.name)
        for q in definition.questions()
        if q.type == TEXT and q.path
    }


def _submission_entry(submission: ChecklistSubmission) -> Entry:
    questions = _text_questions(submission.version_id)
    answers = [
        f"{questions[path]}: {value}"
        for path, value in sorted(submission.answers.items())
        if path in questions and isinstance(value, str) and value.strip()
    ]
    visit = submission.visit
    return Entry(
        title=f"{submission.version.template.title} · {visit.place.name}",
        body=clip(*answers),
        on_date=visit.starts_on or visit.planned_for or submission.updated_at.date(),
        **_place_facets(visit.place),
    )


CHECKLIST_ANSWERS = SearchKind(
    key="checklist",
    label=_("Checklist answers"),
    group="checklists",
    model=ChecklistSubmission,
    capability=Capability.VIEW_VISITS,
    entry=_submission_entry,
    visible=lambda actor: ChecklistSubmission.objects.for_actor(actor).select_related(
        "visit__place", "version__template"
    ),
    url=lambda s: reverse("visits:submission_fill", args=[s.pk]),
    context=lambda s: [s.visit.place.name, s.visit.reference],
    rows=lambda qs: qs.select_related(PLACE, "version__template"),
    order=30,
)
