"""Panels, jobs, demo steps and other registrations of the risk app."""

from __future__ import annotations


def register() -> None:
    """Called once from RiskConfig.ready()."""
