"""Model fields whose values are encrypted before they reach the database."""

from __future__ import annotations

import json
import logging
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import lookups, signals
from django.utils.translation import gettext

from vigil.core import crypto

logger = logging.getLogger("vigil.core.damaged")


def damaged_marker() -> str:
    return gettext("this value cannot be read (damaged)")


class DamagedValue(str):
    """What a stored value that fails authentication reads as: the marker, in place.

    One altered ciphertext must not break the page, export or report it stands in, so it
    reads as text that says so. It keeps the stored ciphertext (`raw`), and writing it back
    stores that ciphertext unchanged: saving the record never turns the marker into data.
    """

    raw: str
    context: str
    reason: str

    def __new__(cls, raw: str = "", context: str = "", reason: str = "") -> DamagedValue:
        value = super().__new__(cls, damaged_marker())
        value.raw, value.context, value.reason = raw, context, reason
        return value

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.raw, self.context, self.reason))

    def is_damaged(self) -> bool:
        return True


class DamagedJSON(dict[str, Any]):
    """A damaged JSON value: every key reads as the marker, so `person.name` still renders."""

    def __init__(self, raw: str = "", context: str = "", reason: str = "") -> None:
        super().__init__()
        self.raw, self.context, self.reason = raw, context, reason

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.raw, self.context, self.reason))

    def __missing__(self, key: str) -> DamagedValue:
        return DamagedValue(self.raw, self.context, self.reason)

    def get(self, key: str, default: Any = None) -> DamagedValue:
        return self[key]

    def __bool__(self) -> bool:
        return True

    def __str__(self) -> str:
        return damaged_marker()

    def is_damaged(self) -> bool:
        return True


def is_damaged(value: Any) -> bool:
    """Whether a value read from an encrypted field failed authentication."""
    return isinstance(value, DamagedValue | DamagedJSON)


def damage_reason(error: crypto.DecryptionError) -> str:
    """Why a value cannot be read, in words for the operator (never the value itself)."""
    from vigil.core.filestore import FileMissing  # a file record's bytes, not a field's

    if isinstance(error, FileMissing):
        return "missing from the file storage"
    return "unknown key" if "No key with id" in str(error) else "failed authentication"


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

    damaged_type: type[DamagedValue | DamagedJSON] = DamagedValue

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> Any:
        if value is None:
            return None
        try:
            return self.deserialise(crypto.decrypt(value, context=self.crypto_context))
        except crypto.DecryptionError as error:
            return self.damaged_type(value, self.crypto_context, damage_reason(error))

    def get_prep_value(self, value: Any) -> str | None:
        if value is None:
            return None
        if is_damaged(value):
            return str(value.raw)  # kept as it was: the marker is never encrypted as data
        return crypto.encrypt(self.serialise(value), context=self.crypto_context)

    def contribute_to_class(
        self, cls: type[models.Model], name: str, private_only: bool = False
    ) -> None:
        super().contribute_to_class(cls, name, private_only)  # type: ignore[misc]
        if not cls._meta.abstract and cls.__module__ != "__fake__":  # not migrations' models
            # A loaded record knows its pk, which the field's own conversion does not.
            signals.post_init.connect(self._log_damage, sender=cls)

    def _log_damage(self, instance: models.Model, **kwargs: Any) -> None:
        value = instance.__dict__.get(self.attname)  # type: ignore[attr-defined]
        if isinstance(value, DamagedValue | DamagedJSON):
            logger.error(
                "Encrypted value %s of pk %s cannot be read (%s); shown as damaged.",
                self.crypto_context,
                instance.pk,
                value.reason,
            )

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
        return value if value is None or is_damaged(value) else str(value)


class EncryptedJSONField(EncryptedMixin, models.TextField):
    """JSON encrypted at rest; stored as text so the database never parses it."""

    description = "JSON encrypted at rest (AES-256-GCM)"
    damaged_type = DamagedJSON
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
