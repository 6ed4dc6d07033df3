"""What the reprisals part of the people app registers with the platform at start-up."""

from __future__ import annotations

from vigil.core.attention import AttentionItem
from vigil.core.models import Membership

ATTENTION_LIMIT = 5


def overdue_check_backs_attention(actor: Membership) -> list[AttentionItem]:
    """Overdue check-backs for those who may see them (their team, assignee, commissioners).

    Need to know comes from `check_backs_visible_to`: other monitors, administrators and
    analysts get nothing. One query, and a count only when there are more than shown.
    """
    from django.urls import reverse
    from django.utils.formats import date_format
    from django.utils.translation import gettext as _
    from django.utils.translation import ngettext

    from vigil.people.selectors import overdue_check_backs

    late = overdue_check_backs(actor)
    shown = list(late[: ATTENTION_LIMIT + 1])
    items = [
        AttentionItem(
            kind="reprisal-checkback",
            title=_("Check-back overdue: %(person)s") % {"person": check_back.person.pseudonym},
            detail=_("%(method)s, due %(date)s")
            % {
                "method": check_back.get_method_display(),
                "date": date_format(check_back.due_on, "j M Y"),
            },
            url=reverse("people:check_back_done", args=[check_back.pk]),
        )
        for check_back in shown[:ATTENTION_LIMIT]
    ]
    if len(shown) > ATTENTION_LIMIT:
        more = late.count() - ATTENTION_LIMIT
        items.append(
            AttentionItem(
                kind="reprisal-checkback-more",
                title=ngettext(
                    "%(n)d more overdue check-back", "%(n)d more overdue check-backs", more
                )
                % {"n": more},
                detail=_("See all check-backs"),
                url=reverse("people:check_back_list") + "?status=overdue",
            )
        )
    return items


def register() -> None:
    """Called once from PeopleConfig.ready() (panels, report sections, attention, demo)."""
    from vigil.core.attention import register_attention

    register_attention(overdue_check_backs_attention)
