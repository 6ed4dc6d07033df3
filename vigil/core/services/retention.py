"""Retention: the institution's periods, and the daily run that deletes or anonymises
personal data past them.

`retention_run()` runs once a day (`vigil retention run` from cron, or the django-tasks task
`retention_task`). For each institution it applies every rule of `hooks.RETENTION` that has
a period, in one transaction with one audit event, `retention.applied`, that counts what
went and what was held back, and why, per kind; never what it was.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from vigil.core import filestore
from vigil.core.access import require_capability
from vigil.core.audit import audit_record
from vigil.core.models import (
    GeneratedDocument,
    Institution,
    Membership,
    RetentionPeriod,
    StoredUpload,
)
from vigil.core.retention import (
    RetentionRule,
    expired,
    held_apart,
    retention_periods,
    retention_rules,
)
from vigil.core.roles import Capability
from vigil.core.services.uploads import uploads_in_use

# A period longer than this is a typing mistake (about 100 years).
MAX_RETENTION_DAYS = 36_500


def records_delete(records: models.QuerySet[Any]) -> int:
    """A rule's `remove` that deletes the rows. A file kept in its row goes with it; one kept
    in the file storage (`stored_at`) is deleted once the deletion commits. Returns how many
    rows of the rule's model went."""
    model = records.model
    ids = list(records.values_list("pk", flat=True))
    stored = _stored_files(model, ids)
    _total, by_model = model.objects.filter(pk__in=ids).delete()
    filestore.files_delete(stored)
    return by_model.get(model._meta.label, 0)


def _stored_files(model: type[models.Model], ids: list[Any]) -> list[str]:
    if not any(field.name == "stored_at" for field in model._meta.get_fields()):
        return []
    rows = model._default_manager.filter(pk__in=ids).exclude(stored_at="")
    return list(rows.values_list("stored_at", flat=True))


UPLOADS = RetentionRule(
    key="uploads",
    label=gettext_lazy("Uploaded import files"),
    action=gettext_lazy("deleted"),
    model=StoredUpload,
    dated_by="created_at",
    remove=records_delete,
    describe=lambda upload: _("Upload %(number)s") % {"number": upload.pk},
    holds=lambda: {"in_use": models.Q(pk__in=uploads_in_use())},
    # What `vigil purge_uploads` has always kept them for.
    default_days=30,
)
DOCUMENTS = RetentionRule(
    key="documents",
    label=gettext_lazy("Generated documents"),
    action=gettext_lazy("deleted"),
    model=GeneratedDocument,
    dated_by="created_at",
    remove=records_delete,
    # A title may name a place or a person's pseudonym; the number says enough.
    describe=lambda document: _("Document %(number)s") % {"number": document.pk},
)


@transaction.atomic
def retention_periods_set(*, actor: Membership, periods: dict[str, int | None]) -> None:
    """Set how long each kind is kept; a kind left out keeps its period."""
    require_capability(actor, Capability.MANAGE_INSTITUTION)
    known = {rule.key for rule in retention_rules()}
    for kind, days in periods.items():
        if kind not in known:
            raise ValidationError({kind: _("Unknown kind of data.")})
        if days is not None and not 1 <= days <= MAX_RETENTION_DAYS:
            raise ValidationError(
                {kind: _("Give a number of days from 1 to %(max)s.") % {"max": MAX_RETENTION_DAYS}}
            )
    for kind, days in periods.items():
        RetentionPeriod.objects.update_or_create(
            institution=actor.institution,
            kind=kind,
            defaults={"days": days, "updated_at": timezone.now()},
        )
    audit_record(
        action="retention.periods_set",
        actor=actor.user,
        institution=actor.institution,
        details={"periods": periods},
    )


def _apply(
    rule: RetentionRule, institution_id: int, cutoff: datetime, *, dry_run: bool
) -> dict[str, Any]:
    records = expired(rule, rule.model.objects.for_institution(institution_id), cutoff)
    free, held = held_apart(records, rule.holds())
    if dry_run:
        return {"removed": free.count(), "held": held}
    return {"removed": rule.remove(free), "held": held}


def retention_apply(
    *, institution: Institution, now: datetime, dry_run: bool = False
) -> dict[str, dict[str, Any]]:
    """Apply the institution's periods as of `now`: one transaction, one summary event."""
    with transaction.atomic():
        periods = retention_periods(institution.pk)
        summary = {
            rule.key: _apply(rule, institution.pk, now - timedelta(days=days), dry_run=dry_run)
            for rule in retention_rules()
            if (days := periods[rule.key]) is not None
        }
        if summary and not dry_run:
            # Counts only: what went is gone, and naming it here would keep it.
            audit_record(
                action="retention.applied",
                actor=None,
                institution=institution,
                details={"as_of": now.isoformat(), "kinds": summary},
            )
    return summary


def retention_run(
    *, now: datetime | None = None, dry_run: bool = False
) -> dict[int, dict[str, dict[str, Any]]]:
    """Apply every institution's periods; returns the summary per institution id."""
    now = now or timezone.now()
    return {
        institution.pk: retention_apply(institution=institution, now=now, dry_run=dry_run)
        for institution in Institution.objects.order_by("pk")
    }


@task()
def retention_task(now: str | None = None) -> dict[str, Any]:
    """The daily run, for django-tasks; `now` (ISO date-time) is for catching up a missed day."""
    moment = datetime.fromisoformat(now) if now else None
    return {str(pk): kinds for pk, kinds in retention_run(now=moment).items()}
