"""Hostile files, built on the fly, and a bounded child process to feed them to Vigil.

Nothing here is fetched: every bomb, lying archive and poisoned workbook is written by
these functions, so the suite (vigil/core/tests/test_hostile_uploads.py) and the benchmark
(bench/bench_limits.py) need no fixtures on disk. `bounded()` runs a case in a forked
child with a cap on its address space and a timeout: a regression that lets a bomb through
then fails one test instead of taking the machine down.
"""

from __future__ import annotations

import io
import json
import os
import resource
import select
import signal
import struct
import traceback
import zipfile
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from openpyxl import Workbook

MB = 1024 * 1024


@dataclass(frozen=True)
class Member:
    """One member of a hand-built ZIP: its compressed bytes and what its headers claim."""

    name: str
    raw: bytes
    crc: int
    size: int  # the size the headers declare, true or not
    method: int = zipfile.ZIP_DEFLATED
    flags: int = 0
    offset_of: str | None = None  # share another member's stream (overlapping entries)


def deflated(name: str, content: bytes) -> Member:
    packer = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    raw = packer.compress(content) + packer.flush()
    return Member(name, raw, zlib.crc32(content), len(content))


def deflated_stream(name: str, head: bytes, repeat: bytes, times: int, tail: bytes) -> Member:
    """A member of `head + repeat * times + tail`, compressed without ever holding it whole."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    parts, crc, size = [packer.compress(head)], zlib.crc32(head), len(head)
    for _ in range(times):
        parts.append(packer.compress(repeat))
        crc, size = zlib.crc32(repeat, crc), size + len(repeat)
    parts += [packer.compress(tail), packer.flush()]
    return Member(name, b"".join(parts), zlib.crc32(tail, crc), size + len(tail))


def raw_zip(members: Iterable[Member]) -> bytes:
    """A ZIP written by hand, so that its headers can say whatever a test needs."""
    out, central, offsets = io.BytesIO(), io.BytesIO(), {}
    count = 0
    for m in members:
        count += 1
        name = m.name.encode()
        if m.offset_of is None:
            offsets[m.name] = out.tell()
            out.write(
                struct.pack(
                    "<4s5H3L2H",
                    b"PK\x03\x04",
                    20,
                    m.flags,
                    m.method,
                    0,
                    0x21,
                    m.crc,
                    len(m.raw),
                    m.size,
                    len(name),
                    0,
                )
                + name
                + m.raw
            )
        central.write(
            struct.pack(
                "<4s6H3L5H2L",
                b"PK\x01\x02",
                20,
                20,
                m.flags,
                m.method,
                0,
                0x21,
                m.crc,
                len(m.raw),
                m.size,
                len(name),
                0,
                0,
                0,
                0,
                0,
                offsets[m.offset_of or m.name],
            )
            + name
        )
    start = out.tell()
    out.write(central.getvalue())
    end = struct.pack(
        "<4s4H2LH", b"PK\x05\x06", 0, 0, count, count, len(central.getvalue()), start, 0
    )
    return out.getvalue() + end


def workbook_members(rows: Iterable[Iterable[Any]] = (("Name", "Reference"),)) -> list[Member]:
    """The members of a real, small workbook written by openpyxl."""
    book = Workbook()
    for row in rows:
        book.active.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        return [deflated(info.filename, archive.read(info)) for info in archive.infolist()]


def workbook_with(*replaced: Member) -> bytes:
    """A real workbook whose members named in `replaced` are swapped (or added)."""
    names = {m.name for m in replaced}
    kept = [m for m in workbook_members() if m.name not in names]
    return raw_zip([*kept, *replaced])


SHEET = "xl/worksheets/sheet1.xml"
SHEET_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
SHEET_TAIL = b"</sheetData></worksheet>"
ROW = b'<row><c t="inlineStr"><is><t>x</t></is></c><c><v>1</v></c></row>'


def bomb_sheet(expanded: int = 300 * MB) -> Member:
    """A sheet of identical rows padded with blanks: 300 MB from about 300 KB (deflate's
    best ratio is about 1,000 to 1)."""
    padded = ROW + b" " * 4096
    repeat = padded * (MB // len(padded))
    return deflated_stream(SHEET, SHEET_HEAD, repeat, expanded // len(repeat), SHEET_TAIL)


@cache  # a few seconds to build; every test that needs it shares it
def bomb_workbook(expanded: int = 300 * MB) -> bytes:
    return workbook_with(bomb_sheet(expanded))


@cache  # a few seconds to build; every test that needs it shares it
def lying_bomb_workbook(expanded: int = 300 * MB) -> bytes:
    """The bomb with headers that say its sheet is 2 KB: only inflating it tells."""
    sheet = bomb_sheet(expanded)
    return workbook_with(Member(sheet.name, sheet.raw, sheet.crc, 2048))


@cache  # a few seconds to build; every test that needs it shares it
def overlapping_workbook(copies: int = 20) -> bytes:
    """Many entries that share one 100 MB stream (David Fifield's overlapping bomb)."""
    sheet = bomb_sheet(100 * MB - MB)
    extra = [
        Member(f"xl/media/copy{i}.xml", sheet.raw, sheet.crc, sheet.size, offset_of=SHEET)
        for i in range(copies)
    ]
    return workbook_with(sheet, *extra)


def nested_zip(depth: int = 3) -> bytes:
    """A ZIP of ZIPs of a 10 MB bomb (the "42.zip" shape), named as a workbook."""
    inner = raw_zip([deflated_stream("bomb.bin", b"", b"\0" * MB, 10, b"")])
    for level in range(depth):
        inner = raw_zip([deflated(f"layer{level}-{i}.zip", inner) for i in range(10)])
    return inner


def sheet_xml(rows_xml: bytes, *, prolog: bytes = b"") -> bytes:
    return (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        + prolog
        + SHEET_HEAD.split(b"?>", 1)[1]
        + rows_xml
        + SHEET_TAIL
    )


BILLION_LAUGHS = (
    b'<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
        for i in range(1, 10)
    )
    + b"]>"
)


def shared_strings_workbook(strings_xml: bytes) -> bytes:
    """A workbook whose first cell is the first shared string of `strings_xml`."""
    members = {m.name: m for m in workbook_members()}
    types = zipfile.ZipFile(io.BytesIO(raw_zip(members.values()))).read("[Content_Types].xml")
    override = (
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
    )
    row = b'<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
    return workbook_with(
        deflated("[Content_Types].xml", types.replace(b"</Types>", override)),
        deflated(SHEET, sheet_xml(row)),
        deflated("xl/sharedStrings.xml", strings_xml),
    )


def laughing_workbook() -> bytes:
    """Billion laughs in the shared strings."""
    return shared_strings_workbook(
        b'<?xml version="1.0" encoding="UTF-8"?>'
        + BILLION_LAUGHS
        + b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1"'
        b' uniqueCount="1"><si><t>&lol9;</t></si></sst>'
    )


def laughing_sheet_workbook() -> bytes:
    """Billion laughs in the sheet itself."""
    row = b'<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
    return workbook_with(deflated(SHEET, sheet_xml(row, prolog=BILLION_LAUGHS)))


def xxe_workbook() -> bytes:
    """An external entity in the sheet: it would read a file of the server."""
    prolog = b'<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    row = b'<row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row>'
    return workbook_with(deflated(SHEET, sheet_xml(row, prolog=prolog)))


def huge_cell_workbook(chars: int = 40_000) -> bytes:
    row = b'<row r="1"><c r="A1" t="inlineStr"><is><t>' + b"x" * chars + b"</t></is></c></row>"
    return workbook_with(deflated(SHEET, sheet_xml(row)))


def wide_workbook() -> bytes:
    """A row that reaches Excel's last column, XFD (16,384 columns)."""
    row = b'<row r="1"><c r="A1"><v>1</v></c><c r="XFD1"><v>1</v></c></row>'
    return workbook_with(deflated(SHEET, sheet_xml(row)))


def million_columns_workbook() -> bytes:
    """A cell reference far beyond Excel's last column."""
    row = b'<row r="1"><c r="A1"><v>1</v></c><c r="BDWGN1"><v>1</v></c></row>'
    return workbook_with(deflated(SHEET, sheet_xml(row)))


def crowded_archive(members: int = 3000) -> bytes:
    return workbook_with(*(deflated(f"xl/media/m{i}.bin", b"") for i in range(members)))


def encrypted_workbook() -> bytes:
    sheet = deflated(SHEET, sheet_xml(b""))
    return workbook_with(Member(sheet.name, sheet.raw, sheet.crc, sheet.size, flags=1))


def bzip2_workbook() -> bytes:
    sheet = deflated(SHEET, sheet_xml(b""))
    return workbook_with(Member(sheet.name, sheet.raw, sheet.crc, sheet.size, method=12))


def wrong_crc_workbook() -> bytes:
    sheet = deflated(SHEET, sheet_xml(b""))
    return workbook_with(Member(sheet.name, sheet.raw, sheet.crc ^ 1, sheet.size))


def truncated_workbook() -> bytes:
    whole = raw_zip(workbook_members((("Name",), ("North Prison",))))
    return whole[: len(whole) // 2]


def plain_workbook(rows: Iterable[Iterable[Any]]) -> bytes:
    return raw_zip(workbook_members(rows))


# --- a bounded child process -------------------------------------------------------------


class BoundedFailure(AssertionError):
    """The child ran out of time or memory, or raised: a limit let something through."""


def _address_space() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


def _fresh_connections() -> None:
    """The child leaves its parent's database connections alone and opens its own."""
    from django.db import connections

    for connection in connections.all(initialized_only=True):
        connection.connection = None


def bounded(case: Callable[[], Any], *, memory: int = 1024 * MB, seconds: int = 120) -> Any:
    """`case()` run in a forked child whose address space may grow by `memory` at most.

    The child gets the parent's state (a logged-in test client, settings) by the fork and
    opens its own database connections, so tests that use it need committed data
    (`django_db(transaction=True)`). Its result comes back as JSON.
    """
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        os.close(reader)
        code = 0
        try:
            limit = _address_space() + memory
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
            _fresh_connections()
            payload = {"result": case()}
        except BaseException:
            payload, code = {"error": traceback.format_exc()}, 1
        try:
            from django.db import connections

            connections.close_all()
            with os.fdopen(writer, "w") as out:
                json.dump(payload, out)
        finally:
            os._exit(code)
    os.close(writer)
    try:
        chunks = []
        while True:
            ready, _w, _x = select.select([reader], [], [], seconds)
            if not ready:
                os.kill(pid, signal.SIGKILL)
                raise BoundedFailure(f"the case took more than {seconds} s")
            chunk = os.read(reader, 65536)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(reader)
        _pid, status = os.waitpid(pid, 0)
    if not chunks:
        raise BoundedFailure(f"the child died (wait status {status}), likely out of memory")
    payload = json.loads(b"".join(chunks))
    if "error" in payload:
        raise BoundedFailure(payload["error"])
    return payload["result"]
