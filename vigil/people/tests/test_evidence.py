"""The evidence vault: files in through the pages, checked, stripped, hashed and encrypted;
files out only to those who need to know, each time with an audit event."""

from __future__ import annotations

import base64
import hashlib
import io
import os
import zoneinfo

import pytest
from django.core.management import call_command
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from vigil.core import crypto
from vigil.core.keys import rotation_targets, values_not_on_active_key
from vigil.core.models import AuditEvent
from vigil.core.roles import Role
from vigil.core.tests.factories import MembershipFactory, client_for
from vigil.people.models import Evidence
from vigil.people.services import evidence as services
from vigil.people.tests.factories import (
    CaseFactory,
    ExaminationFactory,
    InterviewFactory,
    jpeg_with_gps,
    png_bytes,
)
from vigil.people.tests.factories_evidence import (
    MB,
    evidence_in,
    html_page,
    lying_zip_bomb,
    pdf_bytes,
    svg_with_script,
    upload,
    zip_bomb,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(personas):
    return CaseFactory.create(
        institution=personas.institution_a,
        received_by=personas.investigator.user,
        team=[personas.investigator],
    )


@pytest.fixture
def upload_dir(settings, tmp_path):
    """Where Django would spill uploads to disk: must stay empty, evidence never lands there."""
    folder = tmp_path / "uploads"
    folder.mkdir()
    settings.FILE_UPLOAD_TEMP_DIR = str(folder)
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024  # anything bigger would go to a temporary file
    return folder


def _add(client: Client, case, name: str, data: bytes, description: str = ""):
    return client.post(
        reverse("people:case_evidence_add", kwargs={"case_id": case.pk}),
        {"file": upload(name, data), "description": description},
    )


def _traces() -> tuple[int, int]:
    return Evidence.objects.count(), AuditEvent.objects.count()


def _noise_png(side: int) -> bytes:
    # Random pixels do not compress: the file is about side * side * 3 bytes.
    buffer = io.BytesIO()
    Image.frombytes("RGB", (side, side), os.urandom(side * side * 3)).save(buffer, format="PNG")
    return buffer.getvalue()


# --- intake -----------------------------------------------------------------------------


def test_jpeg_with_gps_comes_out_without_it_and_the_original_hash_is_recorded(
    personas, case, upload_dir
):
    original = jpeg_with_gps()
    with Image.open(io.BytesIO(original)) as sent:
        assert sent.getexif().get(0x8825)  # the factory really planted GPS
    client = client_for(personas.investigator)
    response = _add(client, case, "IMG_0042 at the station.jpg", original, "Bruised forearm.")
    evidence = Evidence.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("people:evidence_detail", args=[evidence.pk])
    assert evidence.sha256_original == hashlib.sha256(original).hexdigest()
    assert evidence.metadata_stripped and evidence.kind == Evidence.Kind.PHOTO
    assert evidence.stored_name == "E-00001.jpg"
    assert evidence.original_name == "IMG_0042 at the station.jpg"
    assert evidence.description == "Bruised forearm."

    download = client.get(reverse("people:evidence_download", args=[evidence.pk]))
    kept = download.content
    assert hashlib.sha256(kept).hexdigest() == evidence.sha256_stored != evidence.sha256_original
    with Image.open(io.BytesIO(kept)) as image:
        assert image.format == "JPEG" and image.size == (16, 16)
        assert not image.getexif()  # no EXIF at all, so no GPS and no camera model
        assert "exif" not in image.info
    assert b"Fictional Camera" not in kept
    assert not list(upload_dir.iterdir())


def test_png_is_kept_and_downloads_as_sent(personas, case):
    data = png_bytes((20, 10))
    client = client_for(personas.investigator)
    assert _add(client, case, "photo.png", data).status_code == 302
    evidence = Evidence.objects.get()
    assert (evidence.content_type, evidence.stored_name) == ("image/png", "E-00001.png")
    download = client.get(reverse("people:evidence_download", args=[evidence.pk]))
    assert download.content == data
    assert evidence.sha256_original == evidence.sha256_stored == hashlib.sha256(data).hexdigest()


def test_documents_and_later_files_get_the_next_server_chosen_name(personas, case):
    client = client_for(personas.investigator)
    _add(client, case, "first.png", png_bytes())
    _add(client, case, "../../etc/passwd.pdf", pdf_bytes())
    names = sorted(Evidence.objects.values_list("stored_name", flat=True))
    assert names == ["E-00001.png", "E-00002.pdf"]
    pdf = Evidence.objects.get(stored_name="E-00002.pdf")
    response = client.get(reverse("people:evidence_download", args=[pdf.pk]))
    assert response["Content-Disposition"] == 'attachment; filename="E-00002.pdf"'


@pytest.mark.parametrize(
    ("name", "make", "message"),
    [
        ("drawing.svg", svg_with_script, "SVG images are not accepted"),
        ("photo.png", html_page, "Its content decides, not its name"),
        ("statement.docx", zip_bomb, "zip bomb"),
        ("statement.docx", lying_zip_bomb, "zip bomb"),
    ],
    ids=["svg-with-script", "html-named-png", "zip-bomb", "zip-bomb-lying-in-its-headers"],
)
def test_dangerous_files_are_refused_with_a_clear_message_and_leave_nothing(
    personas, case, upload_dir, name, make, message
):
    client = client_for(personas.investigator)
    before = _traces()
    response = _add(client, case, name, make())
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert list(errors) == ["file"] and message in errors["file"][0]
    assert message in response.content.decode()
    assert _traces() == before
    assert not list(upload_dir.iterdir())


def test_a_file_over_the_configured_size_is_refused_while_it_is_read(
    personas, case, settings, upload_dir
):
    settings.VIGIL_EVIDENCE_MAX_BYTES = 50_000
    big = _noise_png(140)
    assert len(big) > 50_000
    client = client_for(personas.investigator)
    before = _traces()
    response = _add(client, case, "big.png", big)
    assert response.status_code == 400
    assert response.context["form"].errors["file"] == [
        "The file is larger than 48.8\xa0KB; files up to that size are accepted."
    ]
    assert _traces() == before
    assert not list(upload_dir.iterdir())
    # Exactly the limit is accepted; one byte more is not.
    at_limit = pdf_bytes().ljust(50_000, b" ")
    assert _add(client, case, "limit.pdf", at_limit).status_code == 302
    assert _add(client, case, "over.pdf", at_limit + b" ").status_code == 400
    assert Evidence.objects.count() == 1


def test_only_the_file_field_is_read_and_several_parts_cannot_add_up_past_the_limit(
    personas, case, settings
):
    settings.VIGIL_EVIDENCE_MAX_BYTES = 50_000
    url = reverse("people:case_evidence_add", kwargs={"case_id": case.pk})
    client = client_for(personas.investigator)
    half = pdf_bytes().ljust(30_000, b" ")
    response = client.post(url, {"file": [upload("a.pdf", half), upload("b.pdf", half)]})
    assert (
        response.status_code == 400 and "larger than" in response.context["form"].errors["file"][0]
    )
    assert not Evidence.objects.exists()
    decoy = upload("decoy.png", _noise_png(140))
    response = client.post(url, {"decoy": decoy, "file": upload("photo.png", png_bytes())})
    assert response.status_code == 302
    assert Evidence.objects.get().content_type == "image/png"


def test_the_default_limit_lets_a_file_bigger_than_djangos_memory_limits_through(
    personas, case, settings
):
    assert settings.VIGIL_EVIDENCE_MAX_BYTES == 25 * MB
    large = pdf_bytes().ljust(3 * MB, b" ")  # beyond DATA_UPLOAD_ and FILE_UPLOAD_MAX_MEMORY_SIZE
    client = client_for(personas.investigator)
    assert _add(client, case, "scan.pdf", large).status_code == 302
    assert Evidence.objects.get().size == 3 * MB
    too_large = _add(client, case, "huge.pdf", large.ljust(25 * MB + 1, b" "))
    assert too_large.status_code == 400
    assert "larger than 25.0\xa0MB" in too_large.context["form"].errors["file"][0]
    assert Evidence.objects.count() == 1


def test_the_service_refuses_oversized_bytes_too(personas, case, settings):
    from django.core.exceptions import ValidationError

    settings.VIGIL_EVIDENCE_MAX_BYTES = 1000
    with pytest.raises(ValidationError) as refused:
        services.evidence_add(actor=personas.investigator, holder=case, data=pdf_bytes() * 100)
    assert "larger than" in refused.value.message_dict["file"][0]
    assert not Evidence.objects.exists()


def test_a_missing_file_names_the_field(personas, case):
    client = client_for(personas.investigator)
    response = client.post(reverse("people:case_evidence_add", kwargs={"case_id": case.pk}), {})
    assert response.context["form"].errors["file"] == ["Choose the file to add."]
    assert not Evidence.objects.exists()


def test_the_upload_form_keeps_its_csrf_protection(personas, case):
    client = client_for(personas.investigator)
    client.handler.enforce_csrf_checks = True
    response = _add(client, case, "photo.png", png_bytes())
    assert response.status_code == 403
    assert not Evidence.objects.exists()


def test_the_upload_form_says_what_is_accepted(personas, case):
    response = client_for(personas.investigator).get(
        reverse("people:case_evidence_add", kwargs={"case_id": case.pk})
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in page
    assert "up to 25.0\xa0MB" in page and 'accept=".jpg' in page


def test_interviewers_add_files_to_their_interview_and_examiners_to_their_examination(
    personas, case
):
    interview = InterviewFactory.create(
        visit__place__institution=personas.institution_a, visit__created_by=personas.monitor.user
    )
    monitor = client_for(personas.monitor)
    response = monitor.post(
        reverse("people:interview_evidence_add", kwargs={"interview_id": interview.pk}),
        {"file": upload("note.pdf", pdf_bytes())},
    )
    assert response.status_code == 302
    assert Evidence.objects.get(interview=interview).uploaded_by == personas.monitor.user

    examination = ExaminationFactory.create(case=case, examiner=personas.monitor.user)
    response = monitor.post(
        reverse("people:examination_evidence_add", kwargs={"examination_id": examination.pk}),
        {"file": upload("mark.png", png_bytes())},
    )
    assert response.status_code == 302
    assert Evidence.objects.get(examination=examination).kind == Evidence.Kind.PHOTO
    # The investigator sees neither the interview nor anything of it.
    investigator = client_for(personas.investigator)
    url = reverse("people:interview_evidence_add", kwargs={"interview_id": interview.pk})
    assert investigator.get(url).status_code == 404


# --- need to know -------------------------------------------------------------------------


def test_an_investigator_not_on_the_case_gets_404_on_its_files(personas, case):
    evidence = evidence_in(case, data=jpeg_with_gps())
    colleague = MembershipFactory.create(
        institution=personas.institution_a,
        role=Role.INVESTIGATOR,
        user__email="colleague@a.example",
    )
    for outsider in (colleague, personas.monitor, personas.analyst, personas.monitor_b):
        client = client_for(outsider)
        for name in ("people:evidence_detail", "people:evidence_view", "people:evidence_download"):
            assert client.get(reverse(name, args=[evidence.pk])).status_code == 404, name
        add = reverse("people:case_evidence_add", kwargs={"case_id": case.pk})
        assert client.post(add, {"file": upload("x.png", png_bytes())}).status_code == 404
    assert not AuditEvent.objects.filter(
        target_type="people.evidence", target_id=str(evidence.pk)
    ).exists()
    assert Evidence.objects.count() == 1


def test_every_view_and_download_leaves_an_audit_event(personas, case):
    evidence = evidence_in(case, data=jpeg_with_gps())
    client = client_for(personas.investigator)

    def trail() -> list[str]:
        return list(
            AuditEvent.objects.filter(target_type="people.evidence", target_id=str(evidence.pk))
            .order_by("sequence")
            .values_list("action", flat=True)
        )

    client.get(reverse("people:evidence_detail", args=[evidence.pk]))
    client.get(reverse("people:evidence_view", args=[evidence.pk]))
    client.get(reverse("people:evidence_download", args=[evidence.pk]))
    client.get(reverse("people:evidence_download", args=[evidence.pk]))
    # One event per reading: the preview and the download are reads in their own name.
    assert trail() == [
        "record.read",
        "evidence.viewed",
        "evidence.downloaded",
        "evidence.downloaded",
    ]
    last = AuditEvent.objects.filter(action="evidence.downloaded").latest("sequence")
    assert last.actor == personas.investigator.user
    assert last.institution == personas.institution_a
    assert last.details == {"sha256_stored": evidence.sha256_stored}


def test_download_and_preview_are_sent_so_no_browser_runs_them(personas, case):
    photo = evidence_in(case, data=jpeg_with_gps())
    document = evidence_in(case, data=pdf_bytes())
    client = client_for(personas.investigator)

    download = client.get(reverse("people:evidence_download", args=[photo.pk]))
    assert download["Content-Disposition"] == f'attachment; filename="{photo.stored_name}"'
    assert download["Content-Type"] == "image/jpeg"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Cache-Control"] == "no-store"

    view = client.get(reverse("people:evidence_view", args=[photo.pk]))
    assert view.status_code == 200 and view["Content-Type"] == "image/jpeg"
    assert view["Content-Disposition"].startswith("inline")
    assert view["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert view["X-Content-Type-Options"] == "nosniff" and view["Cache-Control"] == "no-store"

    before = AuditEvent.objects.filter(action="evidence.viewed").count()
    assert client.get(reverse("people:evidence_view", args=[document.pk])).status_code == 404
    assert AuditEvent.objects.filter(action="evidence.viewed").count() == before


def test_the_detail_page_shows_the_file_and_its_chain_of_custody_in_local_time(personas, case):
    personas.institution_a.time_zone = "Asia/Ulaanbaatar"
    personas.institution_a.save(update_fields=["time_zone"])
    client = client_for(personas.investigator)
    _add(client, case, "arm.jpg", jpeg_with_gps())
    evidence = Evidence.objects.get()
    client.get(reverse("people:evidence_download", args=[evidence.pk]))
    page = client.get(reverse("people:evidence_detail", args=[evidence.pk])).content.decode()
    for shown in (
        evidence.stored_name,
        "image/jpeg",
        evidence.sha256_original,
        evidence.sha256_stored,
        "location, camera and other details were removed",
        "Received and sealed",
        "Downloaded",
        personas.investigator.user.full_name,
        reverse("people:evidence_view", args=[evidence.pk]),
        reverse("people:evidence_download", args=[evidence.pk]),
        case.reference,
        reverse("people:case_detail", kwargs={"case_id": case.pk}),
    ):
        assert shown in page, shown
    received = AuditEvent.objects.get(action="evidence.received")
    local = timezone.localtime(received.created_at, zoneinfo.ZoneInfo("Asia/Ulaanbaatar"))
    assert f"{local:%H:%M:%S} +08" in page


def test_the_detail_page_needs_the_same_queries_however_long_the_chain(personas, case):
    evidence = evidence_in(case, data=png_bytes())
    client = client_for(personas.investigator)
    url = reverse("people:evidence_detail", args=[evidence.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as short_chain:
        client.get(url)
    for _ in range(30):
        client.get(reverse("people:evidence_download", args=[evidence.pk]))
    with CaptureQueriesContext(connection) as long_chain:
        response = client.get(url)
    assert response.context["page"].paginator.count > 30  # one event per download
    assert len(long_chain.captured_queries) == len(short_chain.captured_queries) <= 20


def test_the_panel_lists_files_with_links(personas, case):
    evidence = evidence_in(case, data=png_bytes())
    html = render_to_string(
        "people/_evidence_panel.html", {"evidence_items": [evidence], "add_url": "/add/"}
    )
    assert reverse("people:evidence_detail", args=[evidence.pk]) in html and 'href="/add/"' in html
    assert "No files yet." in render_to_string("people/_evidence_panel.html", {})


# --- at rest -------------------------------------------------------------------------------


def _raw_content(pk: int) -> bytes:
    with connection.cursor() as cursor:
        cursor.execute("SELECT content FROM people_evidence WHERE id = %s", [pk])
        return bytes(cursor.fetchone()[0])


def test_the_stored_bytes_are_encrypted_and_bound_to_their_record(personas, case):
    secret = pdf_bytes("Statement of witness Planted-Oyunchimeg")
    first = services.evidence_add(actor=personas.investigator, holder=case, data=secret)
    second = services.evidence_add(actor=personas.investigator, holder=case, data=png_bytes())
    raw = _raw_content(first.pk)
    assert raw.startswith(b"v1:t1:") and b"Planted-Oyunchimeg" not in raw and secret not in raw
    assert services.evidence_read(actor=personas.investigator, evidence=first) == secret
    # A copy of one file's bytes onto another record does not open.
    with connection.cursor() as cursor:
        cursor.execute("UPDATE people_evidence SET content = %s WHERE id = %s", [raw, second.pk])
    with pytest.raises(crypto.DecryptionError):
        services.evidence_read(actor=personas.investigator, evidence=second)
    client = client_for(personas.investigator)
    before = AuditEvent.objects.filter(action="evidence.downloaded").count()
    assert client.get(reverse("people:evidence_download", args=[second.pk])).status_code == 409
    assert AuditEvent.objects.filter(action="evidence.downloaded").count() == before


# --- key rotation ----------------------------------------------------------------------------

KEY_1 = "t1:" + base64.b64encode(b"test-data-key-1-thirty-two-bytes").decode()
KEY_2 = "t2:" + base64.b64encode(b"test-data-key-2-thirty-two-bytes").decode()


def test_after_key_rotation_evidence_still_downloads_under_the_new_key_alone(
    personas, case, settings
):
    files = [
        services.evidence_add(actor=personas.investigator, holder=case, data=data)
        for data in (jpeg_with_gps(), png_bytes(), pdf_bytes("Rotated statement"))
    ]
    settings.VIGIL_DATA_KEYS = f"{KEY_2},{KEY_1}"
    assert values_not_on_active_key() >= len(files)
    assert "people.Evidence.content" in {label for label, _rotate in rotation_targets()}
    call_command("keys", "rotate", "--batch-size", "2", stdout=io.StringIO())
    assert values_not_on_active_key() == 0
    assert AuditEvent.objects.filter(
        action="keys.rotated", details__field="people.Evidence.content"
    ).exists()
    settings.VIGIL_DATA_KEYS = KEY_2  # the old key is gone
    client = client_for(personas.investigator)
    for evidence in files:
        fresh = Evidence.objects.get(pk=evidence.pk)
        assert fresh.key_id == "t2" and _raw_content(fresh.pk).startswith(b"v1:t2:")
        response = client.get(reverse("people:evidence_download", args=[fresh.pk]))
        assert hashlib.sha256(response.content).hexdigest() == fresh.sha256_stored


def test_values_not_on_active_key_counts_each_evidence_file(personas, case, settings):
    services.evidence_add(actor=personas.investigator, holder=case, data=png_bytes())
    settings.VIGIL_DATA_KEYS = f"{KEY_2},{KEY_1}"
    with_file = values_not_on_active_key()
    Evidence.objects.update(key_id="t2")  # as if only the file had been rotated
    assert values_not_on_active_key() == with_file - 1


def test_an_altered_file_is_refused_with_a_clear_page_not_a_server_error(personas, case):
    kept = evidence_in(case)
    token = bytearray(bytes(Evidence.objects.values_list("content", flat=True).get(pk=kept.pk)))
    token[-1] ^= 0x01  # one bit flipped at rest
    Evidence.objects.filter(pk=kept.pk).update(content=bytes(token))
    client = client_for(personas.investigator)
    for name in ("people:evidence_download", "people:evidence_view"):
        response = client.get(reverse(name, args=[kept.pk]))
        assert response.status_code == 409
        assert b"integrity check" in response.content
    assert not AuditEvent.objects.filter(action__in=["evidence.downloaded", "evidence.viewed"])


def test_opening_the_page_with_its_preview_and_downloading_leave_one_event_each(personas, case):
    """Issue 24, point 9: the preview and the download are reads in their own name; they do
    not add a second "Record opened" to the chain of custody."""
    evidence = evidence_in(case, data=png_bytes())
    client = client_for(personas.investigator)
    client.get(reverse("people:evidence_detail", args=[evidence.pk]))
    client.get(reverse("people:evidence_view", args=[evidence.pk]))  # the page's <img>
    client.get(reverse("people:evidence_download", args=[evidence.pk]))
    chain = AuditEvent.objects.filter(target_id=str(evidence.pk), target_type="people.evidence")
    assert list(chain.order_by("sequence").values_list("action", flat=True)) == [
        "record.read",
        "evidence.viewed",
        "evidence.downloaded",
    ]
    page = client.get(reverse("people:evidence_detail", args=[evidence.pk])).content.decode()
    assert page.count("Record opened") == 2  # this opening and the one before, nothing else
