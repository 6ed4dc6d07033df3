"""Model fields whose values are encrypted before they reach the database."""

from __future__ import annotations

import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import lookups

from vigil.core import crypto


class EncryptedMixin:
    """Encrypts on the way in and decrypts on the way out.

    Only `isnull` can be looked up: an encrypted value can never be compared,
    so any other lookup would silently match nothing. Use a blind index.
    """

    model: type[models.Model]
    name: str

    @property
    def crypto_context(self) -> str:
        return f"{self.model._meta.label}.{self.name}"

    def serialise(self, value: Any) -> str:
        return str(value)

    def deserialise(self, text: str) -> Any:
        return text

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> Any:
        if value is None:
            return None
        return self.deserialise(crypto.decrypt(value, context=self.crypto_context))

    def get_prep_value(self, value: Any) -> str | None:
        if value is None:
            return None
        return crypto.encrypt(self.serialise(value), context=self.crypto_context)

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name != "isnull":
            raise TypeError(
                f"{self.crypto_context} is encrypted and cannot be searched with "
                f"'{lookup_name}'; use a blind index for exact matches."
            )
        return lookups.IsNull


class EncryptedTextField(EncryptedMixin, models.TextField):
    description = "Text encrypted at rest (AES-256-GCM)"

    def to_python(self, value: Any) -> Any:
        return value if value is None else str(value)


class EncryptedJSONField(EncryptedMixin, models.TextField):
    """JSON encrypted at rest; stored as text so the database never parses it."""

    description = "JSON encrypted at rest (AES-256-GCM)"
    # django-stubs reads these to type the attribute as JSON, not str.
    _pyi_private_set_type: Any
    _pyi_private_get_type: Any

    def serialise(self, value: Any) -> str:
        return json.dumps(value, cls=DjangoJSONEncoder, sort_keys=True)

    def deserialise(self, text: str) -> Any:
        return json.loads(text)

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            try:
                return json.loads(value)
            except ValueError:
                return value
        return value

    def value_to_string(self, obj: models.Model) -> str:
        return self.serialise(self.value_from_object(obj))


def encrypted_fields(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    return [f for f in model._meta.concrete_fields if isinstance(f, EncryptedMixin)]
