from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from vigil.core.audit import audit_verify


class Command(BaseCommand):
    help = "Audit chain tools. `vigil audit verify` checks that no event was altered."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("verify", help="Walk the chain; exit 1 at the first broken event.")

    def handle(self, *args: Any, **options: Any) -> None:
        report = audit_verify()
        if not report.ok:
            raise CommandError(
                f"Audit chain BROKEN at event {report.broken_sequence}: {report.problem}. "
                f"{report.events} event(s) before it are intact; last good hash {report.head_hash}."
            )
        self.stdout.write(self.style.SUCCESS(f"Audit chain intact: {report.events} event(s)."))
        self.stdout.write(f"Head hash: {report.head_hash}")
        self.stdout.write("Keep this hash outside Vigil: a later verify must extend it.")
