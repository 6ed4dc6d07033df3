"""What the protection gaps plug into the platform: the job that writes their PDF."""

from __future__ import annotations


def register() -> None:
    """Called from vigil.risk.plugins.register()."""
    from vigil.core.jobs import register_job
    from vigil.risk.gaps_report import GAPS_JOB, generate_gaps_report

    register_job(GAPS_JOB, generate_gaps_report)
