"""Data Vigil ships (kinds of place, themes, standards, checklists), loaded idempotently.

Each app's data migration calls its loader with the migration's app registry.
Tests that empty the database (browser tests, transactional tests) call
`load_all_builtin_data()` to put the shipped data back.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Loader = Callable[[Any], None]  # receives an app registry (django.apps.apps or a migration's)
_loaders: list[Loader] = []


def register_builtin(loader: Loader) -> Loader:
    if loader not in _loaders:
        _loaders.append(loader)
    return loader


def load_all_builtin_data() -> None:
    from django.apps import apps

    for loader in _loaders:
        loader(apps)
