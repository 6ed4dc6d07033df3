"""The matrix round-trip: the export sent to an authority, and the import of its return.

A returned matrix records, through the follow-up services (so it is audited), a response or
a status only where it differs from the current one. Empty cells change nothing, so an
unedited matrix, or one imported twice, changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone

from vigil.core.access import require_capability
from vigil.core.audit import audit_record
from vigil.core.imports import Rows
from vigil.core.models import Membership
from vigil.core.roles import Capability
from vigil.places.models import Authority
from vigil.recommendations.models import Recommendation
from vigil.recommendations.reports.matrix import matrix_xlsx
from vigil.recommendations.selectors.matrix import recommendations_by_reference
from vigil.recommendations.services.recommendations import response_record, status_record


def matrix_export(
    *,
    actor: Membership,
    recommendations: list[Recommendation],
    authority: Authority | None,
    addressee: str,
) -> bytes:
    """The workbook. It leaves the institution: the audit keeps a trace of what was sent, not
    its content (committed first, so the chain is not held while the workbook is made)."""
    require_capability(actor, Capability.VIEW_RECOMMENDATIONS)
    with transaction.atomic():
        audit_record(
            action="recommendation.matrix_exported",
            actor=actor.user,
            institution=actor.institution,
            target=authority,
            details={
                "authority": authority.pk if authority else None,
                "addressee": addressee,
                "recommendations": len(recommendations),
            },
        )
    return matrix_xlsx(recommendations)


def _record_changes(actor: Membership, rec: Recommendation, values: dict[str, Any]) -> set[str]:
    """Record the row's response and status where they differ from the current ones; the
    comment is the response's text and the status's evidence. Returns what was recorded."""
    today = timezone.localdate()
    comment = values.get("comment") or ""
    recorded = set()
    if values.get("response") and values["response"] != rec.response:
        response_record(actor=actor, recommendation=rec, response=values["response"],
                        received_on=values.get("response_on") or today, text=comment,
                        via_matrix=True)  # fmt: skip
        recorded.add("responses")
    if values.get("status") and values["status"] != rec.status:
        status_record(actor=actor, recommendation=rec, status=values["status"],
                      on=values.get("status_on") or today, evidence=comment,
                      via_matrix=True)  # fmt: skip
        recorded.add("statuses")
    return recorded


@transaction.atomic
def matrix_import(
    *, actor: Membership, rows: Rows, progress: Callable[[int], None]
) -> dict[str, int]:
    """Record the responses and statuses of a checked matrix (in the import job's transaction)."""
    require_capability(actor, Capability.MANAGE_RECOMMENDATIONS)
    recs = recommendations_by_reference(actor=actor, references=(v["reference"] for _n, v in rows))
    counts = {"responses": 0, "statuses": 0, "updated": 0, "unchanged": 0}
    for done, (_number, values) in enumerate(rows, start=1):
        recorded = _record_changes(actor, recs[values["reference"]], values)
        for name in recorded:
            counts[name] += 1
        counts["updated" if recorded else "unchanged"] += 1
        if done % 100 == 0:
            progress(done)
    progress(len(rows))
    return counts
