"""One extension mechanism: apps plug into each other through named hooks.

Every app keeps its registrations in its own `hooks.py`, which `discover()` imports once at
start-up (as Django's admin does with `admin.py` and Wagtail with `wagtail_hooks.py`). An app
never imports another app to plug into it, so installing an app is all it takes to add a
panel, a report section, a demo step or a job.

    from vigil.core import hooks

    @hooks.register(hooks.PLACE_PANEL, order=20)
    def place_risk_panel(place, actor): ...

    hooks.register(hooks.DEMO_STEP, load_visits, key="visits", after=["places"])

Items of a hook come back sorted by `order`, and an item that names others in `after` comes
after them whatever its order. Keyed hooks (jobs, importers) are looked up by `key`.
docs/decisions/0013-one-shape.md lists every hook with its contract.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.core.exceptions import ImproperlyConfigured

# --- the hooks, each with its contract ---------------------------------------------------
NAVIGATION = "navigation"  # a NavEntry of the main navigation
PLACE_PANEL = "place_panel"  # (place, actor) -> (template, context) | None
VISIT_PANEL = "visit_panel"  # (visit, actor) -> (template, context) | None
RECOMMENDATION_PANEL = "recommendation_panel"  # (recommendation, actor) -> panel | None
PLACE_TIMELINE = "place_timeline"  # (place, actor) -> Iterable[TimelineEntry]
VISIT_REPORT_SECTION = "visit_report_section"  # (ReportContext) -> Iterable[Section]
REDACTION_RULE = "redaction_rule"  # (DocumentData, RedactionContext) -> None
ATTENTION = "attention"  # (actor) -> Iterable[AttentionItem] for the home page
OVERVIEW = "overview"  # (actor, today) -> Iterable[OverviewFigure] for the home page
GETTING_STARTED = "getting_started"  # (actor) -> Iterable[Step] for a new institution
DEMO_STEP = "demo_step"  # (world: DemoWorld) -> None; keyed, ordered by `after`
JOB = "job"  # (job, progress) -> result dict; keyed by the job's kind
IMPORTER = "importer"  # an Importer; keyed by its key
BUILTIN_DATA = "builtin_data"  # () -> None: loads shipped vocabularies, idempotent
AUDIT_CHANGE = "audit_change"  # (institution_id, target types) after an audited commit
AUDIT_TARGETS = "audit_targets"  # (institution_id, targets) inside the audited transaction
RETENTION = "retention"  # a RetentionRule: how one kind of personal data expires; keyed
LOOKUP = "lookup"  # a searchable.Lookup: records that searchable choices offer; keyed by kind
SEARCH_KIND = "search_kind"  # a fulltext.SearchKind: records the search box finds; keyed by kind
RISK_EVIDENCE = "risk_evidence"  # (institution_id=, since=, place_ids=) -> evidence tuples; keyed

HOOKS: dict[str, str] = {
    NAVIGATION: "a NavEntry shown in the main navigation to roles with its capability",
    PLACE_PANEL: "(place, actor) -> (template, context) or None: a panel on the place page",
    VISIT_PANEL: "(visit, actor) -> (template, context) or None: a panel on the visit page",
    RECOMMENDATION_PANEL: "(recommendation, actor) -> (template, context) or None",
    PLACE_TIMELINE: "(place, actor) -> iterable of TimelineEntry for the place's history",
    VISIT_REPORT_SECTION: "(ReportContext) -> iterable of Section added to every visit report",
    REDACTION_RULE: "(document, context) -> None: decides mentions and drops what must go",
    ATTENTION: "(actor) -> iterable of AttentionItem for the actor's home page",
    OVERVIEW: "(actor, today) -> iterable of OverviewFigure: a figure with its trend, home page",
    GETTING_STARTED: "(actor) -> iterable of Step: a first step of a new institution, ticked",
    DEMO_STEP: "(world) -> None: adds fictional demo records; keyed, names what it follows",
    JOB: "(job, progress) -> result dict: background work of one kind (the key)",
    IMPORTER: "an Importer of tables (CSV/XLSX) under its key",
    BUILTIN_DATA: "() -> None: loads shipped vocabularies; idempotent",
    AUDIT_CHANGE: "(institution_id, frozenset of target types) after an audited commit",
    AUDIT_TARGETS: "(institution_id, list of audited records) inside the writing transaction",
    RETENTION: "a RetentionRule: one kind of personal data, its date, holds and removal; keyed",
    LOOKUP: "a Lookup: a kind of record that searchable choices offer and search; keyed by kind",
    SEARCH_KIND: "a SearchKind: a kind of record the full-text search indexes and finds; keyed",
    RISK_EVIDENCE: "(institution_id=, since=, place_ids=) -> iterable of (place id, factor code, "
    "count, date, evidence target): evidence for risk factors from another app; keyed",
}


@dataclass(frozen=True)
class Registration:
    item: Any
    order: int
    key: str
    after: tuple[str, ...]
    sequence: int


_registry: dict[str, list[Registration]] = {name: [] for name in HOOKS}


def register(
    hook: str,
    item: Any = None,
    *,
    order: int = 50,
    key: str = "",
    after: Iterable[str] = (),
) -> Any:
    """Register `item` under `hook`; without an item, a decorator that registers one."""
    if hook not in HOOKS:
        raise ImproperlyConfigured(f"Unknown hook {hook!r}; the hooks are listed in HOOKS.")
    if item is None:
        return lambda decorated: register(hook, decorated, order=order, key=key, after=after)
    entries = _registry[hook]
    if any(entry.item is item or entry.item == item for entry in entries):
        return item  # a module imported twice registers once
    if key and any(entry.key == key for entry in entries):
        raise ImproperlyConfigured(f"Hook {hook!r} already has an item with key {key!r}.")
    entries.append(Registration(item, order, key, tuple(after), len(entries)))
    _sorted.cache_clear()
    return item


def unregister(hook: str, item: Any) -> None:
    """Take an item out again (tests that plug in a provider of their own)."""
    _registry[hook] = [entry for entry in _registry[hook] if entry.item is not item]
    _sorted.cache_clear()


@contextmanager
def temporarily(hook: str, item: Any, *, alone: bool = False, **options: Any) -> Iterator[Any]:
    """Register `item` for the duration of a `with` block (tests plugging in their own);
    `alone` sets the others of the hook aside meanwhile."""
    kept = _registry[hook]
    if alone:
        _registry[hook] = []
    register(hook, item, **options)
    try:
        yield item
    finally:
        _registry[hook] = kept if alone else [e for e in _registry[hook] if e.item is not item]
        _sorted.cache_clear()


def get_hooks(hook: str) -> list[Any]:
    """The items of a hook, by `order`, each after those it names in `after`."""
    return [entry.item for entry in _sorted(hook)]


def get_keyed(hook: str, key: str) -> Any:
    """The item registered under `key`, or KeyError."""
    for entry in _registry[hook]:
        if entry.key == key:
            return entry.item
    raise KeyError(key)


def keys(hook: str) -> list[str]:
    return [entry.key for entry in _sorted(hook) if entry.key]


def call_each(hook: str, *args: Any) -> list[Any]:
    """Each item called with `args`; the results that are not None, in hook order."""
    return [result for item in get_hooks(hook) if (result := item(*args)) is not None]


@cache
def _sorted(hook: str) -> tuple[Registration, ...]:
    entries = sorted(_registry[hook], key=lambda e: (e.order, e.sequence))
    known = {entry.key for entry in entries if entry.key}
    for entry in entries:
        missing = set(entry.after) - known
        if missing:
            raise ImproperlyConfigured(
                f"{hook!r} item {entry.key or entry.item!r} comes after {sorted(missing)}, "
                "which nothing registered."
            )
    done: list[Registration] = []
    placed: set[str] = set()
    waiting = list(entries)
    while waiting:
        ready = next((e for e in waiting if set(e.after) <= placed), None)
        if ready is None:
            raise ImproperlyConfigured(f"{hook!r} items name each other in a cycle of `after`.")
        waiting.remove(ready)
        done.append(ready)
        placed.add(ready.key)
    return tuple(done)


def discover() -> None:
    """Import every installed app's `hooks` module (once, from CoreConfig.ready())."""
    from django.utils.module_loading import autodiscover_modules

    _platform_hooks()
    autodiscover_modules("hooks")  # for vigil.core this is this module, already imported


def _platform_hooks() -> None:
    """The core app's own registrations. They live here, not in a hooks module of their
    own, because this is core's `hooks.py`; they are imported late because the modules
    they name import this one."""
    from django.utils.translation import gettext_lazy as _

    from vigil.core import imports, overview, redaction
    from vigil.core.navigation import NavEntry
    from vigil.core.retention import retention_attention
    from vigil.core.roles import Capability
    from vigil.core.services import retention

    register(NAVIGATION, NavEntry(_("Home"), "core:home", order=0))
    register(NAVIGATION, NavEntry(_("Team"), "core:member_list", 80, Capability.VIEW_MEMBERS))
    register(NAVIGATION, NavEntry(_("Audit"), "core:audit_list", 90, Capability.VIEW_AUDIT))
    register(JOB, imports.run_import, key=imports.JOB_KIND)
    register(REDACTION_RULE, redaction.staff_names_by_audience)
    register(ATTENTION, retention_attention, order=90)
    register(GETTING_STARTED, overview.core_steps)
    register(RETENTION, retention.UPLOADS, key=retention.UPLOADS.key, order=90)
    register(RETENTION, retention.DOCUMENTS, key=retention.DOCUMENTS.key, order=95)
