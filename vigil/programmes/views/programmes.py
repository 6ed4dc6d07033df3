"""Pages of prevention programmes, their logframe, indicators, activities and outcomes."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict
from django.http import HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from vigil.core.access import actor_can, membership_required
from vigil.core.downloads import table_download
from vigil.core.forms import form_saved
from vigil.core.http import StaffRequest
from vigil.core.pagination import paginate
from vigil.core.roles import Capability
from vigil.programmes.charts import indicator_chart
from vigil.programmes.forms.programmes import (
    ActivityForm,
    IndicatorForm,
    IndicatorValueForm,
    LogframeItemForm,
    LogframeTextForm,
    OutcomeForm,
    ProgrammeFilterForm,
    ProgrammeForm,
)
from vigil.programmes.models import Indicator
from vigil.programmes.progress import indicator_progress
from vigil.programmes.selectors import programmes as selectors
from vigil.programmes.services import programmes as services
from vigil.programmes.views.common import programme_part, programme_url, record_form_page

VIEW = Capability.VIEW_PROGRAMMES
MANAGE = Capability.MANAGE_PROGRAMMES


# --- programmes -----------------------------------------------------------------------


@require_GET
@membership_required(VIEW)
def programme_list(request: StaffRequest) -> HttpResponse:
    """The institution's programmes, filtered."""
    actor = request.membership
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
def programme_export(request: StaffRequest) -> HttpResponseBase:
    """The filtered list of programmes as a CSV file."""
    actor = request.membership
    filters = ProgrammeFilterForm(request.GET or None, actor=actor).filters()
    return table_download(
        fmt="csv",
        filename="vigil-programmes",
        headers=selectors.export_headers(),
        rows=selectors.programme_export_rows(actor=actor, filters=filters),
    )


@require_http_methods(["GET", "POST"])
@membership_required(MANAGE)
def programme_create(request: StaffRequest) -> HttpResponse:
    """A new prevention programme, led by the one who records it unless they say otherwise."""
    actor = request.membership
    initial = {"starts_on": timezone.localdate(), "champion": actor.user}
    return record_form_page(
        request,
        ProgrammeForm(request.POST or None, actor=actor, initial=initial),
        lambda data: services.programme_create(actor=actor, **data),
        title=_("New prevention programme"),
        back=(reverse("programmes:programme_list"), _("Prevention programmes")),
        done=_("Programme recorded."),
        to=lambda programme: programme_url(programme.pk),
    )


@require_http_methods(["GET", "POST"])
@membership_required(MANAGE)
def programme_edit(request: StaffRequest, programme_id: int) -> HttpResponse:
    """A programme's summary, gap, people, period and budget."""
    actor = request.membership
    programme = selectors.programme_get(actor=actor, pk=programme_id)
    fields = services.PROGRAMME_FIELDS + services.PROGRAMME_RELATIONS
    return record_form_page(
        request,
        ProgrammeForm(
            request.POST or None,
            actor=actor,
            initial=model_to_dict(programme, fields),
            record=programme,
        ),
        lambda data: services.programme_update(actor=actor, programme=programme, **data),
        title=_("Edit programme"),
        back=programme_part(programme),
        done=_("Changes saved."),
    )


@require_GET
@membership_required(VIEW)
def programme_detail(request: StaffRequest, programme_id: int) -> HttpResponse:
    """A programme with its logframe, activities, trainings, outcomes and lessons."""
    actor = request.membership
    programme = selectors.programme_get(actor=actor, pk=programme_id)
    context = {
        "programme": programme,
        "can_manage": actor_can(actor, MANAGE),
        **selectors.programme_detail_data(actor=actor, programme=programme),
    }
    return render(request, "programmes/programme_detail.html", context)


# --- logframe and indicators -------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@membership_required(MANAGE)
def logframe_add(request: StaffRequest, programme_id: int) -> HttpResponse:
    """A new line of the logframe; `?parent=` starts it under that line."""
    actor = request.membership
    programme = selectors.programme_get(actor=actor, pk=programme_id)
    initial: dict[str, Any] = {}
    if parent_id := request.GET.get("parent"):
        parent = selectors.logframe_item_get(actor=actor, pk=parent_id)
        if parent.programme_id == programme.pk and parent.level < 4:
            initial = {"parent": parent, "level": parent.level + 1}
    return record_form_page(
        request,
        LogframeItemForm(request.POST or None, actor=actor, programme=programme, initial=initial),
        lambda data: services.logframe_item_add(actor=actor, programme=programme, **data),
        title=_("Add a logframe line"),
        back=programme_part(programme, "logframe"),
        done=_("Logframe line added."),
    )


@require_http_methods(["GET", "POST"])
@membership_required(MANAGE)
def logframe_edit(request: StaffRequest, item_id: int) -> HttpResponse:
    """The statement of a logframe line."""
    actor = request.membership
    item = selectors.logframe_item_get(actor=actor, pk=item_id)
    return record_form_page(
        request,
        LogframeTextForm(request.POST or None, initial={"text": item.text}, record=item),
        lambda data: services.logframe_item_update(actor=actor, item=item, **data),
        title=_("Edit logframe line"),
        back=programme_part(item.programme, "logframe"),
        done=_("Changes saved."),
    )


@require_http_methods(["GET", "POST"])
@membership_required(MANAGE)
def logframe_delete(request: StaffRequest, item_id: int) -> HttpResponse:
    """Confirm, then delete a logframe line with what hangs from it (refused while one of
    its indicators, or of the lines below it, has actual values)."""
    actor = request.membership
    item = selectors.logframe_item_get(actor=actor, pk=item_id)
    back = programme_url(item.programme_id, "logframe")
    refusal = services.logframe_delete_refusal(item)
    if request.method == "POST" and not refusal:
        try:
            services.logframe_item_delete(actor=actor, item=item)
        except ValidationError as error:
            refusal = " ".join(error.messages)
        else:
            messages.success(request, _("Logframe line deleted."))
            return HttpResponseRedirect(back)
    context = {
        "item": item,
        "back_url": back,
        "refusal": refusal,
        **selectors.logframe_delete_summary(item),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "programmes/logframe_delete.html", context, status=status)


@require_POST
@membership_required(MANAGE)
def logframe_move(request: StaffRequest, item_id: int) -> HttpResponse:
    """Move a line one place up or down among its sibling lines (a plain form: no script)."""
    actor = request.membership
    item = selectors.logframe_item_get(actor=actor, pk=item_id)
    direction = request.POST.get("direction")
    if direction not in ("up", "down"):
        messages.error(request, _("Choose whether to move the line up or down."))
    elif services.logframe_item_move(actor=actor, item=item, up=direction == "up"):
        messages.success(request, _("Logframe line moved."))
    else:
        messages.info(request, _("The line is already at that end of its list."))
    return HttpResponseRedirect(programme_url(item.programme_id, f"logframe-line-{item.pk}"))


def _indicator_url(indicator: Indicator) -> str:
    return reverse("programmes:indicator_detail", args=[indicator.pk])


@require_http_methods(["GET", "POST"])
@membership_required(MANAGE)
def indicator_add(request: StaffRequest, item_id: int) -> HttpResponse:
    """A new indicator of a logframe line."""
    actor = request.membership
    item = selectors.logframe_item_get(actor=actor, pk=item_id)
    return record_form_page(
        request,
        IndicatorForm(request.POST or None),
        lambda data: services.indicator_add(actor=actor, item=item, **data),
        title=_("Add an indicator"),
        back=programme_part(item.programme, "logframe"),
        done=_("Indicator added."),
        to=_indicator_url,
    )


@require_http_methods(["GET", "POST"])
@membership_required(MANAGE)
def indicator_edit(request: StaffRequest, indicator_id: int) -> HttpResponse:
    """An indicator's name, unit, baseline and target."""
    actor = request.membership
    indicator = selectors.indicator_get(actor=actor, pk=indicator_id)
    initial = model_to_dict(indicator, fields=services.INDICATOR_FIELDS)
    return record_form_page(
        request,
        IndicatorForm(request.POST or None, initial=initial, record=indicator),
        lambda data: services.indicator_update(actor=actor, indicator=indicator, **data),
        title=_("Edit indicator"),
        back=(_indicator_url(indicator), indicator.name),
        done=_("Changes saved."),
    )


def _indicator_page(
    request: StaffRequest, indicator: Indicator, form: IndicatorValueForm | None = None
) -> HttpResponse:
    actor = request.membership
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
def indicator_detail(request: StaffRequest, indicator_id: int) -> HttpResponse:
    """An indicator's progress, chart and actual values."""
    indicator = selectors.indicator_get(actor=request.membership, pk=indicator_id)
    return _indicator_page(request, indicator)


@require_POST
@membership_required(MANAGE)
def indicator_value_add(request: StaffRequest, indicator_id: int) -> HttpResponse:
    """Record an actual value of the indicator."""
    actor = request.membership
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


@require_http_methods(["GET", "POST"])
@membership_required(MANAGE)
def activity_create(request: StaffRequest, programme_id: int) -> HttpResponse:
    """Record an activity of the programme."""
    actor = request.membership
    programme = selectors.programme_get(actor=actor, pk=programme_id)
    initial = {"starts_on": timezone.localdate()}
    return record_form_page(
        request,
        ActivityForm(request.POST or None, actor=actor, programme=programme, initial=initial),
        lambda data: services.activity_create(actor=actor, programme=programme, **data),
        title=_("Record an activity"),
        back=programme_part(programme, "activities"),
        done=_("Activity recorded."),
    )


@require_http_methods(["GET", "POST"])
@membership_required(MANAGE)
def activity_edit(request: StaffRequest, activity_id: int) -> HttpResponse:
    """An activity's type, date, place, participants and outputs."""
    actor = request.membership
    activity = selectors.activity_get(actor=actor, pk=activity_id)
    programme = activity.programme
    initial = model_to_dict(activity, fields=services.ACTIVITY_FIELDS)
    return record_form_page(
        request,
        ActivityForm(
            request.POST or None,
            actor=actor,
            programme=programme,
            initial=initial,
            record=activity,
        ),
        lambda data: services.activity_update(actor=actor, activity=activity, **data),
        title=_("Edit activity"),
        back=programme_part(programme, "activities"),
        done=_("Changes saved."),
    )


@require_http_methods(["GET", "POST"])
@membership_required(MANAGE)
def outcome_create(request: StaffRequest, programme_id: int) -> HttpResponse:
    """Record an outcome of the programme."""
    actor = request.membership
    programme = selectors.programme_get(actor=actor, pk=programme_id)
    initial = {"achieved_on": timezone.localdate()}
    return record_form_page(
        request,
        OutcomeForm(request.POST or None, actor=actor, initial=initial),
        lambda data: services.outcome_create(actor=actor, programme=programme, **data),
        title=_("Record an outcome"),
        back=programme_part(programme, "outcomes"),
        done=_("Outcome recorded."),
    )


@require_http_methods(["GET", "POST"])
@membership_required(MANAGE)
def outcome_edit(request: StaffRequest, outcome_id: int) -> HttpResponse:
    """An outcome's statement, evidence, contribution and recommendations."""
    actor = request.membership
    outcome = selectors.outcome_get(actor=actor, pk=outcome_id)
    initial = model_to_dict(outcome, fields=(*services.OUTCOME_FIELDS, "recommendations"))
    return record_form_page(
        request,
        OutcomeForm(request.POST or None, actor=actor, initial=initial, record=outcome),
        lambda data: services.outcome_update(actor=actor, outcome=outcome, **data),
        title=_("Edit outcome"),
        back=programme_part(outcome.programme, "outcomes"),
        done=_("Changes saved."),
    )
