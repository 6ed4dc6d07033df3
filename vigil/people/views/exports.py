"""The confirmation step shared by the named exports of cases and interviews."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.http.response import HttpResponseBase
from django.shortcuts import render

from vigil.core.http import StaffRequest
from vigil.people.forms.exports import NamedExportForm

Download = Callable[[QueryDict, str, str], HttpResponseBase]


def named_export(
    request: StaffRequest, *, title: str, back: str, download: Download
) -> HttpResponseBase:
    """GET shows the form (the list's filters carried in a hidden field); POST without a
    reason is refused with a 400 and writes nothing; with one, the file is sent."""
    if request.method == "POST":
        form = NamedExportForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                return download(QueryDict(data["query"]), data["fmt"], data["reason"])
            except ValidationError as error:  # the service's own check of the reason
                form.add_error(None, error)
        status = 400
    else:
        fmt = request.GET.get("fmt", "csv")
        query = request.GET.copy()
        query.pop("fmt", None)
        form = NamedExportForm(initial={"fmt": fmt, "query": query.urlencode()})
        status = 200
    back_query = form["query"].value() or ""
    context = {
        "form": form,
        "title": title,
        "back": f"{back}?{back_query}" if back_query else back,
        "filters": bool(back_query),
    }
    return render(request, "people/named_export.html", context, status=status)


__all__ = ["named_export"]
