"""The findings of the visit report, by theme, each with the evidence it rests on."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils import translation
from django.utils.translation import gettext as _

from vigil.core.redaction import Block, BulletList, Fact, Facts, Item, Paragraph, Section
from vigil.visits.models import SEVERITY_RANK, ChecklistSubmission, Finding, Severity, Visit
from vigil.visits.reports.common import answer_text, check_period, paragraphs

if TYPE_CHECKING:
    from vigil.visits.xlsform import FormDefinition


def finding_order(finding: Finding) -> tuple[Any, ...]:
    return (
        finding.theme.order,
        finding.theme.label,
        finding.theme_id,
        -SEVERITY_RANK.get(Severity(finding.severity), 0),
        finding.created_at,
        finding.pk,
    )


def _evidence(
    finding: Finding,
    submissions: dict[int, ChecklistSubmission],
    parsed: dict[int, FormDefinition],
) -> list[Item]:
    items = [
        Item(
            [_("Observation: %(text)s") % {"text": " ".join(o.text.split())}],
            source=f"visits.observation:{o.pk}",
        )
        for o in finding.observations.all()
    ]
    for check in finding.register_checks.all():
        text = _("%(register)s, %(period)s: %(count)s irregularities") % {
            "register": check.get_register_display(),
            "period": check_period(check),
            "count": check.irregularity_count,
        }
        if check.entries_examined is not None:
            text += " " + _("in %(n)s entries examined") % {"n": check.entries_examined}
        if check.irregularities.strip():
            text += ": " + " ".join(check.irregularities.split())
        items.append(Item([text], source=f"visits.registercheck:{check.pk}"))
    for cited in finding.checklist_evidence or []:
        submission = submissions.get(cited.get("submission"))
        path = str(cited.get("path", ""))
        if submission is None or not path:
            continue
        question, answer = _cited_answer(submission, path, parsed)
        text = _(
            "Checklist %(title)s (version %(version)s), %(path)s: %(question)s: %(answer)s"
        ) % {
            "title": submission.version.template.title,
            "version": submission.version.version,
            "path": path,
            "question": question,
            "answer": answer,
        }
        items.append(Item([text], source=f"visits.checklistsubmission:{submission.pk}"))
    return items


def _cited_answer(
    submission: ChecklistSubmission, path: str, parsed: dict[int, FormDefinition]
) -> tuple[str, str]:
    """The question's label and the answer as the form words it (choice labels, not codes)."""
    from vigil.visits.xlsform import FormDefinition, form_language, translate

    version = submission.version
    if version.pk not in parsed:  # one parse per checklist version, however many citations
        parsed[version.pk] = FormDefinition.from_dict(version.definition)
    definition = parsed[version.pk]
    value = submission.answers.get(path)
    element = definition.find(path)
    if element is None:
        return path, answer_text(value) if value not in (None, "", []) else _("no answer")
    # The document's language (its job runs under translation.override).
    language = form_language(definition, translation.get_language() or "")
    question = translate(element.labels, language, definition.default_language) or path
    if value in (None, "", []):
        return question, _("no answer")
    if element.list_name:
        labels = {
            name: translate(texts, language, definition.default_language) or name
            for name, texts in definition.choices.get(element.list_name, [])
        }
        chosen = value if isinstance(value, list) else str(value).split()
        return question, ", ".join(labels.get(str(name), str(name)) for name in chosen)
    return question, answer_text(value)


def _finding_section(
    finding: Finding,
    submissions: dict[int, ChecklistSubmission],
    parsed: dict[int, FormDefinition],
) -> Section:
    standards = [f"{s.instrument} {s.reference}" for s in finding.standards.all()]
    facts = [Fact(_("Severity"), [finding.get_severity_display()])]
    if standards:
        facts.append(Fact(_("Standards"), ["; ".join(standards)]))
    blocks: list[Block] = [Facts(facts)]
    blocks.extend(paragraphs(finding.description))
    evidence = _evidence(finding, submissions, parsed)
    if evidence:
        blocks.append(BulletList(title=_("Evidence"), items=evidence))
    return Section(
        finding.title, key="finding", blocks=blocks, source=f"visits.finding:{finding.pk}"
    )


def findings_section(visit: Visit, findings: list[Finding]) -> Section:
    section = Section(_("Findings"), key="findings")
    if not findings:
        section.blocks.append(Paragraph([_("The team recorded no findings.")]))
        return section
    submissions = {s.pk: s for s in visit.checklists.all()}
    parsed: dict[int, FormDefinition] = {}
    for finding in findings:
        if (
            not section.sections
            or section.sections[-1].source != f"visits.theme:{finding.theme_id}"
        ):
            section.sections.append(
                Section(finding.theme.label, key="theme", source=f"visits.theme:{finding.theme_id}")
            )
        section.sections[-1].sections.append(_finding_section(finding, submissions, parsed))
    return section
