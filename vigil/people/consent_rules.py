"""The redaction rule for people: what each person consented to decides what documents show.

Interviewees appear in documents as `Mention(kind=MENTION_INTERVIEWEE, ref="people.person:7")`
and the blocks that tell their story carry `source="people.person:7"` or
`source="people.interview:12"`. The person's latest consent record is in force, so a
withdrawal takes effect for every document generated after it.

| audience    | name shown when consent includes | their blocks kept when consent includes |
|-------------|----------------------------------|-----------------------------------------|
| internal    | internal use (and the reader works with people) | internal use          |
| authorities | publication                      | anonymous use in reports                |
| SPT         | sharing with the SPT             | sharing with the SPT, or anonymous use  |
| public      | publication                      | anonymous use in reports                |

No consent, or a withdrawn one, means neither.
"""

from __future__ import annotations

from django.db.models import Q

from vigil.core.access import actor_can
from vigil.core.redaction import Audience, DocumentData, Inline, Mention, RedactionContext
from vigil.core.roles import Capability
from vigil.people.models import ConsentRecord, ConsentScope

MENTION_INTERVIEWEE = "interviewee"
PERSON_PREFIX = "people.person:"
INTERVIEW_PREFIX = "people.interview:"

_NAME_NEEDS = {
    Audience.INTERNAL: ConsentScope.INTERNAL,
    Audience.AUTHORITIES: ConsentScope.PUBLICATION,
    Audience.SPT: ConsentScope.SPT,
    Audience.PUBLIC: ConsentScope.PUBLICATION,
}
_STORY_NEEDS = {
    Audience.INTERNAL: (ConsentScope.INTERNAL,),
    Audience.AUTHORITIES: (ConsentScope.ANONYMOUS_REPORTS,),
    Audience.SPT: (ConsentScope.SPT, ConsentScope.ANONYMOUS_REPORTS),
    Audience.PUBLIC: (ConsentScope.ANONYMOUS_REPORTS,),
}


def person_ref(pk: int) -> str:
    return f"{PERSON_PREFIX}{pk}"


def interview_ref(pk: int) -> str:
    return f"{INTERVIEW_PREFIX}{pk}"


def _ids(refs: set[str], prefix: str) -> set[int]:
    return {int(ref[len(prefix) :]) for ref in refs if ref.startswith(prefix)}


def consents_in_force(
    *, institution_id: int, person_ids: set[int], interview_ids: set[int]
) -> tuple[dict[int, ConsentRecord], dict[int, ConsentRecord]]:
    """The latest consent of each person and of each interview (withdrawals included)."""
    by_person: dict[int, ConsentRecord] = {}
    by_interview: dict[int, ConsentRecord] = {}
    if not person_ids and not interview_ids:
        return by_person, by_interview
    records = (
        ConsentRecord.objects.for_institution(institution_id)
        .filter(
            Q(person_id__in=person_ids)
            | Q(interview_id__in=interview_ids)
            | Q(interview__person_id__in=person_ids)
        )
        .select_related("interview")
        .order_by("recorded_at", "pk")
    )
    for record in records:  # oldest first, so the latest wins
        person_id = record.person_id or (record.interview.person_id if record.interview else None)
        if person_id is not None:
            by_person[person_id] = record
        if record.interview_id is not None:
            by_interview[record.interview_id] = record
    return by_person, by_interview


def _sources(document: DocumentData) -> set[str]:
    found: set[str] = set()
    for section in document.all_sections():
        found.add(section.source)
        for block in section.blocks:
            found.add(block.source)
            found.update(getattr(item, "source", "") for item in getattr(block, "items", []))
            found.update(row.source for row in getattr(block, "rows", []))
    return {source for source in found if source}


def _refs(document: DocumentData) -> set[str]:
    refs: set[str] = set()
    for runs in document.all_runs():
        refs.update(r.ref for r in runs if isinstance(r, Mention) and r.ref)
    return refs | _sources(document)


def interviewees_by_consent(document: DocumentData, context: RedactionContext) -> None:
    refs = _refs(document)
    person_ids, interview_ids = _ids(refs, PERSON_PREFIX), _ids(refs, INTERVIEW_PREFIX)
    by_person, by_interview = consents_in_force(
        institution_id=context.reader.institution_id,
        person_ids=person_ids,
        interview_ids=interview_ids,
    )
    audience = Audience(context.audience)
    name_needs = _NAME_NEEDS[audience]
    reader_works_with_people = actor_can(context.reader, Capability.RECORD_INTERVIEWS)

    def consent_for(ref: str) -> ConsentRecord | None:
        if ref.startswith(PERSON_PREFIX):
            return by_person.get(int(ref[len(PERSON_PREFIX) :]))
        return by_interview.get(int(ref[len(INTERVIEW_PREFIX) :]))

    def decide(mention: Mention) -> Inline:
        if mention.kind != MENTION_INTERVIEWEE:
            return mention
        consent = consent_for(mention.ref) if mention.ref else None
        may_name = consent is not None and consent.allows(name_needs)
        if audience == Audience.INTERNAL:
            may_name = may_name and reader_works_with_people
        if may_name:
            return mention.disclose()
        return mention.show_as(mention.pseudonym or mention.withheld())

    def unwanted(source: str) -> bool:
        if not source.startswith((PERSON_PREFIX, INTERVIEW_PREFIX)):
            return False
        consent = consent_for(source)
        return consent is None or not any(consent.allows(s) for s in _STORY_NEEDS[audience])

    document.map_mentions(decide)
    document.drop(unwanted)
