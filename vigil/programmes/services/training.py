"""Writes of trainings of law enforcement officials: sessions, participant groups and the
named roster. The activity's participant count follows the session's figures
(`vigil.programmes.selectors.training.session_figures`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats
from django.utils.translation import gettext as _

from vigil.core.access import require_same_institution
from vigil.core.audit import audit_by
from vigil.core.models import Membership
from vigil.core.services.records import model_update
from vigil.programmes.models import (
    Activity,
    LogframeItem,
    ParticipantGroup,
    Programme,
    RosterEntry,
    TrainingAnswer,
    TrainingQuestion,
    TrainingSession,
)
from vigil.programmes.selectors.training import session_figures
from vigil.programmes.services.common import may_manage
from vigil.programmes.services.programmes import activity_create
from vigil.visits.models import Theme

P = TypeVar("P", ParticipantGroup, RosterEntry)


def _check_max_score(max_score: Decimal) -> None:
    if max_score is None or max_score <= 0:
        raise ValidationError({"max_score": _("The highest possible score must be above zero.")})


def _check_scores(session: TrainingSession, **scores: Decimal | None) -> None:
    errors = {}
    for name, value in scores.items():
        if value is not None and not (0 <= value <= session.max_score):
            errors[name] = _("A score must be between 0 and %(max)s.") % {
                "max": formats.localize(session.max_score)
            }
    if errors:
        raise ValidationError(errors)


def _sync_participants(session: TrainingSession) -> None:
    """Keep the activity's participant count equal to the session's."""
    total = session_figures([session])[session.pk].participants
    model_update(session.activity, {"participants": total})


def _session_for(
    *,
    actor: Membership,
    activity: Activity,
    trainers: str,
    topics: Iterable[Theme],
    max_score: Decimal,
) -> TrainingSession:
    topics = list(topics)
    require_same_institution(actor, *topics)
    _check_max_score(max_score)
    if not trainers.strip():
        raise ValidationError({"trainers": _("Name the trainers.")})
    session = TrainingSession.objects.create(
        institution=actor.institution,
        activity=activity,
        trainers=trainers.strip(),
        max_score=max_score,
    )
    session.topics.set(topics)
    audit_by(
        actor, "training.created", session, activity=activity.pk, topics=[t.pk for t in topics]
    )
    return session


@transaction.atomic
def training_create(
    *,
    actor: Membership,
    programme: Programme,
    title: str,
    starts_on: date,
    trainers: str,
    topics: Iterable[Theme] = (),
    ends_on: date | None = None,
    location: str = "",
    max_score: Decimal = Decimal(100),
    logframe_item: LogframeItem | None = None,
) -> TrainingSession:
    """A training activity of the programme and its session, in one transaction."""
    may_manage(actor, programme)
    if not title.strip():
        raise ValidationError({"title": _("Give the training a title.")})
    activity = activity_create(
        actor=actor,
        programme=programme,
        logframe_item=logframe_item,
        kind=Activity.Kind.TRAINING,
        title=title.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        location=location.strip(),
        participants=0,
    )
    return _session_for(
        actor=actor, activity=activity, trainers=trainers, topics=topics, max_score=max_score
    )


@transaction.atomic
def training_setup(
    *,
    actor: Membership,
    activity: Activity,
    trainers: str,
    topics: Iterable[Theme] = (),
    max_score: Decimal = Decimal(100),
) -> TrainingSession:
    """The session of a training activity recorded without one."""
    may_manage(actor, activity)
    if activity.kind != Activity.Kind.TRAINING:
        raise ValidationError(_("Only training activities have training sessions."))
    if TrainingSession.objects.filter(activity=activity).exists():
        raise ValidationError(_("This training already has its session."))
    session = _session_for(
        actor=actor, activity=activity, trainers=trainers, topics=topics, max_score=max_score
    )
    _sync_participants(session)
    return session


def _participants(
    model: type[P],
    *,
    actor: Membership,
    session: TrainingSession,
    agency: str,
    rank: str,
    gender: str,
    scores: dict[str, Decimal | None],
    **fields: Any,
) -> P:
    """A participant group or a roster entry of the session, once its facts are checked."""
    if not agency.strip():
        raise ValidationError({"agency": _("Name the agency.")})
    if gender not in ParticipantGroup.Gender.values:
        raise ValidationError({"gender": _("Choose a gender.")})
    _check_scores(session, **scores)
    return model._default_manager.create(
        institution=actor.institution,
        session=session,
        agency=agency.strip(),
        rank=rank.strip(),
        gender=gender,
        **scores,
        **fields,
    )


@transaction.atomic
def training_group_add(
    *,
    actor: Membership,
    session: TrainingSession,
    agency: str,
    gender: str,
    count: int,
    rank: str = "",
    pre_test_mean: Decimal | None = None,
    post_test_mean: Decimal | None = None,
) -> ParticipantGroup:
    """Participants counted by agency, rank and gender, with their mean test scores."""
    may_manage(actor, session)
    if count is None or count < 1:
        raise ValidationError({"count": _("Count at least one participant.")})
    group = _participants(
        ParticipantGroup,
        actor=actor,
        session=session,
        agency=agency,
        rank=rank,
        gender=gender,
        scores={"pre_test_mean": pre_test_mean, "post_test_mean": post_test_mean},
        count=count,
    )
    audit_by(actor, "training.group_added", group, session=session.pk, count=count)
    _sync_participants(session)
    return group


@transaction.atomic
def training_roster_add(
    *,
    actor: Membership,
    session: TrainingSession,
    name: str,
    agency: str,
    gender: str,
    badge_number: str = "",
    rank: str = "",
    pre_test: Decimal | None = None,
    post_test: Decimal | None = None,
    attended: bool = True,
) -> RosterEntry:
    """A named participant; the name and badge number are stored encrypted."""
    may_manage(actor, session)
    if not name.strip():
        raise ValidationError({"name": _("Give the participant's name.")})
    person = {"name": " ".join(name.split())}
    if badge_number.strip():
        person["badge_number"] = badge_number.strip()
    entry = _participants(
        RosterEntry,
        actor=actor,
        session=session,
        agency=agency,
        rank=rank,
        gender=gender,
        scores={"pre_test": pre_test, "post_test": post_test},
        person=person,
        attended=attended,
    )
    # Never the name: the audit chain is not encrypted.
    audit_by(actor, "training.roster_added", entry, session=session.pk)
    _sync_participants(session)
    return entry


@transaction.atomic
def training_roster_update(
    *,
    actor: Membership,
    entry: RosterEntry,
    pre_test: Decimal | None,
    post_test: Decimal | None,
    attended: bool,
) -> RosterEntry:
    """Scores and attendance of a named participant (often known only after the training)."""
    may_manage(actor, entry)
    _check_scores(entry.session, pre_test=pre_test, post_test=post_test)
    if entry.session.test_mode == TrainingSession.TestMode.QUESTIONS and (
        pre_test != entry.pre_test or post_test != entry.post_test
    ):
        raise ValidationError(
            {"pre_test": _("This training's scores follow from the answers; enter those.")}
        )
    model_update(entry, {"pre_test": pre_test, "post_test": post_test, "attended": attended})
    audit_by(actor, "training.roster_updated", entry, session=entry.session_id, attended=attended)
    return entry


def training_roster_import(
    *,
    actor: Membership,
    rows: list[tuple[int, dict[str, Any]]],
    progress: Callable[[int], None],
    into: TrainingSession | None = None,
) -> dict[str, int]:
    """A roster's checked rows, each added as if typed by hand (encrypted name and badge
    number, its audit event); the import job runs it in one transaction."""
    if into is None:
        raise ValueError("A roster is imported into a training.")
    may_manage(actor, into)
    for done, (_number, values) in enumerate(rows, start=1):
        attended = values.get("attended")
        training_roster_add(
            actor=actor,
            session=into,
            name=values["name"],
            badge_number=values.get("badge_number") or "",
            agency=values["agency"],
            rank=values.get("rank") or "",
            gender=values["gender"],
            pre_test=values.get("pre_test"),
            post_test=values.get("post_test"),
            attended=True if attended is None else attended,
        )
        progress(done)
    audit_by(actor, "training.roster_imported", into, rows=len(rows))
    return {"created": len(rows)}


# --- tests answered per question -------------------------------------------------------


def normalise_answer(text: str) -> str:
    """Answers are compared without regard to case or repeated spaces."""
    return " ".join(text.split()).casefold()


@transaction.atomic
def training_question_create(
    *, actor: Membership, topic: Theme, text: str, correct_answer: str
) -> TrainingQuestion:
    """A question of the bank for one training topic, with its correct answer."""
    may_manage(actor, topic)
    errors = {}
    if topic is None:
        errors["topic"] = _("Choose a topic.")
    if not text.strip():
        errors["text"] = _("Write the question.")
    if not correct_answer.strip():
        errors["correct_answer"] = _("Give the correct answer.")
    if errors:
        raise ValidationError(errors)
    question = TrainingQuestion.objects.create(
        institution=actor.institution,
        topic=topic,
        text=text.strip(),
        correct_answer=" ".join(correct_answer.split()),
        created_by=actor.user,
    )
    audit_by(actor, "training.question_created", question, topic=topic.pk)
    return question


@transaction.atomic
def training_questions_set(
    *, actor: Membership, session: TrainingSession, questions: Iterable[TrainingQuestion]
) -> TrainingSession:
    """The questions of the session's tests, from the bank of its topics. With questions the
    session records answers per question; with none it goes back to scores only, which is
    refused once answers are recorded for a question taken away."""
    may_manage(actor, session)
    chosen = list(questions)
    require_same_institution(actor, *chosen)
    topics = {t.pk for t in session.topics.all()}
    if any(q.topic_id not in topics for q in chosen):
        raise ValidationError({"questions": _("Choose questions of the training's topics only.")})
    removed = set(session.questions.values_list("pk", flat=True)) - {q.pk for q in chosen}
    if TrainingAnswer.objects.filter(entry__session=session, question_id__in=removed).exists():
        raise ValidationError(
            {"questions": _("Answers are recorded for a question you took away; keep it.")}
        )
    mode = TrainingSession.TestMode.QUESTIONS if chosen else TrainingSession.TestMode.SCORES
    session.questions.set(chosen)
    model_update(session, {"test_mode": mode})
    audit_by(actor, "training.questions_set", session, mode=mode, questions=[q.pk for q in chosen])
    return session


def _phase_score(
    session: TrainingSession, answers: dict[int, str], questions: list[TrainingQuestion]
) -> Decimal | None:
    """The phase's score on the training's scale: the share of its questions answered
    correctly (unanswered ones count as wrong), times the highest score; None unanswered."""
    if not answers:
        return None
    right = sum(
        normalise_answer(answers[q.pk]) == normalise_answer(q.correct_answer)
        for q in questions
        if q.pk in answers
    )
    return (session.max_score * right / len(questions)).quantize(Decimal("0.01"))


@transaction.atomic
def training_answers_record(
    *,
    actor: Membership,
    entry: RosterEntry,
    answers: dict[tuple[int, str], str],
) -> RosterEntry:
    """A named participant's answers, keyed by (question id, "pre" or "post"); an empty
    answer means not answered. Each answer is marked right or wrong against the bank, and the
    participant's pre- and post-test scores follow from them."""
    may_manage(actor, entry)
    session = entry.session
    if session.test_mode != TrainingSession.TestMode.QUESTIONS:
        raise ValidationError(_("This training records scores only, not answers."))
    questions = {q.pk: q for q in session.questions.all()}
    for (question_id, phase), text in answers.items():
        if question_id not in questions or phase not in TrainingAnswer.Phase.values:
            raise ValidationError(_("That question is not one of this training's."))
        if len(text.strip()) > 200:
            raise ValidationError(
                {f"q{question_id}_{phase}": _("An answer is at most 200 characters.")}
            )
    kept: dict[str, dict[int, str]] = {phase: {} for phase in TrainingAnswer.Phase.values}
    for (question_id, phase), text in answers.items():
        text = " ".join(text.split())
        TrainingAnswer.objects.filter(entry=entry, question_id=question_id, phase=phase).delete()
        if not text:
            continue
        question = questions[question_id]
        TrainingAnswer.objects.create(
            institution=actor.institution,
            entry=entry,
            question=question,
            phase=phase,
            answer=text,
            correct=normalise_answer(text) == normalise_answer(question.correct_answer),
        )
    for answer in TrainingAnswer.objects.filter(entry=entry, question_id__in=questions):
        kept[answer.phase][answer.question_id] = answer.answer
    bank = list(questions.values())
    model_update(
        entry,
        {
            "pre_test": _phase_score(session, kept[TrainingAnswer.Phase.PRE], bank),
            "post_test": _phase_score(session, kept[TrainingAnswer.Phase.POST], bank),
        },
    )
    # Never the answers themselves: counts only.
    audit_by(
        actor,
        "training.answers_recorded",
        entry,
        session=session.pk,
        pre=len(kept[TrainingAnswer.Phase.PRE]),
        post=len(kept[TrainingAnswer.Phase.POST]),
    )
    return entry
