"""The request as Vigil's views see it.

`ActiveInstitutionMiddleware` sets `membership` (the acting membership, or None for a
visitor who is not signed in) and `memberships`. Views behind `membership_required` may
rely on `membership` being set, and annotate their request as `StaffRequest`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from vigil.core.models import Membership


class VigilRequest(HttpRequest):
    """Any request after the middleware: the membership may be missing."""

    membership: Membership | None
    memberships: list[Membership]


class StaffRequest(HttpRequest):
    """A request to a page behind `membership_required`: it acts as `membership`."""

    membership: Membership
    memberships: list[Membership]
