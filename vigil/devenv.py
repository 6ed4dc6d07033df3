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


def write_dev_env(path: Path) -> bool:
    if path.exists():
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [
        "# Development keys made by `make run`. Throw-away: never use them in production.",
        "VIGIL_MODE=demo",
        f"VIGIL_SECRET_KEY={secrets.token_urlsafe(50)}",
        f"VIGIL_DATA_KEYS=dev1:{new_key()}",
        f"VIGIL_BLIND_INDEX_KEY={new_key()}",
    ]
    path.write_text("\n".join(lines) + "\n")
    path.chmod(0o600)
    return True


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "var/dev.env")
    if write_dev_env(target):
        sys.stdout.write(f"Created development keys in {target}\n")
