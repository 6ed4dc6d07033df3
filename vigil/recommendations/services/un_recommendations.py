"""The import of UN recommendations: new rows become recommendations, known ones are updated
where the row differs from them, and unchanged rows write nothing.

Rows are written in bulk (a UHRI export holds thousands) with one audit event each, recorded
together by `audit_record_many`, in the import job's transaction.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone

from vigil.core.access import require_capability
from vigil.core.audit import PendingEvent, audit_record_many
from vigil.core.imports import Rows
from vigil.core.models import Membership
from vigil.core.roles import Capability
from vigil.core.services.records import CodeSequence
from vigil.recommendations.imports.cells import IssuedOn, document_code, normalised_text, words
from vigil.recommendations.imports.uhri_themes import vigil_theme_code
from vigil.recommendations.models import Addressee, Priority, Recommendation, Source, Status
from vigil.recommendations.selectors.un_recommendations import (
    followed_up,
    recommendation_rows,
    theme_index,
    theme_links,
    un_known,
)
from vigil.recommendations.services.recommendations import REFERENCE_PREFIX

Links = Recommendation.themes.through


def _changes(rec: Recommendation, values: dict[str, Any]) -> dict[str, Any]:
    """The fields a matching row changes; what the row leaves empty stays as it is."""
    issued: IssuedOn = values["issued_on"]
    new: dict[str, Any] = {}
    if normalised_text(values["text"]) != normalised_text(rec.text):
        new["text"] = values["text"]
    for name in ("source_document", "paragraph"):
        if values.get(name) and document_code(values[name]) != document_code(getattr(rec, name)):
            new[name] = values[name]
    if values.get("upr_position") and values["upr_position"] != rec.upr_position:
        new["upr_position"] = values["upr_position"]
    # A year alone does not replace the exact date of that year imported before.
    vaguer = issued.year_only and issued.day.year == rec.issued_on.year
    if not vaguer and issued.day != rec.issued_on:
        new["issued_on"] = issued.day
    if values.get("addressee") and values["addressee"] != rec.addressee:
        new["addressee"] = values["addressee"]
    return new


def _theme_of(part: str, index: dict[str, int]) -> set[int]:
    """A theme named as Vigil names it, or else as the UHRI does (see uhri_themes)."""
    name = words(part)
    if name in index:
        return {index[name]}
    # "Women, Children": lists separated by commas (theme names may hold commas too).
    listed = {index[w] for w in (words(p) for p in part.split(",")) if w in index}
    if listed:
        return listed
    code = vigil_theme_code(part)
    key = words(code.replace("_", " ")) if code else ""
    return {index[key]} if key in index else set()


def _themes_of(values: dict[str, Any], index: dict[str, int]) -> set[int]:
    found: set[int] = set()
    for column in ("themes", "affected_persons"):
        for part in re.split(r"[;\n|]", values.get(column) or ""):
            found |= _theme_of(part, index)
    return found


def _new(actor: Membership, values: dict[str, Any], reference: str, now: Any) -> Recommendation:
    issued: IssuedOn = values["issued_on"]
    return Recommendation(
        institution=actor.institution,
        reference=reference,
        text=values["text"],
        source=Source.UN_MECHANISM,
        mechanism=values["mechanism"],
        source_document=values.get("source_document") or "",
        paragraph=values.get("paragraph") or "",
        upr_position=values.get("upr_position") or "",
        issued_on=issued.day,
        addressee=values.get("addressee") or Addressee.MINISTRY,
        priority=Priority.MEDIUM,
        status=Status.NOT_STARTED,
        status_on=issued.day,
        created_by=actor.user,
        created_at=now,
    )


@transaction.atomic
def un_recommendations_import(
    *, actor: Membership, rows: Rows, progress: Callable[[int], None]
) -> dict[str, int]:
    """Write the rows of a checked table (inside the import job's transaction)."""
    require_capability(actor, Capability.MANAGE_RECOMMENDATIONS)
    read = len(rows)
    rows, left_out = recommendation_rows(rows)
    known, themes = un_known(actor=actor), theme_index(actor=actor)
    references = CodeSequence(
        institution_id=actor.institution_id, model=Recommendation, field="reference"
    )
    linked = theme_links(actor=actor)
    to_create: list[tuple[Recommendation, set[int]]] = []
    to_update: list[Recommendation] = []
    new_links: list[Any] = []
    events: list[PendingEvent] = []
    fields_changed: set[str] = set()
    now = timezone.now()
    for done, (_number, values) in enumerate(rows, start=1):
        wanted_themes = _themes_of(values, themes)
        rec = known.match(values)
        if rec is None:
            year = values["issued_on"].day.year
            reference = references.take(REFERENCE_PREFIX.format(year=year))
            # The check refused rows matching each other, so each new row is new.
            to_create.append((_new(actor, values, reference, now), wanted_themes))
            continue
        changed = _changes(rec, values)
        missing = {t for t in wanted_themes if (rec.pk, t) not in linked}
        for name, value in changed.items():
            setattr(rec, name, value)  # written below, in bulk
        if changed:
            to_update.append(rec)
            fields_changed.update(changed)
        if missing:
            new_links += [Links(recommendation_id=rec.pk, theme_id=t) for t in sorted(missing)]
            linked.update((rec.pk, t) for t in missing)
        if changed or missing:
            names = sorted([*changed, *(["themes"] if missing else [])])
            events.append(
                PendingEvent("recommendation.updated", rec, {"fields": names, "import": True})
            )
        if done % 500 == 0:
            progress(done)
    Recommendation.objects.bulk_create([rec for rec, _t in to_create], batch_size=500)
    for rec, wanted in to_create:
        new_links += [Links(recommendation_id=rec.pk, theme_id=t) for t in sorted(wanted)]
    if to_update:
        _keep_status_date(to_update, fields_changed)
        Recommendation.objects.bulk_update(
            to_update, sorted(fields_changed | {"status_on"}), batch_size=500
        )
    Links.objects.bulk_create(new_links, batch_size=1000)
    created_events = [
        PendingEvent(
            "recommendation.created", rec, {"source": Source.UN_MECHANISM.value, "import": True}
        )
        for rec, _t in to_create
    ]
    audit_record_many(
        events=created_events + events, actor=actor.user, institution=actor.institution
    )
    progress(read)
    return {
        "created": len(to_create),
        "updated": len(events),
        "unchanged": len(rows) - len(to_create) - len(events),
        "left_out": left_out,
    }


def _keep_status_date(recs: list[Recommendation], fields_changed: set[str]) -> None:
    """Until follow-up starts, "status since" is the recommendation's date (as the services
    keep it)."""
    if "issued_on" not in fields_changed:
        return
    followed = followed_up(r.pk for r in recs)
    for rec in recs:
        if rec.pk not in followed:
            rec.status_on = rec.issued_on
