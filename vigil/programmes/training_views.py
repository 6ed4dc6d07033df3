"""Pages of trainings of law enforcement officials (thin: the work is in `training`)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from vigil.core.access import actor_of, membership_required, require_capability
from vigil.core.forms import form_saved
from vigil.core.roles import Capability
from vigil.programmes import training
from vigil.programmes.models import TrainingSession
from vigil.programmes.training_forms import (
    ParticipantGroupForm,
    RosterEntryForm,
    RosterScoresForm,
    TrainingForm,
    TrainingSetupForm,
)


def _detail_url(session: TrainingSession) -> str:
    return reverse("programmes:training_detail", args=[session.pk])


def _form_page(request: HttpRequest, form: Any, **context: Any) -> HttpResponse:
    return render(request, "programmes/training_form.html", {"form": form, **context})


@require_GET
@membership_required(Capability.VIEW_PROGRAMMES)
def training_list(request: HttpRequest, programme_id: int) -> HttpResponse:
    actor = actor_of(request)
    programme = training.programme_get(actor=actor, pk=programme_id)
    sessions = list(training.trainings_of_programme(actor=actor, programme=programme))
    figures = training.session_figures(sessions)
    context = {
        "programme": programme,
        "rows": [(s, figures[s.pk]) for s in sessions],
        "can_manage": training.may_see_names(actor),
    }
    return render(request, "programmes/training_list.html", context)


@require_http_methods(["GET", "POST"])
@membership_required(Capability.MANAGE_PROGRAMMES)
def training_create(request: HttpRequest, programme_id: int) -> HttpResponse:
    actor = actor_of(request)
    programme = training.programme_get(actor=actor, pk=programme_id)
    form = TrainingForm(request.POST or None, actor=actor)
    saved = form_saved(
        request,
        form,
        lambda data: training.training_create(actor=actor, programme=programme, **data),
        done=_("Training recorded."),
        to=_detail_url,
    )
    return saved or _form_page(
        request, form, programme=programme, heading=_("New training"), submit=_("Record")
    )


@require_http_methods(["GET", "POST"])
@membership_required(Capability.VIEW_PROGRAMMES)
def training_for_activity(request: HttpRequest, activity_id: int) -> HttpResponse:
    """A training activity's session page; the form that sets one up if it has none yet."""
    actor = actor_of(request)
    activity = training.training_activity_get(actor=actor, pk=activity_id)
    session = TrainingSession.objects.filter(activity=activity).first()
    if session is not None:
        return HttpResponseRedirect(_detail_url(session))
    require_capability(actor, Capability.MANAGE_PROGRAMMES)
    form = TrainingSetupForm(request.POST or None, actor=actor)
    saved = form_saved(
        request,
        form,
        lambda data: training.training_setup(actor=actor, activity=activity, **data),
        done=_("Training recorded."),
        to=_detail_url,
    )
    return saved or _form_page(
        request,
        form,
        programme=activity.programme,
        heading=_("Topics and trainers of %(title)s") % {"title": activity.title},
        submit=_("Save"),
    )


@require_GET
@membership_required(Capability.VIEW_PROGRAMMES)
def training_detail(request: HttpRequest, training_id: int) -> HttpResponse:
    actor = actor_of(request)
    session = training.training_get(actor=actor, pk=training_id)
    figures = training.session_figures([session])[session.pk]
    can_manage = training.may_see_names(actor)
    context = {
        "session": session,
        "activity": session.activity,
        "programme": session.activity.programme,
        "topics": list(session.topics.all()),
        "figures": figures,
        "breakdown": training.participant_breakdown(session, source=figures.source),
        "groups": list(session.groups.all()),
        "can_manage": can_manage,
        # Names only for those who manage programmes, and each look at them is audited.
        "roster": training.roster_read(actor=actor, session=session) if can_manage else None,
        "certificates": training.certificates_of(actor=actor, session=session)
        if can_manage
        else [],
        "dates": training.training_dates(session.activity),
    }
    return render(request, "programmes/training_detail.html", context)


@require_http_methods(["GET", "POST"])
@membership_required(Capability.MANAGE_PROGRAMMES)
def training_group_add(request: HttpRequest, training_id: int) -> HttpResponse:
    actor = actor_of(request)
    session = training.training_get(actor=actor, pk=training_id)
    form = ParticipantGroupForm(request.POST or None)
    saved = form_saved(
        request,
        form,
        lambda data: training.training_group_add(actor=actor, session=session, **data),
        done=_("Participants added."),
        to=_detail_url(session) + "#participants",
    )
    return saved or _form_page(
        request,
        form,
        session=session,
        programme=session.activity.programme,
        heading=_("Add participants by agency, rank and gender"),
        submit=_("Add"),
    )


@require_http_methods(["GET", "POST"])
@membership_required(Capability.MANAGE_PROGRAMMES)
def training_roster_add(request: HttpRequest, training_id: int) -> HttpResponse:
    actor = actor_of(request)
    session = training.training_get(actor=actor, pk=training_id)
    form = RosterEntryForm(request.POST or None)
    saved = form_saved(
        request,
        form,
        lambda data: training.training_roster_add(actor=actor, session=session, **data),
        done=_("Participant added to the roster."),
        to=_detail_url(session) + "#roster",
    )
    return saved or _form_page(
        request,
        form,
        session=session,
        programme=session.activity.programme,
        heading=_("Add a named participant"),
        note=_("Names and badge numbers are personal data: Vigil stores them encrypted."),
        submit=_("Add"),
    )


@require_http_methods(["GET", "POST"])
@membership_required(Capability.MANAGE_PROGRAMMES)
def training_roster_edit(request: HttpRequest, entry_id: int) -> HttpResponse:
    actor = actor_of(request)
    entry = training.roster_entry_get(actor=actor, pk=entry_id)
    session = training.training_get(actor=actor, pk=entry.session_id)
    initial = {"pre_test": entry.pre_test, "post_test": entry.post_test, "attended": entry.attended}
    form = RosterScoresForm(request.POST or None, initial=initial)
    saved = form_saved(
        request,
        form,
        lambda data: training.training_roster_update(actor=actor, entry=entry, **data),
        done=_("Changes saved."),
        to=_detail_url(session) + "#roster",
    )
    return saved or _form_page(
        request,
        form,
        session=session,
        programme=session.activity.programme,
        heading=_("Scores and attendance of participant #%(number)s") % {"number": entry.pk},
        submit=_("Save"),
    )


@require_POST
@membership_required(Capability.MANAGE_PROGRAMMES)
def training_certificates(request: HttpRequest, training_id: int) -> HttpResponse:
    """Certificates for everyone on the roster who attended, one page each."""
    actor = actor_of(request)
    session = training.training_get(actor=actor, pk=training_id)
    try:
        job = training.training_certificates_start(actor=actor, session=session)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return HttpResponseRedirect(_detail_url(session) + "#roster")
    return HttpResponseRedirect(reverse("core:job_detail", args=[job.pk]))


@require_POST
@membership_required(Capability.MANAGE_PROGRAMMES)
def training_certificate(request: HttpRequest, entry_id: int) -> HttpResponse:
    actor = actor_of(request)
    entry = training.roster_entry_get(actor=actor, pk=entry_id)
    session = training.training_get(actor=actor, pk=entry.session_id)
    try:
        job = training.training_certificates_start(actor=actor, session=session, entry=entry)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return HttpResponseRedirect(_detail_url(session) + "#roster")
    return HttpResponseRedirect(reverse("core:job_detail", args=[job.pk]))


@require_GET
@membership_required(Capability.VIEW_PROGRAMMES)
def training_gain_by_topic(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    context = {"topics": training.learning_gain_by_topic(actor=actor)}
    return render(request, "programmes/training_gain_by_topic.html", context)
