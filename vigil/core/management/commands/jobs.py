from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from vigil.core.jobs import jobs_recover


class Command(BaseCommand):
    help = (
        "Background jobs: `recover` marks failed every running job whose worker stopped "
        "beating (VIGIL_JOB_STALE_SECONDS), so that its owner can start it again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("recover", help="Mark failed the running jobs whose worker stopped.")

    def handle(self, *args: Any, **options: Any) -> None:
        marked = jobs_recover()
        self.stdout.write(
            f"Marked {marked} job(s) failed: silent for more than "
            f"{settings.VIGIL_JOB_STALE_SECONDS:g} seconds."
        )
