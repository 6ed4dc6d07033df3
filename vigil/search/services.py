"""Keeping the index in step with the records (ADR 0023).

Every write is a service that audits its record inside its transaction; the audit layer hands
those records to `on_targets` (hooks.AUDIT_TARGETS), still inside that transaction, and the
rows of the index are written or removed there. A rolled-back write leaves the index as it was.
`index_rebuild` (`vigil search rebuild`) writes the whole index again, for an install that
predates it, after a restore, or when a kind's text changes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.db import models, transaction

from vigil.core import fulltext
from vigil.core.access import actor_can
from vigil.core.audit import audit_record
from vigil.core.crypto import blind_index
from vigil.core.fulltext import SearchKind
from vigil.core.models import AuditEvent, Membership
from vigil.core.roles import Capability
from vigil.search import engine
from vigil.search.models import SearchDocument

CHUNK = 500


def _document(kind: SearchKind, record: Any) -> SearchDocument:
    entry = kind.entry(record)
    themes = sorted(set(entry.theme_ids))
    return SearchDocument(
        institution_id=record.institution_id,
        kind=kind.key,
        object_id=record.pk,
        title=(entry.title or "")[:300],
        body=fulltext.clip(entry.body),
        on_date=entry.on_date,
        place_id=entry.place_id,
        place_kind_id=entry.place_kind_id,
        area_id=entry.area_id,
        theme_ids="|" + "|".join(str(t) for t in themes) + "|" if themes else "",
        severity=entry.severity or "",
    )


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def index_records(kind: SearchKind, ids: Iterable[int]) -> int:
    """Write the index rows of these records again; records that are gone lose theirs."""
    wanted = sorted({pk for pk in ids if pk is not None})
    written = 0
    for chunk in _chunks(wanted):
        records = list(kind.rows(kind.model._default_manager.filter(pk__in=chunk)))
        SearchDocument.objects.filter(kind=kind.key, object_id__in=chunk).delete()
        SearchDocument.objects.bulk_create([_document(kind, r) for r in records])
        written += len(records)
    return written


def on_targets(institution_id: int, records: list[models.Model]) -> None:
    """AUDIT_TARGETS listener: index the audited records of the kinds that are registered."""
    by_model = fulltext.kinds_by_model()
    if not by_model:
        return
    wanted: dict[str, set[int]] = {}
    for record in records:
        for kind in by_model.get(record._meta.label_lower, []):
            if record.pk is not None:
                wanted.setdefault(kind.key, set()).add(record.pk)
    for kind in fulltext.kinds():
        if kind.key in wanted:
            index_records(kind, wanted[kind.key])


def _of(manager: Any, institution_id: int | None) -> models.QuerySet[Any]:
    """Every row of a tenant model's manager, or one institution's (vigil.core.tenancy)."""
    return manager.all() if institution_id is None else manager.for_institution(institution_id)


def index_rebuild(*, institution_id: int | None = None) -> dict[str, int]:
    """The whole index (or one institution's) written again, in one transaction per kind."""
    written: dict[str, int] = {}
    for kind in fulltext.kinds():
        with transaction.atomic():
            old = _of(SearchDocument._default_manager, institution_id).filter(kind=kind.key)
            records = _of(kind.model._default_manager, institution_id)
            old.delete()
            ids = list(records.order_by("pk").values_list("pk", flat=True))
            written[kind.key] = 0
            for chunk in _chunks(ids):
                rows = list(kind.rows(kind.model._default_manager.filter(pk__in=chunk)))
                SearchDocument.objects.bulk_create([_document(kind, r) for r in rows])
                written[kind.key] += len(rows)
    # Rows of kinds no longer registered (an app removed) would never be found again.
    stale = _of(SearchDocument._default_manager, institution_id)
    stale.exclude(kind__in=[k.key for k in fulltext.kinds()]).delete()
    return written


# Roles that read people data: what they search for may itself be sensitive (a name, a place
# of a complaint), so their searches are audited; the query only as a keyed digest, which tells
# whether two searches were the same without telling what either was.
AUDITED_CAPABILITY = Capability.RECORD_INTERVIEWS


def search_audit(
    *, actor: Membership, query: str, kinds: list[str], results: int
) -> AuditEvent | None:
    """Record a search by a role with access to sensitive data (none for other roles)."""
    if not actor_can(actor, AUDITED_CAPABILITY):
        return None
    with transaction.atomic():
        return audit_record(
            action="search.run",
            actor=actor.user,
            institution=actor.institution,
            details={
                "query_digest": blind_index(engine.fold(query), purpose="search-query"),
                "kinds": kinds,
                "results": results,
            },
        )
