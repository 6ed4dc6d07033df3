"""Write throw-away development keys for `make run` (never used in production).

Usage: python -m vigil.devenv var/dev.env   (does nothing if the file exists)
"""

from __future__ import annotations

import base64
import os
import secrets
import sys
from pathlib import Path


def new_key() -> str:
    return base64.b64encode(os.urandom(32)).decode()


def _dev_values() -> dict[str, str]:
    return {
        "VIGIL_MODE": "demo",
        "VIGIL_SECRET_KEY": secrets.token_urlsafe(50),
        "VIGIL_DATA_KEYS": f"dev1:{new_key()}",
        "VIGIL_BLIND_INDEX_KEY": new_key(),
        "VIGIL_AUDIT_KEYS": f"devaudit1:{new_key()}",
    }


def write_dev_env(path: Path) -> bool:
    """Write the file, or add the keys a newer Vigil needs to an existing one. True if changed.

    Keys already in the file are never replaced: data encrypted under them must stay readable.
    """
    existing = path.read_text().splitlines() if path.exists() else []
    present = {line.split("=", 1)[0] for line in existing if "=" in line}
    missing = [f"{name}={value}" for name, value in _dev_values().items() if name not in present]
    if not missing:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    header = ["# Development keys made by `make run`. Throw-away: never use them in production."]
    path.write_text("\n".join((existing or header) + missing) + "\n")
    path.chmod(0o600)
    return True


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "var/dev.env")
    if write_dev_env(target):
        sys.stdout.write(f"Wrote development keys to {target}\n")
