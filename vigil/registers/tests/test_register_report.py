"""The visit report's "Custody registers" section, in the DOCX and the PDF: each check's
count and rate for the extract handed over during the visit, small counts withheld in what
leaves the institution, and neither names nor pseudonyms."""

from __future__ import annotations

import io
import subprocess

import docx
import pytest

from vigil.core.redaction import Audience
from vigil.registers import workcopy
from vigil.registers.models import CustodyRegister
from vigil.registers.tests.helpers import IDENTIFIERS
from vigil.visits.reports.files import render_docx, render_pdf
from vigil.visits.reports.visit_report import build_visit_report

pytestmark = pytest.mark.django_db(transaction=True)


def _pdf_text(content: bytes) -> str:
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=content, capture_output=True, check=True
    )
    return " ".join(result.stdout.decode().split())


def _docx_text(content: bytes) -> str:
    word = docx.Document(io.BytesIO(content))
    cells = [cell.text for table in word.tables for row in table.rows for cell in row.cells]
    return " ".join(" ".join([*(p.text for p in word.paragraphs), *cells]).split())


def _pseudonyms(register: CustodyRegister) -> set[str]:
    with workcopy.opened(register) as con:
        found = con.execute("SELECT DISTINCT pseudonym FROM register").fetchall()
    return {pseudonym for (pseudonym,) in found if pseudonym}


def test_the_internal_report_gives_each_check_s_count_and_rate(personas, checked, visit):
    report = build_visit_report(visit, reader=personas.monitor, audience=Audience.INTERNAL)
    secrets = [*IDENTIFIERS, *_pseudonyms(checked)]
    for text in (_docx_text(render_docx(report)), _pdf_text(render_pdf(report))):
        assert "Custody registers" in text
        assert f"Register extract {checked.pk}" in text
        assert "National Police" in text
        # 1 of the 6 entries was held past the limit without a judge; numbering found 3.
        assert "Held past the legal limit without a judge 1 6 17%" in text
        assert "Gaps and duplicates in entry numbers 3 6 50%" in text
        assert "Minors held 1 6 17%" in text
        assert not any(secret in text for secret in secrets)


def test_the_report_for_the_authorities_withholds_small_counts(personas, checked, visit):
    report = build_visit_report(visit, reader=personas.monitor, audience=Audience.AUTHORITIES)
    for text in (_docx_text(render_docx(report)), _pdf_text(render_pdf(report))):
        assert "Held past the legal limit without a judge fewer than 5 6 –" in text
        assert "17%" not in text and "50%" not in text
        assert "Lawyer not informed, or informed late" in text


def test_a_visit_without_a_checked_extract_has_no_register_section(personas, checked, visit):
    CustodyRegister.objects.filter(pk=checked.pk).update(visit=None)
    report = build_visit_report(visit, reader=personas.monitor, audience=Audience.INTERNAL)
    assert "Custody registers" not in _docx_text(render_docx(report))
