"""Searchable choices: a choice among records that may number tens of thousands (ADR 0022).

A `Lookup` names one kind of record that forms offer (`place`, `visit`, `finding`, …): the
selector that scopes it to the acting membership, the columns a search reads, the label a
person sees, and the context it may be narrowed by (the findings of one visit). The same
`Lookup` feeds the form field (which validates a posted id against that scope) and the
endpoint `/lookup/<kind>/?q=` (which answers a search as JSON), so the two can never offer
different records. Apps register theirs under the `LOOKUP` hook, keyed by kind.

The widget renders every option while the scope is small (a plain select that works
without script), and otherwise only the chosen record(s), which the vendored Tom Select
turns into a combobox that asks the endpoint as the person types.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from vigil.core import hooks
from vigil.core.models import Membership
from vigil.core.roles import Capability

PRELOAD = 50  # a scope this small is rendered whole, as a plain select
PAGE = 20  # matches per answer of the endpoint
MAX_TEXT = 100  # characters of a search that are read
MAX_ID_DIGITS = 18  # a context id longer than this names no record

Label = Callable[[Any], str]


@dataclass(frozen=True)
class Option:
    value: str
    label: str


@dataclass(frozen=True)
class Lookup:
    """One kind of record offered by searchable choices, and how it is searched."""

    kind: str
    model: type[models.Model]
    scope: Callable[[Membership], models.QuerySet[Any]]
    search: tuple[str, ...]  # columns matched with `icontains` (never an encrypted one)
    label: Label = str
    order: tuple[str, ...] = ()
    narrow_by: Mapping[str, str] = field(default_factory=dict)  # parameter -> column
    capability: Capability | None = None  # a role without it may not search (403)

    def matches(
        self, actor: Membership, *, text: str, context: Mapping[str, int], page: int = 0
    ) -> tuple[list[Option], bool]:
        """A page of the records of the actor's scope that match `text`, and whether more
        follow. Context names only the actor's own records: another's narrows to nothing."""
        found = self.scope(actor)
        for parameter, value in context.items():
            found = found.filter(**{self.narrow_by[parameter]: value})
        for word in text.split()[:5]:
            match = Q()
            for column in self.search:
                match |= Q(**{f"{column}__icontains": word})
            found = found.filter(match)
        if self.order:
            found = found.order_by(*self.order)
        start = page * PAGE
        rows = list(found[start : start + PAGE + 1])
        options = [Option(str(row.pk), self.label(row)) for row in rows[:PAGE]]
        return options, len(rows) > PAGE

    def url(self) -> str:
        return reverse("core:lookup", kwargs={"kind": self.kind})


def lookup_get(kind: str) -> Lookup:
    """The registered lookup of `kind`, or KeyError."""
    found: Lookup = hooks.get_keyed(hooks.LOOKUP, kind)
    return found


def register(*lookups: Lookup) -> None:
    """Register an app's lookups (from its hooks module)."""
    for lookup in lookups:
        hooks.register(hooks.LOOKUP, lookup, key=lookup.kind)


def read_context(lookup: Lookup, params: Mapping[str, str]) -> dict[str, int]:
    """The narrowing ids of a request that the lookup knows; anything else is ignored."""
    context = {}
    for parameter in lookup.narrow_by:
        value = params.get(parameter, "")
        if value.isdigit() and len(value) <= MAX_ID_DIGITS:
            context[parameter] = int(value)
    return context


def _ids(values: Iterable[Any]) -> list[int]:
    return [int(v) for v in values if str(v).isdigit() and len(str(v)) <= MAX_ID_DIGITS]


def bounded(queryset: models.QuerySet[Any], size: int) -> list[Any]:
    """At most `size` records of the scope, in its order."""
    return list(queryset[:size])


def chosen(queryset: models.QuerySet[Any], values: Iterable[Any]) -> list[Any]:
    """The records of the scope whose ids were chosen (a forged id finds nothing)."""
    ids = _ids(values)
    return list(queryset.filter(pk__in=ids)) if ids else []


class SearchableSelect(forms.Select):
    """A select of records: whole while the scope is small, else only the chosen record(s)
    and the address that finds the others (`data-lookup`), for the combobox script."""

    def __init__(
        self,
        lookup: Lookup,
        *,
        narrow_by: Mapping[str, str] | None = None,
        attrs: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(attrs=attrs)
        self.lookup = lookup
        self.narrow_by = dict(narrow_by or {})  # endpoint parameter -> field of the form

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        iterator: Any = self.choices
        queryset = iterator.queryset
        rows = bounded(queryset, PRELOAD + 1)
        partial = len(rows) > PRELOAD
        if partial:
            rows = chosen(queryset, self.format_value(value))
        shown = copy.copy(self)
        shown.choices = self._options(iterator.field, rows)
        context = super(SearchableSelect, shown).get_context(name, value, attrs)
        if partial:
            context["widget"]["attrs"].update(self._lookup_attrs())
        return context

    def _options(self, field: Any, rows: list[Any]) -> list[tuple[Any, str]]:
        options = [(field.prepare_value(row), field.label_from_instance(row)) for row in rows]
        if field.empty_label is not None and not self.allow_multiple_selected:
            options.insert(0, ("", field.empty_label))
        return options

    def _lookup_attrs(self) -> dict[str, str]:
        narrow = ",".join(f"{param}={name}" for param, name in self.narrow_by.items())
        return {
            "data-lookup": self.lookup.url(),
            "data-lookup-narrow": narrow,
            "data-lookup-placeholder": str(_("Type to search")),
            "data-lookup-none": str(_("Nothing matches.")),
            "data-lookup-more": str(_("More match: type more to narrow.")),
            "data-lookup-remove": str(_("Remove")),
        }


class SearchableSelectMultiple(SearchableSelect, forms.SelectMultiple):
    """`SearchableSelect` for several records."""

    allow_multiple_selected = True
