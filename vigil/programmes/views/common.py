"""What the pages of programmes and good practice share."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from vigil.core.forms import form_saved


def programme_url(programme_id: int, anchor: str = "") -> str:
    """The programme's page, at `anchor` when given."""
    return reverse("programmes:prevention_detail", args=[programme_id]) + (
        f"#{anchor}" if anchor else ""
    )


def record_form_page(
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
