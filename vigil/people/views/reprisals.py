"""The reprisals register and the check-backs on people at risk of reprisal.

Everything here is need to know: lists hold what `reprisals_visible_to` and
`check_backs_visible_to` allow, and one record is read (and audited) through `*_get`.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from vigil.core.access import membership_required
from vigil.core.dates import day
from vigil.core.forms import form_saved
from vigil.core.http import StaffRequest
from vigil.core.models import Membership
from vigil.core.pagination import paginate
from vigil.core.roles import Capability
from vigil.people import access
from vigil.people.forms.reprisals import (
    CheckBackDoneForm,
    CheckBackFilterForm,
    CheckBackForm,
    ReprisalFilterForm,
    ReprisalForm,
)
from vigil.people.models import CheckBack, Reprisal
from vigil.people.selectors import reprisals as reads
from vigil.people.services import reprisals as services

# The first check-back after an interview or a reprisal comes two weeks later by default.
DEFAULT_CHECK_BACK_DAYS = 14


def _initial_links(request: HttpRequest, actor: Membership) -> dict[str, Any]:
    """`?interview=`, `?case=` or `?person=` fill the form, through need-to-know reads."""
    if request.GET.get("interview"):
        interview = access.interview_get(actor=actor, pk=request.GET["interview"])
        return {"interview": interview, "person": interview.person}
    if request.GET.get("case"):
        case = access.case_get(actor=actor, pk=request.GET["case"])
        victims = list(case.victims.all()[:2])
        return {"case": case, "person": victims[0] if len(victims) == 1 else None}
    if request.GET.get("person"):
        return {"person": access.person_get(actor=actor, pk=request.GET["person"])}
    return {}


def _followed_urls(record: Reprisal | CheckBack) -> dict[str, str | None]:
    """Links to the interview and the case a reprisal or a check-back follows, if any."""
    return {
        "interview_url": reverse("people:interview_detail", args=[record.interview_id])
        if record.interview_id
        else None,
        "case_url": reverse("people:case_detail", args=[record.case_id])
        if record.case_id
        else None,
    }


# --- reprisals ---------------------------------------------------------------------------


@require_GET
@membership_required(Capability.RECORD_INTERVIEWS)
def reprisal_list(request: StaffRequest) -> HttpResponse:
    """The reprisals register: those the reader needs to know, filtered."""
    actor = request.membership
    form = ReprisalFilterForm(request.GET or None, years=reads.reprisal_years(actor))
    context = {"form": form, **paginate(request, reads.reprisal_list(actor, form.filters()))}
    return render(request, "people/reprisal_list.html", context)


@membership_required(Capability.RECORD_INTERVIEWS)
def reprisal_create(request: StaffRequest) -> HttpResponse:
    """A reprisal recorded against someone the institution spoke with."""
    actor = request.membership
    initial = {"occurred_on": timezone.localdate(), **_initial_links(request, actor)}
    form = ReprisalForm(request.POST or None, actor=actor, initial=initial)
    saved = form_saved(
        request,
        form,
        lambda data: services.reprisal_record(actor=actor, **data),
        done=lambda reprisal: (
            _("Reprisal against %(person)s recorded.") % {"person": reprisal.person.pseudonym}
        ),
        to=lambda reprisal: reverse("people:reprisal_detail", args=[reprisal.pk]),
    )
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "reprisal": None}
    return saved or render(request, "people/reprisal_form.html", context, status=status)


@require_GET
@membership_required(Capability.RECORD_INTERVIEWS)
def reprisal_detail(request: StaffRequest, reprisal_id: int) -> HttpResponse:
    """One reprisal, with the person's check-backs."""
    actor = request.membership
    reprisal = access.reprisal_get(actor=actor, pk=reprisal_id)
    context = {
        "reprisal": reprisal,
        "check_backs": reads.check_backs_of_person(actor, reprisal.person_id, limit=20),
        "today": timezone.localdate(),
        **_followed_urls(reprisal),
    }
    return render(request, "people/reprisal_detail.html", context)


@membership_required(Capability.RECORD_INTERVIEWS)
def reprisal_edit(request: StaffRequest, reprisal_id: int) -> HttpResponse:
    """A reprisal's particulars, edited."""
    actor = request.membership
    reprisal = access.reprisal_get(actor=actor, pk=reprisal_id)
    initial = {name: getattr(reprisal, name) for name in services.REPRISAL_FIELDS}
    form = ReprisalForm(request.POST or None, actor=actor, initial=initial, record=reprisal)
    saved = form_saved(
        request,
        form,
        lambda data: services.reprisal_update(actor=actor, reprisal=reprisal, **data),
        done=_("Changes saved."),
        to=reverse("people:reprisal_detail", args=[reprisal.pk]),
    )
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "reprisal": reprisal}
    return saved or render(request, "people/reprisal_form.html", context, status=status)


# --- check-backs -------------------------------------------------------------------------


@require_GET
@membership_required(Capability.RECORD_INTERVIEWS)
def check_back_list(request: StaffRequest) -> HttpResponse:
    """The check-backs the reader needs to know, filtered."""
    actor = request.membership
    form = CheckBackFilterForm(request.GET or None)
    context = {
        "form": form,
        **paginate(request, reads.check_back_list(actor, form.filters())),
        "today": timezone.localdate(),
    }
    return render(request, "people/check_back_list.html", context)


@membership_required(Capability.RECORD_INTERVIEWS)
def check_back_create(request: StaffRequest) -> HttpResponse:
    """A check-back scheduled with someone at risk of reprisal."""
    actor = request.membership
    initial = {
        "due_on": timezone.localdate() + timedelta(days=DEFAULT_CHECK_BACK_DAYS),
        "method": CheckBack.Method.VISIT,
        "assigned_to": actor.user,
        **_initial_links(request, actor),
    }
    form = CheckBackForm(request.POST or None, actor=actor, initial=initial)
    saved = form_saved(
        request,
        form,
        lambda data: services.check_back_schedule(actor=actor, **data),
        done=lambda check_back: (
            _("Check-back on %(person)s scheduled for %(date)s.")
            % {"person": check_back.person.pseudonym, "date": day(check_back.due_on)}
        ),
        to=reverse("people:check_back_list"),
    )
    status = 400 if request.method == "POST" else 200
    return saved or render(request, "people/check_back_form.html", {"form": form}, status=status)


@membership_required(Capability.RECORD_INTERVIEWS)
def check_back_done(request: StaffRequest, check_back_id: int) -> HttpResponse:
    """A check-back recorded as done, and the next one scheduled."""
    actor = request.membership
    check_back = access.check_back_get(actor=actor, pk=check_back_id)
    form = CheckBackDoneForm(request.POST or None, initial={"done_on": timezone.localdate()})
    status = 200
    if request.method == "POST" and check_back.done_on is None:
        if saved := form_saved(
            request,
            form,
            lambda data: services.check_back_complete(actor=actor, check_back=check_back, **data),
            done=lambda _saved: (
                _("Check-back on %(person)s recorded.") % {"person": check_back.person.pseudonym}
            ),
            to=reverse("people:check_back_list"),
        ):
            return saved
        status = 400
    context = {
        "check_back": check_back,
        "form": form,
        "today": timezone.localdate(),
        **_followed_urls(check_back),
    }
    return render(request, "people/check_back_done.html", context, status=status)
