"""What the search box finds of the programmes app: programmes, activities, trainings and good
practice (vigil.core.fulltext, docs/search.md). Training rosters (names, badge numbers) are
encrypted and never indexed."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from vigil.core.fulltext import Entry, SearchKind, clip
from vigil.core.roles import Capability
from vigil.programmes.models import Activity, GoodPractice, Programme, TrainingSession


def _place_facets(place: Any) -> dict[str, Any]:
    if place is None:
        return {}
    return {"place_id": place.pk, "place_kind_id": place.kind_id, "area_id": place.area_id}


def _programme_url(programme_id: int, anchor: str = "") -> str:
    return reverse("programmes:prevention_detail", args=[programme_id]) + (
        f"#{anchor}" if anchor else ""
    )


PROGRAMME = SearchKind(
    key="programme",
    label=_("Programmes"),
    group="programmes",
    model=Programme,
    capability=Capability.VIEW_PROGRAMMES,
    entry=lambda p: Entry(
        title=p.title,
        body=clip(p.summary, p.protection_gap, p.partners, p.mentors, p.funding),
        on_date=p.starts_on,
        theme_ids=[t.pk for t in p.themes.all()],
    ),
    visible=lambda actor: Programme.objects.for_actor(actor),
    url=lambda p: _programme_url(p.pk),
    context=lambda p: [p.get_status_display()],
    rows=lambda qs: qs.prefetch_related("themes"),
    order=60,
)

ACTIVITY = SearchKind(
    key="activity",
    label=_("Activities"),
    group="programmes",
    model=Activity,
    capability=Capability.VIEW_PROGRAMMES,
    entry=lambda a: Entry(
        title=a.title,
        body=clip(a.location, a.outputs, a.documents),
        on_date=a.starts_on,
        **_place_facets(a.place),
    ),
    visible=lambda actor: Activity.objects.for_actor(actor).select_related("programme"),
    url=lambda a: _programme_url(a.programme_id, "activities"),
    context=lambda a: [a.programme.title, a.get_kind_display()],
    rows=lambda qs: qs.select_related("place"),
    order=61,
)

TRAINING = SearchKind(
    key="training",
    label=_("Trainings"),
    group="programmes",
    model=TrainingSession,
    capability=Capability.VIEW_PROGRAMMES,
    entry=lambda t: Entry(
        title=t.activity.title,
        body=clip(t.trainers, *[topic.name for topic in t.topics.all()]),
        on_date=t.activity.starts_on,
        theme_ids=[topic.pk for topic in t.topics.all()],
        **_place_facets(t.activity.place),
    ),
    visible=lambda actor: TrainingSession.objects.for_actor(actor).select_related(
        "activity__programme"
    ),
    url=lambda t: reverse("programmes:training_detail", args=[t.pk]),
    context=lambda t: [t.activity.programme.title],
    rows=lambda qs: qs.select_related("activity__place").prefetch_related("topics"),
    order=62,
)

GOOD_PRACTICE = SearchKind(
    key="good_practice",
    label=_("Good practice"),
    group="programmes",
    model=GoodPractice,
    capability=Capability.VIEW_PROGRAMMES,
    entry=lambda g: Entry(
        title=g.title,
        body=clip(g.what_worked, g.context, g.lessons, g.protection_gap),
        on_date=g.created_at.date(),
        theme_ids=[t.pk for t in g.themes.all()],
    ),
    visible=lambda actor: GoodPractice.objects.for_actor(actor),
    url=lambda g: reverse("programmes:good_practice_detail", args=[g.pk]),
    context=lambda g: [],
    rows=lambda qs: qs.prefetch_related("themes"),
    order=63,
)
