"""Submissions to UN bodies: numbered paragraphs built from the records, within a word limit.

The SPT gets the NPM's exchange of information, the CAT information organised by article of
the Convention, the UPR a stakeholder submission. Each is made of the institution's
introduction, the recommendations of that body (or, for the UPR, all UN recommendations)
with their implementation, the findings by theme, and the good practices chosen.

Paragraphs are numbered 1, 2, 3… across the document, as UN documents are. They are taken
in the order below while they fit the word limit; those that do not are left out and
counted, so the limit holds and the writer sees what to shorten.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from vigil.core.models import Membership
from vigil.core.redaction import (
    Audience,
    Block,
    BulletList,
    DocumentData,
    Letterhead,
    Paragraph,
    Section,
    confidentiality_notice,
    redact,
)
from vigil.programmes.models import GoodPractice
from vigil.recommendations.models import Mechanism, Recommendation, Status
from vigil.reports.models import Submission, UNBody
from vigil.reports.richtext import blocks as narrative_blocks
from vigil.visits.models import Finding, Severity, Theme


# The articles of the Convention against Torture that concern places of detention, and the
# monitoring themes whose findings speak to each (the last takes every other theme).
def _cat_articles() -> list[tuple[str, str, set[str]]]:
    return [
        (
            "2",
            _("Article 2: effective measures to prevent torture, fundamental safeguards"),
            {"custody_safeguards", "registers", "legal_safeguards"},
        ),
        ("10", _("Article 10: education and training of personnel"), {"staff"}),
        (
            "11",
            _("Article 11: review of interrogation rules and custody arrangements"),
            {"restraints", "searches", "discipline", "solitary"},
        ),
        (
            "12-14",
            _("Articles 12 to 14: investigation, complaints and redress"),
            {"complaints", "deaths", "reprisals"},
        ),
        ("16", _("Article 16: other cruel, inhuman or degrading treatment, conditions"), set()),
    ]


def _words(text: str) -> int:
    return len(text.split())


@dataclass
class Built:
    sections: list[tuple[str, list[str]]] = field(default_factory=list)  # heading, paragraphs
    words: int = 0
    left_out: int = 0
    limit: int = 0

    def add(self, heading: str, paragraphs: list[str]) -> None:
        """Heading words count too; a paragraph that would pass the limit is left out."""
        kept: list[str] = []
        heading_words = _words(heading)
        for text in paragraphs:
            extra = _words(text) + (0 if kept else heading_words)
            if self.words + extra > self.limit:
                self.left_out += 1
                continue
            kept.append(text)
            self.words += extra
        if kept:
            self.sections.append((heading, kept))

    @property
    def paragraphs(self) -> int:
        return sum(len(p) for _h, p in self.sections)


def _recommendations(submission: Submission) -> list[Recommendation]:
    un = (
        Recommendation.objects.for_institution(submission.institution_id)
        .filter(mechanism__isnull=False)
        .exclude(mechanism="")
    )
    if submission.body == UNBody.UPR:
        un = un.filter(mechanism__in=[Mechanism.UPR, Mechanism.CAT, Mechanism.SPT])
    else:
        un = un.filter(mechanism=submission.body)
    return list(un.order_by("issued_on", "reference", "pk"))


def _recommendation_paragraph(r: Recommendation) -> str:
    paragraph = _("para. %(n)s") % {"n": r.paragraph} if r.paragraph else ""
    where = ", ".join(part for part in [r.source_document, paragraph] if part)
    text = " ".join(r.text.split())
    position = (
        " " + _("The State's position: %(position)s.") % {"position": r.get_upr_position_display()}
        if r.upr_position
        else ""
    )
    return _("%(ref)s%(where)s: “%(text)s”.%(position)s Status: %(status)s.") % {
        "ref": r.reference,
        "where": f" ({where})" if where else "",
        "text": text,
        "position": position,
        "status": r.get_status_display(),
    }


def _findings_by_theme(submission: Submission) -> dict[int, tuple[int, int]]:
    rows = (
        Finding.objects.for_institution(submission.institution_id)
        .filter(visit__starts_on__gte=submission.since)
        .values("theme_id")
        .annotate(
            n=Count("pk"),
            grave=Count("pk", filter=Q(severity__in=[Severity.SERIOUS, Severity.URGENT])),
        )
        .order_by()
    )
    return {row["theme_id"]: (row["n"], row["grave"]) for row in rows}


def _finding_paragraph(theme: Theme, n: int, grave: int, since: str) -> str:
    return _(
        "%(theme)s: since %(since)s the institution recorded %(n)s findings on this theme, "
        "%(grave)s of them serious or urgent."
    ) % {"theme": theme.label, "since": since, "n": n, "grave": grave}


def _practice_paragraph(practice: GoodPractice) -> str:
    return f"{practice.title}: {' '.join(practice.what_worked.split())}"


def _intro_paragraphs(submission: Submission) -> list[str]:
    out = []
    for block in narrative_blocks(submission.introduction):
        if isinstance(block, Paragraph):
            out.append("".join(r for r in block.runs if isinstance(r, str)))
        elif isinstance(block, BulletList):
            out.extend("".join(r for r in item.runs if isinstance(r, str)) for item in block.items)
    return out


def build_submission(submission: Submission) -> Built:
    built = Built(limit=submission.word_limit)
    since = submission.since.isoformat()
    built.add(_("Introduction"), _intro_paragraphs(submission))
    recommendations = _recommendations(submission)
    counts = Counter(r.status for r in recommendations)
    summary = _(
        "The institution follows %(n)s recommendations; %(done)s are implemented, "
        "%(partly)s partially implemented and %(open)s not yet implemented."
    ) % {
        "n": len(recommendations),
        "done": counts.get(Status.IMPLEMENTED, 0),
        "partly": counts.get(Status.PARTIALLY_IMPLEMENTED, 0),
        "open": sum(
            counts.get(s, 0)
            for s in (Status.NOT_STARTED, Status.IN_PROGRESS, Status.NOT_IMPLEMENTED)
        ),
    }
    built.add(
        _("Implementation of the recommendations"),
        [summary, *(_recommendation_paragraph(r) for r in recommendations)],
    )
    by_theme = _findings_by_theme(submission)
    themes = {t.pk: t for t in Theme.objects.filter(pk__in=by_theme)}
    if submission.body == UNBody.CAT:
        claimed: set[int] = set()
        for _article, heading, codes in _cat_articles():
            chosen = [
                pk for pk, t in themes.items() if (t.code in codes if codes else pk not in claimed)
            ]
            claimed.update(chosen)
            built.add(
                heading,
                [
                    _finding_paragraph(themes[pk], *by_theme[pk], since)
                    for pk in sorted(chosen, key=lambda pk: themes[pk].order)
                ],
            )
    else:
        ordered = sorted(
            by_theme, key=lambda pk: (-by_theme[pk][1], -by_theme[pk][0], themes[pk].order)
        )
        built.add(
            _("Findings by theme"),
            [_finding_paragraph(themes[pk], *by_theme[pk], since) for pk in ordered],
        )
    practices = submission.good_practices.order_by("title")
    built.add(_("Good practices"), [_practice_paragraph(p) for p in practices])
    return built


AUDIENCE = {UNBody.SPT: Audience.SPT, UNBody.CAT: Audience.PUBLIC, UNBody.UPR: Audience.PUBLIC}


def submission_document(submission: Submission, *, reader: Membership) -> DocumentData:
    """The submission as a document: headings, then paragraphs numbered across the document."""
    built = build_submission(submission)
    institution = reader.institution
    number = 0
    sections = []
    for heading, paragraphs in built.sections:
        blocks: list[Block] = []
        for text in paragraphs:
            number += 1
            blocks.append(Paragraph([f"{number}. {text}"]))
        sections.append(Section(heading, blocks=blocks))
    audience = AUDIENCE[UNBody(submission.body)]
    document = DocumentData(
        title=submission.title,
        letterhead=Letterhead(
            institution=institution.name,
            country=institution.country,
            kind=institution.get_kind_display(),
        ),
        confidentiality=confidentiality_notice(audience, institution=institution.name),
        subtitle=submission.get_body_display(),
        sections=sections,
    )
    return redact(document, reader=reader, audience=audience)
