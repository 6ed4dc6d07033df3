"""The named export of cases or interviews, through its confirmation form."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

REASON = "File for the prosecutor in the referral of this month."


def named_export(
    client: Any, name: str, *, reason: str = REASON, fmt: str = "csv", query: str = ""
) -> Any:
    """POST the confirmation form of `people:<name>`, as the browser does."""
    return client.post(reverse(name), {"fmt": fmt, "reason": reason, "query": query})
