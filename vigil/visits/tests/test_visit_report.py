"""The visit report: built from the visit's facts, redacted for its audience, written as DOCX and
PDF in the background, stored encrypted and downloaded only by those who may."""

from __future__ import annotations

import datetime
import io
import re
import socket
import subprocess
import zlib
from typing import Any

import docx
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from vigil.core import crypto, hooks
from vigil.core.models import AuditEvent, GeneratedDocument, Job, Membership
from vigil.core.redaction import Paragraph, Section, plain_text
from vigil.core.rendering import ResourceRefused, local_only_fetcher, pdf_from_html
from vigil.core.roles import Role
from vigil.core.tests.factories import (
    MembershipFactory,
    client_for,
    run_background_jobs,
    stored_document,
)
from vigil.places.tests.factories import PlaceFactory
from vigil.visits.models import (
    ChecklistSubmission,
    ChecklistTemplate,
    ChecklistVersion,
    Finding,
    Severity,
    StandardReference,
    TeamRole,
    Visit,
)
from vigil.visits.reports import common as report_common
from vigil.visits.reports import jobs as report_jobs
from vigil.visits.reports.files import render_docx, render_pdf
from vigil.visits.reports.visit_report import build_visit_report
from vigil.visits.tests.factories import (
    FindingFactory,
    ObservationFactory,
    RegisterCheckFactory,
    TeamMemberFactory,
    VisitFactory,
    theme,
)
from vigil.visits.xlsform import FormDefinition, FormElement

PLACE = "Central Remand Prison"
INTERPRETER = "Amina Sayed-Okonkwo"
TITLE = f"Report on the visit to {PLACE}"
# In the report's order: by theme (treatment 30, solitary 50, health care 110), then most severe.
FINDINGS_IN_ORDER = [
    ("treatment", "Beatings on arrival were described consistently"),
    ("solitary", "Segregation for 40 consecutive days"),
    ("solitary", "No record of segregation reviews"),
    ("health_care", "No medical examination on admission"),
]
THEME_HEADINGS = {
    "treatment": "Treatment, ill-treatment and use of force",
    "solitary": "Solitary confinement and segregation",
    "health_care": "Health care",
}


def _standard(instrument: str, reference: str) -> StandardReference:
    return StandardReference.objects.get(instrument=instrument, reference=reference)


def _checklist(visit: Visit, starter: Membership) -> ChecklistSubmission:
    definition = FormDefinition(
        form_id="cells",
        title="Cells and segregation",
        version="2026.1",
        elements=[
            FormElement(
                name="segregation",
                type="group",
                labels={"default": "Segregation"},
                children=[
                    FormElement(
                        name="longest",
                        type="select_one",
                        list_name="stays",
                        labels={"default": "Longest stay in segregation"},
                    )
                ],
            )
        ],
        choices={
            "stays": [
                ("under_15", {"default": "15 days or fewer"}),
                ("over_15", {"default": "More than 15 consecutive days"}),
            ]
        },
    )
    template = ChecklistTemplate.objects.create(form_id="cells", title="Cells and segregation")
    version = ChecklistVersion.objects.create(
        template=template, version="2026.1", definition=definition.to_dict(), xlsform=b""
    )
    return ChecklistSubmission.objects.create(
        institution=visit.institution,
        visit=visit,
        version=version,
        answers={"segregation/longest": "over_15"},
        is_complete=True,
        started_by=starter.user,
    )


def make_visit(personas: Any) -> Visit:
    """A visit of institution A whose findings were recorded in an order unlike the report's."""
    place = PlaceFactory.create(institution=personas.institution_a, name=PLACE)
    visit = VisitFactory.create(
        place=place,
        created_by=personas.monitor.user,
        announced=False,
        objectives="Follow up on segregation practice.",
    )
    visit.themes.set([theme("contact")])
    TeamMemberFactory.create(visit=visit, user=personas.monitor.user, role=TeamRole.LEADER)
    TeamMemberFactory.create(
        visit=visit, user=None, external_name=INTERPRETER, role=TeamRole.INTERPRETER
    )
    observation = ObservationFactory.create(
        visit=visit, theme=theme("solitary"), text="Cell S-3 had no window and a constant light."
    )
    register = RegisterCheckFactory.create(
        visit=visit,
        register="solitary",
        period_from=datetime.date(2026, 1, 1),
        period_to=datetime.date(2026, 3, 1),
    )
    submission = _checklist(visit, personas.monitor)
    mandela_43 = _standard("Nelson Mandela Rules", "Rule 43")
    mandela_30 = _standard("Nelson Mandela Rules", "Rule 30")
    # Recorded in reverse: the report must sort, not keep creation order.
    FindingFactory.create(
        visit=visit,
        theme=theme("health_care"),
        title=FINDINGS_IN_ORDER[3][1],
        severity=Severity.SERIOUS,
    ).standards.set([mandela_30])
    FindingFactory.create(
        visit=visit, theme=theme("solitary"), title=FINDINGS_IN_ORDER[2][1], severity="concern"
    )
    segregation = FindingFactory.create(
        visit=visit,
        theme=theme("solitary"),
        title=FINDINGS_IN_ORDER[1][1],
        severity=Severity.URGENT,
        description="Two men had been segregated for over a month without review.",
        checklist_evidence=[{"submission": submission.pk, "path": "segregation/longest"}],
    )
    segregation.standards.set([mandela_43, _standard("Nelson Mandela Rules", "Rule 44")])
    segregation.observations.set([observation])
    segregation.register_checks.set([register])
    FindingFactory.create(
        visit=visit, theme=theme("treatment"), title=FINDINGS_IN_ORDER[0][1], severity="serious"
    )
    return visit


@pytest.fixture
def visit(personas) -> Visit:
    return make_visit(personas)


def _pdf_text(content: bytes) -> str:
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=content, capture_output=True, check=True
    )
    return result.stdout.decode()


def _style(paragraph: Any) -> str:
    return paragraph.style.name if paragraph.style is not None else ""


def _positions(text: str, needles: list[str]) -> list[int]:
    positions, start = [], 0
    for needle in needles:
        start = text.index(needle, start)
        positions.append(start)
    return positions


def _in_report_order() -> list[str]:
    expected, last_theme = [], None
    for code, title in FINDINGS_IN_ORDER:
        if code != last_theme:
            expected.append(THEME_HEADINGS[code])
            last_theme = code
        expected.append(title)
    return expected


# --- the content ------------------------------------------------------------------------


def test_the_pdf_has_letterhead_title_and_findings_under_their_themes_in_order(visit, personas):
    document = build_visit_report(visit, reader=personas.monitor)
    content = render_pdf(document)
    assert content.startswith(b"%PDF")
    text = _pdf_text(content)
    # pdftotext wraps long lines: compare with the whitespace flattened.
    flat_text = " ".join(text.split())
    head = flat_text[: flat_text.index(TITLE)]
    assert "Institution A" in head and "Republic of Meridia" in head
    assert "NHRI designated as NPM" in head
    assert "Confidential: for the authorities concerned only" in text
    findings = text.index("Findings\n", text.index("Methodology\n", text.index("Summary\n")))
    chapter = " ".join(text[findings:].split())
    assert _positions(chapter, _in_report_order())[0] > 0  # each heading and finding, in order
    segregation = chapter[chapter.index(FINDINGS_IN_ORDER[1][1]) :]
    flat = segregation[: segregation.index(FINDINGS_IN_ORDER[2][1])]
    assert "Urgent" in flat
    assert "Nelson Mandela Rules Rule 43; Nelson Mandela Rules Rule 44" in flat
    assert "Cell S-3 had no window" in flat
    assert "Solitary confinement register" in flat and "4 irregularities" in flat
    assert (
        "Checklist Cells and segregation (version 2026.1), segregation/longest: "
        "Longest stay in segregation: More than 15 consecutive days"
    ) in flat
    assert "Page 1 of" in text


def _pdf_objects(content: bytes) -> bytes:
    """The PDF with its compressed streams inflated (the catalogue sits in an object stream)."""
    inflated = [content]
    for stream in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", content, re.S):
        try:
            inflated.append(zlib.decompress(stream[1]))
        except zlib.error:
            continue
    return b"\n".join(inflated)


def _pdfinfo(content: bytes, *options: str) -> str:
    result = subprocess.run(
        ["pdfinfo", *options, "-"], input=content, capture_output=True, check=True
    )
    return result.stdout.decode()


def test_the_pdf_is_tagged_with_language_title_headings_and_table_headers(visit, personas):
    content = render_pdf(build_visit_report(visit, reader=personas.monitor))
    info = _pdfinfo(content)
    assert re.search(r"^Tagged:\s+yes$", info, re.M)
    assert re.search(rf"^Title:\s+{re.escape(TITLE)}", info, re.M)
    structure = _pdfinfo(content, "-struct")
    # A screen reader navigates by these: the title, the chapters, the findings' facts.
    assert structure.startswith("Document\n")
    assert b"/Lang (en)" in _pdf_objects(content)  # a screen reader picks its voice by it
    for tag in ("H1", "H2", "TH", "Table"):
        assert re.search(rf"^\s*{tag}\b", structure, re.M), tag


def test_the_cover_gives_date_reference_addressee_and_the_leader_signs(visit, personas):
    Visit.objects.filter(pk=visit.pk).update(
        reference="V-2026-0007",
        report_sent_on=datetime.date(2026, 4, 2),
        report_recipients="Director General of Prisons\nGovernor, Central Remand Prison",
    )
    leader = personas.monitor.user.full_name
    report = build_visit_report(visit, reader=personas.monitor)
    pdf = " ".join(_pdf_text(render_pdf(report)).split())
    cover = pdf[pdf.index(TITLE) : pdf.index("Contents")]
    assert "Date 2 April 2026" in cover and "Reference V-2026-0007" in cover
    assert "To Director General of Prisons Governor, Central Remand Prison" in cover
    closing = pdf[pdf.rindex("For Institution A") :]
    assert f"{leader} (Team leader)" in closing
    word = docx.Document(io.BytesIO(render_docx(report)))
    lines = [p.text for p in word.paragraphs]
    assert "Reference: V-2026-0007" in lines and lines[-1] == f"{leader} (Team leader)"


def test_the_public_cover_has_no_addressee_and_signs_with_roles(visit, personas):
    public = build_visit_report(visit, reader=personas.monitor, audience="public")
    assert public.cover is not None and public.cover.addressees == []
    assert [plain_text(runs) for runs in public.cover.signatories] == ["Team leader"]
    spt = build_visit_report(visit, reader=personas.monitor, audience="spt")
    assert spt.cover is not None
    assert spt.cover.addressees == ["UN Subcommittee on Prevention of Torture (SPT)"]


def test_the_docx_navigates_by_headings_with_findings_under_their_themes(visit, personas):
    content = render_docx(build_visit_report(visit, reader=personas.monitor))
    word = docx.Document(io.BytesIO(content))
    paragraphs = [(_style(p), p.text) for p in word.paragraphs]
    assert paragraphs[0][1] == "Institution A"
    assert "Republic of Meridia" in paragraphs[1][1]
    assert ("Title", TITLE) in paragraphs
    level_1 = [text for style, text in paragraphs if style == "Heading 1"]
    assert level_1 == ["Summary", "Methodology", "Findings", "Recommendations", "Annexes"]
    start = paragraphs.index(("Heading 1", "Findings"))
    end = paragraphs.index(("Heading 1", "Recommendations"))
    headings = [(s, t) for s, t in paragraphs[start + 1 : end] if s.startswith("Heading")]
    expected = [
        ("Heading 2" if text in THEME_HEADINGS.values() else "Heading 3", text)
        for text in _in_report_order()
    ]
    assert headings == expected
    body = "\n".join(text for _style, text in paragraphs[start:end])
    assert "Standards: Nelson Mandela Rules Rule 43; Nelson Mandela Rules Rule 44" in body
    assert "Standards: Nelson Mandela Rules Rule 30" in body
    team_table = word.tables[0]
    assert [c.text for c in team_table.rows[0].cells] == ["Name", "Role"]
    assert [c.text for c in team_table.rows[2].cells] == [INTERPRETER, "Interpreter"]
    footer = word.sections[0].footer.paragraphs[0]._p.xml
    assert 'w:instr="PAGE"' in footer and 'w:instr="NUMPAGES"' in footer
    assert word.core_properties.author == "Institution A"


def test_summary_and_methodology_are_generated_from_the_facts_when_not_written(visit, personas):
    document = build_visit_report(visit, reader=personas.monitor)
    summary, methodology = document.sections[0], document.sections[1]
    text = "\n".join(plain_text(r) for r in document.all_runs())
    assert "Institution A visited Central Remand Prison" in text
    assert "from 10 March 2026 to 11 March 2026" in text
    assert "unannounced" in text
    assert f"Monitor of Institution A (Team leader), {INTERPRETER} (Interpreter)" in text
    assert "Contact with the outside world" in text
    assert "4 findings (1 urgent)" in text
    assert summary.title == "Summary" and methodology.title == "Methodology"
    listed = [b for b in methodology.blocks if not isinstance(b, Paragraph)]
    items = [plain_text(i.runs) for block in listed for i in block.items]  # type: ignore[union-attr]
    assert items == [
        "Solitary confinement register, entries from 1 January 2026 to 1 March 2026",
        "Cells and segregation (version 2026.1)",
    ]


def test_written_summary_and_methodology_replace_the_generated_ones(visit, personas):
    Visit.objects.filter(pk=visit.pk).update(
        summary="The visit found serious risks.\n\nSegregation is overused.",
        methodology="We spent two days on site.",
    )
    document = build_visit_report(visit, reader=personas.monitor)
    texts = [plain_text(r) for r in document.all_runs()]
    assert texts[:2] == ["The visit found serious risks.", "Segregation is overused."]
    assert "We spent two days on site." in texts
    assert not any("preventive visit method" in t for t in texts)


def test_public_audience_replaces_staff_names_by_their_roles(visit, personas):
    names = [personas.monitor.user.full_name, INTERPRETER]
    for audience in ("internal", "authorities"):
        text = "\n".join(
            plain_text(r)
            for r in build_visit_report(
                visit, reader=personas.monitor, audience=audience
            ).all_runs()
        )
        assert all(name in text for name in names), audience
    public = build_visit_report(visit, reader=personas.monitor, audience="public")
    text = "\n".join(plain_text(r) for r in public.all_runs())
    assert not any(name in text for name in names)
    assert "Team leader, Interpreter" in text
    assert "Public version" in public.confidentiality
    pdf, word = render_pdf(public), render_docx(public)
    pdf_text = " ".join(_pdf_text(pdf).split())
    assert not any(name in pdf_text for name in names)
    assert not any(name.encode() in word for name in names)


def test_recommendations_come_from_registered_providers(visit, personas, monkeypatch):
    placeholder = build_visit_report(visit, reader=personas.monitor)
    [recommendations] = [s for s in placeholder.sections if s.key == "recommendations"]
    assert plain_text(recommendations.blocks[0].runs) == (  # type: ignore[union-attr]
        "No recommendations are recorded for this visit."
    )

    seen: list[Any] = []

    def provider(context: report_common.ReportContext) -> list[Section]:
        seen.append(context)
        return [
            Section("R", key="recommendations", blocks=[Paragraph(["Limit segregation."])]),
            Section("Authority responses", key="responses"),
        ]

    with hooks.temporarily(hooks.VISIT_REPORT_SECTION, provider, alone=True):
        document = build_visit_report(visit, reader=personas.monitor)
    keys = [s.key for s in document.sections]
    assert keys == ["summary", "methodology", "findings", "recommendations", "responses", "annexes"]
    [recommendations] = [s for s in document.sections if s.key == "recommendations"]
    assert recommendations.title == "Recommendations"
    assert [plain_text(b.runs) for b in recommendations.blocks] == ["Limit segregation."]  # type: ignore[union-attr]
    assert [len(c.findings) for c in seen] == [4]


def test_building_the_report_takes_the_same_queries_however_many_findings(visit, personas):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            build_visit_report(visit, reader=personas.monitor)
        return len(queries)

    before = count()
    for n in range(15):
        finding = FindingFactory.create(visit=visit, theme=theme("conditions"), title=f"Extra {n}")
        finding.standards.set([_standard("Nelson Mandela Rules", "Rules 12-17")])
        finding.observations.set(
            [ObservationFactory.create(visit=visit, text=f"Seen {n}", created_by=visit.created_by)]
        )
    assert count() == before


def test_a_reader_of_another_institution_gets_no_report(visit, personas):
    with pytest.raises(ValueError):
        build_visit_report(visit, reader=personas.monitor_b)


# --- nothing is fetched from the network -----------------------------------------------


@pytest.fixture
def no_network(monkeypatch):
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("a document tried to reach the network")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)


@pytest.mark.parametrize(
    "html",
    [
        '<img src="http://tiles.example.org/logo.png">',
        '<link rel="stylesheet" href="https://cdn.example.org/report.css">',
        "<style>@import url(http://cdn.example.org/a.css);</style>",
        "<style>@font-face { font-family: X; src: url(https://fonts.example.org/x.woff2) }</style>"
        '<p style="font-family: X">text</p>',
        '<img src="file:///etc/hostname">',
        '<img src="ftp://files.example.org/a.png">',
    ],
)
def test_a_pdf_cannot_fetch_anything_but_local_static_files(db, no_network, html):
    with pytest.raises(ResourceRefused):
        pdf_from_html(f"<html><body>{html}<p>text</p></body></html>")


def test_the_fetcher_serves_vendored_fonts_and_data_urls(db, no_network):
    from vigil.core.rendering import font_faces_css

    assert "https:" not in font_faces_css() and "file:///" in font_faces_css()
    fetcher = local_only_fetcher()
    font_url = font_faces_css().split('url("')[1].split('")')[0]
    assert fetcher(font_url).read(4) in {b"\x00\x01\x00\x00", b"true"}
    assert fetcher("data:text/plain,hello").read() == b"hello"
    pdf = pdf_from_html('<p>Ж <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">ok</p>')
    assert "ok" in _pdf_text(pdf)


# --- asking for it, the background job, the download -----------------------------------


def test_the_report_page_offers_the_audiences_with_authorities_chosen(visit, personas):
    page = client_for(personas.viewer).get(reverse("visits:visit_report", args=[visit.pk, "pdf"]))
    assert page.status_code == 200
    body = page.content.decode()
    assert 'value="authorities"' in body and 'value="internal"' in body
    assert 'value="public"' not in body
    assert "checked" in body.split('value="authorities"')[1].split(">")[0]
    assert "Generate" in body


@pytest.mark.parametrize("fmt", ["doc", "html", "PDF"])
def test_an_unknown_format_is_404(visit, personas, fmt):
    client = client_for(personas.monitor)
    assert client.get(reverse("visits:visit_report", args=[visit.pk, fmt])).status_code == 404
    assert client.post(reverse("visits:visit_report", args=[visit.pk, fmt])).status_code == 404
    assert not Job.objects.exists()


def test_other_institutions_cannot_ask_for_the_report(visit, personas):
    client = client_for(personas.monitor_b)
    url = reverse("visits:visit_report", args=[visit.pk, "pdf"])
    assert client.get(url).status_code == 404
    assert client.post(url, {"audience": "internal"}).status_code == 404
    assert not Job.objects.exists()


def test_an_audience_not_offered_is_refused(visit, personas):
    response = client_for(personas.monitor).post(
        reverse("visits:visit_report", args=[visit.pk, "pdf"]), {"audience": "public"}
    )
    assert response.status_code == 400 and not Job.objects.exists()  # a refused form


_CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')


def _page(response: Any, url: str) -> bytes:
    """The body without what differs per request (CSRF token, own path)."""
    return _CSRF.sub(b"", response.content.replace(url.encode(), b"URL"))


def _generate(client: Any, visit: Visit, fmt: str, audience: str = "authorities") -> Job:
    response = client.post(
        reverse("visits:visit_report", args=[visit.pk, fmt]), {"audience": audience}
    )
    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("core:job_detail", args=[job.pk])
    return job


def test_the_pdf_is_written_in_the_background_and_downloaded_by_its_starter(
    transactional_db, personas
):
    visit = make_visit(personas)
    starter = client_for(personas.viewer)  # anyone who may view the visit may have it written
    job = _generate(starter, visit, "pdf")
    assert job.kind == "visits.report" and job.status == Job.Status.QUEUED
    assert job.params == {
        "visit": visit.pk,
        "format": "pdf",
        "audience": "authorities",
        "language": "en",
    }

    run_background_jobs()

    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED, job.message
    assert (job.done, job.total) == (3, 3)
    document = GeneratedDocument.objects.get()
    url = reverse("core:document_download", args=[document.pk])
    assert job.result == {"document": document.pk, "download_url": url}
    page = starter.get(reverse("core:job_detail", args=[job.pk])).content.decode()
    assert f'href="{url}"' in page and "Download" in page

    # Stored encrypted, bound to its record.
    stored = bytes(document.content)
    assert not stored.startswith(b"%PDF") and b"%PDF" not in stored
    assert stored.startswith(b"v1:t1:") and document.key_id == "t1"
    assert (document.audience, document.subject) == ("authorities", f"visits.visit:{visit.pk}")
    assert (document.created_by, document.job) == (personas.viewer.user, job)
    assert document.filename == "visit-report-central-remand-prison-2026-03-10.pdf"

    response = starter.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="visit-report-central-remand-prison-2026-03-10.pdf"'
    )
    assert "no-store" in response["Cache-Control"]
    assert response.content.startswith(b"%PDF") and len(response.content) == document.size
    assert TITLE in " ".join(_pdf_text(response.content).split())
    assert crypto.decrypt_bytes(stored, context=document.encryption_context) == response.content
    events = AuditEvent.objects.filter(action="document.downloaded", target_id=str(document.pk))
    assert [(e.actor_id, e.institution_id) for e in events] == [
        (personas.viewer.user_id, personas.institution_a.pk)
    ]
    assert AuditEvent.objects.filter(action="document.generated").count() == 1


def test_the_docx_job_and_who_may_download_it(transactional_db, personas):
    visit = make_visit(personas)
    job = _generate(client_for(personas.monitor), visit, "docx", audience="internal")
    document = stored_document(job)
    url = job.result["download_url"]

    commissioner = MembershipFactory.create(
        institution=personas.institution_a, role=Role.COMMISSIONER
    )
    admin_b = MembershipFactory.create(institution=personas.institution_b, role=Role.ADMIN)
    for allowed in (personas.monitor, personas.admin, commissioner):
        response = client_for(allowed).get(url)
        assert response.status_code == 200, allowed
        word = docx.Document(io.BytesIO(response.content))
        assert "Internal document of Institution A" in word.sections[0].header.paragraphs[0].text
    for refused in (personas.viewer, personas.investigator, personas.analyst):
        assert client_for(refused).get(url).status_code == 404, refused
    missing = reverse("core:document_download", args=[document.pk + 1000])
    for outsider in (personas.monitor_b, admin_b):
        response = client_for(outsider).get(url)
        assert response.status_code == 404
        other = client_for(outsider).get(missing)
        assert _page(response, url) == _page(other, missing)
    downloads = AuditEvent.objects.filter(action="document.downloaded")
    assert downloads.count() == 3
    assert not downloads.filter(institution=personas.institution_b).exists()


def test_a_job_for_a_visit_that_is_gone_fails_with_a_message(transactional_db, personas):
    visit = make_visit(personas)
    job = report_jobs.report_job_start(
        actor=personas.monitor, visit=visit, fmt="pdf", audience="authorities"
    )
    Job.objects.filter(pk=job.pk).update(params={**job.params, "visit": visit.pk + 1000})
    run_background_jobs()
    job.refresh_from_db()
    assert (job.status, job.message) == (Job.Status.FAILED, "The visit no longer exists.")
    assert not GeneratedDocument.objects.exists()


def test_a_report_of_200_findings_renders_in_both_formats(visit, personas):
    findings = [
        Finding(
            institution=visit.institution,
            visit=visit,
            theme=theme(code),
            severity="concern",
            title=f"Bulk finding {n}",
            description="A finding among many. " * 5,
            created_by=visit.created_by,
        )
        for n, code in enumerate(["conditions", "food_water", "contact", "staff"] * 50)
    ]
    Finding.objects.bulk_create(findings)
    document = build_visit_report(visit, reader=personas.monitor)
    word = docx.Document(io.BytesIO(render_docx(document)))
    titles = [p.text for p in word.paragraphs if _style(p) == "Heading 3"]
    assert len(titles) == 204 and "Bulk finding 199" in titles
    text = _pdf_text(render_pdf(document))
    assert "Bulk finding 199" in text and "Bulk finding 0" in text
