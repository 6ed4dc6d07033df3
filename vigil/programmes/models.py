"""Prevention programmes: against protection gaps, with a logframe, activities, trainings
of law enforcement officials, outcomes and good practice (DOMAIN.md, "Prevention programmes")."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vigil.core.fields import EncryptedJSONField
from vigil.core.models import TenantModel, User, Versioned
from vigil.places.models import Authority, Place, PlaceKind
from vigil.visits.models import Theme


class Programme(Versioned, TenantModel):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ACTIVE = "active", _("Active")
        COMPLETED = "completed", _("Completed")
        SUSPENDED = "suspended", _("Suspended")

    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    protection_gap = models.TextField(
        _("protection gap addressed"),
        help_text=_("The gap between what the law says and what happens, in your words."),
    )
    themes = models.ManyToManyField(Theme, blank=True, verbose_name=_("themes"))
    place_kinds = models.ManyToManyField(PlaceKind, blank=True, verbose_name=_("kinds of place"))
    places = models.ManyToManyField(Place, blank=True, verbose_name=_("places"))
    # The risk factors the programme works on: the protection gaps view counts them.
    risk_factors = models.ManyToManyField(
        "risk.RiskFactor", blank=True, related_name="programmes", verbose_name=_("risk factors")
    )
    champion = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("champion"),
        help_text=_("Who leads the programme (the “ambassador”)."),
    )  # fmt: skip
    mentors = models.CharField(_("mentors"), max_length=300, blank=True)
    partners = models.TextField(
        _("partners"), blank=True, help_text=_("Authorities, NGOs, international bodies.")
    )
    partner_authorities = models.ManyToManyField(
        Authority, blank=True, verbose_name=_("partner authorities")
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    budget = models.DecimalField(
        _("budget"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    funding = models.CharField(_("funding (e.g. seed grant)"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PLANNED
    )
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("prevention programme")
        ordering: ClassVar[list[str]] = ["-starts_on", "title"]

    def __str__(self) -> str:
        return self.title


class LogframeItem(Versioned, TenantModel):
    """Objectives → outcomes → outputs → activities, as a tree."""

    class Level(models.IntegerChoices):
        OBJECTIVE = 1, _("Objective")
        OUTCOME = 2, _("Expected outcome")
        OUTPUT = 3, _("Output")
        ACTIVITY = 4, _("Planned activity")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="logframe")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    text = models.TextField(_("statement"))
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("logframe item")
        ordering: ClassVar[list[str]] = ["level", "order", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class Indicator(Versioned, TenantModel):
    item = models.ForeignKey(LogframeItem, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("indicator"), max_length=300)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    baseline = models.DecimalField(_("baseline"), max_digits=14, decimal_places=2)
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2)
    means_of_verification = models.CharField(_("means of verification"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("indicator")
        ordering: ClassVar[list[str]] = ["pk"]

    def __str__(self) -> str:
        return self.name


class IndicatorValue(TenantModel):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    measured_on = models.DateField(_("date"))
    value = models.DecimalField(_("actual value"), max_digits=14, decimal_places=2)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("indicator value")
        ordering: ClassVar[list[str]] = ["measured_on", "pk"]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value} ({self.measured_on})"


class Activity(Versioned, TenantModel):
    class Kind(models.TextChoices):
        TRAINING = "training", _("Training")
        WORKSHOP = "workshop", _("Workshop")
        SUMMIT = "summit", _("National summit")
        ADVOCACY_MEETING = "advocacy_meeting", _("Advocacy meeting")
        LAW_REFORM_SUBMISSION = "law_reform_submission", _("Law-reform submission")
        AWARENESS_CAMPAIGN = "awareness_campaign", _("Awareness campaign")
        PUBLICATION = "publication", _("Publication")
        MENTORING = "mentoring", _("Mentoring session")
        PEER_EXCHANGE = "peer_exchange", _("Peer exchange")
        RESEARCH = "research", _("Research")
        OTHER = "other", _("Other")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="activities")
    logframe_item = models.ForeignKey(
        LogframeItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="done_by",
        verbose_name=_("logframe line"),
    )  # fmt: skip
    kind = models.CharField(_("type"), max_length=24, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    starts_on = models.DateField(_("date"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    location = models.CharField(_("where"), max_length=200, blank=True)
    place = models.ForeignKey(
        Place, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    participants = models.PositiveIntegerField(_("participants"), null=True, blank=True)
    outputs = models.TextField(_("outputs"), blank=True)
    documents = models.TextField(_("documents (references or links)"), blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering: ClassVar[list[str]] = ["-starts_on", "pk"]

    def __str__(self) -> str:
        return self.title


class TrainingQuestion(TenantModel):
    """A question of the institution's bank for one training topic, with its correct answer."""

    topic = models.ForeignKey(
        Theme, on_delete=models.PROTECT, related_name="+", verbose_name=_("topic")
    )
    text = models.TextField(_("question"))
    correct_answer = models.CharField(_("correct answer"), max_length=200)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("test question")
        ordering: ClassVar[list[str]] = ["topic__order", "pk"]

    def __str__(self) -> str:
        return self.text


class TrainingSession(TenantModel):
    """A training of law enforcement officials; one per training activity.

    Its pre- and post-tests are recorded as a score per participant (`SCORES`), or as each
    participant's answer to each question chosen from the bank (`QUESTIONS`)."""

    class TestMode(models.TextChoices):
        SCORES = "scores", _("Scores only")
        QUESTIONS = "questions", _("Answers per question")

    activity = models.OneToOneField(Activity, on_delete=models.CASCADE, related_name="training")
    topics = models.ManyToManyField(Theme, blank=True, verbose_name=_("topics"))
    trainers = models.CharField(_("trainers"), max_length=300)
    max_score = models.DecimalField(
        _("highest possible test score"), max_digits=6, decimal_places=2, default=100
    )
    test_mode = models.CharField(
        _("tests"), max_length=10, choices=TestMode.choices, default=TestMode.SCORES
    )
    questions = models.ManyToManyField(
        TrainingQuestion, blank=True, related_name="sessions", verbose_name=_("test questions")
    )

    class Meta:
        verbose_name = _("training session")

    def __str__(self) -> str:
        return str(self.activity)


class ParticipantGroup(TenantModel):
    """Participants counted by agency, rank and gender, with their mean test scores."""

    class Gender(models.TextChoices):
        WOMEN = "women", _("Women")
        MEN = "men", _("Men")
        OTHER = "other", _("Other / not stated")

    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="groups")
    agency = models.CharField(_("agency"), max_length=200)
    rank = models.CharField(_("rank"), max_length=100, blank=True)
    gender = models.CharField(_("gender"), max_length=8, choices=Gender.choices)
    count = models.PositiveIntegerField(_("participants"))
    pre_test_mean = models.DecimalField(
        _("pre-test mean"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    post_test_mean = models.DecimalField(
        _("post-test mean"), max_digits=6, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("participant group")
        ordering: ClassVar[list[str]] = ["agency", "rank", "gender"]

    def __str__(self) -> str:
        return f"{self.agency} {self.rank} {self.gender}: {self.count}"


class RosterEntry(Versioned, TenantModel):
    """A named participant. Names are personal data: stored encrypted."""

    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="roster")
    person = EncryptedJSONField()  # {"name": ..., "badge_number": ...}
    agency = models.CharField(_("agency"), max_length=200)
    rank = models.CharField(_("rank"), max_length=100, blank=True)
    gender = models.CharField(_("gender"), max_length=8, choices=ParticipantGroup.Gender.choices)
    pre_test = models.DecimalField(
        _("pre-test score"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    post_test = models.DecimalField(
        _("post-test score"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    attended = models.BooleanField(_("attended"), default=True)

    class Meta:
        verbose_name = _("roster entry")
        ordering: ClassVar[list[str]] = ["pk"]

    def __str__(self) -> str:
        return f"{self.agency} participant #{self.pk}"


class TrainingAnswer(TenantModel):
    """A named participant's answer to one question of the pre- or the post-test."""

    class Phase(models.TextChoices):
        PRE = "pre", _("Pre-test")
        POST = "post", _("Post-test")

    entry = models.ForeignKey(RosterEntry, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(TrainingQuestion, on_delete=models.PROTECT, related_name="+")
    phase = models.CharField(_("test"), max_length=4, choices=Phase.choices)
    answer = models.CharField(_("answer"), max_length=200)
    correct = models.BooleanField(_("correct"))

    class Meta:
        verbose_name = _("test answer")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["entry", "question", "phase"], name="test_answer_once"),
        ]

    def __str__(self) -> str:
        return f"#{self.entry_id} {self.phase} q{self.question_id}"


class Outcome(Versioned, TenantModel):
    class Kind(models.TextChoices):
        LAW_AMENDED = "law_amended", _("Law amended")
        INSPECTION_POWER = "inspection_power", _("New inspection power")
        POLICY_ADOPTED = "policy_adopted", _("Policy adopted")
        BUDGET = "budget", _("Budget allocated")
        PRACTICE_CHANGED = "practice_changed", _("Practice changed")
        INSTITUTION_BUILT = "institution_built", _("Institution or platform built")
        OTHER = "other", _("Other")

    class Contribution(models.TextChoices):
        DIRECT = "direct", _("Direct result of the programme")
        SIGNIFICANT = "significant", _("Significant contribution")
        PARTIAL = "partial", _("Partial contribution")
        INDIRECT = "indirect", _("Indirect influence")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="outcomes")
    achieved_on = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    statement = models.TextField(_("outcome"))
    evidence = models.TextField(_("evidence"))
    contribution = models.CharField(
        _("contribution claimed"), max_length=12, choices=Contribution.choices
    )
    recommendations = models.ManyToManyField(
        "recommendations.Recommendation", blank=True, related_name="outcomes",
        verbose_name=_("recommendations it implements"),
    )  # fmt: skip
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("outcome")
        ordering: ClassVar[list[str]] = ["-achieved_on", "pk"]

    def __str__(self) -> str:
        return self.statement[:80]


class GoodPracticeTheme(models.TextChoices):
    CATALYSTS = "catalysts", _("Individuals as catalysts")
    MENTORING = "mentoring", _("Expert mentoring")
    PEER_EXCHANGE = "peer_exchange", _("Peer exchange")
    COMMUNICATION = "communication", _("Communication skills")
    DIALOGUE = "dialogue", _("Constructive dialogue with authorities")
    SUSTAINABILITY = "sustainability", _("Sustainability")


class GoodPractice(Versioned, TenantModel):
    programme = models.ForeignKey(
        Programme, on_delete=models.SET_NULL, null=True, blank=True, related_name="good_practices"
    )
    title = models.CharField(_("title"), max_length=200)
    what_worked = models.TextField(_("what worked"))
    context = models.TextField(_("in what context"))
    lessons = models.TextField(_("lessons learned"))
    practice_themes = models.JSONField(_("good-practice themes"), default=list, blank=True)
    protection_gap = models.CharField(_("protection gap"), max_length=300, blank=True)
    themes = models.ManyToManyField(Theme, blank=True, verbose_name=_("themes"))
    ready_to_share = models.BooleanField(
        _("ready to share with peers"), default=False,
        help_text=_("Shared entries must never carry personal data."),
    )  # fmt: skip
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("good practice")
        ordering: ClassVar[list[str]] = ["-created_at"]

    def __str__(self) -> str:
        return self.title
