"""What needs a person's attention, shown on their home page.

Apps register providers in `AppConfig.ready()`; the home page never imports them.
A provider returns the items the acting membership must see (and only those).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from django.utils.functional import Promise

from vigil.core.models import Membership


@dataclass(frozen=True)
class AttentionItem:
    kind: str  # short code for styling: "urgent-finding", "reprisal-checkback", …
    title: str | Promise
    detail: str | Promise
    url: str
    since: datetime | None = None


Provider = Callable[[Membership], Iterable[AttentionItem]]
_providers: list[Provider] = []


def register_attention(provider: Provider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def attention_for(actor: Membership) -> list[AttentionItem]:
    return [item for provider in _providers for item in provider(actor)]
