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

from vigil.core import crypto, filestore
from vigil.core.audit import audit_record
from vigil.core.fields import damage_reason, encrypted_fields, is_damaged

_MFA_CONTEXT = "allauth.mfa.secret"
_MFA_SECRET_KEYS = ("secret", "seed")


@dataclass(frozen=True)
class Damage:
    """A stored value that no key in the ring can read: where it is, never what it was."""

    label: str  # <app label>.<Model>.<field>
    pk: Any
    reason: str


@dataclass(frozen=True)
class RotationProgress:
    label: str
    rotated: int
    damaged: tuple[Damage, ...] = ()


# What a target's batch did: how many values it re-encrypted, and which it had to leave.
Batch = tuple[int, list[Damage]]


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
) -> Iterator[Batch]:
    label = f"{model._meta.label}.{field.name}"
    last_pk: Any = None
    while True:
        with transaction.atomic():
            stale = _stale(model, field)
            if last_pk is not None:  # a damaged value stays stale: walk past it, once
                stale = stale.filter(pk__gt=last_pk)
            batch = list(stale.values_list("pk", field.name)[:batch_size])
            if not batch:
                return
            readable = [(pk, value) for pk, value in batch if not is_damaged(value)]
            for pk, value in readable:
                # update() runs get_prep_value, which encrypts with the active key.
                model._default_manager.filter(pk=pk).update(**{field.name: value})
            if readable:
                _record_rotation(label, len(readable))
            last_pk = batch[-1][0]
        yield len(readable), [Damage(label, pk, v.reason) for pk, v in batch if is_damaged(v)]


def _mfa_secret(value: str) -> str | Damage:
    try:
        return crypto.decrypt(value, context=_MFA_CONTEXT)
    except crypto.DecryptionError as error:
        return Damage("mfa.Authenticator.data", None, damage_reason(error))


def _rotate_mfa_secrets(batch_size: int) -> Iterator[Batch]:
    # allauth stores TOTP secrets and recovery seeds inside a JSON column, encrypted by our adapter.
    prefix = crypto.active_prefix()
    last_pk = 0
    while True:
        damaged: list[Damage] = []
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
                        plain = _mfa_secret(value)
                        if isinstance(plain, Damage):
                            damaged.append(Damage(f"{plain.label}.{key}", row.pk, plain.reason))
                        else:
                            data[key] = crypto.encrypt(plain, context=_MFA_CONTEXT)
                if data != row.data:
                    Authenticator.objects.filter(pk=row.pk).update(data=data)
                    changed += 1
            last_pk = rows[-1].pk
            if changed:
                _record_rotation("mfa.Authenticator.data", changed)
        yield changed, damaged


# Models that keep a whole file encrypted (in `content`, or in the file storage named by
# `stored_at`: vigil.core.filestore), with the id of its key in `key_id` and
# `context_for(institution_id=, pk=)` naming the record the bytes are bound to; and the
# storage folder of each.
ENCRYPTED_FILES = {"core.GeneratedDocument": "documents", "people.Evidence": "evidence"}


def _folder(model: type[models.Model]) -> str:
    return ENCRYPTED_FILES[model._meta.label]


def _encrypted_file_models() -> list[type[models.Model]]:
    found = []
    for label in ENCRYPTED_FILES:
        try:
            found.append(apps.get_model(label))
        except LookupError:  # an app left out of INSTALLED_APPS holds no files
            continue
    return found


def _file_plain(
    model: type[models.Model], institution_id: int, pk: Any, content: Any, stored_at: str
) -> Any:
    """The file's bytes and their context, or the Damage that keeps them from being read."""
    context_for: Callable[..., str] = model.context_for  # type: ignore[attr-defined]
    context = context_for(institution_id=institution_id, pk=pk)
    try:
        token = filestore.file_token(content, stored_at)
        return crypto.decrypt_bytes(token, context=context), context
    except crypto.DecryptionError as error:
        return Damage(f"{model._meta.label}.content", pk, damage_reason(error))


def _rotate_files(model: type[models.Model], batch_size: int) -> Iterator[Batch]:
    # Files are up to a few tens of megabytes: a few at a time.
    active = crypto.key_ring().active_id
    size = max(1, min(batch_size, 20))
    manager = model._default_manager
    last_pk = 0
    while True:
        damaged: list[Damage] = []
        with transaction.atomic():
            rows = list(
                manager.exclude(key_id=active)
                .filter(pk__gt=last_pk)
                .order_by("pk")
                .values_list("pk", "institution_id", "content", "stored_at")[:size]
            )
            if not rows:
                return
            rotated = 0
            replaced: list[str] = []
            for pk, institution_id, content, stored_at in rows:
                read = _file_plain(model, institution_id, pk, content, stored_at)
                if isinstance(read, Damage):
                    damaged.append(read)
                    continue
                plain, context = read
                record: Any = manager.get(pk=pk)
                fields = filestore.token_put(
                    record, crypto.encrypt_bytes(plain, context=context), folder=_folder(model)
                )
                manager.filter(pk=pk).update(
                    **{name: getattr(record, name) for name in fields}, key_id=active
                )
                replaced.append(stored_at)
                rotated += 1
            filestore.files_delete(replaced)  # the old objects, once the new ones are saved
            last_pk = rows[-1][0]
            if rotated:
                _record_rotation(f"{model._meta.label}.content", rotated)
        yield rotated, damaged


def rotation_targets() -> list[tuple[str, Callable[[int], Iterator[Batch]]]]:
    targets: list[tuple[str, Callable[[int], Iterator[Batch]]]] = []
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
    """Re-encrypt what can be read; a damaged value is left as it is and reported."""
    for label, rotate in rotation_targets():
        for count, damaged in rotate(batch_size):
            yield RotationProgress(label, count, tuple(damaged))


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


def damaged_values() -> Iterator[Damage]:
    """Every stored value that no key in the ring can read (`vigil keys check`)."""
    for model in apps.get_models():
        for field in encrypted_fields(model):
            label = f"{model._meta.label}.{field.name}"
            values = (
                model._default_manager.filter(**{f"{field.name}__isnull": False})
                .order_by("pk")
                .values_list("pk", field.name)
            )
            for pk, value in values.iterator(chunk_size=500):
                if is_damaged(value):
                    yield Damage(label, pk, value.reason)
    for pk, data in Authenticator.objects.order_by("pk").values_list("pk", "data").iterator():
        for key in _MFA_SECRET_KEYS:
            if isinstance(data.get(key), str):
                plain = _mfa_secret(data[key])
                if isinstance(plain, Damage):
                    yield Damage(f"{plain.label}.{key}", pk, plain.reason)
    for model in _encrypted_file_models():
        rows = model._default_manager.order_by("pk").values_list(
            "pk", "institution_id", "content", "stored_at"
        )
        for pk, institution_id, content, stored_at in rows.iterator(chunk_size=10):
            read = _file_plain(model, institution_id, pk, content, stored_at)
            if isinstance(read, Damage):
                yield read
