"""What the demo part of the people app registers with the platform at start-up."""

from __future__ import annotations


def register() -> None:
    """Called once from PeopleConfig.ready() (panels, report sections, attention, demo)."""
    from vigil.core.demo import register_step
    from vigil.people.demo import load_people

    # After the visits step: people comes after visits in INSTALLED_APPS.
    register_step(load_people)
