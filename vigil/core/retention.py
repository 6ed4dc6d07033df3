"""Retention: how long each kind of personal data is kept, and what keeps it longer.

Each kind is a `RetentionRule` registered under `hooks.RETENTION` by the app that owns the
data (core: uploads and generated documents; people: interview notes, identities, evidence,
medical documentation), so that core never imports the apps above it. The institution sets
the periods (`RetentionPeriod`); `vigil.core.services.retention.retention_run` applies them
daily and `vigil.core.selectors.retention_preview` shows what comes next.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from vigil.core import hooks
from vigil.core.models import TenantModel

# Why a record past its period is kept (the summary event counts each).
HOLD_REASONS: dict[str, Promise] = {
    "legal_hold": _("under legal hold"),
    "open_case": _("part of an open case"),
    "in_use": _("still needed by a queued or running job"),
}


@dataclass(frozen=True)
class RetentionRule:
    """One kind of personal data and how it leaves.

    - `model` and `dated_by`: the records, and the date-time field their period starts from;
    - `pending`: the records that still hold the data (not yet anonymised);
    - `holds`: reason -> the records it keeps (a callable: some reasons are read at run time);
    - `remove`: deletes or anonymises the records given, in the caller's transaction, with
      their blind indexes and files; returns how many;
    - `describe`: a label that never names a person (a pseudonym, a reference, a number).
    """

    key: str
    label: Promise
    action: Promise
    model: type[TenantModel]
    dated_by: str
    remove: Callable[[models.QuerySet[Any]], int]
    describe: Callable[[Any], str]
    pending: Q = field(default_factory=Q)
    holds: Callable[[], Mapping[str, Q]] = dict
    default_days: int | None = None


def retention_rules() -> list[RetentionRule]:
    return list(hooks.get_hooks(hooks.RETENTION))


def expired(rule: RetentionRule, records: models.QuerySet[Any], cutoff: datetime) -> Any:
    """The records of `rule` still holding data whose period started before `cutoff`."""
    return records.filter(rule.pending, **{f"{rule.dated_by}__lt": cutoff})


def held_apart(
    records: models.QuerySet[Any], holds: Mapping[str, Q]
) -> tuple[models.QuerySet[Any], dict[str, int]]:
    """The records free to go, and how many each reason keeps (each counted once, under the
    first reason that holds it)."""
    counts: dict[str, int] = {}
    free = records
    for reason, hold in holds.items():
        counts[reason] = free.filter(hold).distinct().count()
        free = free.exclude(hold)
    return free, {reason: n for reason, n in counts.items() if n}


def retention_periods(institution_id: int) -> dict[str, int | None]:
    """Each rule's period for the institution, in days (None: kept until one is set)."""
    from vigil.core.models import RetentionPeriod

    stored = dict(
        RetentionPeriod.objects.for_institution(institution_id).values_list("kind", "days")
    )
    return {rule.key: stored.get(rule.key, rule.default_days) for rule in retention_rules()}


def retention_attention(actor: Any) -> list[Any]:
    """Administrators are told on their home page when personal data expires within 30
    days, so that a case team can put a case under legal hold in time."""
    from django.urls import reverse
    from django.utils import timezone
    from django.utils.translation import gettext as gettext_now
    from django.utils.translation import ngettext

    from vigil.core.access import actor_can
    from vigil.core.attention import AttentionItem
    from vigil.core.roles import Capability
    from vigil.core.selectors import retention_preview

    if not actor_can(actor, Capability.MANAGE_INSTITUTION):
        return []
    kinds = retention_preview(actor=actor, now=timezone.now(), rows=0)
    total = sum(kind.count - sum(n for _why, n in kind.held) for kind in kinds)
    if not total:
        return []
    return [
        AttentionItem(
            kind="retention-expiring",
            title=ngettext(
                "%(count)s record of personal data expires within 30 days",
                "%(count)s records of personal data expire within 30 days",
                total,
            )
            % {"count": total},
            detail=gettext_now("Retention of personal data"),
            url=reverse("core:retention_expiring"),
        )
    ]
