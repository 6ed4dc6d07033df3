"""Signed checkpoints of the audit chain's head, kept outside the database.

After every commit that wrote audit events, one line is appended to
`VIGIL_AUDIT_CHECKPOINT_FILE` (append-only by convention):

    {"sequence": 812, "hash": "…", "at": "2026-12-07T06:40:01+00:00", "key_id": "a1", "mac": "…"}

The MAC is an HMAC-SHA256 under the audit key, so a checkpoint cannot be forged without
the key either. The same line goes to the `vigil.audit.checkpoint` logger, which an
operator can send to syslog on another machine; `vigil audit checkpoint --email` mails the
head to an address kept elsewhere. `vigil audit verify` then finds a chain whose newest
events were deleted (the head moved back), or that was recomputed from any point.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from vigil.core.crypto import audit_key_ring

logger = logging.getLogger("vigil.audit.checkpoint")


@dataclass(frozen=True)
class Checkpoint:
    sequence: int
    hash: str
    at: str
    key_id: str
    mac: str


@dataclass
class CheckpointFile:
    checkpoints: list[Checkpoint] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    missing_note: str = ""

    @property
    def newest(self) -> Checkpoint | None:
        return max(self.checkpoints, key=lambda c: c.sequence, default=None)


def _mac(*, sequence: int, hash_: str, at: str, key_id: str) -> str:
    key = audit_key_ring().key(key_id)
    if key is None:
        return ""
    message = f"vigil-audit-checkpoint\n{sequence}\n{hash_}\n{at}\n{key_id}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def checkpoint_line(sequence: int, hash_: str) -> str:
    at = timezone.now().replace(microsecond=0).isoformat()
    key_id = audit_key_ring().active_id
    mac = _mac(sequence=sequence, hash_=hash_, at=at, key_id=key_id)
    record = {"sequence": sequence, "hash": hash_, "at": at, "key_id": key_id, "mac": mac}
    return json.dumps(record, sort_keys=True)


def checkpoint_write() -> Checkpoint | None:
    """Append the committed head, if the chain has one; failures are logged, never raised:
    the events are already committed, and the next checkpoint will cover them."""
    from vigil.core.models import AuditChainHead

    head = AuditChainHead.objects.filter(pk=1).values_list("sequence", "hash").first()
    if head is None or head[0] == 0:
        return None
    line = checkpoint_line(*head)
    path = Path(settings.VIGIL_AUDIT_CHECKPOINT_FILE)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as out:
            out.write(line + "\n")
    except OSError as error:
        logger.error("Audit checkpoint not written to %s: %s", path, type(error).__name__)
    logger.info("audit checkpoint %s", line)
    return _parse(line)


def write_after_commit() -> None:
    """A checkpoint of the head once the caller's transaction commits."""
    transaction.on_commit(_flush)


_last_written: tuple[int, str] | None = None


def _flush() -> None:
    # A transaction that appended several events queued one flush for each: the first
    # writes the committed head, the others find it written already.
    global _last_written
    from vigil.core.models import AuditChainHead

    head = AuditChainHead.objects.filter(pk=1).values_list("sequence", "hash").first()
    if head is not None and head != _last_written:
        checkpoint_write()
        _last_written = head


def _parse(line: str) -> Checkpoint | None:
    try:
        data = json.loads(line)
        return Checkpoint(
            sequence=int(data["sequence"]),
            hash=str(data["hash"]),
            at=str(data["at"]),
            key_id=str(data["key_id"]),
            mac=str(data["mac"]),
        )
    except (ValueError, KeyError, TypeError):
        return None


def checkpoints_read(path: Path | None = None) -> CheckpointFile:
    """Every checkpoint of the file, each checked against its MAC; a line that is not a
    checkpoint, or whose MAC fails, is a problem (someone wrote to the file)."""
    path = Path(path or settings.VIGIL_AUDIT_CHECKPOINT_FILE)
    result = CheckpointFile()
    if not path.exists():
        result.missing_note = (
            f"No checkpoint file at {path}: the chain was checked against itself only."
        )
        return result
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            mark = _parse(line)
            if mark is None:
                result.problems.append(f"checkpoint line {number} of {path} cannot be read")
                continue
            good = _mac(sequence=mark.sequence, hash_=mark.hash, at=mark.at, key_id=mark.key_id)
            if not good:
                result.problems.append(
                    f"checkpoint line {number} of {path} is signed with key {mark.key_id!r}, "
                    "which VIGIL_AUDIT_KEYS does not hold"
                )
                continue
            if not hmac.compare_digest(good, mark.mac):
                result.problems.append(
                    f"checkpoint line {number} of {path} does not carry a valid signature"
                )
                continue
            result.checkpoints.append(mark)
    return result
