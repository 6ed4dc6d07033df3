"""People and evidence: interviewees, interviews and consent, allegation cases, Istanbul
Protocol examinations, the evidence vault, reprisals and their check-backs.

Everything that identifies a person or tells their story is an encrypted field; exact
lookups go through blind indexes. Elsewhere a person is their pseudonym code ("P-0042").
Reach these records through `vigil.people.access`, never through `Model.objects` in a view.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vigil.core.fields import EncryptedTextField
from vigil.core.models import TenantModel, User, VocabularyModel
from vigil.places.models import Place
from vigil.visits.models import Visit


class Vulnerability(models.TextChoices):
    """Groups at particular risk (DOMAIN.md, "the population is vulnerable")."""

    WOMAN = "woman", _("Woman or girl")
    CHILD = "child", _("Child (under 18)")
    DISABILITY = "disability", _("Person with a disability")
    PSYCHOSOCIAL = "psychosocial", _("Psychosocial disability")
    LGBTI = "lgbti", _("LGBTI person")
    MIGRANT = "migrant", _("Migrant or asylum seeker")
    OLDER = "older", _("Older person")
    MINORITY = "minority", _("Minority or indigenous person")
    PRE_TRIAL = "pre_trial", _("In pre-trial detention")
    DEATH_ROW = "death_row", _("Sentenced to death")


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other")
    UNKNOWN = "", _("Not recorded")


class Person(TenantModel):
    """Someone Vigil holds personal data about: an interviewee, an alleged victim.

    Only `pseudonym` and the coarse categories used for statistics are stored in clear.
    """

    audit_reads: ClassVar[bool] = True

    pseudonym = models.CharField(_("pseudonym"), max_length=16, editable=False)
    full_name = EncryptedTextField(_("full name"), blank=True)
    identity_number = EncryptedTextField(_("identity number"), blank=True)
    date_of_birth = EncryptedTextField(_("date of birth"), blank=True)
    nationality = EncryptedTextField(_("nationality"), blank=True)
    language = EncryptedTextField(_("language"), blank=True)
    # Keyed HMACs of the normalised name and number, for exact search (never a scan).
    name_index = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    identity_number_index = models.CharField(
        max_length=64, blank=True, db_index=True, editable=False
    )
    gender = models.CharField(_("gender"), max_length=8, choices=Gender.choices, blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("person")
        ordering: ClassVar[list[str]] = ["pseudonym"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["institution", "pseudonym"], name="person_pseudonym"),
        ]

    def __str__(self) -> str:
        return self.pseudonym


class Interview(TenantModel):
    audit_reads: ClassVar[bool] = True

    class Kind(models.TextChoices):
        INDIVIDUAL = "individual", _("Individual")
        GROUP = "group", _("Group")

    visit = models.ForeignKey(Visit, on_delete=models.PROTECT, related_name="interviews")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    # The interviewee of an individual interview; a group interview has none.
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="interviews"
    )
    group_size = models.PositiveSmallIntegerField(_("people in the group"), null=True, blank=True)
    held_on = models.DateField(_("date"))
    interviewers = models.ManyToManyField(User, related_name="+", verbose_name=_("interviewers"))
    interpreter = EncryptedTextField(_("interpreter"), blank=True)
    setting = models.CharField(_("where it was held"), max_length=200, blank=True)
    vulnerabilities = models.JSONField(_("vulnerabilities"), default=list, blank=True)
    notes = EncryptedTextField(_("notes"), blank=True)
    # What may be quoted, anonymously, in reports when consent allows it.
    summary_for_report = EncryptedTextField(_("summary for reports"), blank=True)
    fears_reprisal = models.BooleanField(_("fears reprisal"), default=False)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("interview")
        ordering: ClassVar[list[str]] = ["-held_on", "-pk"]

    def __str__(self) -> str:
        who = self.person.pseudonym if self.person_id and self.person else _("group")
        return f"{_('Interview')} {who} · {self.held_on:%Y-%m-%d}"


class ConsentScope(models.TextChoices):
    INTERNAL = "internal", _("Internal use by the institution")
    ANONYMOUS_REPORTS = "anonymous_reports", _("Anonymous use in reports")
    SPT = "spt", _("Sharing with the SPT")
    PUBLICATION = "publication", _("Publication")


class ConsentRecord(TenantModel):
    """What a person agreed to, as recorded at a moment; the latest record is in force.

    A withdrawal is a record with no scopes. Records are never edited, so the history of
    what was allowed when stays readable.
    """

    class GivenBy(models.TextChoices):
        PERSON = "person", _("The person themself")
        GUARDIAN = "guardian", _("Parent or guardian")
        REPRESENTATIVE = "representative", _("Legal representative")
        GROUP = "group", _("The group, collectively")

    # Given at an interview, or for a case that came another way (a complaint, a referral).
    interview = models.ForeignKey(
        Interview, on_delete=models.CASCADE, null=True, blank=True, related_name="consents"
    )
    case = models.ForeignKey(
        "Case", on_delete=models.CASCADE, null=True, blank=True, related_name="consents"
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="consents"
    )
    given_by = models.CharField(_("given by"), max_length=16, choices=GivenBy.choices)
    given_at = models.DateTimeField(_("when"))
    scopes = models.JSONField(_("scopes"), default=list, blank=True)
    withdrawn = models.BooleanField(_("withdrawal"), default=False)
    reason = EncryptedTextField(_("reason"), blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("consent")
        ordering: ClassVar[list[str]] = ["-recorded_at", "-pk"]
        constraints: ClassVar[list[Any]] = [
            models.CheckConstraint(
                condition=models.Q(interview__isnull=False)
                | models.Q(case__isnull=False, person__isnull=False),
                name="consent_given_somewhere",
            ),
        ]

    def __str__(self) -> str:
        return str(_("withdrawal")) if self.withdrawn else ", ".join(self.scopes)

    def allows(self, scope: str) -> bool:
        return not self.withdrawn and scope in self.scopes


# --- allegations and cases -------------------------------------------------------------


class IllTreatmentType(VocabularyModel):
    """Types of ill-treatment (HURIDOCS-style), shipped as data, extensible per institution."""

    code = models.SlugField(max_length=40)
    name = models.CharField(_("name"), max_length=120)
    order = models.PositiveSmallIntegerField(default=100)

    class Meta:
        verbose_name = _("type of ill-treatment")
        ordering: ClassVar[list[str]] = ["order", "name"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["institution", "code"], name="ill_treatment_code"),
        ]

    def __str__(self) -> str:
        return self.name


class IntakeSource(models.TextChoices):
    VISIT_INTERVIEW = "visit_interview", _("Visit interview")
    COMPLAINT = "complaint", _("Individual complaint")
    REFERRAL_NGO = "referral_ngo", _("Referral by an NGO")
    REFERRAL_LAWYER = "referral_lawyer", _("Referral by a lawyer")
    REFERRAL_FAMILY = "referral_family", _("Referral by the family")
    MEDIA = "media", _("Media")
    OWN_MOTION = "own_motion", _("Own motion")


class CaseStage(models.TextChoices):
    RECEIVED = "received", _("Received")
    ASSESSMENT = "assessment", _("Preliminary assessment")
    INVESTIGATION = "investigation", _("Investigation")
    OUTCOME = "outcome", _("Outcome")
    CLOSED = "closed", _("Closed")


class CaseOutcome(models.TextChoices):
    NOT_ADMISSIBLE = "not_admissible", _("Not admissible")
    UNSUBSTANTIATED = "unsubstantiated", _("Unsubstantiated")
    RESOLVED = "resolved", _("Resolved or conciliated")
    REFERRED_OTHER = "referred_other", _("Referred to another body")
    REFERRED_PROSECUTION = (
        "referred_prosecution",
        _("Referred to prosecution or disciplinary authority"),
    )
    WITHDRAWN = "withdrawn", _("Withdrawn")


REFERRAL_OUTCOMES = frozenset({CaseOutcome.REFERRED_OTHER, CaseOutcome.REFERRED_PROSECUTION})


class Case(TenantModel):
    """An allegation of torture or ill-treatment and its handling.

    Need to know: only the assigned team and commissioners may see a case (see access).
    """

    audit_reads: ClassVar[bool] = True

    reference = models.CharField(_("reference"), max_length=20, editable=False)
    source = models.CharField(_("source"), max_length=20, choices=IntakeSource.choices)
    interview = models.ForeignKey(
        Interview,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("interview"),
    )
    received_on = models.DateField(_("date received"))
    received_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("received by")
    )
    victims = models.ManyToManyField(
        Person, related_name="cases", verbose_name=_("alleged victims")
    )
    incident_date = models.DateField(_("date of the incident"), null=True, blank=True)
    incident_place = models.ForeignKey(
        Place,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("place of the incident"),
    )
    # A place that is not in the register ("the road to the station"): may identify; encrypted.
    incident_place_text = EncryptedTextField(_("place, if not registered"), blank=True)
    ill_treatment_types = models.ManyToManyField(
        IllTreatmentType, related_name="+", verbose_name=_("types of ill-treatment")
    )
    account = EncryptedTextField(_("account"), blank=True)
    injuries = EncryptedTextField(_("injuries"), blank=True)
    stage = models.CharField(
        _("stage"), max_length=16, choices=CaseStage.choices, default=CaseStage.RECEIVED
    )
    outcome = models.CharField(_("outcome"), max_length=24, choices=CaseOutcome.choices, blank=True)
    stage_since = models.DateField(_("in this stage since"))
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("case")
        ordering: ClassVar[list[str]] = ["-received_on", "-pk"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["institution", "reference"], name="case_reference"),
        ]

    def __str__(self) -> str:
        return self.reference


class CaseAssignment(TenantModel):
    class Role(models.TextChoices):
        LEAD = "lead", _("Lead investigator")
        MEMBER = "member", _("Team member")
        MEDICAL = "medical", _("Medical expert")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assignments")
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="case_assignments")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    assigned_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("case assignment")
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["case", "user"], name="one_assignment_per_case"),
        ]

    def __str__(self) -> str:
        return f"{self.case} · {self.user}"


class Perpetrator(TenantModel):
    """An alleged perpetrator, described by unit, agency and rank; the name is optional."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="perpetrators")
    agency = models.CharField(_("agency"), max_length=120, blank=True)
    unit = models.CharField(_("unit"), max_length=120, blank=True)
    rank = models.CharField(_("rank"), max_length=80, blank=True)
    name = EncryptedTextField(_("name"), blank=True)
    description = EncryptedTextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("alleged perpetrator")

    def __str__(self) -> str:
        return " · ".join(p for p in (self.agency, self.unit, self.rank) if p) or "—"


class CaseMove(TenantModel):
    """One step of a case through the workflow: dated, with its reason and who made it."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="moves")
    from_stage = models.CharField(max_length=16, choices=CaseStage.choices, blank=True)
    to_stage = models.CharField(max_length=16, choices=CaseStage.choices)
    outcome = models.CharField(max_length=24, choices=CaseOutcome.choices, blank=True)
    moved_on = models.DateField(_("date"))
    reason = EncryptedTextField(_("reason"))
    moved_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("case move")
        ordering: ClassVar[list[str]] = ["moved_on", "pk"]

    def __str__(self) -> str:
        return f"{self.case} → {self.to_stage}"


class StageDeadline(TenantModel):
    """How many days a case may stay in a stage before it is overdue, per institution."""

    stage = models.CharField(_("stage"), max_length=16, choices=CaseStage.choices)
    days = models.PositiveSmallIntegerField(_("days"))

    class Meta:
        verbose_name = _("stage deadline")
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["institution", "stage"], name="one_deadline_per_stage"),
        ]

    def __str__(self) -> str:
        return f"{self.stage}: {self.days}"


# Used when an institution has not set its own.
DEFAULT_STAGE_DAYS: dict[str, int] = {
    CaseStage.RECEIVED: 7,
    CaseStage.ASSESSMENT: 30,
    CaseStage.INVESTIGATION: 90,
    CaseStage.OUTCOME: 30,
}


class Referral(TenantModel):
    """A case sent to another body (prosecutor, disciplinary board, ombudsperson), followed up."""

    class Status(models.TextChoices):
        SENT = "sent", _("Sent, awaiting reply")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")
        ACTION_TAKEN = "action_taken", _("Action taken")
        NO_ACTION = "no_action", _("No action taken")
        CLOSED = "closed", _("Closed by the body")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="referrals")
    body = models.CharField(_("referred to"), max_length=200)
    sent_on = models.DateField(_("sent on"))
    their_reference = models.CharField(_("their reference"), max_length=80, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.SENT
    )
    follow_up_on = models.DateField(_("follow up on"), null=True, blank=True)
    outcome_notes = EncryptedTextField(_("what they did"), blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("referral")
        ordering: ClassVar[list[str]] = ["-sent_on", "-pk"]

    def __str__(self) -> str:
        return self.body


# --- Istanbul Protocol documentation ---------------------------------------------------


class Consistency(models.TextChoices):
    """The Istanbul Protocol's scale relating a finding to the allegation (2022, para. 386)."""

    NOT_CONSISTENT = "not_consistent", _("Not consistent")
    CONSISTENT = "consistent", _("Consistent")
    HIGHLY_CONSISTENT = "highly_consistent", _("Highly consistent")
    TYPICAL = "typical", _("Typical")
    DIAGNOSTIC = "diagnostic", _("Diagnostic")


class Examination(TenantModel):
    """A medical examination documenting an allegation (Istanbul Protocol)."""

    audit_reads: ClassVar[bool] = True

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="examinations")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="examinations")
    examiner = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("examiner")
    )
    examiner_qualifications = models.CharField(_("qualifications"), max_length=200)
    examined_on = models.DateField(_("date of the examination"))
    consent_given = models.BooleanField(_("informed consent given"), default=False)
    interpreter = EncryptedTextField(_("interpreter"), blank=True)
    history = EncryptedTextField(_("history"), blank=True)
    physical_findings = EncryptedTextField(_("physical findings"), blank=True)
    psychological_findings = EncryptedTextField(_("psychological findings"), blank=True)
    overall_opinion = EncryptedTextField(_("overall opinion"), blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("medical examination")
        ordering: ClassVar[list[str]] = ["-examined_on", "-pk"]

    def __str__(self) -> str:
        return f"{_('Examination')} {self.examined_on:%Y-%m-%d}"


class BodyMark(TenantModel):
    """A numbered mark on the body chart, with its finding and how consistent it is."""

    class Side(models.TextChoices):
        FRONT = "front", _("Front")
        BACK = "back", _("Back")

    examination = models.ForeignKey(Examination, on_delete=models.CASCADE, related_name="marks")
    number = models.PositiveSmallIntegerField(_("number"))
    side = models.CharField(_("side"), max_length=5, choices=Side.choices)
    # Position on the chart in per cent of its width and height (0-100).
    x = models.DecimalField(max_digits=5, decimal_places=2)
    y = models.DecimalField(max_digits=5, decimal_places=2)
    description = EncryptedTextField(_("description"))
    consistency = models.CharField(
        _("consistency with the allegation"), max_length=20, choices=Consistency.choices
    )

    class Meta:
        verbose_name = _("body mark")
        ordering: ClassVar[list[str]] = ["number"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["examination", "number"], name="mark_number"),
        ]

    def __str__(self) -> str:
        return f"#{self.number}"


class PsychologicalFinding(TenantModel):
    """A psychological finding with its consistency with the allegation."""

    examination = models.ForeignKey(
        Examination, on_delete=models.CASCADE, related_name="psychological_items"
    )
    description = EncryptedTextField(_("description"))
    consistency = models.CharField(
        _("consistency with the allegation"), max_length=20, choices=Consistency.choices
    )

    class Meta:
        verbose_name = _("psychological finding")
        ordering: ClassVar[list[str]] = ["pk"]

    def __str__(self) -> str:
        return str(_("psychological finding"))


# --- the evidence vault ---------------------------------------------------------------


class Evidence(TenantModel):
    """A file held as evidence: encrypted, hashed at intake, typed by content.

    Exactly one of interview, case or examination holds it; its access is theirs.
    """

    audit_reads: ClassVar[bool] = True

    class Kind(models.TextChoices):
        PHOTO = "photo", _("Photograph")
        DOCUMENT = "document", _("Document")
        AUDIO = "audio", _("Audio recording")

    interview = models.ForeignKey(
        Interview, on_delete=models.PROTECT, null=True, blank=True, related_name="evidence"
    )
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, null=True, blank=True, related_name="evidence"
    )
    examination = models.ForeignKey(
        Examination, on_delete=models.PROTECT, null=True, blank=True, related_name="evidence"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    content_type = models.CharField(max_length=100)
    # Server-chosen, e.g. "E-0007.jpg"; the uploaded name is kept only encrypted.
    stored_name = models.CharField(max_length=40)
    original_name = EncryptedTextField(_("original file name"), blank=True)
    description = EncryptedTextField(_("description"), blank=True)
    # SHA-256 of the bytes as received, before metadata was stripped (chain of custody).
    sha256_original = models.CharField(_("SHA-256 at intake"), max_length=64)
    sha256_stored = models.CharField(_("SHA-256 as kept"), max_length=64)
    metadata_stripped = models.BooleanField(default=False)
    size = models.PositiveIntegerField(_("size in bytes"))
    content = models.BinaryField()
    key_id = models.CharField(max_length=32, blank=True)
    uploaded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering: ClassVar[list[str]] = ["-uploaded_at", "-pk"]
        constraints: ClassVar[list[Any]] = [
            models.CheckConstraint(
                condition=(
                    models.Q(interview__isnull=False, case__isnull=True, examination__isnull=True)
                    | models.Q(interview__isnull=True, case__isnull=False, examination__isnull=True)
                    | models.Q(interview__isnull=True, case__isnull=True, examination__isnull=False)
                ),
                name="evidence_has_one_holder",
            ),
        ]

    def __str__(self) -> str:
        return self.stored_name

    @property
    def encryption_context(self) -> str:
        return self.context_for(institution_id=self.institution_id, pk=self.pk)

    @staticmethod
    def context_for(*, institution_id: int, pk: int) -> str:
        return f"people.Evidence:{institution_id}:{pk}"


# --- reprisals -------------------------------------------------------------------------


class ReprisalType(models.TextChoices):
    THREAT = "threat", _("Threats or intimidation")
    VIOLENCE = "violence", _("Physical violence")
    TRANSFER = "transfer", _("Punitive transfer")
    SOLITARY = "solitary", _("Solitary confinement or segregation")
    SANCTION = "sanction", _("Disciplinary sanction")
    PRIVILEGES = "privileges", _("Loss of privileges or visits")
    OTHER = "other", _("Other")


class Reprisal(TenantModel):
    """An alleged reprisal against someone who spoke to the mechanism (OPCAT art. 21)."""

    audit_reads: ClassVar[bool] = True

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="reprisals")
    interview = models.ForeignKey(
        Interview, on_delete=models.PROTECT, null=True, blank=True, related_name="reprisals"
    )
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, null=True, blank=True, related_name="reprisals"
    )
    occurred_on = models.DateField(_("date"))
    type = models.CharField(_("type"), max_length=12, choices=ReprisalType.choices)
    unit_responsible = models.CharField(_("unit responsible"), max_length=200, blank=True)
    description = EncryptedTextField(_("what happened"), blank=True)
    action_taken = EncryptedTextField(_("action taken"), blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("reprisal")
        ordering: ClassVar[list[str]] = ["-occurred_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_type_display()} · {self.occurred_on:%Y-%m-%d}"


class CheckBack(TenantModel):
    """A scheduled visit or call to someone at risk of reprisal, and what it found."""

    class Method(models.TextChoices):
        VISIT = "visit", _("Visit")
        CALL = "call", _("Call")

    class Result(models.TextChoices):
        PENDING = "", _("Not done yet")
        SAFE = "safe", _("No sign of reprisal")
        CONCERN = "concern", _("Concern, follow closely")
        REPRISAL = "reprisal", _("Reprisal reported")
        UNREACHABLE = "unreachable", _("Could not reach the person")

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="check_backs")
    interview = models.ForeignKey(
        Interview, on_delete=models.PROTECT, null=True, blank=True, related_name="check_backs"
    )
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, null=True, blank=True, related_name="check_backs"
    )
    due_on = models.DateField(_("due on"))
    method = models.CharField(_("how"), max_length=6, choices=Method.choices)
    assigned_to = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("assigned to")
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    result = models.CharField(_("result"), max_length=12, choices=Result.choices, blank=True)
    notes = EncryptedTextField(_("notes"), blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("check-back")
        ordering: ClassVar[list[str]] = ["due_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_method_display()} · {self.due_on:%Y-%m-%d}"
