"""An institution's wording of shipped terms; each change in one transaction with its audit
event (ADR 0020)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from vigil.core.access import require_capability
from vigil.core.audit import audit_by
from vigil.core.languages import is_shipped
from vigil.core.models import Membership, TermOverride
from vigil.core.roles import Capability
from vigil.core.shipped_strings import SHIPPED_TERMS

MAX_WORDING = 2000


@transaction.atomic
def term_wordings_set(*, actor: Membership, language: str, wordings: dict[str, str]) -> int:
    """Set the institution's wording of shipped terms in `language` ({English: wording}); a
    blank wording gives the term back its shipped translation. Returns how many changed."""
    require_capability(actor, Capability.MANAGE_INSTITUTION)
    if not is_shipped(language):
        raise ValidationError({"language": _("Choose one of the languages Vigil ships.")})
    shipped = set(SHIPPED_TERMS)
    unknown = [source for source in wordings if source not in shipped]
    if unknown:
        raise ValidationError(_("These are not terms Vigil ships: %(n)s.") % {"n": len(unknown)})
    too_long = [source for source, text in wordings.items() if len(text) > MAX_WORDING]
    if too_long:
        raise ValidationError(
            _("A wording may have at most %(max)s characters.") % {"max": MAX_WORDING}
        )
    rows = TermOverride.objects.for_actor(actor).select_for_update().filter(language=language)
    current = {row.source: row for row in rows}
    changed = 0
    for source, text in wordings.items():
        text = text.strip()
        row = current.get(source)
        if row is None and text:
            row = TermOverride.objects.create(
                institution_id=actor.institution_id, language=language, source=source, text=text
            )
            audit_by(actor, "term.worded", row, language=language)
        elif row is not None and not text:
            audit_by(actor, "term.wording_removed", row, language=language)
            row.delete()
        elif row is not None and row.text != text:
            row.text = text
            row.save(update_fields=["text"])
            audit_by(actor, "term.worded", row, language=language)
        else:
            continue
        changed += 1
    return changed
