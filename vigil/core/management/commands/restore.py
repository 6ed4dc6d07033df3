"""`vigil restore FILE`: check a backup, load it, migrate, and verify the audit chain."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from vigil.core.backup.manifest import BackupRefused
from vigil.core.backup.restore import backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup written by `vigil backup`: refuses a file whose signature or "
        "checksums fail, or whose data the keys in the environment cannot read. Stop Vigil "
        "(server and worker) first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The backup file.")
        parser.add_argument(
            "--identity", type=Path, help="The age or SSH private key of an encrypted backup."
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Replace a database that already holds a Vigil (SQLite keeps a copy aside).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = backup_restore(
                options["file"], identity=options["identity"], replace=options["replace"]
            )
        except BackupRefused as error:
            raise CommandError(str(error)) from error
        manifest = report.manifest
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored the backup of {manifest.created_at}: {len(manifest.tables)} tables "
                f"equal to the backup; audit chain intact ({report.events} events, head "
                f"{report.head_hash})."
            )
        )
        for path in report.kept_aside:
            self.stdout.write(f"Kept aside what was replaced: {path}")
