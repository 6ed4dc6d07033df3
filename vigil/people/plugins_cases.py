"""What the cases part of the people app registers with the platform at start-up."""

from __future__ import annotations

from collections.abc import Iterable

from vigil.core.attention import AttentionItem
from vigil.core.models import Membership

# The home page is not a list: a handful of each, and the overdue page has the rest.
ATTENTION_LIMIT = 10


def cases_attention(actor: Membership) -> Iterable[AttentionItem]:
    """Overdue cases and referral follow-ups due, for the case's team and commissioners.

    Built on the need-to-know querysets, so nobody else is reminded of a case (three
    queries whatever the number of cases: deadlines, cases, referrals).
    """
    from django.urls import reverse
    from django.utils import timezone
    from django.utils.formats import date_format
    from django.utils.translation import gettext as _

    from vigil.core.access import actor_can
    from vigil.core.roles import Capability
    from vigil.people.access import cases_visible_to
    from vigil.people.models import CaseStage
    from vigil.people.selectors import case_due_on, overdue_q, stage_days
    from vigil.people.selectors_cases import referrals_due

    if not actor_can(actor, Capability.OPEN_CASES):
        return []
    today = timezone.localdate()
    days = stage_days(actor.institution_id)
    late = (
        cases_visible_to(actor)
        .filter(overdue_q(days, today))
        .only("pk", "reference", "stage", "stage_since", "institution_id")
        .order_by("stage_since", "pk")[:ATTENTION_LIMIT]
    )
    items = []
    for case in late:
        due = case_due_on(case, days)
        items.append(
            AttentionItem(
                kind="case-overdue",
                title=_("Case %(ref)s is overdue at “%(stage)s”")
                % {"ref": case.reference, "stage": CaseStage(case.stage).label},
                detail=_("due %(date)s") % {"date": date_format(due) if due else ""},
                url=reverse("people:case_detail", args=[case.pk]),
            )
        )
    for referral in referrals_due(actor=actor, today=today)[:ATTENTION_LIMIT]:
        items.append(
            AttentionItem(
                kind="referral-follow-up",
                title=_("Follow up the referral of case %(ref)s")
                % {"ref": referral.case.reference},
                detail=_("%(body)s · due %(date)s")
                % {"body": referral.body, "date": date_format(referral.follow_up_on or today)},
                url=reverse("people:referral_follow_up", args=[referral.pk]),
            )
        )
    return items


def register() -> None:
    """Called once from PeopleConfig.ready() (panels, report sections, attention, demo)."""
    from vigil.core.attention import register_attention

    register_attention(cases_attention)
