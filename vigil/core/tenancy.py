"""Tenancy in one call: querysets that know how to scope themselves.

Every model of an institution's records has `objects` with

    Visit.objects.for_actor(actor)              # the actor's institution, or none at all
    Visit.objects.get_for_actor(actor, pk)      # one record, or the 404 of a missing one

and every shared vocabulary (themes, kinds of place, risk factors…) has

    Theme.objects.visible_to(actor)             # shipped ("shared") or the institution's own
    Theme.objects.shared()                      # shipped only

These, and the access functions in `vigil.core.access` that they call, are the only places
that filter by institution; the house-rules check (`make lint`) refuses any other.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Self, TypeVar

from django.db import models
from django.db.models import Q

if TYPE_CHECKING:
    from vigil.core.models import Membership

M = TypeVar("M", bound=models.Model)


class TenantQuerySet(models.QuerySet[M]):
    """Records that belong to one institution each."""

    def for_actor(self, actor: Membership) -> Self:
        """The records of the actor's institution; none for an inactive membership."""
        from vigil.core.access import scoped

        return scoped(self, actor=actor)

    def get_for_actor(self, actor: Membership, pk: Any) -> M:
        """One record of the actor's institution, or Http404; sensitive reads are audited."""
        from vigil.core.access import get_for_actor

        return get_for_actor(self, actor=actor, pk=pk)

    def for_institution(self, institution_id: int) -> Self:
        """Background work acts for an institution, with no person behind it."""
        return self.filter(institution_id=institution_id)


class TenantManager(models.Manager[M]):
    """`Model.objects` of tenant data: every TenantQuerySet method, on the manager too."""

    def get_queryset(self) -> TenantQuerySet[M]:
        return TenantQuerySet(self.model, using=self._db)

    def for_actor(self, actor: Membership) -> TenantQuerySet[M]:
        return self.get_queryset().for_actor(actor)

    def get_for_actor(self, actor: Membership, pk: Any) -> M:
        return self.get_queryset().get_for_actor(actor, pk)

    def for_institution(self, institution_id: int) -> TenantQuerySet[M]:
        return self.get_queryset().for_institution(institution_id)


class VocabularyQuerySet(models.QuerySet[M]):
    """Terms that Vigil ships for everyone (no institution) or an institution added."""

    def shared(self) -> Self:
        return self.filter(institution__isnull=True)

    def visible_to(self, actor: Membership) -> Self:
        """Shipped terms and the actor's institution's own: "shared or ours"."""
        if not actor.is_active:
            return self.none()
        return self.filter(Q(institution__isnull=True) | Q(institution_id=actor.institution_id))

    def own(self, actor: Membership) -> Self:
        """Only the terms the actor's institution added."""
        if not actor.is_active:
            return self.none()
        return self.filter(institution_id=actor.institution_id)

    def for_institution(self, institution_id: int) -> Self:
        """Shipped terms and the institution's own, for background work that acts for no
        person (a scoring run): `visible_to` without an actor."""
        return self.filter(Q(institution__isnull=True) | Q(institution_id=institution_id))


class VocabularyManager(models.Manager[M]):
    def get_queryset(self) -> VocabularyQuerySet[M]:
        return VocabularyQuerySet(self.model, using=self._db)

    def shared(self) -> VocabularyQuerySet[M]:
        return self.get_queryset().shared()

    def visible_to(self, actor: Membership) -> VocabularyQuerySet[M]:
        return self.get_queryset().visible_to(actor)

    def own(self, actor: Membership) -> VocabularyQuerySet[M]:
        return self.get_queryset().own(actor)

    def for_institution(self, institution_id: int) -> VocabularyQuerySet[M]:
        return self.get_queryset().for_institution(institution_id)


def scope_for(model: type[models.Model], actor: Membership) -> models.QuerySet[Any]:
    """What the actor may choose of `model`: its tenant or vocabulary scope, never all rows."""
    manager = model._default_manager
    if isinstance(manager, TenantManager):
        return manager.for_actor(actor)
    if isinstance(manager, VocabularyManager):
        return manager.visible_to(actor)
    raise TypeError(
        f"{model.__name__} is neither tenant data nor a vocabulary: give its choice field a "
        "`scope` (a selector taking the actor)."
    )
