"""What the evidence part of the people app registers with the platform at start-up."""

from __future__ import annotations


def register() -> None:
    """Called once from PeopleConfig.ready().

    The vault has no panel, report section or attention of its own: its files show on the
    page of what holds them (`people/_evidence_panel.html`), medical reports take their
    photographs through `services.evidence.evidence_read`, and key rotation finds its
    encrypted bytes through `vigil.core.keys.ENCRYPTED_FILES`.
    """
