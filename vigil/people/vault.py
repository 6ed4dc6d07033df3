"""Intake of evidence files: typed by content, limited in size, stripped of metadata.

The name a file arrives with decides nothing: the bytes are matched against a short
allow-list (JPEG and PNG photographs, PDF and DOCX documents, MP3, M4A, WAV and Ogg
audio). Photos lose their EXIF, GPS, XMP and IPTC metadata without being re-encoded
where possible, so the picture itself stays as it was taken. Archives (DOCX is a zip)
are read entry by entry with a cap, so a zip bomb is refused before it can expand.
"""

from __future__ import annotations

import hashlib
import io
import struct
import warnings
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from vigil.people.models import Evidence

MB = 1024 * 1024
# An archive may not expand to more than this, nor more than this many times its size.
MAX_EXPANDED_BYTES = 100 * MB
MAX_EXPANSION_RATIO = 100
MAX_ARCHIVE_ENTRIES = 2000
# Larger photographs than this are refused as possible decompression bombs.
MAX_IMAGE_PIXELS = 80_000_000

ACCEPTED_DESCRIPTION = "JPEG, PNG, PDF, DOCX, MP3, M4A, WAV, Ogg"


@dataclass(frozen=True)
class AcceptedFile:
    kind: str
    content_type: str
    extension: str
    content: bytes  # as it will be kept (metadata stripped)
    sha256_original: str
    sha256_stored: str
    metadata_stripped: bool


def max_upload_bytes() -> int:
    return int(getattr(settings, "VIGIL_EVIDENCE_MAX_BYTES", 25 * MB))


def accept_evidence(data: bytes) -> AcceptedFile:
    """Check an uploaded file and return what to keep, or raise ValidationError (field "file")."""
    limit = max_upload_bytes()
    if len(data) > limit:
        raise _refuse(
            _("The file is larger than %(limit)s MB; files up to that size are accepted.")
            % {"limit": limit // MB}
        )
    if not data:
        raise _refuse(_("The file is empty."))
    kind, content_type, extension = _sniff(data)
    kept, stripped = data, False
    if kind == Evidence.Kind.PHOTO:
        kept = _strip_image_metadata(data, content_type)
        stripped = kept != data
    return AcceptedFile(
        kind=kind,
        content_type=content_type,
        extension=extension,
        content=kept,
        sha256_original=hashlib.sha256(data).hexdigest(),
        sha256_stored=hashlib.sha256(kept).hexdigest(),
        metadata_stripped=stripped,
    )


def _refuse(message: str) -> ValidationError:
    return ValidationError({"file": message})


def _not_accepted() -> ValidationError:
    return _refuse(
        _(
            "This file is not of a kind Vigil keeps as evidence. Accepted: %(kinds)s. "
            "Its content decides, not its name."
        )
        % {"kinds": ACCEPTED_DESCRIPTION}
    )


def _sniff(data: bytes) -> tuple[str, str, str]:
    head = data[:64]
    if head.startswith(b"\xff\xd8\xff"):
        _verify_image(data, "JPEG")
        return Evidence.Kind.PHOTO, "image/jpeg", "jpg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        _verify_image(data, "PNG")
        return Evidence.Kind.PHOTO, "image/png", "png"
    if head.startswith(b"%PDF-"):
        return Evidence.Kind.DOCUMENT, "application/pdf", "pdf"
    if head.startswith(b"PK\x03\x04"):
        _check_archive(data)
        return (
            Evidence.Kind.DOCUMENT,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "docx",
        )
    audio = _sniff_audio(head)
    if audio:
        return Evidence.Kind.AUDIO, audio[0], audio[1]
    if _looks_like_svg(data):
        raise _refuse(
            _("SVG images are not accepted: they can carry scripts. Send a JPEG or PNG instead.")
        )
    raise _not_accepted()


def _sniff_audio(head: bytes) -> tuple[str, str] | None:
    if head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
        return "audio/mpeg", "mp3"
    if head[4:8] == b"ftyp" and head[8:12] in (b"M4A ", b"M4B "):
        return "audio/mp4", "m4a"
    if head.startswith(b"RIFF") and head[8:12] == b"WAVE":
        return "audio/wav", "wav"
    if head.startswith(b"OggS"):
        return "audio/ogg", "ogg"
    return None


def _looks_like_svg(data: bytes) -> bool:
    text = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return text.startswith((b"<svg", b"<?xml")) and b"<svg" in text


def _verify_image(data: bytes, expected: str) -> None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                if image.format != expected:
                    raise _not_accepted()
                width, height = image.size
                if width * height > MAX_IMAGE_PIXELS:
                    raise _refuse(_("The photograph has too many pixels to be opened safely."))
                image.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _refuse(_("The photograph has too many pixels to be opened safely.")) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise _refuse(_("The photograph is damaged and cannot be read.")) from exc


def _check_archive(data: bytes) -> None:
    """A DOCX, read without trusting its headers: refuse bombs and other zips."""
    bomb = _refuse(
        _(
            "The file is an archive that expands to far more than its size "
            "(a “zip bomb”); it was refused."
        )
    )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
            if len(entries) > MAX_ARCHIVE_ENTRIES:
                raise bomb
            declared = sum(entry.file_size for entry in entries)
            if declared > MAX_EXPANDED_BYTES or declared > MAX_EXPANSION_RATIO * len(data):
                raise bomb
            _expand_with_cap(
                archive,
                entries,
                bomb,
                budget=min(MAX_EXPANDED_BYTES, MAX_EXPANSION_RATIO * len(data)),
            )
            names = {entry.filename for entry in entries}
    except zipfile.BadZipFile as exc:
        raise _refuse(_("The archive is damaged and cannot be read.")) from exc
    if "[Content_Types].xml" not in names or "word/document.xml" not in names:
        raise _not_accepted()


def _expand_with_cap(
    archive: zipfile.ZipFile,
    entries: list[zipfile.ZipInfo],
    bomb: ValidationError,
    *,
    budget: int,
) -> None:
    # Headers can lie about sizes: count what really comes out, and stop at the budget.
    for entry in entries:
        with archive.open(entry) as stream:
            while chunk := stream.read(64 * 1024):
                budget -= len(chunk)
                if budget < 0:
                    raise bomb


# --- metadata ----------------------------------------------------------------------------

# JPEG segments that carry metadata: APP1 (EXIF, XMP), APP12, APP13 (IPTC), COM.
_JPEG_METADATA = frozenset({0xE1, 0xEC, 0xED, 0xFE})
_PNG_METADATA = frozenset({b"eXIf", b"tEXt", b"zTXt", b"iTXt", b"tIME"})


def _strip_image_metadata(data: bytes, content_type: str) -> bytes:
    if content_type == "image/png":
        return _strip_png(data)
    if _jpeg_orientation(data) not in (None, 1):
        # Without its orientation tag a rotated photo would show on its side: turn the pixels.
        return _reencode_upright(data)
    return _strip_jpeg(data)


def _strip_jpeg(data: bytes) -> bytes:
    out = bytearray(data[:2])
    position = 2
    while position + 4 <= len(data):
        if data[position] != 0xFF:
            raise _refuse(_("The photograph is damaged and cannot be read."))
        marker = data[position + 1]
        if marker == 0xDA:  # start of scan: the image data follows, copied as it is
            out += data[position:]
            return bytes(out)
        (length,) = struct.unpack(">H", data[position + 2 : position + 4])
        segment = data[position : position + 2 + length]
        if marker not in _JPEG_METADATA:
            out += segment
        position += 2 + length
    raise _refuse(_("The photograph is damaged and cannot be read."))


def _strip_png(data: bytes) -> bytes:
    out = bytearray(data[:8])
    position = 8
    while position + 8 <= len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        chunk_type = data[position + 4 : position + 8]
        end = position + 12 + length
        if chunk_type not in _PNG_METADATA:
            out += data[position:end]
        position = end
        if chunk_type == b"IEND":
            break
    return bytes(out)


def _jpeg_orientation(data: bytes) -> int | None:
    with Image.open(io.BytesIO(data)) as image:
        value = image.getexif().get(0x0112)
    return int(value) if value is not None else None


def _reencode_upright(data: bytes) -> bytes:
    with Image.open(io.BytesIO(data)) as image:
        upright = ImageOps.exif_transpose(image)
        buffer = io.BytesIO()
        upright.save(buffer, format="JPEG", quality=95)
    return _strip_jpeg(buffer.getvalue())
