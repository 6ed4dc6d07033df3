"""The visit report's "What people told us": interview summaries, as consent allows.

Each summary is a paragraph whose `source` is its interview and whose first run is the
person as a `Mention`, so the consent rule (`vigil.people.consent_rules`) decides, for each
audience, whether the paragraph stays and whether the person is named or pseudonymous.
A withdrawn consent drops it from every report built afterwards.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vigil.core.redaction import Block, Mention, Paragraph, Runs, Section
from vigil.people.consent_rules import MENTION_INTERVIEWEE, interview_ref, person_ref
from vigil.people.models import Interview
from vigil.visits.reports.common import ReportContext

SECTION_KEY = "interviews"


def _speaker(interview: Interview) -> Runs:
    person = interview.person
    if person is None:
        size = interview.group_size or 0
        return [ngettext("A group of %(n)s person", "A group of %(n)s people", size) % {"n": size}]
    return [
        Mention(
            kind=MENTION_INTERVIEWEE,
            name=person.full_name or person.pseudonym,
            pseudonym=person.pseudonym,
            ref=person_ref(person.pk),
        )
    ]


def visit_interviews_section(context: ReportContext) -> Iterable[Section]:
    """One paragraph per interview with a summary for reports, in the order they were held."""
    visit = context.visit
    # The report is the institution's document: every interview of the visit is offered, and
    # consent (with the reader's role) decides what remains. Two queries, however many.
    interviews = (
        Interview.objects.for_institution(visit.institution_id)
        .filter(visit_id=visit.pk)
        .select_related("person")
        .only(
            "pk",
            "institution_id",
            "visit_id",
            "person_id",
            "kind",
            "group_size",
            "held_on",
            "summary_for_report",
            "person__pseudonym",
            "person__full_name",
        )
        .order_by("held_on", "pk")
    )
    blocks: list[Block] = []
    for interview in interviews:
        summary = " ".join(interview.summary_for_report.split())
        if not summary:
            continue
        runs: Runs = [*_speaker(interview), ": ", f"“{summary}”"]
        blocks.append(Paragraph(runs, source=interview_ref(interview.pk)))
    if not blocks:
        return
    note = Paragraph(
        [
            _(
                "What people deprived of their liberty told the team in private interviews. "
                "Accounts appear only with the consent of those who gave them, and without "
                "anything that would identify them unless they asked to be named."
            )
        ],
        style="note",
    )
    yield Section(_("What people told us"), key=SECTION_KEY, blocks=[note, *blocks])
