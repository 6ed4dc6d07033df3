"""The visit report: assembled from the visit's facts, redacted, written as DOCX or PDF.

`build_visit_report(visit, reader=, audience=)` reads everything it needs in a fixed
number of queries and returns a redacted `DocumentData`; `render_docx` and
`render_pdf` write that same data, so both files say the same thing.

Other apps add sections without this module importing them, from their `hooks.py`:

    hooks.register(hooks.VISIT_REPORT_SECTION, recommendations_section)

A provider receives a `ReportContext` and returns sections. A section with the key
"recommendations" fills the Recommendations chapter; others go before the annexes.
"""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from vigil.core import hooks
from vigil.core.models import Membership
from vigil.core.redaction import (
    Audience,
    Cover,
    DocumentData,
    Letterhead,
    Paragraph,
    Section,
    confidentiality_notice,
    redact,
)
from vigil.visits.models import (
    ChecklistSubmission,
    Finding,
    Observation,
    RegisterCheck,
    TeamMember,
    TeamRole,
    Visit,
)
from vigil.visits.reports.annexes import annexes_section
from vigil.visits.reports.common import (
    RECOMMENDATIONS,
    ReportContext,
    ReportSectionProvider,
    long_date,
    staff_mention,
    visit_dates,
)
from vigil.visits.reports.findings import finding_order, findings_section
from vigil.visits.reports.summary import methodology_section, summary_section


def _load(visit_pk: int) -> Visit:
    """The visit and everything the report shows, in a fixed number of queries."""
    findings = Finding.objects.select_related("theme").prefetch_related(
        "standards",
        Prefetch("observations", queryset=Observation.objects.order_by("created_at", "pk")),
        Prefetch("register_checks", queryset=RegisterCheck.objects.order_by("period_from", "pk")),
    )
    return (
        Visit.objects.select_related("institution", "place__kind", "place__authority", "plan")
        .prefetch_related(
            Prefetch("team", queryset=TeamMember.objects.select_related("user").order_by("pk")),
            "themes",
            Prefetch(
                "register_checks",
                queryset=RegisterCheck.objects.order_by("register", "period_from", "pk"),
            ),
            Prefetch(
                "checklists",
                queryset=ChecklistSubmission.objects.select_related("version__template").order_by(
                    "pk"
                ),
            ),
            Prefetch("findings", queryset=findings),
        )
        .get(pk=visit_pk)
    )


def _provided(context: ReportContext) -> tuple[Section, list[Section]]:
    recommendations = Section(_("Recommendations"), key=RECOMMENDATIONS)
    others: list[Section] = []
    providers: list[ReportSectionProvider] = hooks.get_hooks(hooks.VISIT_REPORT_SECTION)
    for provider in providers:
        for section in provider(context):
            if section.key == RECOMMENDATIONS:
                recommendations.blocks.extend(section.blocks)
                recommendations.sections.extend(section.sections)
            else:
                others.append(section)
    if not recommendations.blocks and not recommendations.sections:
        recommendations.blocks.append(
            Paragraph([_("No recommendations are recorded for this visit.")], style="note")
        )
    return recommendations, others


def _addressees(visit: Visit, audience: str) -> list[str]:
    """Who the report is sent to: as recorded on the visit, else the place's authority."""
    if audience == Audience.AUTHORITIES:
        recorded = [line.strip() for line in visit.report_recipients.splitlines() if line.strip()]
        return recorded or [visit.place.authority.name]
    if audience == Audience.SPT:
        return [str(_("UN Subcommittee on Prevention of Torture (SPT)"))]
    return []


def _cover(visit: Visit, audience: str) -> Cover:
    """Date (sent, or today's draft), reference, addressees, and the team leaders to sign."""
    leaders = [member for member in visit.team.all() if member.role == TeamRole.LEADER]
    return Cover(
        issued_on=long_date(visit.report_sent_on or timezone.localdate()),
        reference=visit.reference,
        addressees=_addressees(visit, audience),
        signatories=[[staff_mention(leader, with_role=True)] for leader in leaders],
    )


def build_visit_report(
    visit: Visit, *, reader: Membership, audience: str = Audience.AUTHORITIES
) -> DocumentData:
    """The report on `visit` for `audience`, as `reader` may read it; already redacted."""
    if visit.institution_id != reader.institution_id:
        raise ValueError("A report is built only for a member of the visit's institution.")
    visit = _load(visit.pk)
    findings = sorted(visit.findings.all(), key=finding_order)
    institution = visit.institution
    context = ReportContext(visit=visit, reader=reader, audience=audience, findings=findings)
    recommendations, others = _provided(context)
    document = DocumentData(
        title=_("Report on the visit to %(place)s") % {"place": visit.place.name},
        letterhead=Letterhead(
            institution=institution.name,
            country=institution.country,
            kind=institution.get_kind_display(),
        ),
        confidentiality=confidentiality_notice(audience, institution=institution.name),
        subtitle=_("%(type)s visit, %(notice)s, %(dates)s")
        % {
            "type": visit.get_visit_type_display(),
            "notice": _("announced") if visit.announced else _("unannounced"),
            "dates": visit_dates(visit),
        },
        sections=[
            summary_section(visit, findings),
            methodology_section(visit),
            findings_section(visit, findings),
            recommendations,
            *others,
            annexes_section(visit),
        ],
        language=translation.get_language() or "en",
        cover=_cover(visit, audience),
    )
    return redact(document, reader=reader, audience=audience)
