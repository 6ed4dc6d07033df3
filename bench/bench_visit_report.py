"""Visit report figures: building, redacting and writing the report of a visit with 200 findings."""

from __future__ import annotations

import datetime
import time
from collections.abc import Callable

from django.db import connection
from django.test.utils import CaptureQueriesContext

from vigil.core.models import Membership
from vigil.core.rendering import pdf_from_html
from vigil.core.roles import Role
from vigil.core.services.institutions import institution_create, membership_add, user_create
from vigil.places.models import Authority, Place, PlaceKind
from vigil.visits.models import (
    Finding,
    Observation,
    StandardReference,
    TeamMember,
    TeamRole,
    Theme,
    Visit,
)
from vigil.visits.reports.files import render_docx, render_pdf
from vigil.visits.reports.visit_report import build_visit_report

Report = Callable[[str, float, str], None]
FINDINGS = 200


def _visit() -> tuple[Visit, Membership]:
    institution = institution_create(name="Bench NPM", country="Meridia", kind="npm")
    user = user_create(email="report-bench@example.org", full_name="Report Bench", password=None)
    member = membership_add(user=user, institution=institution, role=Role.MONITOR)
    authority = Authority.objects.create(institution=institution, name="Prison Service")
    place = Place.objects.create(
        institution=institution,
        external_ref="BENCH-1",
        name="Bench Central Prison",
        kind=PlaceKind.objects.filter(institution__isnull=True).order_by("order")[0],
        authority=authority,
        capacity=800,
    )
    visit = Visit.objects.create(
        institution=institution,
        place=place,
        visit_type="full",
        starts_on=datetime.date(2026, 3, 10),
        ends_on=datetime.date(2026, 3, 12),
        created_by=user,
    )
    TeamMember.objects.create(institution=institution, visit=visit, user=user, role=TeamRole.LEADER)
    themes = list(Theme.objects.filter(institution__isnull=True))
    standards = list(StandardReference.objects.all()[:10])
    findings = Finding.objects.bulk_create(
        Finding(
            institution=institution,
            visit=visit,
            theme=themes[n % len(themes)],
            severity=["observation", "concern", "serious", "urgent"][n % 4],
            title=f"Finding number {n} on the conditions seen",
            description="What the team saw, heard and read, and why it matters. " * 6,
            created_by=user,
        )
        for n in range(FINDINGS)
    )
    for n, finding in enumerate(findings):
        finding.standards.set(standards[n % 10 : n % 10 + 2])
        observation = Observation.objects.create(
            institution=institution,
            visit=visit,
            theme=finding.theme,
            text=f"Observed in block {n}: cells without natural light.",
            created_by=user,
        )
        finding.observations.set([observation])
    return visit, member


def run(report: Report) -> None:
    visit, member = _visit()
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        document = build_visit_report(visit, reader=member)
        built = time.perf_counter() - started
    report(f"build and redact the report of {FINDINGS} findings", built * 1000, "ms")
    report(f"  queries to build it ({FINDINGS} findings)", len(queries), "queries")
    started = time.perf_counter()
    word = render_docx(document)
    report(f"write the DOCX ({FINDINGS} findings)", time.perf_counter() - started, "s")
    report("  DOCX size", len(word) / 1024, "KiB")
    started = time.perf_counter()
    pdf_from_html("<p>warm-up</p>")  # a worker loads WeasyPrint and its fonts once
    report("  load WeasyPrint and fonts (once per worker)", time.perf_counter() - started, "s")
    started = time.perf_counter()
    pdf = render_pdf(document)
    report(f"write the PDF ({FINDINGS} findings)", time.perf_counter() - started, "s")
    report("  PDF size", len(pdf) / 1024, "KiB")
