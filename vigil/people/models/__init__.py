"""People and evidence: interviewees, interviews and consent, allegation cases, Istanbul
Protocol examinations, the evidence vault, reprisals and their check-backs.

Everything that identifies a person or tells their story is an encrypted field; exact
lookups go through blind indexes. Elsewhere a person is their pseudonym code ("P-0042").
Reach these records through `vigil.people.access`, never through `Model.objects` in a view.

The models are split by area (interviews, cases, medical, evidence, reprisals); this module
gathers them, so that Django finds them and callers import from `vigil.people.models`.
"""

from vigil.people.models.cases import (
    DEFAULT_STAGE_DAYS,
    REFERRAL_OUTCOMES,
    Case,
    CaseAssignment,
    CaseMove,
    CaseOutcome,
    CaseStage,
    IllTreatmentType,
    IntakeSource,
    Perpetrator,
    Referral,
    StageDeadline,
)
from vigil.people.models.evidence import (
    Evidence,
)
from vigil.people.models.interviews import (
    ConsentRecord,
    ConsentScope,
    Gender,
    Interview,
    Person,
    Vulnerability,
)
from vigil.people.models.medical import (
    BodyMark,
    Consistency,
    Examination,
    PsychologicalFinding,
)
from vigil.people.models.reprisals import (
    CheckBack,
    Reprisal,
    ReprisalType,
)

__all__ = [
    "DEFAULT_STAGE_DAYS",
    "REFERRAL_OUTCOMES",
    "BodyMark",
    "Case",
    "CaseAssignment",
    "CaseMove",
    "CaseOutcome",
    "CaseStage",
    "CheckBack",
    "ConsentRecord",
    "ConsentScope",
    "Consistency",
    "Evidence",
    "Examination",
    "Gender",
    "IllTreatmentType",
    "IntakeSource",
    "Interview",
    "Perpetrator",
    "Person",
    "PsychologicalFinding",
    "Referral",
    "Reprisal",
    "ReprisalType",
    "StageDeadline",
    "Vulnerability",
]
