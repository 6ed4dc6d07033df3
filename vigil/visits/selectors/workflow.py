"""Which status a visit may move to from which, and why a move is refused."""

from __future__ import annotations

from django.utils.translation import gettext as _

from vigil.visits.models import Visit

S = Visit.Status
ORDER = [S.PLANNED, S.PREPARING, S.ON_SITE, S.REPORTING, S.REPORT_SENT, S.CLOSED]

# Forward one step at a time; a visit not yet on site may be cancelled; a report being
# written may send the team back on site to check something.
ALLOWED: dict[str, set[str]] = {
    S.PLANNED: {S.PREPARING, S.CANCELLED},
    S.PREPARING: {S.ON_SITE, S.PLANNED, S.CANCELLED},
    S.ON_SITE: {S.REPORTING},
    S.REPORTING: {S.REPORT_SENT, S.ON_SITE},
    S.REPORT_SENT: {S.CLOSED},
    S.CLOSED: set(),
    S.CANCELLED: set(),
}


def refusal(visit: Visit, to_status: str) -> str | None:
    """None if the move is allowed, otherwise the reason, in the user's words."""
    current = visit.status
    if to_status not in S.values:
        return _("Unknown status.")
    if to_status == current:
        return _("The visit is already in this status.")
    if to_status not in ALLOWED[current]:
        if current in (S.CLOSED, S.CANCELLED):
            return _("A %(status)s visit cannot change status.") % {
                "status": S(current).label.lower()
            }
        steps = ", ".join(str(S(s).label) for s in sorted(ALLOWED[current], key=_rank))
        return _("From “%(current)s” a visit can only move to: %(steps)s.") % {
            "current": S(current).label,
            "steps": steps,
        }
    if to_status == S.ON_SITE and not visit.team.exists():
        return _("Add the team before going on site.")
    if to_status == S.REPORT_SENT and not (visit.report_sent_on and visit.report_recipients):
        return _("Record when the report was sent and to whom.")
    return None


def _rank(status: str) -> int:
    return ORDER.index(S(status)) if status in ORDER else len(ORDER)


def next_steps(visit: Visit) -> list[str]:
    return sorted(ALLOWED[visit.status], key=_rank)
