"""The custody-register URLs in the cross-institution walk.

Merged into vigil/core/tests/test_url_walk.py.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from vigil.core.models import Membership
from vigil.core.tests.factories import Personas


def _register(p: Personas) -> Any:
    # Made directly, not through the service: the walk counts A's audit events.
    from vigil.core import crypto
    from vigil.places.tests.factories import AuthorityFactory
    from vigil.registers.models import CustodyRegister

    register = CustodyRegister.objects.create(
        institution=p.institution_a,
        authority=AuthorityFactory.create(institution=p.institution_a),
        filename="register.csv",
        created_by=p.monitor.user,
    )
    register.original = crypto.encrypt_bytes(
        b"No,Name,Arrested\n1,A,2026-03-01 10:00\n", context=register.original_context
    )
    register.save(update_fields=["original"])
    return register


def _naming(p: Personas) -> dict[str, Any]:
    return {"register_id": _register(p).pk}


# Patterns that name a record: kwargs filled with institution A's records.
RECORD_URLS: dict[str, Callable[[Personas], dict[str, Any]]] = {
    "registers:register_detail": _naming,
    "registers:register_map": _naming,
    "registers:register_rows": _naming,
    "registers:register_delete": _naming,
}
# The entries behind a count are for those who follow detentions up, not administrators.
READERS: dict[str, Callable[[Personas], Membership]] = {
    name: (lambda p: p.monitor) for name in RECORD_URLS
}
# Pages about the requester's own institution.
INSTITUTION_URLS: dict[str, dict[str, Any]] = {
    "registers:register_list": {},
    "registers:register_upload": {},
    "registers:register_limits": {},
    "registers:safeguards": {},
}
