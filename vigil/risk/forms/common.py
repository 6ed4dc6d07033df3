"""What the forms of risk share."""

from __future__ import annotations

from typing import Any

from django.db.models import Model
from django.utils.translation import gettext_lazy as _

from vigil.core.forms import Scope, ScopedModelChoiceField


def any_of(model: type[Model], scope: Scope, label: Any, **kwargs: Any) -> Any:
    """A filter's optional choice among the actor's records of `model` ("Any" when empty)."""
    field = kwargs.pop("field", ScopedModelChoiceField)
    return field(model, scope=scope, label=label, required=False, empty_label=_("Any"), **kwargs)
