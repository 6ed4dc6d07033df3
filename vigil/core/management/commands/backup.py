"""`vigil backup FILE`: a consistent backup while Vigil runs; `--verify FILE` proves one."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from vigil.core import filestore
from vigil.core.backup.manifest import BackupRefused
from vigil.core.backup.restore import backup_verify
from vigil.core.backup.write import backup_write


class Command(BaseCommand):
    help = (
        "Write a backup of the database and the files beside it to FILE (never the keys), "
        "or with --verify, restore FILE into a temporary database and check it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The backup file to write (or to verify).")
        parser.add_argument(
            "--recipient",
            action="append",
            default=[],
            help="Encrypt to this age (age1…) or SSH public key; repeat for several.",
        )
        parser.add_argument(
            "--verify",
            action="store_true",
            help="Do not write: restore FILE into a temporary database and compare it.",
        )
        parser.add_argument(
            "--identity", type=Path, help="With --verify: the private key of an encrypted FILE."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            if options["verify"]:
                output = backup_verify(path, identity=options["identity"])
                self.stdout.write(output.strip())
                self.stdout.write(self.style.SUCCESS(f"{path} restores and verifies."))
                return
            manifest = backup_write(path, recipients=options["recipient"])
        except BackupRefused as error:
            raise CommandError(str(error)) from error
        head = manifest.audit_head
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written to {path}: {len(manifest.tables)} tables, "
                f"{sum(manifest.tables.values())} rows, {len(manifest.members)} files, audit "
                f"chain at event {head.get('sequence', 0)}"
                + (", encrypted." if options["recipient"] else " (not encrypted).")
            )
        )
        self.stdout.write(f"Audit head hash: {head.get('hash', '')}")
        if filestore.outside_database():
            self.stderr.write(
                "Evidence files and documents are kept in the S3 bucket (VIGIL_FILE_STORAGE=s3), "
                "not in this backup: back the bucket up with its versioning or replication "
                "(docs/operations.md, section 11)."
            )
