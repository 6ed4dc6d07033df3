"""Pages of trainings of law enforcement officials: sessions, participants, the named roster,
learning gain and attendance certificates."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from vigil.core.access import membership_required, require_capability
from vigil.core.forms import form_saved
from vigil.core.http import StaffRequest
from vigil.core.models import Job
from vigil.core.roles import Capability
from vigil.programmes.forms.training import (
    AnswersForm,
    ParticipantGroupForm,
    QuestionForm,
    RosterEntryForm,
    RosterScoresForm,
    SessionQuestionsForm,
    TrainingForm,
    TrainingSetupForm,
)
from vigil.programmes.models import TrainingSession
from vigil.programmes.reports.certificates import training_certificates_start, training_dates
from vigil.programmes.selectors import training as selectors
from vigil.programmes.selectors.programmes import programme_get
from vigil.programmes.services import training as services

VIEW = Capability.VIEW_PROGRAMMES
MANAGE = Capability.MANAGE_PROGRAMMES


def _detail_url(session: TrainingSession) -> str:
    return reverse("programmes:training_detail", args=[session.pk])


def _form_page(
    request: StaffRequest,
    form: Any,
    save: Callable[[dict[str, Any]], Any],
    *,
    done: str,
    to: str | Callable[[Any], str],
    **context: Any,
) -> HttpResponse:
    """A valid POST saves and goes `to`; otherwise the form (again, with 400), with `context`."""
    if saved := form_saved(request, form, save, done=done, to=to):
        return saved
    status = 400 if request.method == "POST" else 200
    return render(
        request, "programmes/training_form.html", {"form": form, **context}, status=status
    )


def _of(session: TrainingSession) -> dict[str, Any]:
    """What a form page of one session shows around the form."""
    return {"session": session, "programme": session.activity.programme}


@require_GET
@membership_required(VIEW)
def training_list(request: StaffRequest, programme_id: int) -> HttpResponse:
    """The programme's trainings with their participants and learning gain."""
    actor = request.membership
    programme = programme_get(actor=actor, pk=programme_id)
    sessions = list(selectors.trainings_of_programme(actor=actor, programme=programme))
    figures = selectors.session_figures(sessions)
    context = {
        "programme": programme,
        "rows": [(s, figures[s.pk]) for s in sessions],
        "can_manage": selectors.may_see_names(actor),
    }
    return render(request, "programmes/training_list.html", context)


@require_http_methods(["GET", "POST"])
@membership_required(MANAGE)
def training_create(request: StaffRequest, programme_id: int) -> HttpResponse:
    """A new training of the programme: its activity and session."""
    actor = request.membership
    programme = programme_get(actor=actor, pk=programme_id)
    return _form_page(
        request,
        TrainingForm(request.POST or None, actor=actor),
        lambda data: services.training_create(actor=actor, programme=programme, **data),
        done=_("Training recorded."),
        to=_detail_url,
        programme=programme,
        heading=_("New training"),
        submit=_("Record"),
    )


@require_http_methods(["GET", "POST"])
@membership_required(VIEW)
def training_for_activity(request: StaffRequest, activity_id: int) -> HttpResponse:
    """A training activity's session page; the form that sets one up if it has none yet."""
    actor = request.membership
    activity = selectors.training_activity_get(actor=actor, pk=activity_id)
    session = selectors.session_of_activity(activity)
    if session is not None:
        return HttpResponseRedirect(_detail_url(session))
    require_capability(actor, MANAGE)
    return _form_page(
        request,
        TrainingSetupForm(request.POST or None, actor=actor),
        lambda data: services.training_setup(actor=actor, activity=activity, **data),
        done=_("Training recorded."),
        to=_detail_url,
        programme=activity.programme,
        heading=_("Topics and trainers of %(title)s") % {"title": activity.title},
        submit=_("Save"),
    )


@require_GET
@membership_required(VIEW)
def training_detail(request: StaffRequest, training_id: int) -> HttpResponse:
    """A training's figures and participants; its named roster only for who manages it."""
    actor = request.membership
    session = selectors.training_get(actor=actor, pk=training_id)
    figures = selectors.session_figures([session])[session.pk]
    can_manage = selectors.may_see_names(actor)
    context = {
        **_of(session),
        "activity": session.activity,
        "topics": list(session.topics.all()),
        "figures": figures,
        "breakdown": selectors.participant_breakdown(session, source=figures.source),
        "groups": list(session.groups.all()),
        "can_manage": can_manage,
        # Names only for those who manage programmes, and each look at them is audited.
        "roster": selectors.roster_read(actor=actor, session=session) if can_manage else None,
        "certificates": (
            selectors.certificates_of(actor=actor, session=session) if can_manage else []
        ),
        "dates": training_dates(session.activity),
        "question_results": (
            selectors.question_results(actor=actor, session=session)
            if session.test_mode == TrainingSession.TestMode.QUESTIONS
            else None
        ),
    }
    return render(request, "programmes/training_detail.html", context)


@require_http_methods(["GET", "POST"])
@membership_required(MANAGE)
def training_group_add(request: StaffRequest, training_id: int) -> HttpResponse:
    """Add participants counted by agency, rank and gender."""
    actor = request.membership
    session = selectors.training_get(actor=actor, pk=training_id)
    return _form_page(
        request,
        ParticipantGroupForm(request.POST or None),
        lambda data: services.training_group_add(actor=actor, session=session, **data),
        done=_("Participants added."),
        to=_detail_url(session) + "#participants",
        **_of(session),
        heading=_("Add participants by agency, rank and gender"),
        submit=_("Add"),
    )


@require_http_methods(["GET", "POST"])
@membership_required(MANAGE)
def training_roster_add(request: StaffRequest, training_id: int) -> HttpResponse:
    """Add a named participant to the roster."""
    actor = request.membership
    session = selectors.training_get(actor=actor, pk=training_id)
    return _form_page(
        request,
        RosterEntryForm(request.POST or None),
        lambda data: services.training_roster_add(actor=actor, session=session, **data),
        done=_("Participant added to the roster."),
        to=_detail_url(session) + "#roster",
        **_of(session),
        heading=_("Add a named participant"),
        note=_("Names and badge numbers are personal data: Vigil stores them encrypted."),
        submit=_("Add"),
    )


@require_http_methods(["GET", "POST"])
@membership_required(MANAGE)
def training_roster_edit(request: StaffRequest, entry_id: int) -> HttpResponse:
    """The scores and attendance of a named participant."""
    actor = request.membership
    entry = selectors.roster_entry_get(actor=actor, pk=entry_id)
    session = selectors.training_get(actor=actor, pk=entry.session_id)
    initial = model_to_dict(entry, fields=list(RosterScoresForm.base_fields))
    return _form_page(
        request,
        RosterScoresForm(request.POST or None, initial=initial, record=entry),
        lambda data: services.training_roster_update(actor=actor, entry=entry, **data),
        done=_("Changes saved."),
        to=_detail_url(session) + "#roster",
        **_of(session),
        heading=_("Scores and attendance of participant #%(number)s") % {"number": entry.pk},
        submit=_("Save"),
    )


def _follow_job(
    request: StaffRequest, session: TrainingSession, start: Callable[[], Job]
) -> HttpResponse:
    """The job's page once started; a refusal is told on the training's roster."""
    try:
        job = start()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return HttpResponseRedirect(_detail_url(session) + "#roster")
    return HttpResponseRedirect(reverse("core:job_detail", args=[job.pk]))


@require_POST
@membership_required(MANAGE)
def training_certificates(request: StaffRequest, training_id: int) -> HttpResponse:
    """Certificates for everyone on the roster who attended, one page each."""
    actor = request.membership
    session = selectors.training_get(actor=actor, pk=training_id)
    return _follow_job(
        request,
        session,
        lambda: training_certificates_start(
            actor=actor, session=session, language=request.POST.get("language", "")
        ),
    )


@require_POST
@membership_required(MANAGE)
def training_certificate(request: StaffRequest, entry_id: int) -> HttpResponse:
    """The certificate of one participant who attended."""
    actor = request.membership
    entry = selectors.roster_entry_get(actor=actor, pk=entry_id)
    session = selectors.training_get(actor=actor, pk=entry.session_id)
    return _follow_job(
        request,
        session,
        lambda: training_certificates_start(
            actor=actor, session=session, entry=entry, language=request.POST.get("language", "")
        ),
    )


@require_GET
@membership_required(VIEW)
def training_gain_by_topic(request: StaffRequest) -> HttpResponse:
    """Learning gain by topic, pooled over the institution's trainings."""
    context = {"topics": selectors.learning_gain_by_topic(actor=request.membership)}
    return render(request, "programmes/training_gain_by_topic.html", context)


@require_http_methods(["GET", "POST"])
@membership_required(VIEW)
def training_question_bank(request: StaffRequest) -> HttpResponse:
    """The institution's question bank by training topic; who manages programmes adds to it."""
    actor = request.membership
    can_manage = selectors.may_see_names(actor)
    form = QuestionForm(request.POST or None, actor=actor) if can_manage else None
    if request.method == "POST":
        require_capability(actor, MANAGE)
    if form is not None and (
        saved := form_saved(
            request,
            form,
            lambda data: services.training_question_create(actor=actor, **data),
            done=_("Question added to the bank."),
            to=reverse("programmes:training_question_bank"),
        )
    ):
        return saved
    context = {
        "questions": list(selectors.question_bank(actor=actor)),
        "form": form,
        "can_manage": can_manage,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "programmes/training_question_bank.html", context, status=status)


@require_http_methods(["GET", "POST"])
@membership_required(MANAGE)
def training_questions(request: StaffRequest, training_id: int) -> HttpResponse:
    """Choose the questions of a training's tests from the bank of its topics."""
    actor = request.membership
    session = selectors.training_get(actor=actor, pk=training_id)
    form = SessionQuestionsForm(
        request.POST or None,
        actor=actor,
        initial={"questions": selectors.session_questions(session)},
    )
    form.narrow("questions", selectors.bank_for(actor=actor, session=session))
    return _form_page(
        request,
        form,
        lambda data: services.training_questions_set(actor=actor, session=session, **data),
        done=_("Test questions saved."),
        to=_detail_url(session) + "#questions",
        **_of(session),
        heading=_("Test questions of %(title)s") % {"title": session.activity.title},
        note=_(
            "Questions come from the bank of the training's topics. With questions, the pre- "
            "and post-test of each named participant are recorded answer by answer."
        ),
        submit=_("Save"),
    )


@require_http_methods(["GET", "POST"])
@membership_required(MANAGE)
def training_answers(request: StaffRequest, entry_id: int) -> HttpResponse:
    """A named participant's answer to each question of the pre- and post-test."""
    actor = request.membership
    entry = selectors.roster_entry_get(actor=actor, pk=entry_id)
    session = selectors.training_get(actor=actor, pk=entry.session_id)
    if session.test_mode != TrainingSession.TestMode.QUESTIONS:
        return HttpResponseRedirect(reverse("programmes:training_roster_edit", args=[entry.pk]))
    questions = selectors.session_questions(session)
    initial = {f"q{q}_{phase}": text for (q, phase), text in selectors.answers_of(entry).items()}
    form = AnswersForm(request.POST or None, initial=initial, questions=questions)
    if saved := form_saved(
        request,
        form,
        lambda _data: services.training_answers_record(
            actor=actor, entry=entry, answers=form.answers()
        ),
        done=_("Answers saved."),
        to=_detail_url(session) + "#roster",
    ):
        return saved
    status = 400 if request.method == "POST" else 200
    rows = [
        (number, q, form[f"q{q.pk}_pre"], form[f"q{q.pk}_post"])
        for number, q in enumerate(questions, start=1)
    ]
    context = {**_of(session), "entry": entry, "form": form, "rows": rows}
    return render(request, "programmes/training_answers.html", context, status=status)
