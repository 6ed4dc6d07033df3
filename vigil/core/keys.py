"""Re-encryption of every encrypted value with the active key (`vigil keys rotate`).

Each batch commits on its own with its audit event, and only values that do
not yet use the active key are touched, so an interrupted run is simply run again.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from typing import Any

from allauth.mfa.models import Authenticator
from django.apps import apps
from django.db import models, transaction
from django.db.models.functions import Cast

from vigil.core import crypto
from vigil.core.audit import audit_record
from vigil.core.fields import encrypted_fields

_MFA_CONTEXT = "allauth.mfa.secret"
_MFA_SECRET_KEYS = ("secret", "seed")


@dataclass(frozen=True)
class RotationProgress:
    label: str
    rotated: int


def _stale(model: type[models.Model], field: models.Field[Any, Any]) -> models.QuerySet[Any]:
    raw = Cast(field.name, models.TextField())
    return (
        model._default_manager.annotate(_raw=raw)
        .filter(**{f"{field.name}__isnull": False})
        .exclude(_raw__startswith=crypto.active_prefix())
        .order_by("pk")
    )


def _record_rotation(field: str, values: int) -> None:
    """One audit event per batch: which field, and how many values were re-encrypted."""
    audit_record(
        action="keys.rotated",
        actor=None,
        institution=None,
        details={"field": field, "values": values},
    )


def _rotate_field(
    model: type[models.Model], field: models.Field[Any, Any], batch_size: int
) -> Iterator[int]:
    while True:
        with transaction.atomic():
            batch = list(_stale(model, field).values_list("pk", field.name)[:batch_size])
            if not batch:
                return
            for pk, value in batch:
                # update() runs get_prep_value, which encrypts with the active key.
                model._default_manager.filter(pk=pk).update(**{field.name: value})
            _record_rotation(f"{model._meta.label}.{field.name}", len(batch))
        yield len(batch)


def _rotate_mfa_secrets(batch_size: int) -> Iterator[int]:
    # allauth stores TOTP secrets and recovery seeds inside a JSON column, encrypted by our adapter.
    prefix = crypto.active_prefix()
    last_pk = 0
    while True:
        with transaction.atomic():
            rows = list(Authenticator.objects.filter(pk__gt=last_pk).order_by("pk")[:batch_size])
            if not rows:
                return
            changed = 0
            for row in rows:
                data = dict(row.data)
                for key in _MFA_SECRET_KEYS:
                    value = data.get(key)
                    if isinstance(value, str) and not value.startswith(prefix):
                        plain = crypto.decrypt(value, context=_MFA_CONTEXT)
                        data[key] = crypto.encrypt(plain, context=_MFA_CONTEXT)
                if data != row.data:
                    Authenticator.objects.filter(pk=row.pk).update(data=data)
                    changed += 1
            last_pk = rows[-1].pk
            if changed:
                _record_rotation("mfa.Authenticator.data", changed)
        yield changed


# Models that keep a whole file encrypted in `content`, with the id of its key in `key_id`
# and `context_for(institution_id=, pk=)` naming the record the bytes are bound to.
ENCRYPTED_FILES = ("core.GeneratedDocument", "people.Evidence")


def _encrypted_file_models() -> list[type[models.Model]]:
    found = []
    for label in ENCRYPTED_FILES:
        try:
            found.append(apps.get_model(label))
        except LookupError:  # an app left out of INSTALLED_APPS holds no files
            continue
    return found


def _rotate_files(model: type[models.Model], batch_size: int) -> Iterator[int]:
    # Files are up to a few tens of megabytes: a few at a time.
    active = crypto.key_ring().active_id
    size = max(1, min(batch_size, 20))
    manager = model._default_manager
    context_for: Callable[..., str] = model.context_for  # type: ignore[attr-defined]
    while True:
        with transaction.atomic():
            rows = list(
                manager.exclude(key_id=active)
                .order_by("pk")
                .values_list("pk", "institution_id", "content")[:size]
            )
            if not rows:
                return
            for pk, institution_id, content in rows:
                context = context_for(institution_id=institution_id, pk=pk)
                plain = crypto.decrypt_bytes(bytes(content), context=context)
                manager.filter(pk=pk).update(
                    content=crypto.encrypt_bytes(plain, context=context), key_id=active
                )
            _record_rotation(f"{model._meta.label}.content", len(rows))
        yield len(rows)


def rotation_targets() -> list[tuple[str, Callable[[int], Iterator[int]]]]:
    targets: list[tuple[str, Callable[[int], Iterator[int]]]] = []
    for model in apps.get_models():
        for field in encrypted_fields(model):
            label = f"{model._meta.label}.{field.name}"
            targets.append(
                (label, lambda size, m=model, f=field: _rotate_field(m, f, size))  # type: ignore[misc]
            )
    targets.append(("mfa.Authenticator.data", _rotate_mfa_secrets))
    for model in _encrypted_file_models():
        targets.append(
            (
                f"{model._meta.label}.content",
                lambda size, m=model: _rotate_files(m, size),  # type: ignore[misc]
            )
        )
    return targets


def keys_rotate(*, batch_size: int = 500) -> Generator[RotationProgress, None, None]:
    for label, rotate in rotation_targets():
        for count in rotate(batch_size):
            yield RotationProgress(label, count)


def _stale_mfa_secrets() -> int:
    prefix = crypto.active_prefix()
    return sum(
        1
        for data in Authenticator.objects.values_list("data", flat=True).iterator()
        for key in _MFA_SECRET_KEYS
        if isinstance(data.get(key), str) and not data[key].startswith(prefix)
    )


def values_not_on_active_key() -> int:
    """How many encrypted values still use an older key (0 after a full rotation)."""
    columns = sum(
        _stale(model, field).count()
        for model in apps.get_models()
        for field in encrypted_fields(model)
    )
    active = crypto.key_ring().active_id
    files = sum(
        model._default_manager.exclude(key_id=active).count() for model in _encrypted_file_models()
    )
    return columns + _stale_mfa_secrets() + files
