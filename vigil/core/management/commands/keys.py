from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from vigil.core import crypto
from vigil.core.keys import Damage, damaged_values, keys_rotate, values_not_on_active_key


class Command(BaseCommand):
    help = (
        "Data key tools: `generate` a new key, `rotate` every value to the active key, "
        "`check` that every stored value can still be read."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        gen = sub.add_parser("generate", help="Print a new random key for VIGIL_DATA_KEYS.")
        gen.add_argument("--id", default="k1", help="Key id to print in front of the key.")
        rotate = sub.add_parser("rotate", help="Re-encrypt every value with the first key.")
        rotate.add_argument("--batch-size", type=int, default=500)
        sub.add_parser("check", help="Name every stored value that no key can read.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "generate":
            self.stdout.write(f"{options['id']}:{crypto.new_key()}")
        elif options["action"] == "check":
            self._check()
        else:
            self._rotate(options["batch_size"])

    def _name(self, damage: Damage) -> str:
        return f"  {damage.label} pk={damage.pk}: {damage.reason}"

    def _check(self) -> None:
        damaged = 0
        for damage in damaged_values():
            damaged += 1
            self.stdout.write(self._name(damage))
        if damaged:
            # A non-zero exit, so a scheduled check can alert the operator.
            raise CommandError(f"{damaged} stored value(s) cannot be read (damaged).")
        self.stdout.write(self.style.SUCCESS("Every stored value can be read."))

    def _rotate(self, batch_size: int) -> None:
        active = crypto.key_ring().active_id
        self.stdout.write(f"Re-encrypting with key {active!r}…")
        totals: dict[str, int] = {}
        damaged: list[Damage] = []
        for progress in keys_rotate(batch_size=batch_size):
            totals[progress.label] = totals.get(progress.label, 0) + progress.rotated
            damaged += progress.damaged
            self.stdout.write(f"  {progress.label}: {totals[progress.label]} value(s)")
        left = values_not_on_active_key() - len(damaged)
        self.stdout.write(
            self.style.SUCCESS(
                f"Done: {sum(totals.values())} value(s) re-encrypted; {left} left on older keys."
            )
        )
        if damaged:
            self.stdout.write(
                self.style.WARNING(f"{len(damaged)} damaged value(s) left as they are:")
            )
            for damage in damaged:
                self.stdout.write(self._name(damage))
        elif left == 0:
            self.stdout.write("Older keys can now be removed from VIGIL_DATA_KEYS.")
