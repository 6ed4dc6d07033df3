"""What an app tells the search box about one kind of its records (ADR 0023, docs/search.md).

A `SearchKind` names a model, the text of a record that is indexed (an `Entry`: clear text
only, never an encrypted field), the facets the results page filters on, the selector that
decides which records an acting membership may see (the same one its list uses), and how a hit
is shown. Apps register theirs under `hooks.SEARCH_KIND`, keyed by kind, from their own
`hooks.py`; the search app (vigil.search) indexes them in the transaction that writes them
(every write is audited, and the audit layer hands its targets to `hooks.AUDIT_TARGETS`), and
searches them. A kind that is not registered is not indexed: people data (interviews, cases,
medical findings) never is.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from vigil.core import hooks
from vigil.core.models import Membership
from vigil.core.roles import Capability

# The groups of the results page, in the order the page shows them. A kind names its group.
GROUPS: dict[str, Promise] = {
    "places": _("Places"),
    "visits": _("Visits, findings and observations"),
    "checklists": _("Checklist answers"),
    "recommendations": _("Recommendations and responses"),
    "programmes": _("Programmes, activities, trainings and good practice"),
    "advocacy": _("Laws and campaigns"),
    "documents": _("Generated documents"),
}

MAX_BODY = 20_000  # characters of one record's text that are indexed


@dataclass(frozen=True)
class Entry:
    """What the index keeps of one record: its clear text and its facets."""

    title: str
    body: str = ""
    on_date: datetime.date | None = None
    place_id: int | None = None
    place_kind_id: int | None = None
    area_id: int | None = None
    theme_ids: Iterable[int] = ()
    severity: str = ""


@dataclass(frozen=True)
class SearchKind:
    key: str  # "finding": the kind's name in URLs and in the index
    label: Promise  # plural, as the filter and the results page name it
    group: str  # a key of GROUPS
    model: type[models.Model]
    capability: Capability  # a role without it finds none of this kind
    entry: Callable[[Any], Entry]  # the indexed text and facets of a record
    visible: Callable[[Membership], models.QuerySet[Any]]  # the list's selector
    url: Callable[[Any], str]
    context: Callable[[Any], list[str]] = field(default=lambda record: [])
    # The records to index, with what `entry` reads joined (rebuild and same-transaction updates).
    rows: Callable[[models.QuerySet[Any]], models.QuerySet[Any]] = field(default=lambda qs: qs)
    order: int = 50


def register(*kinds: SearchKind) -> None:
    for kind in kinds:
        hooks.register(hooks.SEARCH_KIND, kind, key=kind.key, order=kind.order)


def kinds() -> list[SearchKind]:
    return list(hooks.get_hooks(hooks.SEARCH_KIND))


def kinds_by_model() -> dict[str, list[SearchKind]]:
    found: dict[str, list[SearchKind]] = {}
    for kind in kinds():
        found.setdefault(kind.model._meta.label_lower, []).append(kind)
    return found


def clip(*parts: str | None) -> str:
    """The parts of a record's text, joined and cut to what the index keeps."""
    return "\n".join(p for p in parts if p)[:MAX_BODY]
