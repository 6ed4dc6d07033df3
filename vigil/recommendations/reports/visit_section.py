"""The visit report's "Recommendations" chapter, added without the visits app importing us."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from vigil.core.dates import day
from vigil.core.redaction import Fact, Facts, Paragraph, Section
from vigil.recommendations.selectors.recommendations import issued_at_visit
from vigil.visits.reports.common import RECOMMENDATIONS, ReportContext


def visit_recommendations(context: ReportContext) -> Iterable[Section]:
    """One section per recommendation issued at the visit, in the order of their references."""
    recommendations = (
        issued_at_visit(actor=context.reader, visit=context.visit)
        .prefetch_related("findings")
        .order_by("reference")
    )
    section = Section(_("Recommendations"), key=RECOMMENDATIONS)
    for rec in recommendations:
        addressee = rec.authority.name if rec.authority else rec.get_addressee_display()
        facts = [
            Fact(_("Addressed to"), [addressee]),
            Fact(_("Priority"), [rec.get_priority_display()]),
        ]
        if rec.due_on:
            facts.append(Fact(_("To be implemented by"), [day(rec.due_on)]))
        answered = ", ".join(f.title for f in rec.findings.all())
        if answered:
            facts.append(Fact(_("Answers the findings"), [answered]))
        section.sections.append(
            Section(
                f"{rec.reference}",
                key="recommendation",
                blocks=[Paragraph([rec.text]), Facts(facts)],
                source=f"recommendations.recommendation:{rec.pk}",
            )
        )
    if section.sections:
        yield section
