"""The limits every upload passes, in one place: size, archives, tables and XML.

Every file a user gives Vigil may be an attack: a 300 KB workbook that expands to
gigabytes, an archive whose headers lie about its sizes, an XML document that defines a
billion entities. The checks here refuse such a file with a message that names the limit
(and its setting, for the operator), before anything reads more than the limit into
memory. The limits come from the settings (`VIGIL_UPLOAD_MAX_BYTES` and the others
listed in docs/security.md), so an operator can raise one for an unusual register.

For callers:
- `read_capped(stream)` reads an uploaded file, never more than the size limit;
- `check_archive(data, kind="xlsx" | "docx" | "zip")` before any library opens a ZIP-based
  file: it inflates every member's real stream, so lying headers are caught too;
- `check_table_shape(...)` while a table is streamed, row by row;
- `parse_xml(data)` for any XML (XLSForm, DOCX parts, ODK/Kobo submissions).
Each raises an `UploadRefused` (`LimitExceeded`, `FileDamaged`/`ArchiveDamaged`, or
`UnsafeXML`); `error.as_validation_error("file")` shows it on a form.
"""

from __future__ import annotations

import io
import struct
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass
from typing import IO, Any, Literal
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as _defused_fromstring
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

MB = 1024 * 1024
# Below this, the expansion ratio is not checked: small XML parts compress very well.
RATIO_GRACE_BYTES = MB
# How much one step of inflation may produce: memory stays small whatever a member holds.
_INFLATE_STEP = 256 * 1024
_READ_STEP = 1024 * 1024

ArchiveKind = Literal["zip", "xlsx", "docx"]
# The members without which a file is not what its name says.
_REQUIRED_MEMBERS: dict[str, tuple[str, ...]] = {
    "zip": (),
    "xlsx": ("[Content_Types].xml", "xl/workbook.xml"),
    "docx": ("[Content_Types].xml", "word/document.xml"),
}


@dataclass(frozen=True)
class Limits:
    """What one upload may be; `Limits.current()` reads the settings."""

    upload_bytes: int
    archive_members: int
    member_bytes: int
    expanded_bytes: int
    expansion_ratio: int
    table_rows: int
    table_columns: int
    table_cells: int
    cell_chars: int

    @classmethod
    def current(cls) -> Limits:
        return cls(
            upload_bytes=settings.VIGIL_UPLOAD_MAX_BYTES,
            archive_members=settings.VIGIL_ARCHIVE_MAX_MEMBERS,
            member_bytes=settings.VIGIL_ARCHIVE_MAX_MEMBER_BYTES,
            expanded_bytes=settings.VIGIL_ARCHIVE_MAX_EXPANDED_BYTES,
            expansion_ratio=settings.VIGIL_ARCHIVE_MAX_RATIO,
            table_rows=settings.VIGIL_TABLE_MAX_ROWS,
            table_columns=settings.VIGIL_TABLE_MAX_COLUMNS,
            table_cells=settings.VIGIL_TABLE_MAX_CELLS,
            cell_chars=settings.VIGIL_TABLE_MAX_CELL_CHARS,
        )


class UploadRefused(ValueError):
    """A file Vigil will not read; the message says why, in the reader's language."""

    code = "refused"

    def __init__(self, message: str, *, limit: str = "") -> None:
        super().__init__(message)
        self.message = message
        # The setting of the limit that was passed, for tests and the operator's log.
        self.limit = limit

    def as_validation_error(self, field: str | None = None) -> ValidationError:
        error = ValidationError(self.message, code=self.code)
        return ValidationError({field: error}) if field else error


class LimitExceeded(UploadRefused):
    code = "limit"


class FileDamaged(UploadRefused):
    code = "damaged"


class ArchiveDamaged(FileDamaged):
    pass


class UnsafeXML(UploadRefused):
    code = "unsafe_xml"


def size_text(size: int) -> str:
    """200 MB, 300 KB, 512 bytes: a limit as people say it."""
    if size >= MB and size % MB == 0:
        return _("%(n)s MB") % {"n": f"{size // MB:,}"}
    if size >= MB:
        return _("%(n)s MB") % {"n": f"{size / MB:,.1f}"}
    if size >= 1024:
        return _("%(n)s KB") % {"n": f"{size // 1024:,}"}
    return _("%(n)s bytes") % {"n": f"{size:,}"}


def _limits(limits: Limits | None) -> Limits:
    return limits or Limits.current()


# --- size ------------------------------------------------------------------------------


def _too_large(limit: int) -> LimitExceeded:
    return LimitExceeded(
        _("The file is larger than %(size)s; split it into smaller files.")
        % {"size": size_text(limit)},
        limit="VIGIL_UPLOAD_MAX_BYTES",
    )


def check_size(size: int, *, limits: Limits | None = None) -> None:
    """Refuse a file of `size` bytes when it passes the upload limit."""
    limit = _limits(limits).upload_bytes
    if size > limit:
        raise _too_large(limit)


def read_capped(stream: IO[bytes] | Any, *, limits: Limits | None = None) -> bytes:
    """The whole of `stream`, read in steps and never more than the limit plus one byte.

    A declared size (a form's `upload.size`, a Content-Length) can lie; what is read cannot.
    """
    limit = _limits(limits).upload_bytes
    if hasattr(stream, "seek"):
        stream.seek(0)
    parts: list[bytes] = []
    total = 0
    while total <= limit:
        part = stream.read(min(_READ_STEP, limit + 1 - total))
        if not part:
            break
        parts.append(part)
        total += len(part)
    if total > limit:
        raise _too_large(limit)
    return b"".join(parts)


def safe_filename(name: str, *, max_length: int = 255) -> str:
    """A file's name as it may be shown and kept: no folders, no control or format
    characters (a right-to-left override makes "evil\u202egpj.csv" read as "evilvsc.jpg")."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    kept = "".join(c for c in base if unicodedata.category(c) not in {"Cc", "Cf"}).strip()
    return (kept.lstrip(".") or "upload")[:max_length]


# --- archives ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ArchiveSummary:
    names: tuple[str, ...]
    expanded_bytes: int


def _expands_beyond(limit: int, setting: str) -> LimitExceeded:
    return LimitExceeded(
        _("The file expands to more than %(size)s; it was refused.") % {"size": size_text(limit)},
        limit=setting,
    )


def _damaged(kind: ArchiveKind) -> ArchiveDamaged:
    if kind == "xlsx":
        return ArchiveDamaged(_("The file could not be opened as an Excel workbook."))
    if kind == "docx":
        return ArchiveDamaged(_("The file could not be opened as a Word document."))
    return ArchiveDamaged(_("The file is a damaged archive and cannot be read."))


def _not_kind(kind: ArchiveKind) -> FileDamaged:
    if kind == "zip":
        return FileDamaged(_("The file is not a ZIP archive."))
    return _damaged(kind)


def check_archive(
    data: bytes, *, kind: ArchiveKind = "zip", limits: Limits | None = None
) -> ArchiveSummary:
    """Refuse a ZIP-based file (XLSX, DOCX, ZIP) that is a bomb, lies or is damaged.

    Counts the members, then inflates each member's raw stream in bounded steps and counts
    what really comes out: per member, in total, and against the compression ratio. The
    headers' sizes are not trusted (Python's zipfile stops at the declared size, and so
    would pass a bomb on to whoever opens the file), but a member whose real size differs
    from its header is refused as damaged. Nested archives are not opened here: a caller
    that opens one checks it again.
    """
    limits = _limits(limits)
    check_size(len(data), limits=limits)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as exc:
        raise (_not_kind(kind) if data[:2] != b"PK" else _damaged(kind)) from exc
    if len(entries) > limits.archive_members:
        raise LimitExceeded(
            _("The archive holds more than %(n)s files; it was refused.")
            % {"n": f"{limits.archive_members:,}"},
            limit="VIGIL_ARCHIVE_MAX_MEMBERS",
        )
    budget = _Budget(limits, len(data))
    for entry in entries:
        budget.declare(entry.file_size)
    for entry in entries:
        produced = _inflate(data, entry, budget, kind)
        if produced != entry.file_size:
            raise _damaged(kind)
    names = tuple(entry.filename for entry in entries)
    if not set(_REQUIRED_MEMBERS[kind]) <= set(names):
        raise _not_kind(kind)
    return ArchiveSummary(names=names, expanded_bytes=budget.used)


class _Budget:
    """What an archive may still expand to: the total, the ratio and each member's cap."""

    def __init__(self, limits: Limits, archive_bytes: int) -> None:
        self.limits = limits
        self.ratio_cap = max(RATIO_GRACE_BYTES, limits.expansion_ratio * archive_bytes)
        self.used = 0
        self.declared = 0

    def declare(self, size: int) -> None:
        """Refuse early on the headers' sizes; the real sizes are counted as they come."""
        self.check_member(size)
        self.declared += size
        self.check_total(self.declared)

    def check_member(self, size: int) -> None:
        if size > self.limits.member_bytes:
            raise _expands_beyond(self.limits.member_bytes, "VIGIL_ARCHIVE_MAX_MEMBER_BYTES")

    def check_total(self, total: int) -> None:
        if total > self.limits.expanded_bytes:
            raise _expands_beyond(self.limits.expanded_bytes, "VIGIL_ARCHIVE_MAX_EXPANDED_BYTES")
        if total > self.ratio_cap:
            raise LimitExceeded(
                _(
                    "The file expands to more than %(ratio)s times its size "
                    "(a “zip bomb”); it was refused."
                )
                % {"ratio": self.limits.expansion_ratio},
                limit="VIGIL_ARCHIVE_MAX_RATIO",
            )

    def add(self, member_so_far: int, step: int) -> None:
        self.check_member(member_so_far)
        self.used += step
        self.check_total(self.used)


def _raw_stream(data: bytes, entry: zipfile.ZipInfo, kind: ArchiveKind) -> bytes:
    """A member's compressed bytes, found from its local header (not trusted further)."""
    offset = entry.header_offset
    header = data[offset : offset + 30]
    if len(header) < 30 or header[:4] != b"PK\x03\x04":
        raise _damaged(kind)
    name_length, extra_length = struct.unpack("<HH", header[26:30])
    start = offset + 30 + name_length + extra_length
    raw = data[start : start + entry.compress_size]
    if len(raw) != entry.compress_size:
        raise _damaged(kind)
    return raw


def _inflate(data: bytes, entry: zipfile.ZipInfo, budget: _Budget, kind: ArchiveKind) -> int:
    if entry.flag_bits & 0x1:  # an encrypted member cannot be checked, so it is not opened
        raise FileDamaged(_("The archive holds encrypted files; save it without a password."))
    raw = _raw_stream(data, entry, kind)
    if entry.compress_type == zipfile.ZIP_STORED:
        budget.add(len(raw), len(raw))
        crc, produced = zlib.crc32(raw), len(raw)
    elif entry.compress_type == zipfile.ZIP_DEFLATED:
        crc, produced = _inflate_deflated(raw, budget, kind)
    else:
        raise FileDamaged(_("The archive uses a compression Vigil does not read."))
    if crc != entry.CRC:
        raise _damaged(kind)
    return produced


def _inflate_deflated(raw: bytes, budget: _Budget, kind: ArchiveKind) -> tuple[int, int]:
    """The CRC and size of what a deflated stream really inflates to, within the budget."""
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    crc, produced, pending = 0, 0, raw
    try:
        while not inflater.eof:
            out = inflater.decompress(pending, _INFLATE_STEP)
            produced += len(out)
            budget.add(produced, len(out))
            crc = zlib.crc32(out, crc)
            pending = inflater.unconsumed_tail
            if not out and not pending:
                break
        rest = inflater.flush()
        produced += len(rest)
        budget.add(produced, len(rest))
        crc = zlib.crc32(rest, crc)
    except zlib.error as exc:
        raise _damaged(kind) from exc
    return crc, produced


# --- tables ------------------------------------------------------------------------------


def check_table_shape(
    *,
    rows: int = 0,
    columns: int = 0,
    cells: int = 0,
    cell_chars: int = 0,
    limits: Limits | None = None,
) -> None:
    """Refuse a table as it is read: its rows so far, a row's columns, the cells so far and
    the longest cell. Call it while streaming, so that no more than the limit is kept."""
    limits = _limits(limits)
    shape = (
        (rows, limits.table_rows, "VIGIL_TABLE_MAX_ROWS", _TOO_MANY_ROWS),
        (columns, limits.table_columns, "VIGIL_TABLE_MAX_COLUMNS", _TOO_MANY_COLUMNS),
        (cells, limits.table_cells, "VIGIL_TABLE_MAX_CELLS", _TOO_MANY_CELLS),
        (cell_chars, limits.cell_chars, "VIGIL_TABLE_MAX_CELL_CHARS", _CELL_TOO_LONG),
    )
    for value, cap, setting, message in shape:
        if value > cap:
            raise LimitExceeded(_(message) % {"n": f"{cap:,}"}, limit=setting)


# Translated when raised (gettext_noop marks them for makemessages).
_TOO_MANY_ROWS = gettext_noop("The file has more than %(n)s rows; split it into smaller files.")
_TOO_MANY_COLUMNS = gettext_noop("A row has more than %(n)s columns.")
_TOO_MANY_CELLS = gettext_noop("The file has more than %(n)s cells; split it into smaller files.")
_CELL_TOO_LONG = gettext_noop("A cell holds more than %(n)s characters.")


# --- XML -----------------------------------------------------------------------------------


def unsafe_xml() -> UnsafeXML:
    """The refusal of an XML document that declares a DTD, entities or external references."""
    return UnsafeXML(
        _(
            "The file holds XML with a document type declaration or entities, "
            "which Vigil refuses for safety; save it again from its application."
        )
    )


def parse_xml(data: bytes | str, *, limits: Limits | None = None) -> Element:
    """Parse an XML document safely: no DTD, no entities, no external references.

    The size is the upload's limit. A malformed document is `FileDamaged`; a DTD or entity
    is `UnsafeXML` (billion laughs, quadratic blowup and XXE never start).
    """
    check_size(len(data), limits=limits)
    try:
        root: Element = _defused_fromstring(
            data, forbid_dtd=True, forbid_entities=True, forbid_external=True
        )
    except DefusedXmlException as exc:
        raise unsafe_xml() from exc
    except (ParseError, ValueError) as exc:
        raise FileDamaged(_("The file is not well-formed XML and cannot be read.")) from exc
    return root
