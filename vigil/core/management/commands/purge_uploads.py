from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from vigil.core.services.uploads import UPLOAD_PURGE_BATCH_SIZE, uploads_purge


class Command(BaseCommand):
    help = (
        "Delete files uploaded for imports that are older than --older-than-days (30) and that "
        "no queued or running import still needs. Run it daily (cron or a systemd timer)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--older-than-days",
            type=int,
            default=30,
            help="Delete uploads older than this many days (default 30).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Only count the uploads that would be deleted; delete nothing.",
        )
        parser.add_argument("--batch-size", type=int, default=UPLOAD_PURGE_BATCH_SIZE)

    def handle(self, *args: Any, **options: Any) -> None:
        days, dry_run = options["older_than_days"], options["dry_run"]
        if days < 0:
            raise CommandError("--older-than-days must be 0 or more.")
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be 1 or more.")
        count = uploads_purge(
            older_than_days=days, dry_run=dry_run, batch_size=options["batch_size"]
        )
        if dry_run:
            self.stdout.write(
                f"Dry run: {count} upload(s) older than {days} day(s) would be deleted."
            )
        else:
            self.stdout.write(f"Deleted {count} upload(s) older than {days} day(s).")
