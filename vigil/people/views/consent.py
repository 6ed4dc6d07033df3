"""Consent of an alleged victim whose case did not come from an interview."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from vigil.core.access import membership_required
from vigil.core.forms import form_saved
from vigil.core.http import StaffRequest
from vigil.people import access
from vigil.people.forms.interviews import ConsentForm, WithdrawForm
from vigil.people.models import Case, Person
from vigil.people.selectors.cases import case_victim
from vigil.people.services import consent as services


def _case_and_victim(request: StaffRequest, case_id: int, person_id: int) -> tuple[Case, Person]:
    actor = request.membership
    case = access.case_get(actor=actor, pk=case_id)
    person = case_victim(case, person_id)
    if person is None:
        raise Http404
    if not access.can_manage_case(actor, case):
        raise PermissionDenied
    return case, person


@require_http_methods(["GET", "POST"])
@membership_required()
def case_consent(request: StaffRequest, case_id: int, person_id: int) -> HttpResponse:
    """Consent of an alleged victim who was not interviewed, recorded on the case."""
    actor = request.membership
    case, person = _case_and_victim(request, case_id, person_id)
    form = ConsentForm(request.POST or None, initial={"given_at": timezone.localtime()})
    withdraw = WithdrawForm()
    if saved := form_saved(
        request,
        form,
        lambda data: services.victim_consent_record(actor=actor, case=case, person=person, **data),
        done=_("Consent recorded; it applies from now on."),
        to=reverse("people:case_detail", args=[case.pk]),
    ):
        return saved
    context = {
        "form": form,
        "withdraw_form": withdraw,
        "case": case,
        "person": person,
        "current": services.victim_consent_in_force(case, person),
        "consents": services.victim_consent_history(case, person),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "people/case_consent.html", context, status=status)


@require_http_methods(["POST"])
@membership_required()
def case_consent_withdraw(request: StaffRequest, case_id: int, person_id: int) -> HttpResponse:
    """The withdrawal of a victim's consent, recorded on the case."""
    actor = request.membership
    case, person = _case_and_victim(request, case_id, person_id)
    form = WithdrawForm(request.POST)
    if form.is_valid():
        try:
            services.victim_consent_withdraw(
                actor=actor, case=case, person=person, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("Consent withdrawn: documents made from now on leave the person out.")
            )
    return HttpResponseRedirect(reverse("people:case_consent", args=[case.pk, person.pk]))
