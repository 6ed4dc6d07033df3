"""What the search app adds to the platform (discovered by vigil.core.hooks)."""

from __future__ import annotations

from vigil.core import fulltext, hooks
from vigil.search import kinds
from vigil.search.services import index_rebuild, on_targets

# Index rows are written in the transaction of the audited write that changed their record.
hooks.register(hooks.AUDIT_TARGETS, on_targets)
# Laws and campaigns (the advocacy app) register their kinds from their own hooks.py.
fulltext.register(kinds.DOCUMENT)


def index_demo(world: object) -> None:
    """The demo's records are written by builders, not one by one through services."""
    index_rebuild()


hooks.register(
    hooks.DEMO_STEP,
    index_demo,
    key="search",
    after=["places", "visits", "recommendations", "programmes", "people", "risk", "indonesian"],
)
