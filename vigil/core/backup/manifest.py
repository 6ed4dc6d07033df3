"""A backup's manifest: what it holds, how to check it, and a signature under the audit key.

The manifest is signed with an HMAC under a key of `VIGIL_AUDIT_KEYS`, which lives outside
the backup. Someone who alters a member and recomputes its checksum in the manifest cannot
also recompute the signature, so restore refuses the file.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import asdict, dataclass, field
from typing import Any

from vigil.core.crypto import audit_key_ring

FORMAT = "vigil-backup/1"
_SIGNING_LABEL = b"vigil-backup-manifest\n"


class BackupRefused(Exception):
    """The backup cannot be trusted or cannot be restored here; the message says why."""


@dataclass(frozen=True)
class KeyProbe:
    """One encrypted value of the backup: restore decrypts it before it touches anything,
    to prove that the keys in the environment are the ones the data was written with."""

    context: str
    token: str


@dataclass
class Manifest:
    vigil_version: str
    created_at: str
    vendor: str
    migrations: list[str]
    audit_head: dict[str, Any]
    tables: dict[str, int]
    binary_digests: dict[str, str]
    members: dict[str, dict[str, Any]] = field(default_factory=dict)
    key_probe: KeyProbe | None = None
    format: str = FORMAT

    def to_json(self) -> bytes:
        return json.dumps(asdict(self), sort_keys=True, indent=1).encode()

    @classmethod
    def from_json(cls, raw: bytes) -> Manifest:
        try:
            data = json.loads(raw)
            probe = data.pop("key_probe", None)
            manifest = cls(**data, key_probe=KeyProbe(**probe) if probe else None)
        except (ValueError, TypeError) as error:
            raise BackupRefused(f"The backup's manifest cannot be read ({error}).") from error
        if manifest.format != FORMAT:
            raise BackupRefused(
                f"This backup is in format {manifest.format!r}; this Vigil reads {FORMAT!r}."
            )
        return manifest


def _mac(key: bytes, key_id: str, manifest_bytes: bytes) -> str:
    message = _SIGNING_LABEL + key_id.encode() + b"\n" + manifest_bytes
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def manifest_signature(manifest_bytes: bytes) -> bytes:
    ring = audit_key_ring()
    key_id = ring.active_id
    key = ring.key(key_id)
    assert key is not None  # the active key is the ring's first
    return json.dumps({"key_id": key_id, "mac": _mac(key, key_id, manifest_bytes)}).encode()


def manifest_check(manifest_bytes: bytes, signature: bytes) -> Manifest:
    """The manifest, once its signature holds under a key of this server's audit ring."""
    try:
        signed = json.loads(signature)
        key_id, mac = str(signed["key_id"]), str(signed["mac"])
    except (ValueError, KeyError, TypeError) as error:
        raise BackupRefused("The backup's signature cannot be read.") from error
    key = audit_key_ring().key(key_id)
    if key is None:
        raise BackupRefused(
            f"The backup was signed with audit key {key_id!r}, which VIGIL_AUDIT_KEYS does not "
            "hold: restore it with the keys it was made with (docs/keys.md)."
        )
    if not hmac.compare_digest(_mac(key, key_id, manifest_bytes), mac):
        raise BackupRefused("The backup's manifest was altered: its signature does not hold.")
    return Manifest.from_json(manifest_bytes)


def sha256_file(path: Any) -> tuple[str, int]:
    """The SHA-256 and size of a file, read in blocks."""
    digest, size = hashlib.sha256(), 0
    with open(path, "rb") as stream:
        while block := stream.read(1 << 20):
            digest.update(block)
            size += len(block)
    return digest.hexdigest(), size
