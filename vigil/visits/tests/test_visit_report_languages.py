"""A visit report is written in the language chosen for it, whatever the language its asker
works in; Arabic, Thai and Korean reports carry their script's fonts, embedded, and Arabic
reads right to left."""

from __future__ import annotations

import subprocess
import unicodedata
from pathlib import Path
from typing import Any

import docx
import pytest
from django.urls import reverse
from django.utils import translation

from vigil.core import crypto
from vigil.core.models import Job
from vigil.core.tests.factories import client_for, stored_document
from vigil.places.tests.factories import PlaceFactory
from vigil.visits.reports.files import render_docx, render_pdf
from vigil.visits.reports.visit_report import build_visit_report
from vigil.visits.tests.factories import FindingFactory, VisitFactory, theme

# A few words of each language, in a catalogue of the test's own: the shipped catalogues are
# being translated, and the test must not depend on how far they have got.
WORDS = {
    "ar": {
        "Summary": "الملخص",
        "Recommendations": "التوصيات",
        "Report on the visit to %(place)s": "تقرير عن زيارة %(place)s",
    },
    "th": {
        "Summary": "สรุป",
        "Recommendations": "ข้อเสนอแนะ",
        "Report on the visit to %(place)s": "รายงานการเยี่ยม %(place)s",
    },
    "ko": {
        "Summary": "요약",
        "Recommendations": "권고",
        "Report on the visit to %(place)s": "%(place)s 방문 보고서",
    },
    "mn": {
        "Recommendations": "Зөвлөмж",
        "Report on the visit to %(place)s": "%(place)s-д хийсэн айлчлалын тайлан",
    },
    "fr": {
        "Recommendations": "Recommandations",
        "Report on the visit to %(place)s": "Rapport sur la visite de %(place)s",
    },
}
# Places named in each script: data text the PDF must carry with its glyphs.
# (Thai without ำ: WeasyPrint maps the glyph า it shares to ำ when text is extracted.)
PLACES = {"ar": "سجن الرصيفة المركزي", "th": "ทัณฑสถานหญิงกลาง", "ko": "서울구치소"}
REFERENCE = "Mandela Rule 43"  # Latin inside Arabic keeps its order


@pytest.fixture
def catalogue(settings: Any, tmp_path: Path) -> None:
    """The test's words, compiled, ahead of the shipped catalogues."""
    for code, words in WORDS.items():
        folder = tmp_path / code / "LC_MESSAGES"
        folder.mkdir(parents=True)
        entries = "".join(f'msgid "{en}"\nmsgstr "{tr}"\n\n' for en, tr in words.items())
        header = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        (folder / "django.po").write_text(header + entries, encoding="utf-8")
        subprocess.run(
            ["msgfmt", "-o", str(folder / "django.mo"), str(folder / "django.po")], check=True
        )
    settings.LOCALE_PATHS = [tmp_path, *settings.LOCALE_PATHS]


def _pdf_text(content: bytes) -> str:
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()
    # Shaped Arabic may come back as presentation forms: compare letters, not glyph forms.
    return " ".join(unicodedata.normalize("NFKC", text).split())


def _pdf_fonts(content: bytes, tmp_path: Path) -> list[list[str]]:
    path = tmp_path / "report.pdf"
    path.write_bytes(content)
    lines = subprocess.run(
        ["pdffonts", str(path)], capture_output=True, check=True, text=True
    ).stdout.splitlines()[2:]
    return [line.split() for line in lines]


def _visit(personas: Any, place_name: str) -> Any:
    place = PlaceFactory.create(institution=personas.institution_a, name=place_name)
    visit = VisitFactory.create(place=place, created_by=personas.monitor.user)
    FindingFactory.create(visit=visit, theme=theme("solitary"), title=f"{place_name} ({REFERENCE})")
    return visit


@pytest.mark.parametrize(
    ("language", "font"), [("ar", "Vigil-Sans"), ("th", "Noto-Sans-Thai"), ("ko", "Noto-Sans-KR")]
)
def test_a_report_in_a_script_carries_its_words_with_every_font_embedded(
    personas, catalogue, tmp_path, language, font
):
    visit = _visit(personas, PLACES[language])
    with translation.override(language):
        document = build_visit_report(visit, reader=personas.monitor, audience="internal")
        content = render_pdf(document)
    text = _pdf_text(content)
    # A heading from the catalogue, and the place's name from the data, each in its script.
    # (Whole titles may wrap, and pdftotext then orders Thai marks around the break.)
    for words in (WORDS[language]["Summary"], PLACES[language]):
        assert unicodedata.normalize("NFKC", words) in text, text[:300]
    assert REFERENCE in text
    fonts = _pdf_fonts(content, tmp_path)
    assert any(font in row[0] for row in fonts), fonts
    # name type encoding emb sub uni object ID: every font is embedded (and subset).
    assert all(row[-5] == "yes" for row in fonts), fonts


def test_an_arabic_pdf_and_docx_read_right_to_left(personas, catalogue):
    visit = _visit(personas, PLACES["ar"])
    with translation.override("ar"):
        document = build_visit_report(visit, reader=personas.monitor, audience="internal")
        html_dir = 'dir="rtl"'
        from django.template.loader import render_to_string

        assert html_dir in render_to_string("visits/report_pdf.html", {"doc": document})
        word = docx.Document(__import__("io").BytesIO(render_docx(document)))
    body = word.element.body.xml
    assert "<w:bidi/>" in body and "<w:rtl/>" in body
    assert word.sections[0]._sectPr.xml.count("<w:bidi/>") == 1


def _ask(client: Any, visit: Any, language: str) -> Job:
    response = client.post(
        reverse("visits:visit_report", args=[visit.pk, "pdf"]),
        {"audience": "authorities", "language": language},
    )
    assert response.status_code == 302, response.content.decode()[:500]
    return Job.objects.get()


def _document_text(job: Job) -> str:
    document = stored_document(job)
    content = crypto.decrypt_bytes(bytes(document.content), context=document.encryption_context)
    return _pdf_text(content)


def _documents_speak(personas: Any) -> None:
    personas.institution_a.languages = ["en", "fr", "ar", "mn"]
    personas.institution_a.save(update_fields=["languages"])


def test_a_report_in_mongolian_for_a_member_working_in_english(
    transactional_db, personas, catalogue
):
    _documents_speak(personas)
    visit = _visit(personas, "Central Remand Prison")
    client = client_for(personas.monitor)
    assert 'lang="en"' in client.get("/").content.decode()
    job = _ask(client, visit, "mn")
    assert job.params["language"] == "mn"
    text = _document_text(job)
    assert "Central Remand Prison-д хийсэн айлчлалын тайлан" in text and "Зөвлөмж" in text
    # The page the asker watches stays in their language.
    assert 'lang="en"' in client.get(reverse("core:job_detail", args=[job.pk])).content.decode()


def test_a_report_in_french_for_a_member_working_in_arabic(transactional_db, personas, catalogue):
    _documents_speak(personas)
    personas.monitor.user.language = "ar"
    personas.monitor.user.save(update_fields=["language"])
    visit = _visit(personas, "Central Remand Prison")
    client = client_for(personas.monitor)
    page = client.get(reverse("visits:visit_report", args=[visit.pk, "pdf"])).content.decode()
    assert 'lang="ar" dir="rtl"' in page and 'value="fr"' in page
    job = _ask(client, visit, "fr")
    text = _document_text(job)
    assert "Rapport sur la visite de Central Remand Prison" in text and "Recommandations" in text


def test_a_language_the_institution_does_not_write_in_is_refused(personas):
    visit = _visit(personas, "Central Remand Prison")
    response = client_for(personas.monitor).post(
        reverse("visits:visit_report", args=[visit.pk, "pdf"]),
        {"audience": "authorities", "language": "ko"},
    )
    assert response.status_code == 400 and "language" in response.context["form"].errors
    assert not Job.objects.exists()
