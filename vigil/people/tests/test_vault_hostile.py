"""Hostile evidence files: polyglots that hide a page after the image, truncated photos,
and archives that the core limits refuse. A refusal names the problem and keeps nothing;
what is kept is the picture alone."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from PIL import Image

from vigil.core.tests import hostile
from vigil.core.tests.factories import client_for
from vigil.people.models import Evidence
from vigil.people.tests.factories import CaseFactory, png_bytes
from vigil.people.tests.factories_evidence import upload

pytestmark = pytest.mark.django_db

PAGE = b"<html><script>alert(document.cookie)</script></html>"
DAMAGED = "The photograph is damaged and cannot be read."


def _jpeg(size: tuple[int, int] = (24, 24), **options) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (90, 140, 30)).save(buffer, format="JPEG", **options)
    return buffer.getvalue()


@pytest.fixture
def post(personas):
    case = CaseFactory.create(
        institution=personas.institution_a,
        received_by=personas.investigator.user,
        team=[personas.investigator],
    )
    client = client_for(personas.investigator)
    url = reverse("people:case_evidence_add", kwargs={"case_id": case.pk})

    def post(name: str, data: bytes):
        response = client.post(url, {"file": upload(name, data), "description": ""})
        response.client = client
        return response

    return post


def _kept(response) -> bytes:
    """The evidence file as it downloads (it is stored encrypted)."""
    evidence = Evidence.objects.get()
    download = reverse("people:evidence_download", args=[evidence.pk])
    return response.client.get(download).content


@pytest.mark.parametrize(
    "photo",
    [_jpeg(), _jpeg(progressive=True), _jpeg((40, 30), quality=20)],
    ids=["baseline", "progressive", "low-quality"],
)
def test_a_page_hidden_after_a_jpeg_is_not_kept(post, photo):
    response = post("photo.jpg", photo + PAGE)
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    kept = _kept(response)
    assert PAGE not in kept and kept.endswith(b"\xff\xd9")
    assert evidence.metadata_stripped  # the stored file differs from what was sent
    with Image.open(io.BytesIO(kept)) as image:
        image.load()  # the whole picture decodes
        assert image.size == Image.open(io.BytesIO(photo)).size


def test_a_page_hidden_after_a_png_is_not_kept(post):
    photo = png_bytes((12, 9))
    response = post("photo.png", photo + PAGE)
    assert response.status_code == 302
    kept = _kept(response)
    assert kept == photo


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("cut.jpg", _jpeg()[:-40]),
        ("cut-in-header.jpg", _jpeg()[:200]),
        ("cut.png", png_bytes((30, 30))[:-20]),
        ("no-end.png", png_bytes((30, 30))[:-12]),
    ],
    ids=["jpeg-truncated", "jpeg-truncated-in-its-header", "png-truncated", "png-without-iend"],
)
def test_a_truncated_photograph_is_refused_and_nothing_is_kept(post, name, data):
    response = post(name, data)
    assert response.status_code in (200, 400)
    message = response.context["form"].errors["file"][0]
    assert "damaged" in message or "cannot be read" in message
    assert not Evidence.objects.exists()


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (hostile.overlapping_workbook, "zip bomb"),
        (hostile.crowded_archive, "zip bomb"),
        (hostile.encrypted_workbook, "encrypted"),
        (hostile.truncated_workbook, "Word document"),
    ],
    ids=["overlapping-members", "too-many-members", "encrypted-members", "truncated-archive"],
)
def test_archives_go_through_the_core_limits(post, make, message):
    response = post("statement.docx", make())
    assert message in response.context["form"].errors["file"][0]
    assert not Evidence.objects.exists()
