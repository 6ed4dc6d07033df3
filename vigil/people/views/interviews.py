"""Interviews: record one on a visit, read it on a need-to-know basis, consent, the list, export.

Lists show pseudonyms only. An interview's page decrypts the interviewee's identity for a
reader who already passed need to know (`access.interview_get`, which audits the read).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from vigil.core import downloads
from vigil.core.access import membership_required
from vigil.core.forms import form_saved
from vigil.core.http import StaffRequest
from vigil.core.models import Membership
from vigil.core.pagination import paginate
from vigil.core.redaction import Audience, Mention, Row, Runs, redact_table
from vigil.core.roles import Capability
from vigil.people import access
from vigil.people.consent_rules import MENTION_INTERVIEWEE, interview_ref, person_ref
from vigil.people.forms.interviews import (
    ConsentForm,
    InterviewEditForm,
    InterviewFilterForm,
    InterviewForm,
    PersonForm,
    WithdrawForm,
)
from vigil.people.models import Interview
from vigil.people.selectors.evidence import evidence_for
from vigil.people.selectors.interviews import (
    consent_history,
    consent_state,
    describe,
    interview_export_rows,
    interview_related,
    interview_rows,
    interview_visible,
)
from vigil.people.services import interviews as services
from vigil.people.views.exports import named_export
from vigil.visits.access import visit_get

# --- helpers of the pages ---------------------------------------------------------------


def _to_detail_or_visit(request: HttpRequest, actor: Membership, interview: Interview) -> str:
    """Back to the interview, or to its visit when the recorder is not among those who see it."""
    if interview_visible(actor, interview.pk):
        return reverse("people:interview_detail", args=[interview.pk])
    messages.info(
        request,
        _("You are not an interviewer or on the visit team, so you cannot open this interview."),
    )
    return reverse("visits:visit_detail", args=[interview.visit_id])


def _editable(actor: Membership, interview_id: int) -> Interview:
    """An interview the actor may see (else 404) and change (else 403)."""
    interview = access.interview_get(actor=actor, pk=interview_id)
    if not access.can_record_interviews(actor):
        raise PermissionDenied
    return interview


# --- pages ---------------------------------------------------------------------------------


@membership_required(Capability.RECORD_INTERVIEWS)
def interview_create(request: StaffRequest, visit_id: int) -> HttpResponse:
    """A new interview, recorded on a visit."""
    actor = request.membership
    visit = visit_get(actor=actor, pk=visit_id)
    initial = {"held_on": visit.starts_on or timezone.localdate(), "interviewers": [actor.user]}
    form = InterviewForm(request.POST or None, actor=actor, initial=initial)

    def confirm(interview: Interview) -> str:
        who = interview.person.pseudonym if interview.person else _("group")
        return _("Interview with %(who)s recorded.") % {"who": who}

    if saved := form_saved(
        request,
        form,
        lambda data: services.interview_create(actor=actor, visit=visit, **form.service_kwargs()),
        done=confirm,
        to=lambda interview: _to_detail_or_visit(request, actor, interview),
    ):
        return saved
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "visit": visit, "interview": None}
    return render(request, "people/interview_form.html", context, status=status)


@require_GET
@membership_required(Capability.RECORD_INTERVIEWS)
def interview_list(request: StaffRequest) -> HttpResponse:
    """The interviews the reader needs to know, by pseudonym, filtered."""
    actor = request.membership
    form = InterviewFilterForm(request.GET or None, actor=actor)
    context = paginate(request, interview_rows(actor, form.filters()))
    for interview in context["page"]:
        describe(interview)
    context.update({"form": form})
    return render(request, "people/interview_list.html", context)


def _export_row(interview: Interview, *, named: bool) -> Row:
    person = interview.person
    who: Runs
    if person is None:
        who = [_("Group of %(n)s") % {"n": interview.group_size or 0}]
    elif named:
        who = [
            Mention(
                kind=MENTION_INTERVIEWEE,
                name=person.full_name or person.pseudonym,
                pseudonym=person.pseudonym,
                ref=person_ref(person.pk),
            )
        ]
    else:
        who = [person.pseudonym]
    describe(interview)
    cells: list[Runs] = [
        [person.pseudonym if person else ""],
        *([who] if named else []),
        [interview.visit.place.name],
        [interview.held_on.isoformat()],
        [interview.get_kind_display()],
        [str(interview.group_size or "")],
        ["; ".join(str(v) for v in interview.vulnerability_labels)],  # type: ignore[attr-defined]
        [_("yes") if interview.fears_reprisal else _("no")],
        [interview.consent_state],  # type: ignore[attr-defined]
        [" ".join(interview.summary_for_report.split())],
    ]
    return Row(cells=cells, source=interview_ref(interview.pk))


def _inert(cell: str) -> str:
    """Spreadsheets run a cell that starts like a formula; what people said must stay text,
    in the XLSX too, where it keeps its apostrophe so that it reads as it was written."""
    return f"'{cell}" if cell[:1] in downloads.FORMULA_STARTS else cell


@require_GET
@membership_required(Capability.RECORD_INTERVIEWS)
def interview_export(request: StaffRequest) -> HttpResponseBase:
    """The filtered list as CSV or XLSX, pseudonymised: no name column, no identity
    decrypted. Names need the named export, which asks for a reason."""
    fmt = request.GET.get("fmt", "csv")
    if fmt not in downloads.TABLE_FORMATS:
        raise Http404
    return _interview_download(request.membership, request.GET, fmt=fmt)


@require_http_methods(["GET", "POST"])
@membership_required(Capability.RECORD_INTERVIEWS)
def interview_export_named(request: StaffRequest) -> HttpResponseBase:
    """The export with names (where consent allows), after a confirmation step that asks
    why; the reason goes into the export's audit event. Sent by POST: no URL carries it."""
    return named_export(
        request,
        title=_("Export interviews with names"),
        back=reverse("people:interview_list"),
        download=lambda query, fmt, reason: _interview_download(
            request.membership, query, fmt=fmt, named=True, reason=reason
        ),
    )


def _interview_download(
    actor: Membership, query: QueryDict, *, fmt: str, named: bool = False, reason: str = ""
) -> HttpResponseBase:
    """Through the one redaction function: consent holds for the names of a named export."""
    filters = InterviewFilterForm(query or None, actor=actor).filters()
    interviews = interview_export_rows(actor, filters, named=named)
    headers = [_("Pseudonym"), *([_("Name")] if named else []), _("Place"), _("Date"),
               _("Kind"), _("People"), _("Vulnerabilities"), _("Fears reprisal"),
               _("Consent"), _("Summary for reports")]  # fmt: skip
    rows = redact_table(
        title=_("Interviews"),
        headers=headers,
        rows=[_export_row(interview, named=named) for interview in interviews],
        reader=actor,
        audience=Audience.INTERNAL,
    )
    rows = [[_inert(cell) for cell in row] for row in rows]
    services.interviews_exported(actor=actor, fmt=fmt, rows=len(rows), named=named, reason=reason)
    day = timezone.localdate().isoformat()
    return downloads.table_download(
        fmt=fmt,
        filename=f"vigil-interviews-{'named-' if named else ''}{day}",
        headers=headers,
        rows=rows,
        title=_("Interviews"),
        private=True,
    )


@require_GET
@membership_required()
def interview_detail(request: StaffRequest, interview_id: int) -> HttpResponse:
    """One interview, with the interviewee's identity, for those who need to know."""
    actor = request.membership
    interview = access.interview_get(actor=actor, pk=interview_id)
    history = consent_history(interview)
    interview.consent_history = history  # type: ignore[attr-defined]
    describe(interview)
    query = f"interview={interview.pk}"
    related = interview_related(actor, interview)
    context = {
        "interview": interview,
        "person": interview.person,
        "consents": history,
        "interviewers": related.interviewers,
        "check_backs": related.check_backs,
        "reprisals": related.reprisals,
        "cases": related.cases,
        "evidence": evidence_for(actor=actor, holder=interview),
        "can_record": access.can_record_interviews(actor),
        "case_create_url": f"{reverse('people:case_create')}?{query}",
        "reprisal_create_url": f"{reverse('people:reprisal_create')}?{query}",
        "check_back_create_url": f"{reverse('people:check_back_create')}?{query}",
        "evidence_add_url": reverse("people:interview_evidence_add", args=[interview.pk]),
        "today": timezone.localdate(),
    }
    return render(request, "people/interview_detail.html", context)


@require_http_methods(["GET", "POST"])
@membership_required()
def interview_edit(request: StaffRequest, interview_id: int) -> HttpResponse:
    """What may change in an interview after it was recorded."""
    actor = request.membership
    interview = _editable(actor, interview_id)
    form = InterviewEditForm(
        request.POST or None,
        actor=actor,
        interview=interview,
        initial=InterviewEditForm.initial_for(interview),
        record=interview,
    )
    if saved := form_saved(
        request,
        form,
        lambda data: services.interview_update(
            actor=actor, interview=interview, **form.service_kwargs()
        ),
        done=_("Changes saved."),
        # After the update: it may take the recorder off the interview.
        to=lambda _saved: _to_detail_or_visit(request, actor, interview),
    ):
        return saved
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "visit": interview.visit, "interview": interview}
    return render(request, "people/interview_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
@membership_required()
def interview_consent(request: StaffRequest, interview_id: int) -> HttpResponse:
    """Consent recorded on an interview; it applies from now on."""
    actor = request.membership
    interview = _editable(actor, interview_id)
    form = ConsentForm(request.POST or None, initial={"given_at": timezone.localtime()})
    if saved := form_saved(
        request,
        form,
        lambda data: services.consent_record(actor=actor, interview=interview, **data),
        done=_("Consent recorded; it applies from now on."),
        to=reverse("people:interview_detail", args=[interview.pk]) + "#consent",
    ):
        return saved
    history = consent_history(interview)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "interview": interview, "consents": history}
    return render(request, "people/interview_consent.html", context, status=status)


@require_http_methods(["GET", "POST"])
@membership_required()
def interview_consent_withdraw(request: StaffRequest, interview_id: int) -> HttpResponse:
    """The withdrawal of an interviewee's consent."""
    actor = request.membership
    interview = _editable(actor, interview_id)
    current = services.consent_in_force(interview)
    form = WithdrawForm(request.POST or None)
    if saved := form_saved(
        request,
        form,
        lambda data: services.consent_withdraw(
            actor=actor, interview=interview, reason=data["reason"]
        ),
        done=_(
            "Consent withdrawn. Documents and exports made from now on leave this "
            "person's account out."
        ),
        to=reverse("people:interview_detail", args=[interview.pk]) + "#consent",
    ):
        return saved
    status = 400 if request.method == "POST" else 200
    context = {
        "form": form,
        "interview": interview,
        "current": current,
        "current_state": consent_state(current),
        "in_force": current is not None and not current.withdrawn,
    }
    return render(request, "people/interview_consent_withdraw.html", context, status=status)


@require_http_methods(["GET", "POST"])
@membership_required()
def person_edit(request: StaffRequest, person_id: int) -> HttpResponse:
    """The identity of an interviewee, edited."""
    actor = request.membership
    person = access.person_get(actor=actor, pk=person_id)
    if not access.can_record_interviews(actor):
        raise PermissionDenied
    form = PersonForm(request.POST or None, initial=PersonForm.initial_for(person), record=person)
    back = _back_to_interview(request, actor, person.pk)
    if saved := form_saved(
        request,
        form,
        lambda data: services.person_update(
            actor=actor, person=person, gender=data["gender"], **form.identity()
        ),
        done=lambda _saved: _("Identity of %(p)s saved.") % {"p": person.pseudonym},
        to=back or reverse("people:interview_list"),
    ):
        return saved
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "person": person, "back": back}
    return render(request, "people/interview_person_form.html", context, status=status)


def _back_to_interview(request: HttpRequest, actor: Membership, person_id: int) -> str | None:
    """The interview the edit started from (`?interview=`), if it is this person's and visible."""
    raw = request.GET.get("interview", "")
    if not raw.isdigit():
        return None
    visible = interview_visible(actor, int(raw), person_id=person_id)
    return reverse("people:interview_detail", args=[int(raw)]) if visible else None
