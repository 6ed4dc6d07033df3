"""The home page's overview (issue 20) and a new institution's getting-started steps (issue 24).

Apps add figures under `hooks.OVERVIEW` and steps under `hooks.GETTING_STARTED` from their
`hooks.py`; the home page never imports them. An overview figure is a count with the same
count at an earlier date (its trend), and the list it comes from. A step says whether it
is done, from the institution's records.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from vigil.core import hooks
from vigil.core.models import Membership
from vigil.core.roles import Capability, role_can

Text = str | Promise


@dataclass(frozen=True)
class OverviewFigure:
    key: str  # an id on the page: "visits-done", "urgent-open", …
    label: Text
    value: int
    url: str  # the list the figure counts
    previous: int | None = None  # the same count at `previous_label`
    previous_label: Text = ""  # "a year ago", "30 days ago": "3 more than a year ago"
    detail: Text = ""  # "of 40 planned"
    higher_is_better: bool = False
    order: int = 100

    @property
    def change(self) -> int | None:
        return None if self.previous is None else self.value - self.previous

    @property
    def trend(self) -> str:
        """ "better", "worse" or "same", for the arrow's colour."""
        change = self.change
        if not change:
            return "same"
        return "better" if (change > 0) == self.higher_is_better else "worse"

    @property
    def trend_text(self) -> str:
        change = self.change
        if change is None:
            return ""
        if change == 0:
            return _("same as %(when)s") % {"when": self.previous_label}
        if change > 0:
            return _("%(n)d more than %(when)s") % {"n": change, "when": self.previous_label}
        return _("%(n)d fewer than %(when)s") % {"n": -change, "when": self.previous_label}

    @property
    def arrow(self) -> str:
        change = self.change
        return "" if not change else ("↑" if change > 0 else "↓")


OverviewProvider = Callable[[Membership, date], Iterable[OverviewFigure]]


def overview_for(actor: Membership, today: date | None = None) -> list[OverviewFigure]:
    """The figures of the commissioner's overview; none for other roles."""
    if not role_can(actor.role, Capability.VIEW_OVERVIEW):
        return []
    today = today or timezone.localdate()
    providers: list[OverviewProvider] = hooks.get_hooks(hooks.OVERVIEW)
    figures = [figure for provider in providers for figure in provider(actor, today)]
    return sorted(figures, key=lambda f: f.order)


@dataclass(frozen=True)
class Step:
    key: str
    title: Text
    detail: Text
    url: str  # where to do it; "" when it is done outside Vigil
    done: bool
    order: int = 100


StepProvider = Callable[[Membership], Iterable[Step]]


def getting_started_for(actor: Membership) -> list[Step]:
    """The first steps of an institution, for those who set it up, until every one is done."""
    if not role_can(actor.role, Capability.MANAGE_INSTITUTION):
        return []
    providers: list[StepProvider] = hooks.get_hooks(hooks.GETTING_STARTED)
    steps = sorted((s for provider in providers for s in provider(actor)), key=lambda s: s.order)
    return [] if all(step.done for step in steps) else steps


def core_steps(actor: Membership) -> Iterable[Step]:
    """Inviting the staff, and the mail that carries their invitations."""
    from django.conf import settings
    from django.urls import reverse
    from django.utils.translation import gettext_lazy

    from vigil.core.selectors import membership_list

    yield Step(
        "staff",
        gettext_lazy("Invite your staff"),
        gettext_lazy("Give each colleague a role: monitor, investigator, commissioner…"),
        reverse("core:member_invite"),
        membership_list(actor=actor).count() > 1,
        order=20,
    )
    yield Step(
        "mail",
        gettext_lazy("Set up mail"),
        gettext_lazy(
            "Invitations and reminders go out by e-mail. The server's operator sets the mail "
            "server (VIGIL_EMAIL_HOST; see the operations guide)."
        ),
        "",
        settings.EMAIL_BACKEND != "vigil.core.mail.NoMailBackend",
        order=30,
    )
