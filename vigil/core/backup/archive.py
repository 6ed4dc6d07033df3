"""The backup file: a gzipped tar of named members, optionally encrypted with age.

age (https://age-encryption.org) is a small, standard format: an operator can decrypt a
backup with the `age` or `rage` program as well as with Vigil. Recipients are age keys
(`age1…`) or SSH public keys (`ssh-ed25519 …`, `ssh-rsa …`).
"""

from __future__ import annotations

import os
import tarfile
from pathlib import Path, PurePosixPath

import pyrage

from .manifest import BackupRefused

AGE_MAGIC = b"age-encryption.org/v1"
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"


def recipient_parse(text: str) -> pyrage.x25519.Recipient | pyrage.ssh.Recipient:
    text = text.strip()
    try:
        if text.startswith("age1"):
            return pyrage.x25519.Recipient.from_str(text)
        if text.startswith("ssh-"):
            return pyrage.ssh.Recipient.from_str(text)
    except (pyrage.RecipientError, ValueError) as error:
        raise BackupRefused(f"The recipient {text[:24]}… is not a valid key ({error}).") from error
    raise BackupRefused(
        "A recipient is an age public key (age1…) or an SSH public key (ssh-ed25519 …)."
    )


def identities_read(path: Path) -> list[pyrage.x25519.Identity | pyrage.ssh.Identity]:
    """The private keys in an age identity file, or an SSH private key file."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise BackupRefused(f"The identity file cannot be read: {error.strerror}.") from error
    try:
        if b"AGE-SECRET-KEY-" in raw:
            return [
                pyrage.x25519.Identity.from_str(line.strip())
                for line in raw.decode().splitlines()
                if line.strip().startswith("AGE-SECRET-KEY-")
            ]
        return [pyrage.ssh.Identity.from_buffer(raw)]
    except (pyrage.IdentityError, ValueError, UnicodeDecodeError) as error:
        raise BackupRefused(f"{path} holds no usable private key ({error}).") from error


def is_encrypted(path: Path) -> bool:
    with path.open("rb") as stream:
        return stream.read(len(AGE_MAGIC)) == AGE_MAGIC


def encrypt(plain: Path, out: Path, recipients: list[str]) -> None:
    pyrage.encrypt_file(str(plain), str(out), [recipient_parse(r) for r in recipients])


def decrypt(sealed: Path, out: Path, identity_file: Path | None) -> None:
    if identity_file is None:
        raise BackupRefused("This backup is encrypted: give the private key with --identity FILE.")
    try:
        pyrage.decrypt_file(str(sealed), str(out), identities_read(identity_file))
    except pyrage.DecryptError as error:
        raise BackupRefused(
            f"The backup cannot be decrypted with that key, or it was altered ({error})."
        ) from error


def pack(out: Path, members: dict[str, Path]) -> None:
    """A gzipped tar of `members` (name in the archive → file or folder), readable only by
    the owner."""
    fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
        for name, path in members.items():
            tar.add(path, arcname=name, recursive=True)


def _member_allowed(name: str) -> bool:
    parts = PurePosixPath(name).parts
    return bool(parts) and not PurePosixPath(name).is_absolute() and ".." not in parts


def unpack(archive: Path, into: Path) -> list[str]:
    """Extract into `into` (files and folders only, nothing outside it); the file names."""
    try:
        with tarfile.open(archive, mode="r:gz") as tar:
            members = tar.getmembers()
            bad = [m.name for m in members if not _member_allowed(m.name)]
            if bad or any(not (m.isfile() or m.isdir()) for m in members):
                raise BackupRefused("The backup holds an entry outside its folder: refused.")
            tar.extractall(into, filter="data")
    except (tarfile.TarError, EOFError, OSError) as error:
        raise BackupRefused(
            f"The backup file is damaged or is not a Vigil backup ({error})."
        ) from error
    return sorted(m.name for m in members if m.isfile())
