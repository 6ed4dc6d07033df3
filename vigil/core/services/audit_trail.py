"""Reading the audit trail out of Vigil: who took a copy of it is itself on the trail."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from vigil.core.access import require_capability
from vigil.core.audit import audit_record
from vigil.core.models import Membership
from vigil.core.roles import Capability


@transaction.atomic
def audit_trail_exported(*, actor: Membership, filters: dict[str, Any], rows: int) -> None:
    """One event for a download of the trail: the filters it used and how many events."""
    require_capability(actor, Capability.VIEW_AUDIT)
    audit_record(
        action="audit.exported",
        actor=actor.user,
        institution=actor.institution,
        details={
            "filters": {
                name: value.isoformat() if isinstance(value, date) else value
                for name, value in filters.items()
                if value not in (None, "")
            },
            "rows": rows,
        },
    )
