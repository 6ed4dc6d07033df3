from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from vigil.core.services.retention import retention_run


class Command(BaseCommand):
    help = (
        "Retention of personal data: `run` deletes or anonymises what each institution keeps "
        "past its period (daily, from cron); `--dry-run` only counts."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        run = sub.add_parser("run", help="Apply every institution's retention periods.")
        run.add_argument("--dry-run", action="store_true", help="Count only; remove nothing.")
        run.add_argument(
            "--as-of", default="", help="Run as of this ISO date-time (catching up a missed day)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        now = None
        if options["as_of"]:
            try:
                now = datetime.fromisoformat(options["as_of"])
            except ValueError as error:
                raise CommandError("--as-of must be an ISO date-time.") from error
            if timezone.is_naive(now):
                now = timezone.make_aware(now)
        dry_run = options["dry_run"]
        summary = retention_run(now=now, dry_run=dry_run)
        verb = "would remove" if dry_run else "removed"
        for institution_id, kinds in summary.items():
            for kind, counts in kinds.items():
                held = ", ".join(f"{n} {why}" for why, n in counts["held"].items()) or "none"
                self.stdout.write(
                    f"institution {institution_id} · {kind}: {verb} {counts['removed']}; "
                    f"held back: {held}"
                )
        self.stdout.write("Dry run: nothing was removed." if dry_run else "Retention run done.")
