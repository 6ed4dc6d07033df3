"""The access layer: every read of tenant data is scoped by the acting membership.

A view receives `request.membership` (the user's active membership, set by
`ActiveInstitutionMiddleware`) and passes it on as `actor`. A record of another
institution, or one the role may not see, raises `Http404`, exactly like a
record that does not exist, so that nobody can learn that it exists.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import models, transaction
from django.db.models import Q
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase

from vigil.core.audit import audit_record
from vigil.core.models import AuditEvent, Membership, User
from vigil.core.roles import Capability, Role, role_can

M = TypeVar("M", bound=models.Model)
QS = TypeVar("QS", bound=models.QuerySet[Any])
View = Callable[..., HttpResponseBase]


def actor_can(actor: Membership | None, capability: Capability) -> bool:
    return actor is not None and actor.is_active and role_can(actor.role, capability)


# Beyond the person who started a job or had a document made, these roles may see it.
OVERSIGHT_ROLES = frozenset({Role.ADMIN, Role.COMMISSIONER})


def may_see_work_of(actor: Membership, user_id: int | None) -> bool:
    return actor.user_id == user_id or actor.role in OVERSIGHT_ROLES


def scoped(queryset: QS, *, actor: Membership) -> QS:
    """The records of the actor's institution, and none at all for an inactive membership."""
    if not actor.is_active:
        return queryset.none()
    return queryset.filter(institution_id=actor.institution_id)


def get_for_actor(
    queryset: models.QuerySet[M], *, actor: Membership, pk: Any, audited: bool = True
) -> M:
    """One record of the actor's institution, or 404; reads of sensitive models are audited,
    unless the caller audits the read itself with a more precise event (`audited=False`)."""
    try:
        record = scoped(queryset, actor=actor).get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
    if audited and getattr(queryset.model, "audit_reads", False):
        with transaction.atomic():
            audit_record(
                action="record.read",
                actor=actor.user,
                institution=actor.institution,
                target=record,
            )
    return record


def institution_members(
    actor: Membership, *, roles: Iterable[str] | None = None
) -> models.QuerySet[User]:
    """Active users with an active membership of the actor's institution (in `roles`)."""
    if not actor.is_active:
        return User.objects.none()
    # One filter() call, so that the role is that of the membership in this institution (a
    # second call would match a role held in any institution).
    by_role = {} if roles is None else {"memberships__role__in": list(roles)}
    members = User.objects.filter(
        is_active=True,
        memberships__institution_id=actor.institution_id,
        memberships__is_active=True,
        **by_role,
    )
    return members.distinct().order_by("full_name", "email")


def audit_events_for(actor: Membership) -> models.QuerySet[AuditEvent]:
    """The events of the actor's institution, and its members' sign-ins (which belong to no
    institution); none for an inactive membership."""
    if not actor.is_active:
        return AuditEvent.objects.none()
    members = Membership.objects.for_institution(actor.institution_id).values("user_id")
    return AuditEvent.objects.filter(
        Q(institution_id=actor.institution_id)
        | Q(institution__isnull=True, action__startswith="auth.", actor_id__in=members)
    )


def audit_event_parts(
    actor: Membership, events: models.QuerySet[AuditEvent]
) -> list[models.QuerySet[AuditEvent]]:
    """`events` (narrowed from `audit_events_for(actor)`) split along that OR: the
    institution's own events, and its members' sign-ins (no institution). Each part is read
    on the index `audit_by_institution`; SQLite sorts every event for the OR."""
    return [
        events.filter(institution_id=actor.institution_id),
        events.filter(institution__isnull=True),
    ]


def require_same_institution(actor: Membership, *records: models.Model | None) -> None:
    """Refuse a record of another institution as if it did not exist.

    Records with no institution (shipped vocabularies) are shared by all.
    """
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    for record in records:
        owner = getattr(record, "institution_id", actor.institution_id)
        if record is not None and owner not in (None, actor.institution_id):
            raise ValidationError(_("That choice does not exist."))


def require_capability(actor: Membership | None, capability: Capability) -> Membership:
    if actor is None or not actor_can(actor, capability):
        raise PermissionDenied
    return actor


def membership_required(capability: Capability | None = None) -> Callable[[View], View]:
    """A view needs an active membership, and optionally a capability of its role."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            actor: Membership | None = getattr(request, "membership", None)
            if actor is None:
                raise PermissionDenied
            if capability is not None:
                require_capability(actor, capability)
            return view(request, *args, **kwargs)

        return wrapper

    return decorate
