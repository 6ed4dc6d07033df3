"""Risk pages: the visit priority list, a place's explanation, the configuration."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    StreamingHttpResponse,
)
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from vigil.core import downloads
from vigil.core.access import actor_can, actor_of, membership_required
from vigil.core.forms import add_service_errors, form_saved
from vigil.core.jobs import job_start
from vigil.core.models import Membership
from vigil.core.pagination import paginate
from vigil.core.roles import Capability
from vigil.places.selectors.places import place_get
from vigil.risk import refresh, selectors, services
from vigil.risk.forms import (
    ConfigurationForm,
    FactorForm,
    MappingForm,
    MappingTemplateForm,
    PriorityFilterForm,
)
from vigil.risk.models import RiskFactor
from vigil.risk.refresh import RECOMPUTE_JOB
from vigil.risk.score_chart import score_chart

PER_PAGE = 50


def _can_configure(actor: Membership) -> bool:
    return actor_can(actor, Capability.CONFIGURE_RISK)


# --- the priority list ---------------------------------------------------------------------


@require_GET
@membership_required(Capability.VIEW_RISK)
def risk_priorities(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    refresh.ensure_fresh(actor.institution_id)
    form = PriorityFilterForm(request.GET or None, actor=actor)
    scores = selectors.priority_list(actor=actor, filters=form.filters())
    listing = paginate(request, scores, per_page=PER_PAGE)
    page = listing["page"]
    plan = selectors.plan_current(actor=actor)
    planned = selectors.planned_place_ids(actor=actor, plan=plan)
    context = {
        "form": form,
        **listing,
        "rows": selectors.priority_rows(
            list(page.object_list), first_rank=page.start_index(), planned_ids=planned
        ),
        "plan": plan,
        "coverage": selectors.coverage(actor=actor, plan=plan, planned_ids=planned),
        "status": selectors.scores_status(actor=actor),
        "can_plan": actor_can(actor, Capability.PLAN_VISITS),
        "can_configure": _can_configure(actor),
        "filtered": any(value for key, value in request.GET.items() if key != "page"),
    }
    return render(request, "risk/priorities.html", context)


EXPORT_HEADERS = ["rank", "place", "reference", "kind", "authority", "area", "score",
                  "configuration_version", "computed_on", "last_visit", "reason_1",
                  "reason_1_points", "reason_2", "reason_2_points", "reason_3",
                  "reason_3_points"]  # fmt: skip


def _export_rows(scores: Any) -> Iterator[list[Any]]:
    for rank, score in enumerate(scores.iterator(chunk_size=1000), start=1):
        place = score.place
        reasons: list[Any] = []
        for reason in selectors.top_reasons(score.parts):
            reasons += [reason.name, reason.points]
        reasons += [""] * (2 * selectors.TOP_REASONS - len(reasons))
        yield [rank, place.name, place.external_ref, place.kind.name, place.authority.name,
               place.area.name if place.area else "", score.score, score.configuration.version,
               score.computed_on, place.last_visited_on or "", *reasons]  # fmt: skip


@require_GET
@membership_required(Capability.VIEW_RISK)
def risk_priorities_export(request: HttpRequest, fmt: str) -> HttpResponse | StreamingHttpResponse:
    actor = actor_of(request)
    if fmt not in ("csv", "xlsx"):
        raise Http404
    filters = PriorityFilterForm(request.GET or None, actor=actor).filters()
    rows = _export_rows(selectors.priority_list(actor=actor, filters=filters))
    response: HttpResponse | StreamingHttpResponse
    if fmt == "csv":
        response = StreamingHttpResponse(
            downloads.csv_lines(EXPORT_HEADERS, rows), content_type="text/csv; charset=utf-8"
        )
    else:
        response = HttpResponse(
            downloads.xlsx_bytes(EXPORT_HEADERS, rows, title=_("Visit priorities")),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="vigil-risk-priorities-{stamp}.{fmt}"'
    return response


@require_POST
@membership_required(Capability.CONFIGURE_RISK)
def risk_recompute(request: HttpRequest) -> HttpResponse:
    job = job_start(
        actor=actor_of(request),
        kind=RECOMPUTE_JOB,
        params={},
        title=_("Recomputing the risk scores"),
    )
    return HttpResponseRedirect(reverse("core:job_detail", args=[job.pk]))


def _back(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


@require_POST
@membership_required(Capability.PLAN_VISITS)
def risk_add_to_plan(request: HttpRequest, place_id: int) -> HttpResponse:
    actor = actor_of(request)
    place = place_get(actor=actor, pk=place_id)
    score = selectors.place_latest_score(actor=actor, place=place)
    back = _back(request, reverse("risk:risk_priorities"))
    try:
        item = services.place_add_to_plan(
            actor=actor, place=place, reason=selectors.reasons_text(score)
        )
    except ValidationError as error:
        messages.error(
            request,
            _("%(place)s was not added: %(why)s")
            % {"place": place.name, "why": " ".join(error.messages)},
        )
    else:
        messages.success(
            request,
            _("%(place)s is in the visit plan “%(plan)s”, planned for %(month)s.")
            % {
                "place": place.name,
                "plan": item.plan.title,
                "month": date_format(item.month, "F Y"),
            },
        )
    return HttpResponseRedirect(back)


# --- one place -----------------------------------------------------------------------------


@require_GET
@membership_required(Capability.VIEW_RISK)
def risk_place(request: HttpRequest, place_id: int) -> HttpResponse:
    actor = actor_of(request)
    place = place_get(actor=actor, pk=place_id)
    score = selectors.place_latest_score(actor=actor, place=place)
    history = selectors.place_history(actor=actor, place=place)
    plan = selectors.plan_current(actor=actor)
    context = {
        "place": place,
        "score": score,
        "groups": selectors.explanation(actor=actor, score=score) if score else [],
        "reasons": selectors.top_reasons(score.parts) if score else [],
        "history": list(reversed(history)),
        "chart": score_chart(history),
        "plan": plan,
        "planned": place.pk in selectors.planned_place_ids(actor=actor, plan=plan),
        "status": selectors.scores_status(actor=actor),
        "can_plan": actor_can(actor, Capability.PLAN_VISITS),
        "can_configure": _can_configure(actor),
    }
    return render(request, "risk/place.html", context)


# --- configuration -------------------------------------------------------------------------


def _weight_groups(form: ConfigurationForm) -> list[tuple[str, Any, list[tuple[Any, ...]]]]:
    from vigil.risk.models import FactorGroup

    groups = []
    for key, label in FactorGroup.choices:
        rows = [
            (f, form[f"weight_{f.code}"], form[f"saturation_{f.code}"])
            for f in form.factors
            if f.group == key
        ]
        if rows:
            groups.append((key, label, rows))
    return groups


@membership_required(Capability.VIEW_RISK)
def risk_configuration(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    can_configure = _can_configure(actor)
    if request.method == "POST" and not can_configure:
        raise PermissionDenied
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponse(status=405)
    current = selectors.configuration_versions(actor=actor).first()
    factors = selectors.factor_list(actor=actor)
    form = ConfigurationForm(
        request.POST if request.method == "POST" else None,
        configuration=current,
        factors=factors,
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                configuration = services.configuration_update(
                    actor=actor,
                    weights=form.weights(),
                    thresholds=form.thresholds(),
                    saturation=form.saturation(),
                    note=form.cleaned_data["note"],
                )
            except ValidationError as error:
                if not hasattr(error, "error_dict"):
                    # "Nothing changed": nothing to correct, say so and stay.
                    messages.info(request, " ".join(error.messages))
                    return HttpResponseRedirect(reverse("risk:risk_configuration"))
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _(
                        "Version %(version)s of the configuration is saved. The scores are "
                        "being recomputed with it in the background; the priority list shows "
                        "them when it is done."
                    )
                    % {"version": configuration.version},
                )
                return HttpResponseRedirect(reverse("risk:risk_configuration"))
        status = 400
    listing = paginate(request, selectors.configuration_versions(actor=actor), per_page=20)
    versions = list(listing["page"].object_list)
    changes = selectors.configuration_changes(actor=actor, configurations=versions)
    context = {
        "form": form,
        "current": current,
        "weight_groups": _weight_groups(form),
        "threshold_fields": [form[name] for name in services.THRESHOLD_LIMITS],
        **listing,
        "versions": [(version, changes.get(version.pk, [])) for version in versions],
        "can_configure": can_configure,
        "status": selectors.scores_status(actor=actor),
    }
    return render(request, "risk/configuration.html", context, status=status)


@require_GET
@membership_required(Capability.VIEW_RISK)
def risk_factors(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    context = {
        "groups": selectors.factors_by_group(actor=actor),
        "can_configure": _can_configure(actor),
    }
    return render(request, "risk/factors.html", context)


@membership_required(Capability.CONFIGURE_RISK)
def risk_factor_create(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    form = FactorForm(request.POST or None, actor=actor)
    if saved := form_saved(
        request,
        form,
        lambda data: services.factor_create(actor=actor, **form.service_values()),
        done=lambda factor: (
            _(
                "The factor “%(name)s” is in the catalogue. Give it a weight in the "
                "configuration to make it count in the scores."
            )
            % {"name": factor.name}
        ),
        to=lambda factor: reverse("risk:risk_configuration") + f"#weight-{factor.code}",
    ):
        return saved
    status = 400 if request.method == "POST" else 200
    return render(request, "risk/factor_form.html", {"form": form}, status=status)


# --- checklist mappings --------------------------------------------------------------------


@membership_required(Capability.VIEW_RISK)
def risk_mappings(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    can_configure = _can_configure(actor)
    if request.method == "POST" and not can_configure:
        raise PermissionDenied
    templates = list(selectors.checklist_templates_for(actor=actor))
    source = request.POST if request.method == "POST" else request.GET
    chosen = None
    if source.get("template"):
        chosen = selectors.checklist_template_get(actor=actor, pk=source.get("template"))
    # Its own ids: the mapping form below carries the same field, hidden.
    template_form = MappingTemplateForm(
        initial={"template": chosen.pk if chosen else None}, templates=templates, auto_id="pick_%s"
    )
    form = None
    if chosen is not None and can_configure:
        form = MappingForm(
            request.POST if request.method == "POST" else None,
            initial={"template": chosen.pk},
            factors=selectors.factor_list(actor=actor),
            questions=selectors.template_questions(chosen),
        )
    status = 200
    if request.method == "POST":
        if form is None:
            template_form = MappingTemplateForm(
                request.POST, templates=templates, auto_id="pick_%s"
            )
            template_form.is_valid()
            status = 400
        else:

            def save(data: dict[str, Any]) -> RiskFactor:
                factor = selectors.factor_for_mapping(actor=actor, pk=data["factor"])
                services.mapping_add(
                    actor=actor,
                    factor=factor,
                    template=chosen,  # type: ignore[arg-type]
                    question=data["question"],
                    risk_answers=data["risk_answers"],
                )
                return factor

            if saved := form_saved(
                request,
                form,
                save,
                done=lambda factor: (
                    _(
                        "Answers to this question now count towards “%(factor)s”. The scores "
                        "are being recomputed in the background."
                    )
                    % {"factor": factor.name}
                ),
                to=reverse("risk:risk_mappings"),
            ):
                return saved
            status = 400
    context = {
        "mappings": selectors.mapping_list(actor=actor),
        "template_form": template_form,
        "chosen": chosen,
        "form": form,
        "can_configure": can_configure,
    }
    return render(request, "risk/mappings.html", context, status=status)


@require_POST
@membership_required(Capability.CONFIGURE_RISK)
def risk_mapping_remove(request: HttpRequest, mapping_id: int) -> HttpResponse:
    actor = actor_of(request)
    mapping = selectors.mapping_get(actor=actor, pk=mapping_id)
    services.mapping_remove(actor=actor, mapping=mapping)
    messages.success(
        request,
        _("Answers to “%(question)s” no longer count towards “%(factor)s”.")
        % {"question": mapping.question, "factor": mapping.factor.name},
    )
    return HttpResponseRedirect(reverse("risk:risk_mappings"))
