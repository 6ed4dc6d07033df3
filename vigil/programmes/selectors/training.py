"""Reads of trainings of law enforcement officials: participants, learning gain, the roster.

A training is an `Activity` of kind "training" with one `TrainingSession` (topics, trainers,
highest possible score). Participants are counted in `ParticipantGroup`s (agency, rank,
gender, count, pre-/post-test means) or named in a roster of `RosterEntry`s (name and badge
number encrypted in `person`). Both may exist; a session's figures come from its roster when
the roster has entries, else from its groups.

Learning gain of one session (weights: a group's `count`; one per roster entry; only
participants with both a pre- and a post-test score count, the others are left out):

    pre  = Σ w·pre  / Σ w            (weighted mean pre-test score)
    post = Σ w·post / Σ w            (weighted mean post-test score)
    gain = post − pre                (in points of the test)
    gain % of max = 100 · gain / max_score
    normalised gain g = (post − pre) / (max_score − pre)

g (Hake's class-average normalised gain) is the share of what the participants did not yet
know that they learned: 1 means everyone reached the highest score, 0 no change, negative a
fall. It is undefined (None) when the pre-test mean is already the highest score.

Learning gain by topic, across the institution's sessions: a session counts for each of its
topics. Sessions may use tests with different highest scores, so each session's means are
first put on a 0–100 scale (pre% = 100 · pre / max_score, likewise post%), then pooled,
weighted by the session's scored participants n (Σ w above):

    pre%  = Σ n·pre%  / Σ n          post% = Σ n·post% / Σ n
    gain (percentage points) = post% − pre%
    normalised gain g = (post% − pre%) / (100 − pre%)

Everything is computed in Python from a fixed number of aggregate queries, whatever the
number of sessions, groups or roster entries.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Avg, Count, F, FloatField, Q, QuerySet, Sum
from django.utils import formats
from django.utils.translation import gettext as _

from vigil.core.access import OVERSIGHT_ROLES, actor_can, get_for_actor
from vigil.core.audit import audit_record
from vigil.core.imports import Rows
from vigil.core.models import GeneratedDocument, Membership
from vigil.core.roles import Capability
from vigil.core.suppression import Figure, suppress, suppress_one, threshold_for
from vigil.core.tabular import RowProblem
from vigil.programmes.models import (
    Activity,
    ParticipantGroup,
    Programme,
    RosterEntry,
    TrainingAnswer,
    TrainingQuestion,
    TrainingSession,
)
from vigil.visits.models import Theme

ROSTER, GROUPS = "roster", "groups"
_BOTH_SCORES_ROSTER = Q(pre_test__isnull=False, post_test__isnull=False)
_BOTH_SCORES_GROUP = Q(pre_test_mean__isnull=False, post_test_mean__isnull=False, count__gt=0)


# --- figures ---------------------------------------------------------------------------


@dataclass(frozen=True)
class LearningGain:
    """Weighted means and gains; see the module docstring for the formulas."""

    scored: int  # participants with both scores (the weight)
    pre: float | None
    post: float | None
    gain: float | None
    gain_percent: float | None  # of the highest score (or percentage points, by topic)
    normalised: float | None


def learning_gain(
    *, scored: float, pre_sum: float, post_sum: float, max_score: float
) -> LearningGain:
    """From Σw, Σw·pre and Σw·post on a test whose highest score is `max_score`."""
    if scored <= 0:
        return LearningGain(0, None, None, None, None, None)
    pre, post = pre_sum / scored, post_sum / scored
    gain = post - pre
    percent = 100 * gain / max_score if max_score > 0 else None
    headroom = max_score - pre
    normalised = gain / headroom if headroom > 0 else None
    return LearningGain(round(scored), pre, post, gain, percent, normalised)


@dataclass(frozen=True)
class SessionFigures:
    participants: int  # everyone counted, scored or not
    attended: int | None  # roster only
    source: str | None  # ROSTER, GROUPS or None (no participants yet)
    roster_entries: int
    gain: LearningGain


def _as_float(value: Any) -> float:
    return float(value) if value is not None else 0.0


def session_figures(sessions: Sequence[TrainingSession]) -> dict[int, SessionFigures]:
    """Participants and learning gain of each session, in two aggregate queries."""
    ids = [s.pk for s in sessions]
    roster = _by_session(
        RosterEntry,
        ids,
        entries=Count("pk"),
        attended_count=Count("pk", filter=Q(attended=True)),
        scored=Count("pk", filter=_BOTH_SCORES_ROSTER),
        pre_sum=Sum("pre_test", filter=_BOTH_SCORES_ROSTER),
        post_sum=Sum("post_test", filter=_BOTH_SCORES_ROSTER),
    )
    groups = _by_session(
        ParticipantGroup,
        ids,
        participants=Sum("count"),
        scored=Sum("count", filter=_BOTH_SCORES_GROUP),
        pre_sum=_weighted_sum("pre_test_mean"),
        post_sum=_weighted_sum("post_test_mean"),
    )
    figures = {}
    for session in sessions:
        max_score = _as_float(session.max_score)
        r, g = roster.get(session.pk), groups.get(session.pk)
        if r and r["entries"]:
            entries = r["entries"]
            figures[session.pk] = SessionFigures(
                entries, r["attended_count"], ROSTER, entries, _gain_of(r, max_score)
            )
        elif g and g["participants"]:
            participants = int(g["participants"])
            figures[session.pk] = SessionFigures(
                participants, None, GROUPS, 0, _gain_of(g, max_score)
            )
        else:
            figures[session.pk] = SessionFigures(0, None, None, 0, _gain_of(None, max_score))
    return figures


def _weighted_sum(mean: str) -> Sum:
    """Σ count·mean over the groups with both scores."""
    return Sum(F("count") * F(mean), filter=_BOTH_SCORES_GROUP, output_field=FloatField())


def _by_session(
    model: type[RosterEntry] | type[ParticipantGroup], ids: list[int], **sums: Any
) -> dict[int, dict[str, Any]]:
    """One row of `sums` per session of `ids` that has any participants of `model`."""
    rows = model.objects.filter(session_id__in=ids).values("session_id").annotate(**sums)
    return {row["session_id"]: row for row in rows.order_by()}


def _gain_of(sums: dict[str, Any] | None, max_score: float) -> LearningGain:
    """The gain from a row of Σw (`scored`), Σw·pre and Σw·post; nobody scored without one."""
    sums = sums or {}
    return learning_gain(
        scored=_as_float(sums.get("scored")),
        pre_sum=_as_float(sums.get("pre_sum")),
        post_sum=_as_float(sums.get("post_sum")),
        max_score=max_score,
    )


@dataclass
class GainPool:
    """Sessions' mean scores put on a 0–100 scale and pooled, weighted by who was scored."""

    scored: float = 0.0
    pre: float = 0.0
    post: float = 0.0

    def add(self, gain: LearningGain, max_score: float) -> None:
        if gain.scored and gain.pre is not None and gain.post is not None and max_score > 0:
            self.scored += gain.scored
            self.pre += gain.scored * 100 * gain.pre / max_score
            self.post += gain.scored * 100 * gain.post / max_score

    @property
    def gain(self) -> LearningGain:
        """The pooled gain, in percentage points."""
        return learning_gain(
            scored=self.scored, pre_sum=self.pre, post_sum=self.post, max_score=100.0
        )


@dataclass
class TopicGain:
    theme: Theme
    sessions: int = 0
    participants: int = 0
    pool: GainPool = field(default_factory=GainPool)

    @property
    def gain(self) -> LearningGain:
        return self.pool.gain


def learning_gain_by_topic(*, actor: Membership) -> list[TopicGain]:
    """Pooled learning gain per topic over the institution's sessions (see the docstring)."""
    sessions = list(TrainingSession.objects.for_actor(actor).only("pk", "max_score", "institution"))
    figures = session_figures(sessions)
    by_pk = {s.pk: s for s in sessions}
    links = TrainingSession.topics.through.objects.filter(
        trainingsession_id__in=list(by_pk)
    ).select_related("theme")
    topics: dict[int, TopicGain] = {}
    for link in links:
        session, figure = by_pk[link.trainingsession_id], figures[link.trainingsession_id]
        topic = topics.setdefault(link.theme_id, TopicGain(link.theme))
        topic.sessions += 1
        topic.participants += figure.participants
        topic.pool.add(figure.gain, _as_float(session.max_score))
    return sorted(topics.values(), key=lambda t: (t.theme.order, t.theme.name))


@dataclass(frozen=True)
class BreakdownRow:
    agency: str
    rank: str
    gender: str
    gender_label: str
    count: int
    pre: float | None
    post: float | None


@dataclass(frozen=True)
class Breakdown:
    source: str | None
    rows: list[BreakdownRow]
    by_gender: list[tuple[str, int]]
    by_agency: list[tuple[str, int]]
    total: int


def participant_breakdown(session: TrainingSession, *, source: str | None) -> Breakdown:
    """Participants by agency, rank and gender, from the source the session's figures use."""
    labels = dict(ParticipantGroup.Gender.choices)
    rows: list[BreakdownRow] = []
    if source == ROSTER:
        for r in (
            RosterEntry.objects.filter(session=session)
            .values("agency", "rank", "gender")
            .annotate(
                n=Count("pk"),
                pre=Avg("pre_test", filter=_BOTH_SCORES_ROSTER),
                post=Avg("post_test", filter=_BOTH_SCORES_ROSTER),
            )
            .order_by("agency", "rank", "gender")
        ):
            rows.append(BreakdownRow(
                r["agency"], r["rank"], r["gender"], str(labels.get(r["gender"], r["gender"])),
                r["n"], None if r["pre"] is None else float(r["pre"]),
                None if r["post"] is None else float(r["post"]),
            ))  # fmt: skip
    elif source == GROUPS:
        for g in session.groups.all():
            rows.append(BreakdownRow(
                g.agency, g.rank, g.gender, g.get_gender_display(), g.count,
                None if g.pre_test_mean is None else float(g.pre_test_mean),
                None if g.post_test_mean is None else float(g.post_test_mean),
            ))  # fmt: skip
    genders: dict[str, int] = defaultdict(int)
    agencies: dict[str, int] = defaultdict(int)
    for row in rows:
        genders[row.gender_label] += row.count
        agencies[row.agency] += row.count
    return Breakdown(
        source=source,
        rows=rows,
        by_gender=sorted(genders.items()),
        by_agency=sorted(agencies.items()),
        total=sum(row.count for row in rows),
    )


# --- records ---------------------------------------------------------------------------


def training_activity_get(*, actor: Membership, pk: Any) -> Activity:
    queryset = Activity.objects.filter(kind=Activity.Kind.TRAINING).select_related("programme")
    return get_for_actor(queryset, actor=actor, pk=pk)


def training_get(*, actor: Membership, pk: Any) -> TrainingSession:
    queryset = TrainingSession.objects.select_related(
        "activity__programme", "institution"
    ).prefetch_related("topics")
    return get_for_actor(queryset, actor=actor, pk=pk)


def session_of_activity(activity: Activity) -> TrainingSession | None:
    """The session of a training activity, or None while it has none."""
    return TrainingSession.objects.filter(activity=activity).first()


def roster_entry_get(*, actor: Membership, pk: Any) -> RosterEntry:
    queryset = RosterEntry.objects.select_related("session__activity")
    return get_for_actor(queryset, actor=actor, pk=pk)


def trainings_of_programme(*, actor: Membership, programme: Programme) -> QuerySet[TrainingSession]:
    return (
        TrainingSession.objects.for_actor(actor)
        .filter(activity__programme=programme)
        .select_related("activity")
        .prefetch_related("topics")
        .order_by("-activity__starts_on", "pk")
    )


def may_see_names(actor: Membership) -> bool:
    return actor_can(actor, Capability.MANAGE_PROGRAMMES)


def roster_read(*, actor: Membership, session: TrainingSession) -> list[RosterEntry]:
    """The named roster: for those who manage programmes only, and every read is audited."""
    if not may_see_names(actor):
        raise PermissionDenied
    entries = list(session.roster.all())
    if entries:
        with transaction.atomic():
            audit_record(
                action="record.read",
                actor=actor.user,
                institution=actor.institution,
                target=session,
                details={"what": "training roster", "entries": len(entries)},
            )
    return entries


def certificates_of(*, actor: Membership, session: TrainingSession) -> list[GeneratedDocument]:
    """Certificates already written for the session that the actor may download."""
    documents = GeneratedDocument.objects.for_actor(actor).filter(
        subject=f"{session._meta.label_lower}:{session.pk}"
    )
    if actor.role not in OVERSIGHT_ROLES:
        documents = documents.filter(created_by_id=actor.user_id)
    return list(documents.order_by("-created_at")[:20])


def attended_entries(session: TrainingSession) -> QuerySet[RosterEntry]:
    """Who on the roster attended, in the order they were added (they get certificates)."""
    return session.roster.filter(attended=True).order_by("pk")


def roster_import_problems(
    *, actor: Membership, rows: Rows, into: TrainingSession | None = None
) -> list[RowProblem]:
    """What refuses a roster's rows: a score above the training's highest possible score,
    a badge number twice in the file or already on the roster."""
    if into is None:
        raise ValueError("A roster is imported into a training.")
    problems: list[RowProblem] = []
    known = {
        " ".join(str(entry.person.get("badge_number", "")).split()).casefold()
        for entry in RosterEntry.objects.filter(session=into)
        if entry.person and entry.person.get("badge_number")
    }
    seen: dict[str, int] = {}
    for number, values in rows:
        for key in ("pre_test", "post_test"):
            score = values.get(key)
            if score is not None and score > into.max_score:
                problems.append(
                    RowProblem(
                        number,
                        key,
                        _("A score must be between 0 and %(max)s.")
                        % {"max": formats.localize(into.max_score)},
                    )
                )
        badge = " ".join(str(values.get("badge_number") or "").split()).casefold()
        if not badge:
            continue
        if badge in known:
            problems.append(
                RowProblem(number, "badge_number", _("This badge number is already on the roster."))
            )
        elif badge in seen:
            problems.append(
                RowProblem(
                    number,
                    "badge_number",
                    _("This badge number is also on row %(row)s.") % {"row": seen[badge]},
                )
            )
        else:
            seen[badge] = number
    return problems


# --- results per question --------------------------------------------------------------


@dataclass(frozen=True)
class PhaseResult:
    """One test of one question: who answered it, who answered it correctly, and the share.
    `answered` and `correct` pass through `vigil.core.suppression`; the share is withheld
    with them when fewer than the threshold answered or one of the counts is withheld."""

    answered: Figure
    correct: Figure
    share: float | None  # percent answering correctly


@dataclass(frozen=True)
class QuestionResult:
    question: TrainingQuestion
    pre: PhaseResult
    post: PhaseResult

    @property
    def change(self) -> float | None:
        """Percentage points gained in the share answering correctly."""
        if self.pre.share is None or self.post.share is None:
            return None
        return self.post.share - self.pre.share


def _phase(answered: int, correct: int, below: int | None) -> PhaseResult:
    total = suppress_one("answered", answered, below)
    right, wrong = suppress([("correct", correct), ("wrong", answered - correct)], below)
    hidden = total.suppressed or right.suppressed or wrong.suppressed
    share = None if hidden or not answered else 100 * correct / answered
    if hidden:
        right = Figure(right.label, None, True, right.below)
    return PhaseResult(total, right, share)


def question_results(*, actor: Membership, session: TrainingSession) -> list[QuestionResult]:
    """For each question of the session's tests, the share of the named participants who
    answered it correctly before and after the training (of those who answered it), with
    small counts withheld as for every count of people (`threshold_for`)."""
    below = threshold_for(actor)
    counts = {
        (row["question_id"], row["phase"]): (row["n"], row["right"])
        for row in TrainingAnswer.objects.filter(entry__session=session)
        .values("question_id", "phase")
        .annotate(n=Count("pk"), right=Count("pk", filter=Q(correct=True)))
    }
    results = []
    for question in session_questions(session):
        pre = counts.get((question.pk, TrainingAnswer.Phase.PRE), (0, 0))
        post = counts.get((question.pk, TrainingAnswer.Phase.POST), (0, 0))
        results.append(QuestionResult(question, _phase(*pre, below), _phase(*post, below)))
    return results


def session_questions(session: TrainingSession) -> list[TrainingQuestion]:
    """The questions of the session's tests, numbered in this order on every page."""
    return list(session.questions.order_by("topic__order", "pk"))


def answers_of(entry: RosterEntry) -> dict[tuple[int, str], str]:
    """A named participant's answers, keyed by (question id, phase)."""
    return {(a.question_id, a.phase): a.answer for a in entry.answers.all()}


def question_bank(*, actor: Membership) -> QuerySet[TrainingQuestion]:
    """The institution's question bank, by topic."""
    return (
        TrainingQuestion.objects.for_actor(actor)
        .select_related("topic")
        .order_by("topic__order", "topic__name", "pk")
    )


def bank_for(*, actor: Membership, session: TrainingSession) -> QuerySet[TrainingQuestion]:
    """The bank's questions of the session's topics: those its tests may use."""
    return question_bank(actor=actor).filter(topic__in=session.topics.all())
