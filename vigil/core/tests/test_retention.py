"""Retention periods of an institution, and the run past them for uploads and generated
documents: the rows (which hold the encrypted files) are gone, a job's upload is held, and
one audited summary per institution counts what went."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from vigil.core.audit import audit_verify
from vigil.core.models import AuditEvent, GeneratedDocument, Job, StoredUpload
from vigil.core.retention import retention_periods
from vigil.core.roles import Role
from vigil.core.selectors import retention_preview
from vigil.core.services.retention import retention_periods_set, retention_run, retention_task
from vigil.core.tests.factories import (
    GeneratedDocumentFactory,
    JobFactory,
    MembershipFactory,
    Personas,
    StoredUploadFactory,
    client_for,
)

pytestmark = pytest.mark.django_db


def _upload(personas: Personas, institution: object = None) -> StoredUpload:
    return StoredUploadFactory.create(
        institution=institution or personas.institution_a, uploaded_by=personas.admin.user
    )


def _document(personas: Personas) -> GeneratedDocument:
    return GeneratedDocumentFactory.create(
        institution=personas.institution_a, created_by=personas.admin.user, title="Secret of A"
    )


def _summary(personas: Personas) -> dict[str, object]:
    event = AuditEvent.objects.filter(
        action="retention.applied", institution=personas.institution_a
    ).latest("sequence")
    return event.details["kinds"]


def test_the_admin_sets_the_periods_and_the_change_is_audited(personas: Personas) -> None:
    client = client_for(personas.admin)
    url = reverse("core:retention_settings")
    assert client.get(url).status_code == 200
    data = {"uploads": "7", "documents": "90", "interview_notes": "", "identities": "730"}
    data |= {"evidence": "3650", "medical": "3650"}
    assert client.post(url, data).status_code == 302
    periods = retention_periods(personas.institution_a.pk)
    assert periods["uploads"] == 7 and periods["interview_notes"] is None
    assert AuditEvent.objects.filter(action="retention.periods_set").exists()
    # Institution B keeps its own defaults.
    assert retention_periods(personas.institution_b.pk)["documents"] is None


def test_a_bad_period_names_the_field_and_changes_nothing(personas: Personas) -> None:
    response = client_for(personas.admin).post(
        reverse("core:retention_settings"), {"uploads": "-3", "documents": "many"}
    )
    assert response.status_code == 400
    assert "uploads" in response.context["form"].errors
    assert "documents" in response.context["form"].errors
    assert retention_periods(personas.institution_a.pk)["uploads"] == 30


def test_only_administrators_set_periods(personas: Personas) -> None:
    for member in (personas.monitor, personas.investigator, personas.analyst):
        assert client_for(member).get(reverse("core:retention_settings")).status_code == 403


def test_past_the_periods_uploads_and_documents_are_gone(personas: Personas) -> None:
    retention_periods_set(actor=personas.admin, periods={"uploads": 30, "documents": 90})
    upload, document = _upload(personas), _document(personas)
    upload_of_b = _upload(personas, personas.institution_b)
    retention_run(now=timezone.now() + timedelta(days=31))
    assert not StoredUpload.objects.filter(pk=upload.pk).exists()
    assert GeneratedDocument.objects.filter(pk=document.pk).exists()
    # B keeps uploads 30 days too (the default), and its own summary is its own.
    assert not StoredUpload.objects.filter(pk=upload_of_b.pk).exists()

    retention_run(now=timezone.now() + timedelta(days=91))
    assert not GeneratedDocument.objects.filter(pk=document.pk).exists()
    assert _summary(personas)["documents"] == {"removed": 1, "held": {}}
    assert "Secret of A" not in str(_summary(personas))
    assert audit_verify().ok


def test_an_upload_a_job_still_needs_is_held_back(personas: Personas) -> None:
    upload = _upload(personas)
    JobFactory.create(
        institution=personas.institution_a,
        status=Job.Status.QUEUED,
        params={"upload": upload.pk},
        created_by=personas.admin.user,
    )
    retention_run(now=timezone.now() + timedelta(days=31))
    assert StoredUpload.objects.filter(pk=upload.pk).exists()
    assert _summary(personas)["uploads"] == {"removed": 0, "held": {"in_use": 1}}


def test_the_command_and_the_task_run_the_same_retention(personas: Personas) -> None:
    upload = _upload(personas)
    out = io.StringIO()
    as_of = (timezone.now() + timedelta(days=31)).isoformat()
    call_command("retention", "run", "--dry-run", "--as-of", as_of, stdout=out)
    assert "would remove 1" in out.getvalue()
    assert StoredUpload.objects.filter(pk=upload.pk).exists()
    retention_task.call(now=as_of)
    assert not StoredUpload.objects.filter(pk=upload.pk).exists()


def test_the_preview_shows_what_expires_within_30_days(personas: Personas) -> None:
    retention_periods_set(actor=personas.admin, periods={"documents": 20})
    document = _document(personas)
    kinds = {k.rule.key: k for k in retention_preview(actor=personas.admin, now=timezone.now())}
    assert kinds["documents"].count == 1
    assert kinds["documents"].records[0][0] == f"Document {document.pk}"
    body = client_for(personas.admin).get(reverse("core:retention_expiring")).content.decode()
    assert f"Document {document.pk}" in body
    assert "Secret of A" not in body


def test_another_institutions_admin_sees_nothing_of_ours(personas: Personas) -> None:
    retention_periods_set(actor=personas.admin, periods={"documents": 20})
    document = _document(personas)
    admin_b = MembershipFactory.create(institution=personas.institution_b, role=Role.ADMIN)
    kinds = {k.rule.key: k for k in retention_preview(actor=admin_b, now=timezone.now())}
    assert kinds["documents"].days is None and kinds["documents"].count == 0
    body = client_for(admin_b).get(reverse("core:retention_expiring")).content.decode()
    assert f"Document {document.pk}" not in body
    settings_page = client_for(admin_b).get(reverse("core:retention_settings"))
    assert settings_page.context["form"].initial["documents"] is None


def test_the_admins_home_page_says_when_data_expires_soon(personas: Personas) -> None:
    home = reverse("core:home")
    assert "expire" not in client_for(personas.admin).get(home).content.decode()
    retention_periods_set(actor=personas.admin, periods={"documents": 20})
    _document(personas)
    assert (
        "1 record of personal data expires" in client_for(personas.admin).get(home).content.decode()
    )
    assert "expires" not in client_for(personas.monitor).get(home).content.decode()
