"""Input fields that choose a record: only among those the actor's selector offers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from vigil.core.models import Membership

Scope = Callable[[Membership], models.QuerySet[Any]]


class ScopedRecord(serializers.IntegerField):
    """The id of a record the actor may choose (`scope` is a selector); anything else, of
    another institution or none at all, is the same "does not exist"."""

    default_error_messages = {"does_not_exist": _("That choice does not exist.")}

    def __init__(self, scope: Scope, **kwargs: Any) -> None:
        self.scope = scope
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 2**63 - 1)
        super().__init__(**kwargs)

    def run_validation(self, data: Any = serializers.empty) -> Any:
        pk = super().run_validation(data)  # an integer in range, or None where allowed
        if pk is None:
            return None
        record = self.scope(self.context["actor"]).filter(pk=pk).first()
        if record is None:
            self.fail("does_not_exist")
        return record

    def to_representation(self, value: Any) -> Any:
        return getattr(value, "pk", value)
