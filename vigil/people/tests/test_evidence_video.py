"""Video evidence (issue 24, point 15): MP4 and WebM recognised by content, their location
and other metadata blanked in place, never re-encoded; broken or hostile files refused."""

from __future__ import annotations

import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.urls import reverse

from vigil.core.models import AuditEvent
from vigil.core.tests import hostile
from vigil.core.tests.factories import client_for
from vigil.people import video
from vigil.people.models import Evidence
from vigil.people.tests.factories import CaseFactory
from vigil.people.tests.factories_evidence import html_page, upload
from vigil.people.tests.factories_video import (
    LOCATION,
    jpeg_frame,
    mp4_chunk,
    mp4_lying,
    mp4_many_boxes,
    mp4_nested,
    mp4_with_gps,
    vp8_frame,
    webm_frame,
    webm_with_gps,
)
from vigil.people.vault import accept_evidence

pytestmark = pytest.mark.django_db

ADDED = "evidence.received"
REFUSED = "The video is damaged or not a complete MP4 or WebM recording"


@pytest.fixture
def case(personas):
    return CaseFactory.create(
        institution=personas.institution_a,
        received_by=personas.investigator.user,
        team=[personas.investigator],
    )


def _add(client: Client, case, name: str, data: bytes):
    return client.post(
        reverse("people:case_evidence_add", kwargs={"case_id": case.pk}),
        {"file": upload(name, data, content_type="application/octet-stream")},
    )


def _traces() -> tuple[int, int]:
    return Evidence.objects.count(), AuditEvent.objects.count()


def _refusal(data: bytes) -> str:
    try:
        accept_evidence(data)
    except ValidationError as exc:
        return " ".join(exc.message_dict["file"])
    return "accepted"


def test_an_mp4_with_gps_is_kept_without_it_and_plays_as_recorded(personas, case):
    original = mp4_with_gps()
    assert LOCATION in original and b"GPSLatitude" in original and b"Fictional Title" in original
    client = client_for(personas.investigator)
    response = _add(client, case, "clip.bin", original)  # the name says nothing
    evidence = Evidence.objects.get()
    assert response.status_code == 302
    assert (evidence.kind, evidence.content_type) == (Evidence.Kind.VIDEO, "video/mp4")
    assert evidence.stored_name == "E-00001.mp4" and evidence.metadata_stripped
    assert evidence.sha256_original == hashlib.sha256(original).hexdigest()

    kept = client.get(reverse("people:evidence_download", args=[evidence.pk])).content
    assert hashlib.sha256(kept).hexdigest() == evidence.sha256_stored
    assert LOCATION not in kept and b"GPSLatitude" not in kept
    assert b"Fictional Title" not in kept and b"\xa9xyz" not in kept
    # Not re-encoded, nothing moved: same length, and the sample table still finds the frame.
    assert len(kept) == len(original)
    assert mp4_chunk(kept) == jpeg_frame()
    assert video.strip_mp4(kept) == kept  # still a well-formed MP4 with its video track
    assert b"moov" in kept and b"mdat" in kept and b"vide" in kept
    # Encrypted at rest like any evidence, and the custody chain starts with the upload.
    with connection.cursor() as cursor:
        cursor.execute("SELECT content FROM people_evidence WHERE id = %s", [evidence.pk])
        raw = bytes(cursor.fetchone()[0])
    assert raw.startswith(b"v1:") and jpeg_frame() not in raw and b"moov" not in raw
    trail = AuditEvent.objects.filter(target_type="people.evidence", target_id=str(evidence.pk))
    assert list(trail.order_by("sequence").values_list("action", flat=True))[:1] == [ADDED]


@pytest.mark.parametrize("live", [False, True], ids=["sized", "live-recording"])
def test_a_webm_with_a_location_is_kept_without_it(personas, case, live):
    original = webm_with_gps(live=live)
    assert original.count(LOCATION) == 2
    client = client_for(personas.investigator)
    assert _add(client, case, "recording.mp4", original).status_code == 302
    evidence = Evidence.objects.get()
    assert (evidence.kind, evidence.content_type) == (Evidence.Kind.VIDEO, "video/webm")
    assert evidence.stored_name == "E-00001.webm"

    kept = client.get(reverse("people:evidence_download", args=[evidence.pk])).content
    assert LOCATION not in kept and b"LOCATION" not in kept
    assert b"Fictional Muxer" not in kept and b"Fictional Writer" not in kept
    assert len(kept) == len(original) and webm_frame(kept) == vp8_frame()
    assert video.strip_webm(kept) == kept
    assert evidence.sha256_stored == hashlib.sha256(kept).hexdigest() != evidence.sha256_original


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (html_page, "Its content decides, not its name"),
        (lambda: mp4_with_gps()[:400], REFUSED),
        (lambda: webm_with_gps()[:120], REFUSED),
    ],
    ids=["html-named-mp4", "truncated-mp4", "truncated-webm"],
)
def test_a_file_named_mp4_that_is_not_a_whole_video_is_refused_and_nothing_kept(
    personas, case, make, message
):
    client = client_for(personas.investigator)
    before = _traces()
    response = _add(client, case, "clip.mp4", make())
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert list(errors) == ["file"] and message in errors["file"][0]
    assert _traces() == before


def test_an_mp4_without_a_video_track_is_refused():
    original = mp4_with_gps()
    assert REFUSED in _refusal(original.replace(b"vide", b"soun"))


@pytest.mark.parametrize(
    "make",
    [
        lambda: mp4_nested(50_000),
        lambda: mp4_many_boxes(1_000_000),
        mp4_lying,
    ],
    ids=["nested-50000-deep", "a-million-boxes", "size-lies"],
)
def test_hostile_mp4_is_refused_within_bounded_memory_and_time(make):
    # A child process with a cap on memory and time: a regression fails here, not the machine.
    answer = hostile.bounded(lambda: _refusal(make()), memory=256 * hostile.MB, seconds=60)
    assert REFUSED in answer or "larger than" in answer
