from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from vigil.core.demo.builder import demo_is_loaded, demo_load, demo_logins
from vigil.core.demo.content import DEMO_PASSWORD


class Command(BaseCommand):
    help = "Create the fictional demo institutions, people and records, and print the logins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Load only when the database holds no institution; otherwise just print logins.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("Demo data is refused in production mode (VIGIL_MODE=production).")
        if demo_is_loaded():
            if not options["if_empty"]:
                raise CommandError(
                    "The database already holds data; demo data loads only into an empty one."
                )
        else:
            demo_load()
            self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        self.stdout.write(f"\nDemo logins (password for all: {DEMO_PASSWORD})")
        for email, institution, role in demo_logins():
            self.stdout.write(f"  {email:<28} {role:<20} {institution}")
