"""Refuse a workbook that is unsafe to open, before pyxform and openpyxl see it.

An .xlsx is a ZIP of XML parts. A part that declares a DTD can define entities
that expand to gigabytes (billion laughs) or read local files (XXE); no genuine
spreadsheet program writes one. Each XML part's prolog is read with defusedxml,
which refuses the DTD before anything is expanded.
"""

from __future__ import annotations

import zipfile
from io import BytesIO
from typing import IO
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse
from django.utils.translation import gettext as _

from vigil.core.limits import FileDamaged, UploadRefused, check_archive

from .errors import XLSFormError, XLSFormProblem

_XML_SUFFIXES = (".xml", ".rels", ".vml")
# A DTD can only stand before the root element; a prolog longer than this is not a
# spreadsheet program's.
MAX_PROLOG_BYTES = 64 * 1024


class _PrologTooLong(Exception):
    pass


class _CappedStream:
    """Reads a member for the parser, refusing to go past MAX_PROLOG_BYTES."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        self.read_so_far = 0

    def read(self, size: int = -1) -> bytes:
        room = MAX_PROLOG_BYTES - self.read_so_far
        if room <= 0:
            raise _PrologTooLong
        chunk = self.stream.read(min(size, room) if size and size > 0 else room)
        self.read_so_far += len(chunk)
        return chunk


def refuse_unsafe_workbook(content: bytes, filename: str) -> None:
    """Raise XLSFormError when an .xlsx holds XML with a DTD or entities, or is damaged."""
    if not content.startswith(b"PK"):
        return  # not a ZIP: an .xls (BIFF) workbook holds no XML; pyxform says if it is neither
    try:
        # First the bomb check: nothing below inflates a member before it has passed.
        check_archive(content, kind="xlsx")
    except FileDamaged as error:
        raise _refused(filename, _("it is damaged or not an Excel workbook")) from error
    except UploadRefused as error:
        raise _refused(filename, error.message.rstrip(".")) from error
    try:
        with zipfile.ZipFile(BytesIO(content)) as archive:
            for entry in archive.infolist():
                if entry.filename.lower().endswith(_XML_SUFFIXES):
                    with archive.open(entry) as member:
                        _check_prolog(member, entry.filename, filename)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError) as error:
        if isinstance(error, XLSFormError):
            raise
        raise _refused(filename, _("it is damaged or not an Excel workbook")) from error


def _check_prolog(member: IO[bytes], part: str, filename: str) -> None:
    try:
        for _event, _element in iterparse(
            _CappedStream(member),
            events=("start",),
            forbid_dtd=True,
            forbid_entities=True,
            forbid_external=True,
        ):
            return  # the root element: no DTD can follow
    except DefusedXmlException as error:
        raise _refused(
            filename,
            _(
                "its part %(part)s declares a DTD or entities, which Vigil refuses for safety; "
                "open it in a spreadsheet program and save it again as .xlsx"
            )
            % {"part": part},
        ) from error
    except (_PrologTooLong, ParseError) as error:
        raise _refused(
            filename, _("its part %(part)s is not well-formed XML") % {"part": part}
        ) from error


def _refused(filename: str, reason: str) -> XLSFormError:
    return XLSFormError(
        [
            XLSFormProblem(
                None,
                None,
                None,
                _("'%(filename)s' cannot be used: %(reason)s.")
                % {"filename": filename, "reason": reason},
            )
        ]
    )
