"""Data Vigil ships (kinds of place, themes, standards, checklists), loaded idempotently.

Each app's data migration calls its loader with the migration's app registry, and each
app registers the loader under `hooks.BUILTIN_DATA` in its `hooks.py`. Tests that empty the
database (browser tests, transactional tests) call `load_all_builtin_data()` to put the
shipped data back.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from vigil.core import hooks

Loader = Callable[[Any], None]  # receives an app registry (django.apps.apps or a migration's)


def load_all_builtin_data() -> None:
    from django.apps import apps

    for loader in hooks.get_hooks(hooks.BUILTIN_DATA):
        loader(apps)
