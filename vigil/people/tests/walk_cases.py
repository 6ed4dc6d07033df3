"""The people app's cases URLs in the cross-institution walk.

Merged into vigil/core/tests/test_url_walk.py.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from vigil.core.tests.factories import Personas

# Patterns that name a record: kwargs filled with institution A's records.
RECORD_URLS: dict[str, Callable[[Personas], dict[str, Any]]] = {}
# Pages about the requester's own institution.
INSTITUTION_URLS: dict[str, dict[str, Any]] = {}
