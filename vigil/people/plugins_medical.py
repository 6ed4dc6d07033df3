"""What the medical part of the people app registers with the platform at start-up."""

from __future__ import annotations


def register() -> None:
    """Called once from PeopleConfig.ready(): the medico-legal report's background job."""
    from vigil.people import medical_report  # noqa: F401  (registers the job kind)
