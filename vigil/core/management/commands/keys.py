from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from vigil.core import crypto
from vigil.core.keys import keys_rotate, values_not_on_active_key


class Command(BaseCommand):
    help = "Data key tools: `generate` a new key, `rotate` every value to the active key."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        gen = sub.add_parser("generate", help="Print a new random key for VIGIL_DATA_KEYS.")
        gen.add_argument("--id", default="k1", help="Key id to print in front of the key.")
        rotate = sub.add_parser("rotate", help="Re-encrypt every value with the first key.")
        rotate.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "generate":
            self.stdout.write(f"{options['id']}:{crypto.new_key()}")
            return
        active = crypto.key_ring().active_id
        self.stdout.write(f"Re-encrypting with key {active!r}…")
        totals: dict[str, int] = {}
        for progress in keys_rotate(batch_size=options["batch_size"]):
            totals[progress.label] = totals.get(progress.label, 0) + progress.rotated
            self.stdout.write(f"  {progress.label}: {totals[progress.label]} value(s)")
        left = values_not_on_active_key()
        self.stdout.write(
            self.style.SUCCESS(
                f"Done: {sum(totals.values())} value(s) re-encrypted; {left} left on older keys."
            )
        )
        if left == 0:
            self.stdout.write("Older keys can now be removed from VIGIL_DATA_KEYS.")
