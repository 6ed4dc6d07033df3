"""Pages of good practice: the entries that programmes teach, and that peers may share."""

from __future__ import annotations

from typing import Any

from django.forms.models import model_to_dict
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from vigil.core.access import actor_can, membership_required
from vigil.core.http import StaffRequest
from vigil.core.pagination import paginate
from vigil.core.roles import Capability
from vigil.programmes.forms.good_practice import GoodPracticeFilterForm, GoodPracticeForm
from vigil.programmes.models import GoodPractice
from vigil.programmes.selectors import good_practice as selectors
from vigil.programmes.selectors.programmes import programme_get
from vigil.programmes.services import good_practice as services
from vigil.programmes.views.common import programme_part, record_form_page

VIEW = Capability.VIEW_PROGRAMMES
MANAGE = Capability.MANAGE_PROGRAMMES


@require_GET
@membership_required(VIEW)
def good_practice_list(request: StaffRequest) -> HttpResponse:
    """The institution's good-practice entries, filtered."""
    actor = request.membership
    form = GoodPracticeFilterForm(request.GET or None, actor=actor)
    entries = selectors.good_practice_list(actor=actor, filters=form.filters())
    context = {"form": form, **paginate(request, entries), "can_manage": actor_can(actor, MANAGE)}
    return render(request, "programmes/good_practice_list.html", context)


@require_GET
@membership_required(VIEW)
def good_practice_detail(request: StaffRequest, entry_id: int) -> HttpResponse:
    """One good-practice entry."""
    actor = request.membership
    entry = selectors.good_practice_get(actor=actor, pk=entry_id)
    context = {"entry": entry, "can_manage": actor_can(actor, MANAGE)}
    return render(request, "programmes/good_practice_detail.html", context)


def _good_practice_url(entry: GoodPractice) -> str:
    return reverse("programmes:good_practice_detail", args=[entry.pk])


@require_http_methods(["GET", "POST"])
@membership_required(MANAGE)
def good_practice_create(request: StaffRequest) -> HttpResponse:
    """A new entry; `?programme=` starts it from that programme's gap and themes."""
    actor = request.membership
    initial: dict[str, Any] = {}
    back = (reverse("programmes:good_practice_list"), _("Good practice"))
    if programme_id := request.GET.get("programme"):
        programme = programme_get(actor=actor, pk=programme_id)
        initial = {"programme": programme, "protection_gap": programme.protection_gap[:300],
                   "themes": list(programme.themes.all())}  # fmt: skip
        back = programme_part(programme, "good-practice")
    return record_form_page(
        request,
        GoodPracticeForm(request.POST or None, actor=actor, initial=initial),
        lambda data: services.good_practice_create(actor=actor, **data),
        title=_("Write a good-practice entry"),
        back=back,
        done=_("Good-practice entry recorded."),
        to=_good_practice_url,
    )


@require_http_methods(["GET", "POST"])
@membership_required(MANAGE)
def good_practice_edit(request: StaffRequest, entry_id: int) -> HttpResponse:
    """A good-practice entry's texts, themes and whether it is ready to share."""
    actor = request.membership
    entry = selectors.good_practice_get(actor=actor, pk=entry_id)
    initial = model_to_dict(entry, fields=services.GOOD_PRACTICE_FIELDS)
    return record_form_page(
        request,
        GoodPracticeForm(request.POST or None, actor=actor, initial=initial, record=entry),
        lambda data: services.good_practice_update(actor=actor, entry=entry, **data),
        title=_("Edit good-practice entry"),
        back=(_good_practice_url(entry), entry.title),
        done=_("Changes saved."),
    )
