from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from vigil.search.services import index_rebuild


class Command(BaseCommand):
    help = "Full-text search tools: `rebuild` writes the search index again from the records."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        rebuild = sub.add_parser("rebuild", help="Write the whole index again (one institution).")
        rebuild.add_argument(
            "--institution", type=int, default=None, help="Only this institution's records (id)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        written = index_rebuild(institution_id=options["institution"])
        for kind, count in written.items():
            self.stdout.write(f"{kind}: {count}")
        self.stdout.write(
            self.style.SUCCESS(f"Search index rebuilt: {sum(written.values())} records.")
        )
