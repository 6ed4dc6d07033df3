"""Small real videos, written here byte by byte, and hostile ones the vault must refuse.

No ffmpeg: the MP4 carries one Motion-JPEG frame (Pillow writes it) in a standard ISO
box structure, the WebM one VP8 key frame (taken from a lossy WebP that Pillow writes: a
WebP's `VP8 ` chunk is a VP8 frame). Both carry a GPS position where cameras and phones put
it: MP4 in `udta/©xyz`, an XMP `uuid` box and an iTunes-style title; WebM in its Tags and
its Title.
"""

from __future__ import annotations

import io
import struct

from PIL import Image

LOCATION = b"+48.8577+002.2950/"
XMP_UUID = bytes.fromhex("be7acfcb97a942e89c71999491e3afac")
SIZE = (32, 24)


def _frame(format: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", SIZE, (120, 40, 40)).save(buffer, format=format, quality=80)
    return buffer.getvalue()


def jpeg_frame() -> bytes:
    return _frame("JPEG")


def vp8_frame() -> bytes:
    webp = _frame("WEBP")
    assert webp[12:16] == b"VP8 ", "Pillow wrote a lossless WebP"
    (length,) = struct.unpack("<I", webp[16:20])
    return webp[20 : 20 + length]


# --- MP4 ---------------------------------------------------------------------------------


def box(kind: bytes, *children: bytes) -> bytes:
    content = b"".join(children)
    return struct.pack(">I4s", 8 + len(content), kind) + content


def full_box(kind: bytes, version_flags: int, *children: bytes) -> bytes:
    return box(kind, struct.pack(">I", version_flags), *children)


def _moov(frame_size: int, chunk_offset: int, *, metadata: bool) -> bytes:
    width, height = SIZE
    matrix = struct.pack(">9I", 0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000)
    mvhd = full_box(
        b"mvhd",
        0,
        struct.pack(">IIII", 0, 0, 1000, 1000),
        struct.pack(">IH10x", 0x10000, 0x100),
        matrix,
        bytes(24),
        struct.pack(">I", 2),
    )
    tkhd = full_box(
        b"tkhd",
        3,
        struct.pack(">IIIII", 0, 0, 1, 0, 1000),
        bytes(8),
        struct.pack(">HHHH", 0, 0, 0, 0),
        matrix,
        struct.pack(">II", width << 16, height << 16),
    )
    mdhd = full_box(b"mdhd", 0, struct.pack(">IIIIHH", 0, 0, 1000, 1000, 0x55C4, 0))
    hdlr = full_box(b"hdlr", 0, struct.pack(">I4s12x", 0, b"vide"), b"VideoHandler\0")
    entry = box(
        b"jpeg",
        bytes(6),
        struct.pack(">H", 1),
        bytes(16),
        struct.pack(">HH", width, height),
        struct.pack(">II", 0x480000, 0x480000),
        bytes(4),
        struct.pack(">H", 1),
        bytes([5]) + b"Photo" + bytes(26),
        struct.pack(">Hh", 0x18, -1),
    )
    stbl = box(
        b"stbl",
        full_box(b"stsd", 0, struct.pack(">I", 1), entry),
        full_box(b"stts", 0, struct.pack(">III", 1, 1, 1000)),
        full_box(b"stsc", 0, struct.pack(">IIII", 1, 1, 1, 1)),
        full_box(b"stsz", 0, struct.pack(">III", 0, 1, frame_size)),
        full_box(b"stco", 0, struct.pack(">II", 1, chunk_offset)),
    )
    minf = box(
        b"minf",
        full_box(b"vmhd", 1, bytes(8)),
        box(b"dinf", full_box(b"dref", 0, struct.pack(">I", 1), full_box(b"url ", 1))),
        stbl,
    )
    trak = box(b"trak", tkhd, box(b"mdia", mdhd, hdlr, minf))
    udta = b""
    if metadata:
        title = box(b"\xa9nam", box(b"data", struct.pack(">II", 1, 0), b"Fictional Title"))
        meta = full_box(
            b"meta",
            0,
            full_box(b"hdlr", 0, struct.pack(">I4s12x", 0, b"mdir"), b"\0"),
            box(b"ilst", title),
        )
        xyz = box(b"\xa9xyz", struct.pack(">HH", len(LOCATION), 0x15C7), LOCATION)
        udta = box(b"udta", xyz, meta)
    return box(b"moov", mvhd, trak, udta)


def mp4_with_gps() -> bytes:
    """An MP4 with one JPEG frame, moov first (as "fast start" files are), carrying GPS."""
    frame = jpeg_frame()
    ftyp = box(b"ftyp", b"isom", struct.pack(">I", 0x200), b"isomiso2mp41")
    xmp = box(
        b"uuid",
        XMP_UUID,
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><exif:GPSLatitude>48,51.46N</exif:GPSLatitude>'
        b"<exif:GPSLongitude>2,17.70E</exif:GPSLongitude></x:xmpmeta>",
    )
    moov_size = len(_moov(len(frame), 0, metadata=True))
    offset = len(ftyp) + moov_size + len(xmp) + 8
    return ftyp + _moov(len(frame), offset, metadata=True) + xmp + box(b"mdat", frame)


def mp4_chunk(data: bytes) -> bytes:
    """The first sample of the MP4's only track, found through its sample table."""
    stco = data.index(b"stco")
    (offset,) = struct.unpack(">I", data[stco + 12 : stco + 16])
    stsz = data.index(b"stsz")
    (size,) = struct.unpack(">I", data[stsz + 16 : stsz + 20])
    return data[offset : offset + size]


def mp4_nested(depth: int) -> bytes:
    """`moov` inside `moov`, `depth` times, after a valid ftyp: a deep-recursion attack."""
    inner = box(b"free")
    for _ in range(depth):
        inner = box(b"moov", inner)
    return box(b"ftyp", b"isom", bytes(4), b"isom") + inner


def mp4_many_boxes(count: int) -> bytes:
    """A moov of `count` empty boxes: a slow-walk attack."""
    return box(b"ftyp", b"isom", bytes(4), b"isom") + box(b"moov", box(b"free") * count)


def mp4_lying(claimed: int = 2**62) -> bytes:
    """A moov whose 64-bit size claims far more than the file holds."""
    real = mp4_with_gps()
    moov = real.index(b"moov") - 4
    return real[:moov] + struct.pack(">I4sQ", 1, b"moov", claimed) + real[moov + 8 :]


# --- WebM --------------------------------------------------------------------------------


def element(element_id: int, *children: bytes, unknown_size: bool = False) -> bytes:
    content = b"".join(children)
    ident = element_id.to_bytes((element_id.bit_length() + 7) // 8, "big")
    if unknown_size:
        return ident + b"\x01\xff\xff\xff\xff\xff\xff\xff"
    return ident + (1 << 56 | len(content)).to_bytes(8, "big") + content


def uint(element_id: int, value: int) -> bytes:
    return element(element_id, value.to_bytes(max(1, (value.bit_length() + 7) // 8), "big"))


def webm_with_gps(*, live: bool = False) -> bytes:
    """A WebM with one VP8 frame, a location in its Tags and Title. `live`: segment and
    cluster of unknown size, as a browser's MediaRecorder writes them."""
    width, height = SIZE
    header = element(
        0x1A45DFA3,
        uint(0x4286, 1),
        uint(0x42F7, 1),
        uint(0x42F2, 4),
        uint(0x42F3, 8),
        element(0x4282, b"webm"),
        uint(0x4287, 2),
        uint(0x4285, 2),
    )
    info = element(
        0x1549A966,
        uint(0x2AD7B1, 1_000_000),
        element(0x4D80, b"Fictional Muxer"),
        element(0x5741, b"Fictional Writer"),
        element(0x7BA9, b"Cell 4 at " + LOCATION),
        element(0x4489, struct.pack(">f", 40.0)),
    )
    tracks = element(
        0x1654AE6B,
        element(
            0xAE,
            uint(0xD7, 1),
            uint(0x73C5, 1),
            uint(0x83, 1),
            element(0x86, b"V_VP8"),
            element(0xE0, uint(0xB0, width), uint(0xBA, height)),
        ),
    )
    block = element(0xA3, b"\x81\x00\x00\x80" + vp8_frame())
    tags = element(
        0x1254C367,
        element(
            0x7373,
            element(0x63C0),
            element(0x67C8, element(0x45A3, b"LOCATION"), element(0x4487, LOCATION)),
        ),
    )
    if live:
        cluster = element(0x1F43B675, unknown_size=True) + uint(0xE7, 0) + block
        body = info + tracks + tags + cluster
        return header + element(0x18538067, unknown_size=True) + body
    cluster = element(0x1F43B675, uint(0xE7, 0), block)
    return header + element(0x18538067, info, tracks, cluster, tags)


def webm_frame(data: bytes) -> bytes:
    """The VP8 frame of the WebM's only block."""
    cluster = data.index(b"\x1f\x43\xb6\x75")
    start = data.index(b"\xa3\x01", cluster) + 9 + 4  # id, 8-byte size, track, time, flags
    return data[start : start + len(vp8_frame())]
