"""What the people app adds to the platform (discovered by vigil.core.hooks).

The evidence vault has no hook of its own: its files show on the page of what holds them
(`people/_evidence_panel.html`), medical reports take their photographs through
`services.evidence.evidence_read`, and key rotation finds its encrypted bytes through
`vigil.core.keys.ENCRYPTED_FILES`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.utils.translation import gettext_lazy

from vigil.core import hooks, searchable
from vigil.core.attention import AttentionItem
from vigil.core.dates import day
from vigil.core.models import Membership
from vigil.core.navigation import NavEntry
from vigil.core.overview import OverviewFigure
from vigil.core.panels import Panel
from vigil.core.roles import Capability
from vigil.people import builtin, consent_rules
from vigil.people.demo import builder as demo
from vigil.people.reports import medical as medical_report
from vigil.people.reports import visit_section
from vigil.people.selectors.lookups import CASE, INTERVIEW, PERSON
from vigil.people.services import retention
from vigil.visits.models import Visit

# The home page is not a list: a handful of each, and the list pages have the rest.
CASES_ATTENTION_LIMIT = 10
CHECK_BACKS_ATTENTION_LIMIT = 5

hooks.register(
    hooks.NAVIGATION,
    NavEntry(gettext_lazy("People"), "people:people_home", 25, Capability.VIEW_PEOPLE_STATISTICS),
)
hooks.register(hooks.REDACTION_RULE, consent_rules.interviewees_by_consent)
hooks.register(hooks.BUILTIN_DATA, builtin.load_ill_treatment_types, key="people", after=["visits"])
hooks.register(hooks.VISIT_REPORT_SECTION, visit_section.visit_interviews_section)
hooks.register(hooks.JOB, medical_report.generate_report, key=medical_report.JOB_KIND)
hooks.register(hooks.DEMO_STEP, demo.load_people, key="people", after=["visits"])
for _order, _rule in enumerate(retention.RULES):
    hooks.register(hooks.RETENTION, _rule, key=_rule.key, order=10 + _order)


@hooks.register(hooks.VISIT_PANEL)
def visit_interviews_panel(visit: Visit, actor: Membership) -> Panel | None:
    """The visit's interviews the actor needs to know, in a fixed number of queries.

    Roles that do not work with people get no panel at all (they see counts elsewhere).
    """
    from vigil.people import access
    from vigil.people.selectors.interviews import (
        describe,
        visit_interview_count,
        visit_interview_rows,
    )

    if not access.can_record_interviews(actor):
        return None
    interviews = [describe(interview) for interview in visit_interview_rows(actor, visit.pk)]
    total = visit_interview_count(actor, visit.pk)
    return (
        "people/_visit_interviews_panel.html",
        {
            "visit": visit,
            "interviews": interviews,
            "hidden": max(total - len(interviews), 0),
            "can_record": access.can_record_interviews(actor),
        },
    )


@hooks.register(hooks.OVERVIEW)
def cases_overview(actor: Membership, today: date) -> Iterable[OverviewFigure]:
    from vigil.people.selectors.cases import cases_overview as figures

    return figures(actor, today)


@hooks.register(hooks.ATTENTION)
def cases_attention(actor: Membership) -> Iterable[AttentionItem]:
    """Overdue cases and referral follow-ups due, for the case's team and commissioners.

    Built on the need-to-know querysets, so nobody else is reminded of a case (three
    queries whatever the number of cases: deadlines, cases, referrals).
    """
    from django.urls import reverse
    from django.utils import timezone
    from django.utils.translation import gettext as _

    from vigil.core.access import actor_can
    from vigil.core.roles import Capability
    from vigil.people.models import CaseStage
    from vigil.people.selectors.cases import (
        case_due_on,
        longest_overdue,
        referrals_due,
        stage_days,
    )

    if not actor_can(actor, Capability.OPEN_CASES):
        return []
    today = timezone.localdate()
    days = stage_days(actor)
    items = []
    for case in longest_overdue(actor, days, today, limit=CASES_ATTENTION_LIMIT):
        due = case_due_on(case, days)
        items.append(
            AttentionItem(
                kind="case-overdue",
                title=_("Case %(ref)s is overdue at “%(stage)s”")
                % {"ref": case.reference, "stage": CaseStage(case.stage).label},
                detail=_("due %(date)s") % {"date": day(due) if due else ""},
                url=reverse("people:case_detail", args=[case.pk]),
            )
        )
    for referral in referrals_due(actor=actor, today=today)[:CASES_ATTENTION_LIMIT]:
        items.append(
            AttentionItem(
                kind="referral-follow-up",
                title=_("Follow up the referral of case %(ref)s")
                % {"ref": referral.case.reference},
                detail=_("%(body)s · due %(date)s")
                % {"body": referral.body, "date": day(referral.follow_up_on or today)},
                url=reverse("people:referral_follow_up", args=[referral.pk]),
            )
        )
    return items


@hooks.register(hooks.ATTENTION)
def overdue_check_backs_attention(actor: Membership) -> list[AttentionItem]:
    """Overdue check-backs for those who may see them (their team, assignee, commissioners).

    Need to know comes from `check_backs_visible_to`: other monitors, administrators and
    analysts get nothing. One query, and a count only when there are more than shown.
    """
    from django.urls import reverse
    from django.utils.translation import gettext as _
    from django.utils.translation import ngettext

    from vigil.people.selectors.reprisals import overdue_check_backs

    late = overdue_check_backs(actor)
    shown = list(late[: CHECK_BACKS_ATTENTION_LIMIT + 1])
    items = [
        AttentionItem(
            kind="reprisal-checkback",
            title=_("Check-back overdue: %(person)s") % {"person": check_back.person.pseudonym},
            detail=_("%(method)s, due %(date)s")
            % {
                "method": check_back.get_method_display(),
                "date": day(check_back.due_on),
            },
            url=reverse("people:check_back_done", args=[check_back.pk]),
        )
        for check_back in shown[:CHECK_BACKS_ATTENTION_LIMIT]
    ]
    if len(shown) > CHECK_BACKS_ATTENTION_LIMIT:
        more = late.count() - CHECK_BACKS_ATTENTION_LIMIT
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


searchable.register(PERSON, INTERVIEW, CASE)
