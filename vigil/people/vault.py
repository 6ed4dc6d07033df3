"""Intake of evidence files: typed by content, limited in size, stripped of metadata.

The name a file arrives with decides nothing: the bytes are matched against a short
allow-list (JPEG and PNG photographs, PDF and DOCX documents, MP3, M4A, WAV and Ogg
audio, MP4 and WebM video). Photos lose their EXIF, GPS, XMP and IPTC metadata without
being re-encoded where possible, so the picture itself stays as it was taken, and nothing
hidden after the image's end is kept. Videos keep every frame as recorded; their metadata
(GPS position, titles, tags) is blanked in place (vigil.people.video). Archives (DOCX is a
zip) go through the archive check every upload goes through (vigil.core.limits), so a zip
bomb is refused before it can expand.
"""

from __future__ import annotations

import hashlib
import io
import struct
import warnings
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import HttpRequest
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from vigil.core.limits import LimitExceeded, UploadRefused, check_archive
from vigil.people import video
from vigil.people.models import Evidence

MB = 1024 * 1024
# Larger photographs than this are refused as possible decompression bombs.
MAX_IMAGE_PIXELS = 80_000_000

ACCEPTED_DESCRIPTION = "JPEG, PNG, PDF, DOCX, MP3, M4A, WAV, Ogg, MP4, WebM"


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


def too_large_message(limit: int | None = None) -> str:
    limit = max_upload_bytes() if limit is None else limit
    return _("The file is larger than %(limit)s; files up to that size are accepted.") % {
        "limit": filesizeformat(limit)
    }


def accept_evidence(data: bytes) -> AcceptedFile:
    """Check an uploaded file and return what to keep, or raise ValidationError (field "file")."""
    limit = max_upload_bytes()
    if len(data) > limit:
        raise _refuse(too_large_message(limit))
    if not data:
        raise _refuse(_("The file is empty."))
    kind, content_type, extension = _sniff(data)
    kept, stripped = data, False
    if kind == Evidence.Kind.PHOTO:
        kept = _strip_image_metadata(data, content_type)
        stripped = kept != data
    elif kind == Evidence.Kind.VIDEO:
        kept = _strip_video(data, content_type)
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


class EvidenceUploadHandler(FileUploadHandler):
    """Reads an evidence upload into memory and drops it as soon as it passes the limit.

    Memory, because a temporary file would hold the evidence unencrypted on disk; the limit
    bounds what memory holds, over the whole request (several parts cannot add up to more).
    Only the form's `file` field is read. A dropped file leaves nothing: `too_large` says why.
    """

    field = "file"

    def __init__(self, request: HttpRequest | None = None, *, limit: int | None = None) -> None:
        super().__init__(request)
        self.limit = max_upload_bytes() if limit is None else limit
        self.too_large = False
        self.received = 0
        self.buffer: io.BytesIO | None = None

    def new_file(self, field_name: str, *args: Any, **kwargs: Any) -> None:
        super().new_file(field_name, *args, **kwargs)
        # A fresh buffer first: Django closes `self.file` when a part is skipped, and the
        # previous part's buffer already belongs to its uploaded file.
        self.buffer = io.BytesIO()
        self.file = self.buffer
        if field_name != self.field:
            raise SkipFile

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        if self.received > self.limit:
            self.too_large = True
            raise SkipFile
        assert self.buffer is not None
        self.buffer.write(raw_data)
        return None

    def file_complete(self, file_size: int) -> InMemoryUploadedFile | None:
        if self.buffer is None or self.buffer.closed:
            return None
        self.buffer.seek(0)
        return InMemoryUploadedFile(
            file=self.buffer,
            field_name=self.field_name,
            name=self.file_name,
            content_type=self.content_type,
            size=file_size,
            charset=self.charset,
            content_type_extra=self.content_type_extra,
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
    if video.looks_like_mp4(head):
        return Evidence.Kind.VIDEO, "video/mp4", "mp4"
    if video.looks_like_webm(head):
        return Evidence.Kind.VIDEO, "video/webm", "webm"
    if _looks_like_svg(data):
        raise _refuse(
            _("SVG images are not accepted: they can carry scripts. Send a JPEG or PNG instead.")
        )
    raise _not_accepted()


def _sniff_audio(head: bytes) -> tuple[str, str] | None:
    if head.startswith(b"ID3") or _is_mpeg_frame(head):
        return "audio/mpeg", "mp3"
    if head[4:8] == b"ftyp" and head[8:12] in (b"M4A ", b"M4B "):
        return "audio/mp4", "m4a"
    if head.startswith(b"RIFF") and head[8:12] == b"WAVE":
        return "audio/wav", "wav"
    if head.startswith(b"OggS"):
        return "audio/ogg", "ogg"
    return None


def _is_mpeg_frame(head: bytes) -> bool:
    """An MPEG audio frame header: sync bits, then no reserved version, layer, rate or bitrate."""
    if len(head) < 4 or head[0] != 0xFF or head[1] & 0xE0 != 0xE0:
        return False
    version, layer = (head[1] >> 3) & 0b11, (head[1] >> 1) & 0b11
    bitrate, sampling = head[2] >> 4, (head[2] >> 2) & 0b11
    return version != 0b01 and layer != 0b00 and bitrate != 0b1111 and sampling != 0b11


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
    """A DOCX, through the archive check every upload goes through (vigil.core.limits)."""
    try:
        check_archive(data, kind="docx")
    except LimitExceeded as exc:
        raise _refuse(
            _(
                "The file is an archive that expands to far more than its size "
                "(a “zip bomb”); it was refused."
            )
        ) from exc
    except UploadRefused as exc:
        raise _refuse(exc.message) from exc


# --- metadata ----------------------------------------------------------------------------

# JPEG segments that carry metadata: APP1 (EXIF, XMP), APP12, APP13 (IPTC), COM.
_JPEG_METADATA = frozenset({0xE1, 0xEC, 0xED, 0xFE})
_PNG_METADATA = frozenset({b"eXIf", b"tEXt", b"zTXt", b"iTXt", b"tIME"})


def _strip_video(data: bytes, content_type: str) -> bytes:
    """The video with its metadata blanked in place, or refused if its structure is broken."""
    try:
        if content_type == "video/mp4":
            return video.strip_mp4(data)
        return video.strip_webm(data)
    except video.VideoRefused as exc:
        raise _refuse(
            _(
                "The video is damaged or not a complete MP4 or WebM recording with a video "
                "track; it was refused."
            )
        ) from exc


def _strip_image_metadata(data: bytes, content_type: str) -> bytes:
    """The photograph without its metadata, and without anything hidden after its end."""
    if content_type == "image/png":
        return _strip_png(data)
    data = data[: _jpeg_image_end(data)]
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
    """Copy the chunks up to IEND but the metadata ones; what follows IEND is left out."""
    out = bytearray(data[:8])
    position = 8
    while position + 8 <= len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        chunk_type = data[position + 4 : position + 8]
        end = position + 12 + length
        if end > len(data):
            break  # a chunk cut short: the file was truncated
        if chunk_type not in _PNG_METADATA:
            out += data[position:end]
        position = end
        if chunk_type == b"IEND":
            return bytes(out)
    raise _refuse(_("The photograph is damaged and cannot be read."))


def _jpeg_image_end(data: bytes) -> int:
    """Where a JPEG's image ends, just after its EOI marker. A polyglot hides a page or a
    script after it, and a truncated photo has none: the first is cut, the second refused."""
    position = 2
    while position + 2 <= len(data):
        if data[position] != 0xFF:
            break
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte before a marker
            position += 1
        elif marker == 0xD9:
            return position + 2
        elif 0xD0 <= marker <= 0xD7 or marker == 0x01:  # markers without a length
            position += 2
        else:
            (length,) = struct.unpack(">H", data[position + 2 : position + 4].rjust(2, b"\0"))
            position += 2 + length
            if marker == 0xDA:  # a scan: entropy-coded data runs to the next marker
                position = _scan_end(data, position)
    raise _refuse(_("The photograph is damaged and cannot be read."))


def _scan_end(data: bytes, position: int) -> int:
    """The position of the marker that ends the entropy-coded data starting at `position`."""
    while (position := data.find(b"\xff", position)) != -1 and position + 1 < len(data):
        following = data[position + 1]
        if following == 0x00 or 0xD0 <= following <= 0xD7 or following == 0xFF:
            position += 1 if following == 0xFF else 2  # stuffed byte, restart or fill
            continue
        return position
    return len(data)


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
