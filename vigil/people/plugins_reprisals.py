"""What the reprisals part of the people app registers with the platform at start-up."""

from __future__ import annotations


def register() -> None:
    """Called once from PeopleConfig.ready() (panels, report sections, attention, demo)."""
