from __future__ import annotations

from typing import Any

from django.core.mail import send_mail
from django.core.management.base import BaseCommand, CommandError, CommandParser

from vigil.core.audit import audit_verify
from vigil.core.checkpoints import checkpoint_write


class Command(BaseCommand):
    help = (
        "Audit chain tools: `verify` walks the keyed chain and checks it against the signed "
        "checkpoints (and an --anchor kept elsewhere); `checkpoint` writes one now."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="Walk the chain; exit 1 at the first problem.")
        verify.add_argument(
            "--anchor", default="", help="A head hash kept outside Vigil; it must be in the chain."
        )
        mark = sub.add_parser("checkpoint", help="Append a signed checkpoint of the head now.")
        mark.add_argument(
            "--email", default="", help="Also mail the checkpoint to this address (kept elsewhere)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "checkpoint":
            self._checkpoint(options["email"])
            return
        report = audit_verify(anchor=options["anchor"])
        if not report.ok:
            where = f" at event {report.broken_sequence}" if report.broken_sequence else ""
            raise CommandError(
                f"Audit chain BROKEN{where}: {report.problem}. {report.events} event(s) before "
                f"it are intact; last good hash {report.head_hash}."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Audit chain intact: {report.events} event(s), checked against "
                f"{report.checkpoints} signed checkpoint(s)."
            )
        )
        for note in report.notes:
            self.stdout.write(self.style.WARNING(note))
        self.stdout.write(f"Head hash: {report.head_hash}")
        self.stdout.write(
            "Keep this hash outside Vigil; later, `vigil audit verify --anchor HASH` proves the "
            "chain still holds it."
        )

    def _checkpoint(self, email: str) -> None:
        mark = checkpoint_write()
        if mark is None:
            self.stdout.write("The audit chain is empty: no checkpoint written.")
            return
        line = (
            f"sequence={mark.sequence} hash={mark.hash} at={mark.at} key={mark.key_id} "
            f"mac={mark.mac}"
        )
        self.stdout.write(f"Checkpoint written: {line}")
        if email:
            send_mail(
                subject=f"Vigil audit checkpoint {mark.sequence}",
                message=f"Keep this line outside the server:\n\n{line}\n",
                from_email=None,
                recipient_list=[email],
            )
            self.stdout.write(f"Mailed to {email}.")
