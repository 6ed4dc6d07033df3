"""Factories and personas for tests of every app."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

import factory
from allauth.account.models import EmailAddress
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from vigil.core import crypto
from vigil.core.models import GeneratedDocument, Institution, Job, Membership, StoredUpload, User
from vigil.core.roles import Role

PASSWORD = "correct-horse-battery-staple"


class InstitutionFactory(factory.django.DjangoModelFactory[Institution]):
    class Meta:
        model = Institution

    name = factory.Sequence(lambda n: f"Institution {n}")
    country = "Republic of Meridia"
    kind = Institution.Kind.BOTH
    time_zone = "Asia/Manila"
    languages = factory.LazyFunction(lambda: ["en"])


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Sequence(lambda n: f"Person {n}")

    @factory.post_generation
    def password(obj: User, create: bool, extracted: str | None, **kwargs: object) -> None:
        obj.set_password(extracted or PASSWORD)
        if create:
            obj.save(update_fields=["password"])
            EmailAddress.objects.create(user=obj, email=obj.email, primary=True, verified=True)


class MembershipFactory(factory.django.DjangoModelFactory[Membership]):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    institution = factory.SubFactory(InstitutionFactory)
    role = Role.MONITOR


class JobFactory(factory.django.DjangoModelFactory[Job]):
    """A job row as its starter left it (no audit event: tests count those)."""

    class Meta:
        model = Job

    created_by = factory.SubFactory(UserFactory)
    institution = factory.SubFactory(InstitutionFactory)
    kind = "core.import"
    title = "Places from a file"


class StoredUploadFactory(factory.django.DjangoModelFactory[StoredUpload]):
    class Meta:
        model = StoredUpload

    uploaded_by = factory.SubFactory(UserFactory)
    institution = factory.SubFactory(InstitutionFactory)
    filename = "custody-register.csv"
    content = b"code,name\nP1,Central prison\n"


class GeneratedDocumentFactory(factory.django.DjangoModelFactory[GeneratedDocument]):
    """A stored document whose `content` (plain bytes given here) is kept encrypted."""

    class Meta:
        model = GeneratedDocument
        skip_postgeneration_save = True

    created_by = factory.SubFactory(UserFactory)
    institution = factory.SubFactory(InstitutionFactory)
    title = "Report"
    filename = "report.pdf"
    content_type = "application/pdf"
    audience = "internal"

    @factory.post_generation
    def content(
        obj: GeneratedDocument, create: bool, extracted: bytes | None, **kw: object
    ) -> None:
        obj.content = crypto.encrypt_bytes(extracted or b"%PDF-1.7", context=obj.encryption_context)
        if create:
            obj.save(update_fields=["content"])


@dataclass
class Personas:
    institution_a: Institution
    institution_b: Institution
    admin: Membership
    monitor: Membership
    investigator: Membership
    analyst: Membership
    viewer: Membership
    monitor_b: Membership

    def all_of_a(self) -> list[Membership]:
        return [self.admin, self.monitor, self.investigator, self.analyst, self.viewer]


def make_personas() -> Personas:
    a = InstitutionFactory.create(name="Institution A")
    b = InstitutionFactory.create(name="Institution B", time_zone="Pacific/Auckland")

    def member(institution: Institution, role: Role, email: str) -> Membership:
        user = UserFactory.create(email=email, full_name=f"{role.label} of {institution.name}")
        return MembershipFactory.create(user=user, institution=institution, role=role)

    return Personas(
        institution_a=a,
        institution_b=b,
        admin=member(a, Role.ADMIN, "admin@a.example"),
        monitor=member(a, Role.MONITOR, "monitor@a.example"),
        investigator=member(a, Role.INVESTIGATOR, "investigator@a.example"),
        analyst=member(a, Role.ANALYST, "analyst@a.example"),
        viewer=member(a, Role.VIEWER, "viewer@a.example"),
        monitor_b=member(b, Role.MONITOR, "monitor@b.example"),
    )


def institution_today(institution: Institution) -> date:
    """Today in the institution's time zone, which is how its pages read and check dates
    (Manila is already tomorrow after 16:00 UTC)."""
    return timezone.localdate(timezone=ZoneInfo(institution.time_zone))


def client_for(membership: Membership, *, mfa_done: bool = True) -> Client:
    """A logged-in client acting in the membership's institution.

    `mfa_done` marks the session as past the MFA gate; tests of MFA itself pass False.
    """
    from vigil.core.middleware import SESSION_INSTITUTION, SESSION_MFA_OK

    client = Client()
    client.force_login(membership.user)
    session = client.session
    session[SESSION_INSTITUTION] = membership.institution_id
    if mfa_done:
        session[SESSION_MFA_OK] = True
    session.save()
    return client


def run_background_jobs() -> None:
    """Run every queued task with the real database worker, as `vigil db_worker` does, then return.

    Jobs are queued when their transaction commits, so tests that run them use a
    transactional database (`transactional_db`).
    """
    from django.core.management import call_command

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def stored_document(job: Job) -> GeneratedDocument:
    """Run the queued jobs; `job` must have succeeded, storing the one document it answers."""
    run_background_jobs()
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED, job.message
    document = GeneratedDocument.objects.get()
    assert job.result == {
        "document": document.pk,
        "download_url": reverse("core:document_download", args=[document.pk]),
    }
    return document
