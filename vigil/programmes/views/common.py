"""What the pages of programmes and good practice share."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from vigil.core.forms import form_saved
from vigil.programmes.models import Programme


def programme_url(programme_id: int, anchor: str = "") -> str:
    """The programme's page, at `anchor` when given."""
    return reverse("programmes:prevention_detail", args=[programme_id]) + (
        f"#{anchor}" if anchor else ""
    )


def programme_part(programme: Programme, anchor: str = "") -> tuple[str, str]:
    """Back to a part of the programme's page: its address and the programme's title."""
    return programme_url(programme.pk, anchor), programme.title


def record_form_page(
    request: HttpRequest,
    form: Any,
    save: Callable[[dict[str, Any]], Any],
    *,
    title: str,
    back: tuple[str, str],
    done: str,
    to: str | Callable[[Any], str] | None = None,
) -> HttpResponse:
    """GET shows the form; a valid POST calls `save` (a service) and goes `to` (a URL, or a
    function of what `save` returned), by default back where the form came from."""
    if saved := form_saved(request, form, save, done=done, to=to or back[0]):
        return saved
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "title": title, "back_url": back[0], "back_label": back[1]}
    return render(request, "programmes/record_form.html", context, status=status)
