"""What the parts of the visit report share: the context section providers get, and the
wording of dates, periods, team members and answers."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from vigil.core import rendering
from vigil.core.dates import long_day
from vigil.core.models import Membership
from vigil.core.redaction import MENTION_STAFF, Block, Mention, Paragraph, Runs, Section
from vigil.visits.models import Finding, RegisterCheck, TeamMember, TeamRole, Visit

RECOMMENDATIONS = "recommendations"
FORMATS = {
    "docx": rendering.DOCX_CONTENT_TYPE,
    "pdf": rendering.PDF_CONTENT_TYPE,
}


@dataclass(frozen=True)
class ReportContext:
    """What a section provider gets: the visit as loaded, and for whom the report is."""

    visit: Visit
    reader: Membership
    audience: str
    findings: list[Finding]


ReportSectionProvider = Callable[[ReportContext], Iterable[Section]]


def long_date(value: date) -> str:
    return long_day(value)


def visit_dates(visit: Visit) -> str:
    if visit.starts_on and visit.ends_on and visit.ends_on != visit.starts_on:
        return _("from %(first)s to %(last)s") % {
            "first": long_date(visit.starts_on),
            "last": long_date(visit.ends_on),
        }
    if visit.starts_on:
        return _("on %(day)s") % {"day": long_date(visit.starts_on)}
    if visit.planned_for:
        return _("planned for %(day)s") % {"day": long_date(visit.planned_for)}
    return _("on dates not yet recorded")


def check_period(check: RegisterCheck) -> str:
    return _("%(first)s to %(last)s") % {
        "first": long_date(check.period_from),
        "last": long_date(check.period_to),
    }


def paragraphs(text: str, *, source: str = "") -> list[Block]:
    parts = [part.strip() for part in text.replace("\r\n", "\n").split("\n\n")]
    return [Paragraph([" ".join(part.split("\n"))], source=source) for part in parts if part]


_ROLE_ORDER = {role: position for position, role in enumerate(TeamRole.values)}


def team_in_order(visit: Visit) -> list[TeamMember]:
    return sorted(visit.team.all(), key=lambda m: (_ROLE_ORDER.get(m.role, 99), m.pk))


def staff_mention(member: TeamMember, *, with_role: bool) -> Mention:
    name = member.user.get_full_name() if member.user else member.external_name
    role = member.get_role_display()
    ref = f"core.user:{member.user_id}" if member.user_id else f"visits.teammember:{member.pk}"
    named_as = _("%(name)s (%(role)s)") % {"name": name, "role": role} if with_role else name
    return Mention(kind=MENTION_STAFF, name=name, role=role, named_as=named_as, ref=ref)


def joined(parts: list[Runs]) -> Runs:
    runs: Runs = []
    for position, part in enumerate(parts):
        if position:
            runs.append(", ")
        runs.extend(part)
    return runs


def answer_text(value: Any) -> str:
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return ", ".join(answer_text(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {answer_text(v)}" for k, v in value.items())
    return str(value)
