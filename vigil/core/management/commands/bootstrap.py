from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from vigil.core.models import Institution, User
from vigil.core.roles import Role
from vigil.core.services import institutions as services


class Command(BaseCommand):
    help = (
        "Create an institution and its first administrator, and print the one-time link "
        "with which the administrator chooses a password."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--institution", required=True, help="Name of the institution.")
        parser.add_argument("--country", required=True)
        parser.add_argument("--kind", choices=Institution.Kind.values, default="both")
        parser.add_argument("--time-zone", default="UTC", help="e.g. Asia/Ulaanbaatar")
        parser.add_argument(
            "--languages",
            default="en",
            help=(
                "Comma-separated codes of shipped languages (en fr es ru ar mn id th fil ko) "
                "its documents are written in; the first is the default interface language."
            ),
        )
        parser.add_argument("--admin-email", required=True)
        parser.add_argument("--admin-name", required=True)
        parser.add_argument(
            "--base-url",
            required=True,
            help="Address users reach Vigil at, e.g. https://vigil.example.org",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        email = options["admin_email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise CommandError(f"--admin-email: an account for {email} already exists.")
        try:
            with transaction.atomic():
                institution = services.institution_create(
                    name=options["institution"],
                    country=options["country"],
                    kind=options["kind"],
                    time_zone=options["time_zone"],
                    languages=[c.strip() for c in options["languages"].split(",") if c.strip()],
                )
                user = services.user_create(
                    email=email, full_name=options["admin_name"], password=None
                )
                services.membership_add(user=user, institution=institution, role=Role.ADMIN)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        link = services.invitation_url(user=user, base_url=options["base_url"])
        self.stdout.write(self.style.SUCCESS(f"Created {institution} with administrator {email}."))
        self.stdout.write("Give the administrator this one-time link to choose a password:")
        self.stdout.write(f"  {link}")
        self.stdout.write("At first sign-in they must set up two-factor authentication.")
