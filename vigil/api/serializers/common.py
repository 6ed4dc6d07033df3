"""Pieces every area's serializers share."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers


def label(field: str) -> serializers.CharField:
    """The translated label of a choice field (`?lang=` picks the language)."""
    return serializers.CharField(source=f"get_{field}_display", read_only=True)


class Named(serializers.Serializer):
    """A record named inside another: its id and its name as people read it."""

    id = serializers.IntegerField(source="pk", read_only=True)
    name = serializers.CharField(source="__str__", read_only=True)


def named(**kwargs: Any) -> Named:
    return Named(read_only=True, **kwargs)


def choice(choices: Any, **kwargs: Any) -> serializers.ChoiceField:
    return serializers.ChoiceField(choices=choices, **kwargs)
