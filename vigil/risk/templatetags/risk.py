"""Risk's template helpers: evidence links of a score's explanation, as URLs and words.

A score's evidence names its target as "url_name:pk#anchor" or "url_name:?query" (see
`vigil.risk.scoring.Link`), so that stored explanations survive URL changes; they are
turned into URLs only when shown. A name that no longer resolves is shown as plain text.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django import template
from django.http import QueryDict
from django.urls import NoReverseMatch, reverse
from django.utils.dateparse import parse_date
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from vigil.core.dates import day

register = template.Library()

# The kinds of target an explanation stores, and the page (URL name, record argument) each
# opens. Stored targets keep these short kinds, so that renaming a URL never breaks them.
RECORD_TARGETS = {
    "visit_detail": ("visits:visit_detail", "visit_id"),
    "place_detail": ("places:place_detail", "place_id"),
    "recommendation_detail": ("recommendations:recommendation_detail", "recommendation_id"),
    "submission_fill": ("visits:submission_fill", "submission_id"),
    "custody_register": ("registers:register_detail", "register_id"),
}
# Kinds that take the record in the query string (lists filtered to the place).
QUERY_TARGETS = {"case_list": "people:case_list", "reprisal_list": "people:reprisal_list"}


@register.filter
def evidence_url(target: Any) -> str:
    """ "visit_detail:12#finding-3" → "/visits/12/#finding-3"; "" when it does not resolve."""
    kind, sep, rest = str(target or "").partition(":")
    if not sep or not kind:
        return ""
    try:
        if rest.startswith("?"):
            if kind not in QUERY_TARGETS:
                return ""
            # Re-encoded, so that only a well-formed query string reaches the page.
            query = QueryDict(rest[1:]).urlencode()
            return reverse(QUERY_TARGETS[kind]) + (f"?{query}" if query else "")
        pk, _hash, anchor = rest.partition("#")
        if not pk.isdigit() or kind not in RECORD_TARGETS:
            return ""
        name, kwarg = RECORD_TARGETS[kind]
        url = reverse(name, kwargs={kwarg: int(pk)})
    except NoReverseMatch:
        return ""
    anchor = "".join(c for c in anchor if c.isalnum() or c in "-_")
    return url + (f"#{anchor}" if anchor else "")


def _severity(code: str) -> str:
    from vigil.visits.models import Severity

    return str(dict(Severity.choices).get(code, code))


def _register(code: str) -> str:
    from vigil.visits.models import RegisterCheck

    return str(dict(RegisterCheck.Register.choices).get(code, code))


@register.filter
def evidence_label(evidence: Mapping[str, Any]) -> str:
    """What a piece of evidence is, in words ("Finding (serious)", "Checklist answer: …")."""
    label = str(evidence.get("label", "")) if isinstance(evidence, Mapping) else str(evidence)
    kind, _sep, detail = label.partition(":")
    if kind == "finding":
        return _("Finding (%(severity)s)") % {"severity": _severity(detail)}
    if kind == "answer":
        return _("Checklist answer: %(question)s") % {"question": detail}
    if kind == "register":
        return _("Register check: %(register)s") % {"register": _register(detail)}
    words = {
        "visit": _("Last visit"),
        "population": _("Population count"),
        "allegation": _("Allegation"),
        "reprisal": _("Alleged reprisal"),
        "recommendation": _("Urgent recommendation overdue"),
    }
    return words.get(kind, label)


def _on(evidence: Mapping[str, Any]) -> date | None:
    raw = evidence.get("on") if isinstance(evidence, Mapping) else None
    if isinstance(raw, date):
        return raw
    try:
        return parse_date(str(raw)) if raw else None
    except ValueError:
        return None


@register.simple_tag
def evidence_link(evidence: Mapping[str, Any]) -> SafeString:
    """A link to the evidence (or its words alone when it has no page), with its date."""
    label = evidence_label(evidence)
    on = _on(evidence)
    when = format_html(' <time datetime="{}">{}</time>', on.isoformat(), day(on)) if on else ""
    url = evidence_url(evidence.get("target") if isinstance(evidence, Mapping) else "")
    if url:
        return format_html('<a href="{}">{}</a>{}', url, label, when)
    return format_html("{}{}", label, when)
