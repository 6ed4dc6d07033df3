"""Pages of prevention programmes, their logframe, indicators, activities, outcomes and good
practice (thin: reads in `selectors`, writes in `services`). Trainings: `training_views`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from vigil.core import downloads
from vigil.core.access import actor_can, actor_of, membership_required
from vigil.core.forms import form_saved
from vigil.core.pagination import paginate
from vigil.core.roles import Capability
from vigil.programmes import selectors, services
from vigil.programmes.charts import indicator_chart
from vigil.programmes.forms import (
    ActivityForm,
    GoodPracticeFilterForm,
    GoodPracticeForm,
    IndicatorForm,
    IndicatorValueForm,
    LogframeItemForm,
    LogframeTextForm,
    OutcomeForm,
    ProgrammeFilterForm,
    ProgrammeForm,
)
from vigil.programmes.models import Indicator, Programme
from vigil.programmes.progress import indicator_progress

VIEW = Capability.VIEW_PROGRAMMES
MANAGE = Capability.MANAGE_PROGRAMMES
TRAINING_SUMMARY = "programmes/_training_summary.html"


def _detail_url(programme_id: int, anchor: str = "") -> str:
    return reverse("programmes:prevention_detail", args=[programme_id]) + (
        f"#{anchor}" if anchor else ""
    )


def _form_page(
    request: HttpRequest,
    form: Any,
    save: Callable[[dict[str, Any]], str],
    *,
    title: str,
    back: tuple[str, str],
    done: str,
) -> HttpResponse:
    """GET shows the form; a valid POST calls `save` (a service) and goes where it says."""
    if saved := form_saved(request, form, save, done=done, to=lambda next_url: next_url):
        return saved
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "title": title, "back_url": back[0], "back_label": back[1]}
    return render(request, "programmes/record_form.html", context, status=status)


# --- programmes -----------------------------------------------------------------------


@require_GET
@membership_required(VIEW)
def programme_list(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    form = ProgrammeFilterForm(request.GET or None, actor=actor)
    programmes = selectors.programme_list(actor=actor, filters=form.filters())
    context = {
        "form": form,
        **paginate(request, programmes),
        "can_manage": actor_can(actor, MANAGE),
    }
    return render(request, "programmes/programme_list.html", context)


@require_GET
@membership_required(VIEW)
def programme_export(request: HttpRequest) -> StreamingHttpResponse:
    actor = actor_of(request)
    filters = ProgrammeFilterForm(request.GET or None, actor=actor).filters()
    programmes = selectors.programme_list(actor=actor, filters=filters)
    headers = ["id", "title", "status", "starts_on", "ends_on", "champion", "themes",
               "protection_gap", "mentors", "partners", "budget", "currency",
               "funding"]  # fmt: skip
    rows = (
        [p.pk, p.title, p.status, p.starts_on, p.ends_on, str(p.champion),
         "; ".join(t.name for t in p.themes.all()), p.protection_gap, p.mentors, p.partners,
         p.budget, p.currency, p.funding]
        for p in programmes.iterator(chunk_size=500)
    )  # fmt: skip
    response = StreamingHttpResponse(
        downloads.csv_lines(headers, rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="vigil-programmes.csv"'
    return response


@require_http_methods(["GET", "POST"])
@membership_required(MANAGE)
def programme_create(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    initial = {"starts_on": timezone.localdate(), "champion": actor.user}
    form = ProgrammeForm(request.POST or None, actor=actor, initial=initial)

    def save(data: dict[str, Any]) -> str:
        return _detail_url(services.programme_create(actor=actor, **data).pk)

    return _form_page(request, form, save, title=_("New prevention programme"),
                      back=(reverse("programmes:programme_list"), _("Prevention programmes")),
                      done=_("Programme recorded."))  # fmt: skip


@require_http_methods(["GET", "POST"])
@membership_required(MANAGE)
def programme_edit(request: HttpRequest, programme_id: int) -> HttpResponse:
    actor = actor_of(request)
    programme = selectors.programme_get(actor=actor, pk=programme_id)
    initial: dict[str, Any] = {f: getattr(programme, f) for f in (
        "title", "summary", "protection_gap", "champion", "mentors", "partners", "starts_on",
        "ends_on", "budget", "currency", "funding", "status")}  # fmt: skip
    for name in ("themes", "place_kinds", "places", "risk_factors", "partner_authorities"):
        initial[name] = list(getattr(programme, name).all())
    form = ProgrammeForm(request.POST or None, actor=actor, initial=initial)

    def save(data: dict[str, Any]) -> str:
        services.programme_update(actor=actor, programme=programme, **data)
        return _detail_url(programme.pk)

    return _form_page(request, form, save, title=_("Edit programme"),
                      back=(_detail_url(programme.pk), programme.title),
                      done=_("Changes saved."))  # fmt: skip


def _has_training_summary() -> bool:
    try:
        get_template(TRAINING_SUMMARY)
    except TemplateDoesNotExist:
        return False
    return True


@require_GET
@membership_required(VIEW)
def programme_detail(request: HttpRequest, programme_id: int) -> HttpResponse:
    actor = actor_of(request)
    programme = selectors.programme_get(actor=actor, pk=programme_id)
    context = {
        "programme": programme,
        "can_manage": actor_can(actor, MANAGE),
        "training_summary": TRAINING_SUMMARY if _has_training_summary() else "",
        **selectors.programme_detail_data(programme),
    }
    return render(request, "programmes/programme_detail.html", context)


# --- logframe and indicators -------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@membership_required(MANAGE)
def logframe_add(request: HttpRequest, programme_id: int) -> HttpResponse:
    actor = actor_of(request)
    programme = selectors.programme_get(actor=actor, pk=programme_id)
    initial: dict[str, Any] = {}
    if parent_id := request.GET.get("parent"):
        parent = selectors.logframe_item_get(actor=actor, pk=parent_id)
        if parent.programme_id == programme.pk and parent.level < 4:
            initial = {"parent": parent, "level": parent.level + 1}
    form = LogframeItemForm(request.POST or None, programme=programme, initial=initial)

    def save(data: dict[str, Any]) -> str:
        services.logframe_item_add(actor=actor, programme=programme, **data)
        return _detail_url(programme.pk, "logframe")

    return _form_page(request, form, save, title=_("Add a logframe line"),
                      back=(_detail_url(programme.pk, "logframe"), programme.title),
                      done=_("Logframe line added."))  # fmt: skip


@require_http_methods(["GET", "POST"])
@membership_required(MANAGE)
def logframe_edit(request: HttpRequest, item_id: int) -> HttpResponse:
    actor = actor_of(request)
    item = selectors.logframe_item_get(actor=actor, pk=item_id)
    form = LogframeTextForm(request.POST or None, initial={"text": item.text})

    def save(data: dict[str, Any]) -> str:
        services.logframe_item_update(actor=actor, item=item, **data)
        return _detail_url(item.programme_id, "logframe")

    return _form_page(request, form, save, title=_("Edit logframe line"),
                      back=(_detail_url(item.programme_id, "logframe"), item.programme.title),
                      done=_("Changes saved."))  # fmt: skip


def _indicator_url(indicator: Indicator) -> str:
    return reverse("programmes:indicator_detail", args=[indicator.pk])


@require_http_methods(["GET", "POST"])
@membership_required(MANAGE)
def indicator_add(request: HttpRequest, item_id: int) -> HttpResponse:
    actor = actor_of(request)
    item = selectors.logframe_item_get(actor=actor, pk=item_id)
    form = IndicatorForm(request.POST or None)

    def save(data: dict[str, Any]) -> str:
        return _indicator_url(services.indicator_add(actor=actor, item=item, **data))

    return _form_page(request, form, save, title=_("Add an indicator"),
                      back=(_detail_url(item.programme_id, "logframe"), item.programme.title),
                      done=_("Indicator added."))  # fmt: skip


@require_http_methods(["GET", "POST"])
@membership_required(MANAGE)
def indicator_edit(request: HttpRequest, indicator_id: int) -> HttpResponse:
    actor = actor_of(request)
    indicator = selectors.indicator_get(actor=actor, pk=indicator_id)
    initial = {f: getattr(indicator, f) for f in (
        "name", "unit", "baseline", "target", "means_of_verification")}  # fmt: skip
    form = IndicatorForm(request.POST or None, initial=initial)

    def save(data: dict[str, Any]) -> str:
        services.indicator_update(actor=actor, indicator=indicator, **data)
        return _indicator_url(indicator)

    return _form_page(request, form, save, title=_("Edit indicator"),
                      back=(_indicator_url(indicator), indicator.name),
                      done=_("Changes saved."))  # fmt: skip


def _indicator_page(
    request: HttpRequest, indicator: Indicator, form: IndicatorValueForm | None = None
) -> HttpResponse:
    actor = actor_of(request)
    progress = indicator_progress(indicator)
    context = {
        "indicator": indicator,
        "programme": indicator.item.programme,
        "progress": progress,
        "chart": indicator_chart(progress),
        "values": list(indicator.values.all()),
        "can_manage": actor_can(actor, MANAGE),
        "value_form": form or IndicatorValueForm(initial={"measured_on": timezone.localdate()}),
    }
    status = 400 if form is not None else 200
    return render(request, "programmes/indicator_detail.html", context, status=status)


@require_GET
@membership_required(VIEW)
def indicator_detail(request: HttpRequest, indicator_id: int) -> HttpResponse:
    indicator = selectors.indicator_get(actor=actor_of(request), pk=indicator_id)
    return _indicator_page(request, indicator)


@require_POST
@membership_required(MANAGE)
def indicator_value_add(request: HttpRequest, indicator_id: int) -> HttpResponse:
    actor = actor_of(request)
    indicator = selectors.indicator_get(actor=actor, pk=indicator_id)
    form = IndicatorValueForm(request.POST)
    saved = form_saved(
        request,
        form,
        lambda data: services.indicator_value_record(actor=actor, indicator=indicator, **data),
        done=_("Actual value recorded."),
        to=_indicator_url(indicator),
    )
    return saved or _indicator_page(request, indicator, form)


# --- activities and outcomes ------------------------------------------------------------

_ACTIVITY_FIELDS = ("kind", "title", "starts_on", "ends_on", "location", "place", "participants",
                    "outputs", "documents", "logframe_item")  # fmt: skip


@require_http_methods(["GET", "POST"])
@membership_required(MANAGE)
def activity_create(request: HttpRequest, programme_id: int) -> HttpResponse:
    actor = actor_of(request)
    programme = selectors.programme_get(actor=actor, pk=programme_id)
    form = ActivityForm(request.POST or None, actor=actor, programme=programme,
                        initial={"starts_on": timezone.localdate()})  # fmt: skip

    def save(data: dict[str, Any]) -> str:
        services.activity_create(actor=actor, programme=programme, **data)
        return _detail_url(programme.pk, "activities")

    return _form_page(request, form, save, title=_("Record an activity"),
                      back=(_detail_url(programme.pk, "activities"), programme.title),
                      done=_("Activity recorded."))  # fmt: skip


@require_http_methods(["GET", "POST"])
@membership_required(MANAGE)
def activity_edit(request: HttpRequest, activity_id: int) -> HttpResponse:
    actor = actor_of(request)
    activity = selectors.activity_get(actor=actor, pk=activity_id)
    programme = activity.programme
    initial = {f: getattr(activity, f) for f in _ACTIVITY_FIELDS}
    form = ActivityForm(request.POST or None, actor=actor, programme=programme, initial=initial)

    def save(data: dict[str, Any]) -> str:
        services.activity_update(actor=actor, activity=activity, **data)
        return _detail_url(programme.pk, "activities")

    return _form_page(request, form, save, title=_("Edit activity"),
                      back=(_detail_url(programme.pk, "activities"), programme.title),
                      done=_("Changes saved."))  # fmt: skip


@require_http_methods(["GET", "POST"])
@membership_required(MANAGE)
def outcome_create(request: HttpRequest, programme_id: int) -> HttpResponse:
    actor = actor_of(request)
    programme = selectors.programme_get(actor=actor, pk=programme_id)
    form = OutcomeForm(request.POST or None, actor=actor,
                       initial={"achieved_on": timezone.localdate()})  # fmt: skip

    def save(data: dict[str, Any]) -> str:
        services.outcome_create(actor=actor, programme=programme, **data)
        return _detail_url(programme.pk, "outcomes")

    return _form_page(request, form, save, title=_("Record an outcome"),
                      back=(_detail_url(programme.pk, "outcomes"), programme.title),
                      done=_("Outcome recorded."))  # fmt: skip


@require_http_methods(["GET", "POST"])
@membership_required(MANAGE)
def outcome_edit(request: HttpRequest, outcome_id: int) -> HttpResponse:
    actor = actor_of(request)
    outcome = selectors.outcome_get(actor=actor, pk=outcome_id)
    initial: dict[str, Any] = {f: getattr(outcome, f) for f in (
        "achieved_on", "kind", "statement", "evidence", "contribution")}  # fmt: skip
    initial["recommendations"] = list(outcome.recommendations.all())
    form = OutcomeForm(request.POST or None, actor=actor, initial=initial)

    def save(data: dict[str, Any]) -> str:
        services.outcome_update(actor=actor, outcome=outcome, **data)
        return _detail_url(outcome.programme_id, "outcomes")

    return _form_page(request, form, save, title=_("Edit outcome"),
                      back=(_detail_url(outcome.programme_id, "outcomes"), outcome.programme.title),
                      done=_("Changes saved."))  # fmt: skip


# --- good practice ----------------------------------------------------------------------


@require_GET
@membership_required(VIEW)
def good_practice_list(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    form = GoodPracticeFilterForm(request.GET or None, actor=actor)
    entries = selectors.good_practice_list(actor=actor, filters=form.filters())
    context = {"form": form, **paginate(request, entries), "can_manage": actor_can(actor, MANAGE)}
    return render(request, "programmes/good_practice_list.html", context)


@require_GET
@membership_required(VIEW)
def good_practice_detail(request: HttpRequest, entry_id: int) -> HttpResponse:
    actor = actor_of(request)
    entry = selectors.good_practice_get(actor=actor, pk=entry_id)
    context = {"entry": entry, "can_manage": actor_can(actor, MANAGE)}
    return render(request, "programmes/good_practice_detail.html", context)


def _good_practice_url(entry_id: int) -> str:
    return reverse("programmes:good_practice_detail", args=[entry_id])


@require_http_methods(["GET", "POST"])
@membership_required(MANAGE)
def good_practice_create(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    initial: dict[str, Any] = {}
    programme: Programme | None = None
    if programme_id := request.GET.get("programme"):
        programme = selectors.programme_get(actor=actor, pk=programme_id)
        initial = {"programme": programme, "protection_gap": programme.protection_gap[:300],
                   "themes": list(programme.themes.all())}  # fmt: skip
    form = GoodPracticeForm(request.POST or None, actor=actor, initial=initial)

    def save(data: dict[str, Any]) -> str:
        return _good_practice_url(services.good_practice_create(actor=actor, **data).pk)

    back = (_detail_url(programme.pk, "good-practice"), programme.title) if programme else (
        reverse("programmes:good_practice_list"), _("Good practice"))  # fmt: skip
    return _form_page(request, form, save, title=_("Write a good-practice entry"), back=back,
                      done=_("Good-practice entry recorded."))  # fmt: skip


@require_http_methods(["GET", "POST"])
@membership_required(MANAGE)
def good_practice_edit(request: HttpRequest, entry_id: int) -> HttpResponse:
    actor = actor_of(request)
    entry = selectors.good_practice_get(actor=actor, pk=entry_id)
    initial: dict[str, Any] = {f: getattr(entry, f) for f in (
        "title", "programme", "what_worked", "context", "lessons", "practice_themes",
        "protection_gap", "ready_to_share")}  # fmt: skip
    initial["themes"] = list(entry.themes.all())
    form = GoodPracticeForm(request.POST or None, actor=actor, initial=initial)

    def save(data: dict[str, Any]) -> str:
        services.good_practice_update(actor=actor, entry=entry, **data)
        return _good_practice_url(entry.pk)

    return _form_page(request, form, save, title=_("Edit good-practice entry"),
                      back=(_good_practice_url(entry.pk), entry.title),
                      done=_("Changes saved."))  # fmt: skip
