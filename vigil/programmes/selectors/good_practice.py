"""Reads of good-practice entries, scoped by the acting membership."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from vigil.core.access import get_for_actor
from vigil.core.models import Membership
from vigil.programmes.models import GoodPractice


@dataclass
class GoodPracticeFilters:
    q: str = ""
    practice_theme: str = ""
    theme: int | None = None
    ready_to_share: bool = False
    programme: int | None = None


def good_practice_list(
    *, actor: Membership, filters: GoodPracticeFilters | None = None
) -> QuerySet[GoodPractice]:
    f = filters or GoodPracticeFilters()
    entries = GoodPractice.objects.for_actor(actor)
    for word in f.q.split():  # every word, each in any of the texts
        entries = entries.filter(
            Q(title__icontains=word) | Q(what_worked__icontains=word)
            | Q(lessons__icontains=word) | Q(context__icontains=word)
            | Q(protection_gap__icontains=word)
        )  # fmt: skip
    if f.practice_theme:
        # A JSON list of codes; the quoted code matches one element on SQLite and PostgreSQL.
        entries = entries.filter(practice_themes__icontains=f'"{f.practice_theme}"')
    if f.theme:
        entries = entries.filter(Exists(GoodPractice.themes.through.objects.filter(
            goodpractice_id=OuterRef("pk"), theme_id=f.theme)))  # fmt: skip
    if f.ready_to_share:
        entries = entries.filter(ready_to_share=True)
    if f.programme:
        entries = entries.filter(programme_id=f.programme)
    return (
        entries.select_related("programme")
        .prefetch_related("themes")
        .order_by("-created_at", "-pk")
    )


def good_practice_get(*, actor: Membership, pk: Any) -> GoodPractice:
    entries = GoodPractice.objects.select_related("programme", "created_by").prefetch_related(
        "themes"
    )
    return get_for_actor(entries, actor=actor, pk=pk)
