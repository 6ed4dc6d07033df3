"""Encryption at rest: AES-256-GCM with a key ring, and keyed blind indexes.

A stored value looks like `v1:<key id>:<base64(nonce || ciphertext+tag)>`. The
key id travels with the value so that old values stay readable after a new key
is put first in the ring, and `vigil keys rotate` can find what still uses an
old key. The field's identity is bound in as associated data, so a ciphertext
copied from one column into another fails to decrypt instead of being read.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

FORMAT_VERSION = "v1"
_NONCE_BYTES = 12
_KEY_ID = re.compile(r"^[A-Za-z0-9_-]{1,32}$")


class DecryptionError(Exception):
    """A stored value failed authentication: it was altered, or no key in the ring fits."""


@dataclass(frozen=True)
class KeyRing:
    keys: tuple[tuple[str, bytes], ...]

    @property
    def active_id(self) -> str:
        return self.keys[0][0]

    def key(self, key_id: str) -> bytes | None:
        return next((key for kid, key in self.keys if kid == key_id), None)


def parse_key_ring(spec: str, *, name: str = "VIGIL_DATA_KEYS") -> KeyRing:
    """Parse `id:base64key[,id:base64key...]`; each key must be 32 bytes."""
    keys: list[tuple[str, bytes]] = []
    for position, item in enumerate(part.strip() for part in spec.split(",") if part.strip()):
        key_id, sep, encoded = item.partition(":")
        if not sep or not _KEY_ID.match(key_id):
            raise ImproperlyConfigured(
                f"{name} entry {position + 1} must look like 'id:base64key' "
                "(id: letters, digits, _ or -)."
            )
        try:
            key = base64.b64decode(encoded, validate=True)
        except binascii.Error as exc:
            raise ImproperlyConfigured(f"{name} key {key_id!r} is not valid base64.") from exc
        if len(key) != 32:
            raise ImproperlyConfigured(
                f"{name} key {key_id!r} must be 32 bytes (256 bits), not {len(key)}."
            )
        if any(kid == key_id for kid, _ in keys):
            raise ImproperlyConfigured(f"{name} names key {key_id!r} twice.")
        keys.append((key_id, key))
    if not keys:
        raise ImproperlyConfigured(f"{name} holds no key.")
    return KeyRing(tuple(keys))


@cache
def _ring_for(spec: str) -> KeyRing:
    return parse_key_ring(spec)


def key_ring() -> KeyRing:
    return _ring_for(settings.VIGIL_DATA_KEYS)


@cache
def _audit_ring_for(spec: str) -> KeyRing:
    return parse_key_ring(spec, name="VIGIL_AUDIT_KEYS")


def audit_key_ring() -> KeyRing:
    """The keys of the audit chain's MACs: the first keys new events, all verify old ones."""
    return _audit_ring_for(settings.VIGIL_AUDIT_KEYS)


def new_key() -> str:
    """A fresh random 256-bit key, base64-encoded, for the key ring."""
    return base64.b64encode(os.urandom(32)).decode()


def encrypt(plaintext: str, *, context: str) -> str:
    ring = key_ring()
    nonce = os.urandom(_NONCE_BYTES)
    sealed = AESGCM(ring.keys[0][1]).encrypt(nonce, plaintext.encode(), context.encode())
    payload = base64.b64encode(nonce + sealed).decode()
    return f"{FORMAT_VERSION}:{ring.active_id}:{payload}"


def key_id_of(token: str) -> str:
    parts = token.split(":", 2)
    if len(parts) != 3 or parts[0] != FORMAT_VERSION:
        raise DecryptionError("Stored value is not in Vigil's encrypted format.")
    return parts[1]


def decrypt(token: str, *, context: str) -> str:
    key_id = key_id_of(token)
    key = key_ring().key(key_id)
    if key is None:
        raise DecryptionError(f"No key with id {key_id!r} in VIGIL_DATA_KEYS for {context}.")
    try:
        raw = base64.b64decode(token.split(":", 2)[2], validate=True)
        plain = AESGCM(key).decrypt(raw[:_NONCE_BYTES], raw[_NONCE_BYTES:], context.encode())
    except (InvalidTag, binascii.Error, ValueError) as exc:
        raise DecryptionError(
            f"Encrypted value of {context} failed authentication: it was altered or damaged."
        ) from exc
    return plain.decode()


_BYTES_PREFIX = FORMAT_VERSION.encode() + b":"


def encrypt_bytes(plaintext: bytes, *, context: str) -> bytes:
    """Encrypt a file's bytes: `v1:<key id>:` then nonce || ciphertext+tag, raw (no base64).

    `context` names the record that holds the bytes, so they cannot be moved to another one.
    """
    ring = key_ring()
    nonce = os.urandom(_NONCE_BYTES)
    sealed = AESGCM(ring.keys[0][1]).encrypt(nonce, plaintext, context.encode())
    return _BYTES_PREFIX + ring.active_id.encode() + b":" + nonce + sealed


def key_id_of_bytes(token: bytes) -> str:
    if not token.startswith(_BYTES_PREFIX):
        raise DecryptionError("Stored bytes are not in Vigil's encrypted format.")
    key_id, sep, _rest = token[len(_BYTES_PREFIX) :].partition(b":")
    if not sep or not _KEY_ID.match(key_id.decode("ascii", errors="replace")):
        raise DecryptionError("Stored bytes are not in Vigil's encrypted format.")
    return key_id.decode("ascii")


def decrypt_bytes(token: bytes, *, context: str) -> bytes:
    key_id = key_id_of_bytes(token)
    key = key_ring().key(key_id)
    if key is None:
        raise DecryptionError(f"No key with id {key_id!r} in VIGIL_DATA_KEYS for {context}.")
    raw = token[len(_BYTES_PREFIX) + len(key_id) + 1 :]
    try:
        return AESGCM(key).decrypt(raw[:_NONCE_BYTES], raw[_NONCE_BYTES:], context.encode())
    except (InvalidTag, ValueError) as exc:
        raise DecryptionError(
            f"Encrypted bytes of {context} failed authentication: they were altered or damaged."
        ) from exc


def active_prefix() -> str:
    """What every value encrypted with the active key starts with."""
    return f"{FORMAT_VERSION}:{key_ring().active_id}:"


def normalise_identifier(value: str) -> str:
    """Case, width and spacing must not defeat an exact-match lookup."""
    return " ".join(unicodedata.normalize("NFKC", value).casefold().split())


def blind_index(value: str, *, purpose: str) -> str:
    """Keyed HMAC-SHA256 of a normalised identifier, for exact lookups of encrypted values.

    `purpose` separates indexes (a name and an identity number never share a digest).
    """
    key = base64.b64decode(settings.VIGIL_BLIND_INDEX_KEY)
    message = f"{purpose}\x00{normalise_identifier(value)}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()
