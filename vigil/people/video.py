"""Video evidence: MP4 and WebM recognised by their structure, their metadata blanked in place.

Nothing is re-encoded and nothing moves: a metadata box (MP4) or element (WebM) is
overwritten where it lies by padding of the same length (`free` in MP4, `Void` in
Matroska), so every offset in the file (MP4 chunk offsets, WebM cues) stays right and the
video plays as it did. What goes: MP4 `udta` (with the `©xyz` GPS position), `meta`
and `uuid` (XMP) boxes at any level we walk; WebM Tags and Attachments, the Title, and the
muxing and writing applications (blanked, as players expect them present).

The walk is bounded: boxes or elements that lie about their size, nest too deeply or
are too many make the file refused (`VideoRefused`), never a long loop or a large copy.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator

MAX_DEPTH = 12
MAX_ITEMS = 200_000


class VideoRefused(Exception):
    """The file looks like a video but its structure is damaged or hostile."""


# --- MP4 ---------------------------------------------------------------------------------

# Boxes whose content is a list of boxes, and that we walk into.
_MP4_CONTAINERS = frozenset(
    {b"moov", b"trak", b"mdia", b"minf", b"stbl", b"edts", b"dinf", b"mvex", b"moof", b"traf"}
)
_MP4_METADATA = frozenset({b"udta", b"meta", b"uuid", b"Xtra"})
_MP4_AUDIO_BRANDS = frozenset({b"M4A ", b"M4B ", b"M4P "})
_MP4_REFUSED_BRANDS = frozenset({b"qt  "})


def looks_like_mp4(head: bytes) -> bool:
    return (
        len(head) >= 12
        and head[4:8] == b"ftyp"
        and head[8:12] not in _MP4_AUDIO_BRANDS
        and head[8:12] not in _MP4_REFUSED_BRANDS
    )


class _Counter:
    def __init__(self) -> None:
        self.items = 0

    def tick(self) -> None:
        self.items += 1
        if self.items > MAX_ITEMS:
            raise VideoRefused("too many boxes")


def _mp4_boxes(
    data: bytes, start: int, end: int, counter: _Counter
) -> Iterator[tuple[bytes, int, int, int]]:
    """(type, box start, content start, box end) of each box between start and end."""
    position = start
    while position < end:
        counter.tick()
        if end - position < 8:
            raise VideoRefused("box header cut short")
        size, kind = struct.unpack(">I4s", data[position : position + 8])
        header = 8
        if size == 1:
            if end - position < 16:
                raise VideoRefused("box header cut short")
            (size,) = struct.unpack(">Q", data[position + 8 : position + 16])
            header = 16
        elif size == 0:
            size = end - position
        if size < header or position + size > end:
            raise VideoRefused("box size lies")
        yield kind, position, position + header, position + size
        position += size


def strip_mp4(data: bytes) -> bytes:
    """The MP4 with its metadata boxes turned into `free` padding; refused if not a video."""
    out = bytearray(data)
    counter = _Counter()
    found: set[bytes] = set()
    handlers: list[bytes] = []

    def walk(start: int, end: int, depth: int) -> None:
        if depth > MAX_DEPTH:
            raise VideoRefused("boxes nested too deeply")
        for kind, box_start, content, box_end in _mp4_boxes(data, start, end, counter):
            if depth == 0:
                found.add(kind)
            if kind in _MP4_METADATA:
                _blank_mp4(out, box_start, content, box_end)
            elif kind == b"hdlr" and box_end - content >= 12:
                handlers.append(bytes(data[content + 8 : content + 12]))
            elif kind in _MP4_CONTAINERS:
                walk(content, box_end, depth + 1)

    walk(0, len(data), 0)
    if not data.startswith(b"ftyp", 4) or not {b"moov", b"mdat"} <= found:
        raise VideoRefused("not a complete MP4 file")
    if b"vide" not in handlers:
        raise VideoRefused("no video track")
    return bytes(out)


def _blank_mp4(out: bytearray, box_start: int, content: int, box_end: int) -> None:
    out[box_start + 4 : box_start + 8] = b"free"
    out[content:box_end] = bytes(box_end - content)


# --- WebM / Matroska -----------------------------------------------------------------------

EBML_HEADER = 0x1A45DFA3
_DOCTYPE = 0x4282
_SEGMENT = 0x18538067
_INFO = 0x1549A966
_TRACKS = 0x1654AE6B
_TRACK_ENTRY = 0xAE
_TRACK_TYPE = 0x83
_CLUSTER = 0x1F43B675
_TAGS = 0x1254C367
_ATTACHMENTS = 0x1941A469
_TITLE = 0x7BA9
_MUXING_APP = 0x4D80
_WRITING_APP = 0x5741
_VOID = 0xEC
_SEGMENT_CHILDREN = frozenset(
    {0x114D9B74, _INFO, _TRACKS, _CLUSTER, 0x1C53BB6B, _TAGS, _ATTACHMENTS, 0x1043A770, _VOID}
)
_UNKNOWN = -1


def looks_like_webm(head: bytes) -> bool:
    return head.startswith(b"\x1a\x45\xdf\xa3")


def _vint(
    data: bytes | bytearray, position: int, end: int, *, keep_marker: bool
) -> tuple[int, int]:
    if position >= end:
        raise VideoRefused("element cut short")
    first = data[position]
    if first == 0:
        raise VideoRefused("invalid element header")
    length = 8 - first.bit_length() + 1
    if position + length > end:
        raise VideoRefused("element cut short")
    value = int.from_bytes(data[position : position + length], "big")
    if not keep_marker:
        value &= (1 << (7 * length)) - 1
        if value == (1 << (7 * length)) - 1:
            value = _UNKNOWN
    return value, length


def _elements(
    data: bytes, start: int, end: int, counter: _Counter
) -> Iterator[tuple[int, int, int, int]]:
    """(id, element start, content start, content end or _UNKNOWN) between start and end."""
    position = start
    while position < end:
        counter.tick()
        element_id, id_length = _vint(data, position, end, keep_marker=True)
        size, size_length = _vint(data, position + id_length, end, keep_marker=False)
        content = position + id_length + size_length
        if size == _UNKNOWN:
            yield element_id, position, content, _UNKNOWN
            return
        if content + size > end:
            raise VideoRefused("element size lies")
        yield element_id, position, content, content + size
        position = content + size


def _void(out: bytearray, start: int, end: int) -> None:
    """Overwrite [start, end) with one Void element of exactly that length."""
    length = end - start
    for size_length in range(1, 9):
        payload = length - 1 - size_length
        if 0 <= payload < (1 << (7 * size_length)) - 1:
            marker = 1 << (7 * size_length)
            out[start] = _VOID
            out[start + 1 : start + 1 + size_length] = (marker | payload).to_bytes(
                size_length, "big"
            )
            out[start + 1 + size_length : end] = bytes(payload)
            return
    raise VideoRefused("element too short to blank")


def strip_webm(data: bytes) -> bytes:
    """The WebM with its tags, attachments and titles blanked; refused if not a video."""
    out = bytearray(data)
    counter = _Counter()
    top = list(_elements(data, 0, len(data), counter))
    if not top or top[0][0] != EBML_HEADER or top[0][3] == _UNKNOWN:
        raise VideoRefused("no EBML header")
    doctype = b""
    for element_id, _start, content, end in _elements(data, top[0][2], top[0][3], counter):
        if element_id == _DOCTYPE:
            doctype = bytes(data[content:end]).rstrip(b"\0")
    if doctype != b"webm":
        raise VideoRefused("not a WebM file")
    segments = [item for item in top if item[0] == _SEGMENT]
    if len(segments) != 1:
        raise VideoRefused("not one segment")
    _id, _start, content, end = segments[0]
    segment_end = len(data) if end == _UNKNOWN else end
    has_video = False
    position = content
    while position < segment_end:
        element_id, start, child, child_end = next(_elements(data, position, segment_end, counter))
        if child_end == _UNKNOWN:
            if element_id != _CLUSTER:
                raise VideoRefused("element of unknown size")
            child_end = _cluster_end(data, child, segment_end, counter)
        if element_id in (_TAGS, _ATTACHMENTS):
            _void(out, start, child_end)
        elif element_id == _INFO:
            for sub_id, sub_start, sub_content, sub_end in _elements(
                data, child, child_end, counter
            ):
                if sub_id == _TITLE:
                    _void(out, sub_start, sub_end)
                elif sub_id in (_MUXING_APP, _WRITING_APP):
                    out[sub_content:sub_end] = bytes(sub_end - sub_content)
        elif element_id == _TRACKS:
            has_video = has_video or _has_video_track(data, child, child_end, counter)
        position = child_end
    if not has_video:
        raise VideoRefused("no video track")
    return bytes(out)


def _cluster_end(data: bytes, start: int, end: int, counter: _Counter) -> int:
    """Where a cluster of unknown size (a live recording) ends: at the next segment child."""
    position = start
    while position < end:
        element_id, _length = _vint(data, position, end, keep_marker=True)
        if element_id in _SEGMENT_CHILDREN:
            return position
        _id, _start, _content, child_end = next(_elements(data, position, end, counter))
        if child_end == _UNKNOWN:
            raise VideoRefused("element of unknown size")
        position = child_end
    return end


def _has_video_track(data: bytes, start: int, end: int, counter: _Counter) -> bool:
    for element_id, _start, content, child_end in _elements(data, start, end, counter):
        if element_id != _TRACK_ENTRY or child_end == _UNKNOWN:
            continue
        for sub_id, _s, sub_content, sub_end in _elements(data, content, child_end, counter):
            if sub_id == _TRACK_TYPE and int.from_bytes(data[sub_content:sub_end], "big") == 1:
                return True
    return False
