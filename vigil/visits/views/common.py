"""What the pages of the visits app share: the form page flow and the visit page's address."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from vigil.core.forms import form_saved


def visit_url(visit_id: int, anchor: str = "") -> str:
    """The visit's page, at `anchor` ("#team") when given."""
    return reverse("visits:visit_detail", args=[visit_id]) + anchor


def form_page(
    request: HttpRequest,
    form: Any,
    save: Callable[[dict[str, Any]], Any],
    *,
    template: str,
    context: dict[str, Any],
    done: str | Callable[[Any], str] | None,
    to: str | Callable[[Any], str],
) -> HttpResponse:
    """A valid POST calls `save` (a service) and goes `to`; otherwise the form again."""
    if saved := form_saved(request, form, save, done=done, to=to):
        return saved
    status = 400 if request.method == "POST" else 200  # a failed POST (ADR 0013)
    return render(request, template, {"form": form, **context}, status=status)
