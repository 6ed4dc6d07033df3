from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from vigil.recommendations.services.reminders import reminders_send


class Command(BaseCommand):
    help = (
        "Create in-app reminders and send e-mails about recommendations due soon, overdue, or "
        "awaiting a response. Run it daily (cron or a systemd timer); an event is never "
        "reminded twice."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--today",
            help="Run as if it were this day (YYYY-MM-DD), e.g. to catch up a missed run.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            today = date.fromisoformat(options["today"]) if options["today"] else None
        except ValueError as error:
            raise CommandError("--today must be a date: YYYY-MM-DD.") from error
        counts = reminders_send(today=today)
        self.stdout.write(
            "Reminders created: {due_soon} due soon, {overdue} overdue, "
            "{response_awaited} response awaited; e-mails sent: {emails}, failed: "
            "{email_failures}.".format(**counts)
        )
        if counts["email_failures"]:
            raise CommandError(
                f"{counts['email_failures']} e-mail(s) could not be sent; see the log."
            )
