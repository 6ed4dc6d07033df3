"""What needs a person's attention, shown on their home page.

Apps register providers under `hooks.ATTENTION` in their `hooks.py`; the home page never
imports them.
A provider returns the items the acting membership must see (and only those).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from django.utils.functional import Promise

from vigil.core import hooks
from vigil.core.models import Membership


@dataclass(frozen=True)
class AttentionItem:
    kind: str  # short code for styling: "urgent-finding", "reprisal-checkback", …
    title: str | Promise
    detail: str | Promise
    url: str
    since: datetime | None = None


Provider = Callable[[Membership], Iterable[AttentionItem]]


def attention_for(actor: Membership) -> list[AttentionItem]:
    providers: list[Provider] = hooks.get_hooks(hooks.ATTENTION)
    return [item for provider in providers for item in provider(actor)]
