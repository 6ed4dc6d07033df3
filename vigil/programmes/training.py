"""Trainings of law enforcement officials: sessions, participants, learning gain, certificates.

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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Avg, Count, F, FloatField, Q, QuerySet, Sum
from django.http import Http404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from vigil.core import rendering
from vigil.core.access import (
    OVERSIGHT_ROLES,
    actor_can,
    get_for_actor,
    require_capability,
    require_same_institution,
    scoped,
)
from vigil.core.audit import audit_by, audit_record
from vigil.core.jobs import JobFailed, JobProgress, job_start
from vigil.core.models import GeneratedDocument, Job, Membership
from vigil.core.redaction import Audience
from vigil.core.roles import Capability
from vigil.core.services.documents import document_store
from vigil.programmes.models import (
    Activity,
    LogframeItem,
    ParticipantGroup,
    Programme,
    RosterEntry,
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
    roster = {
        row["session_id"]: row
        for row in RosterEntry.objects.filter(session_id__in=ids)
        .values("session_id")
        .annotate(
            entries=Count("pk"),
            attended_count=Count("pk", filter=Q(attended=True)),
            scored=Count("pk", filter=_BOTH_SCORES_ROSTER),
            pre_sum=Sum("pre_test", filter=_BOTH_SCORES_ROSTER),
            post_sum=Sum("post_test", filter=_BOTH_SCORES_ROSTER),
        )
        .order_by()
    }
    groups = {
        row["session_id"]: row
        for row in ParticipantGroup.objects.filter(session_id__in=ids)
        .values("session_id")
        .annotate(
            participants=Sum("count"),
            scored=Sum("count", filter=_BOTH_SCORES_GROUP),
            pre_sum=Sum(
                F("count") * F("pre_test_mean"),
                filter=_BOTH_SCORES_GROUP,
                output_field=FloatField(),
            ),
            post_sum=Sum(
                F("count") * F("post_test_mean"),
                filter=_BOTH_SCORES_GROUP,
                output_field=FloatField(),
            ),
        )
        .order_by()
    }
    figures = {}
    for session in sessions:
        max_score = _as_float(session.max_score)
        r, g = roster.get(session.pk), groups.get(session.pk)
        if r and r["entries"]:
            figures[session.pk] = SessionFigures(
                participants=r["entries"],
                attended=r["attended_count"],
                source=ROSTER,
                roster_entries=r["entries"],
                gain=learning_gain(
                    scored=r["scored"],
                    pre_sum=_as_float(r["pre_sum"]),
                    post_sum=_as_float(r["post_sum"]),
                    max_score=max_score,
                ),
            )
        elif g and g["participants"]:
            figures[session.pk] = SessionFigures(
                participants=int(g["participants"]),
                attended=None,
                source=GROUPS,
                roster_entries=0,
                gain=learning_gain(
                    scored=_as_float(g["scored"]),
                    pre_sum=_as_float(g["pre_sum"]),
                    post_sum=_as_float(g["post_sum"]),
                    max_score=max_score,
                ),
            )
        else:
            figures[session.pk] = SessionFigures(0, None, None, 0, learning_gain(
                scored=0, pre_sum=0, post_sum=0, max_score=max_score
            ))  # fmt: skip
    return figures


@dataclass
class TopicGain:
    theme: Theme
    sessions: int = 0
    participants: int = 0
    gain: LearningGain = field(
        default_factory=lambda: LearningGain(0, None, None, None, None, None)
    )


def learning_gain_by_topic(*, actor: Membership) -> list[TopicGain]:
    """Pooled learning gain per topic over the institution's sessions (see the docstring)."""
    sessions = list(
        scoped(TrainingSession.objects.all(), actor=actor).only("pk", "max_score", "institution")
    )
    figures = session_figures(sessions)
    by_pk = {s.pk: s for s in sessions}
    links = TrainingSession.topics.through.objects.filter(
        trainingsession_id__in=list(by_pk)
    ).select_related("theme")
    pooled: dict[int, dict[str, Any]] = {}
    for link in links:
        session, theme = by_pk[link.trainingsession_id], link.theme
        row = pooled.setdefault(
            theme.pk,
            {"theme": theme, "sessions": 0, "participants": 0, "n": 0.0, "pre": 0.0, "post": 0.0},
        )
        row["sessions"] += 1
        figure = figures[session.pk]
        row["participants"] += figure.participants
        gain, max_score = figure.gain, _as_float(session.max_score)
        if gain.scored and gain.pre is not None and gain.post is not None and max_score > 0:
            row["n"] += gain.scored
            row["pre"] += gain.scored * 100 * gain.pre / max_score
            row["post"] += gain.scored * 100 * gain.post / max_score
    result = [
        TopicGain(
            theme=row["theme"],
            sessions=row["sessions"],
            participants=row["participants"],
            gain=learning_gain(
                scored=row["n"], pre_sum=row["pre"], post_sum=row["post"], max_score=100.0
            ),
        )
        for row in pooled.values()
    ]
    return sorted(result, key=lambda t: (t.theme.order, t.theme.name))


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


# --- reading ---------------------------------------------------------------------------


def programme_get(*, actor: Membership, pk: Any) -> Programme:
    return get_for_actor(Programme.objects.all(), actor=actor, pk=pk)


def training_activity_get(*, actor: Membership, pk: Any) -> Activity:
    queryset = Activity.objects.filter(kind=Activity.Kind.TRAINING).select_related("programme")
    return get_for_actor(queryset, actor=actor, pk=pk)


def training_get(*, actor: Membership, pk: Any) -> TrainingSession:
    queryset = TrainingSession.objects.select_related(
        "activity__programme", "institution"
    ).prefetch_related("topics")
    return get_for_actor(queryset, actor=actor, pk=pk)


def roster_entry_get(*, actor: Membership, pk: Any) -> RosterEntry:
    queryset = RosterEntry.objects.select_related("session__activity")
    return get_for_actor(queryset, actor=actor, pk=pk)


def trainings_of_programme(*, actor: Membership, programme: Programme) -> QuerySet[TrainingSession]:
    return (
        scoped(TrainingSession.objects.all(), actor=actor)
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
    documents = scoped(GeneratedDocument.objects.all(), actor=actor).filter(
        subject=f"{session._meta.label_lower}:{session.pk}"
    )
    if actor.role not in OVERSIGHT_ROLES:
        documents = documents.filter(created_by_id=actor.user_id)
    return list(documents.order_by("-created_at")[:20])


# --- writing ---------------------------------------------------------------------------


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
    activity = session.activity
    if activity.participants != total:
        activity.participants = total
        activity.save(update_fields=["participants"])


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
    require_capability(actor, Capability.MANAGE_PROGRAMMES)
    require_same_institution(actor, programme, logframe_item)
    if logframe_item is not None and logframe_item.programme_id != programme.pk:
        raise ValidationError({"logframe_item": _("That line belongs to another programme.")})
    if not title.strip():
        raise ValidationError({"title": _("Give the training a title.")})
    if ends_on and ends_on < starts_on:
        raise ValidationError({"ends_on": _("The end date is before the start date.")})
    activity = Activity.objects.create(
        institution=actor.institution,
        programme=programme,
        logframe_item=logframe_item,
        kind=Activity.Kind.TRAINING,
        title=title.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        location=location.strip(),
        participants=0,
        created_by=actor.user,
    )
    audit_by(actor, "activity.created", activity, programme=programme.pk, kind=activity.kind)
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
    require_capability(actor, Capability.MANAGE_PROGRAMMES)
    require_same_institution(actor, activity)
    if activity.kind != Activity.Kind.TRAINING:
        raise ValidationError(_("Only training activities have training sessions."))
    if TrainingSession.objects.filter(activity=activity).exists():
        raise ValidationError(_("This training already has its session."))
    session = _session_for(
        actor=actor, activity=activity, trainers=trainers, topics=topics, max_score=max_score
    )
    _sync_participants(session)
    return session


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
    require_capability(actor, Capability.MANAGE_PROGRAMMES)
    require_same_institution(actor, session)
    if gender not in ParticipantGroup.Gender.values:
        raise ValidationError({"gender": _("Choose a gender.")})
    if count is None or count < 1:
        raise ValidationError({"count": _("Count at least one participant.")})
    if not agency.strip():
        raise ValidationError({"agency": _("Name the agency.")})
    _check_scores(session, pre_test_mean=pre_test_mean, post_test_mean=post_test_mean)
    group = ParticipantGroup.objects.create(
        institution=actor.institution,
        session=session,
        agency=agency.strip(),
        rank=rank.strip(),
        gender=gender,
        count=count,
        pre_test_mean=pre_test_mean,
        post_test_mean=post_test_mean,
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
    require_capability(actor, Capability.MANAGE_PROGRAMMES)
    require_same_institution(actor, session)
    if not name.strip():
        raise ValidationError({"name": _("Give the participant's name.")})
    if not agency.strip():
        raise ValidationError({"agency": _("Name the agency.")})
    if gender not in ParticipantGroup.Gender.values:
        raise ValidationError({"gender": _("Choose a gender.")})
    _check_scores(session, pre_test=pre_test, post_test=post_test)
    person = {"name": " ".join(name.split())}
    if badge_number.strip():
        person["badge_number"] = badge_number.strip()
    entry = RosterEntry.objects.create(
        institution=actor.institution,
        session=session,
        person=person,
        agency=agency.strip(),
        rank=rank.strip(),
        gender=gender,
        pre_test=pre_test,
        post_test=post_test,
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
    require_capability(actor, Capability.MANAGE_PROGRAMMES)
    require_same_institution(actor, entry)
    _check_scores(entry.session, pre_test=pre_test, post_test=post_test)
    entry.pre_test, entry.post_test, entry.attended = pre_test, post_test, attended
    entry.save(update_fields=["pre_test", "post_test", "attended"])
    audit_by(actor, "training.roster_updated", entry, session=entry.session_id, attended=attended)
    return entry


# --- attendance certificates -------------------------------------------------------------

CERTIFICATE_JOB = "programmes.certificates"


def training_certificates_start(
    *, actor: Membership, session: TrainingSession, entry: RosterEntry | None = None
) -> Job:
    """Queue attendance certificates: one entry's, or one page for each who attended."""
    require_capability(actor, Capability.MANAGE_PROGRAMMES)
    require_same_institution(actor, session, entry)
    if entry is not None:
        if entry.session_id != session.pk:
            raise ValidationError(_("That participant is not on this training's roster."))
        if not entry.attended:
            raise ValidationError(_("Only participants who attended get a certificate."))
        title = _("Attendance certificate of participant #%(number)s: %(training)s") % {
            "number": entry.pk,
            "training": session.activity.title,
        }
    else:
        if not session.roster.filter(attended=True).exists():
            raise ValidationError(_("Nobody on the roster is marked as having attended."))
        title = _("Attendance certificates: %(training)s") % {"training": session.activity.title}
    # Neither the job's title nor its parameters name anyone: both are stored in clear.
    return job_start(
        actor=actor,
        kind=CERTIFICATE_JOB,
        params={
            "session": session.pk,
            "entry": entry.pk if entry is not None else None,
            "language": translation.get_language() or "en",
        },
        title=title[:200],
    )


def _day(value: date) -> str:
    return formats.date_format(value, "j F Y")


def training_dates(activity: Activity) -> str:
    if activity.ends_on and activity.ends_on != activity.starts_on:
        return _("from %(first)s to %(last)s") % {
            "first": _day(activity.starts_on),
            "last": _day(activity.ends_on),
        }
    return _("on %(day)s") % {"day": _day(activity.starts_on)}


def certificates_pdf(session: TrainingSession, entries: Sequence[RosterEntry]) -> bytes:
    """One A4 landscape page per participant."""
    html = render_to_string(
        "programmes/certificate_pdf.html",
        {
            "session": session,
            "activity": session.activity,
            "institution": session.institution,
            "topics": list(session.topics.all()),
            "dates": training_dates(session.activity),
            "entries": entries,
            "language": translation.get_language() or "en",
        },
    )
    css = (
        "@page { size: A4 landscape; margin: 18mm; }"
        f'body {{ font-family: "{rendering.FONT_FAMILY}"; color: #1a1a1a; }}'
        ".certificate { page-break-after: always; text-align: center; padding-top: 12mm; }"
        ".certificate:last-child { page-break-after: auto; }"
        ".institution { font-size: 15pt; font-weight: bold; margin: 0; }"
        ".kind { font-size: 9pt; color: #555; margin: 0 0 14mm; }"
        ".heading { font-size: 26pt; letter-spacing: 0.04em; margin: 0 0 8mm; }"
        ".name { font-size: 22pt; font-weight: bold; margin: 4mm 0; }"
        ".training { font-size: 16pt; font-style: italic; margin: 4mm 0; }"
        ".line { font-size: 11pt; margin: 2mm 0; }"
        ".signature { margin-top: 18mm; font-size: 10pt; color: #333; }"
    )
    return rendering.pdf_from_html(html, extra_css=css)


def _certificate_reader(job: Job) -> Membership:
    reader = (
        Membership.objects.select_related("user", "institution")
        .filter(user_id=job.created_by_id, institution_id=job.institution_id, is_active=True)
        .first()
    )
    if reader is None or not may_see_names(reader):
        raise JobFailed(_("Only those who manage programmes may have certificates written."))
    return reader


def generate_certificates(job: Job, progress: JobProgress) -> dict[str, Any]:
    """The job: certificates for the attended entries, stored encrypted, the writing audited."""
    reader = _certificate_reader(job)
    with translation.override(job.params.get("language") or None):
        try:
            session = training_get(actor=reader, pk=job.params.get("session"))
        except Http404:
            raise JobFailed(_("The training no longer exists.")) from None
        entries = session.roster.filter(attended=True).order_by("pk")
        if job.params.get("entry") is not None:
            entries = entries.filter(pk=job.params["entry"])
        chosen = list(entries)
        if not chosen:
            raise JobFailed(_("Nobody on the roster is marked as having attended."))
        progress(0, 3, _("Gathering the training's facts…"))
        progress(1, 3, _("Writing the certificates…"))
        content = certificates_pdf(session, chosen)
        progress(2, 3, _("Storing the document…"))
        single = job.params.get("entry") is not None
        slug = slugify(session.activity.title)[:60] or str(session.pk)
        filename = (
            f"certificate-{slug}-{chosen[0].pk}.pdf" if single else f"certificates-{slug}.pdf"
        )
        with transaction.atomic():
            stored = document_store(
                actor=reader,
                title=job.title,
                filename=filename,
                content_type=rendering.PDF_CONTENT_TYPE,
                content=content,
                audience=Audience.INTERNAL,
                subject=session,
                job=job,
            )
            audit_record(
                action="training.certificates_generated",
                actor=reader.user,
                institution=reader.institution,
                target=session,
                details={"entries": [e.pk for e in chosen], "document": stored.pk},
            )
        progress(3, 3, _("The certificates are ready."))
    return {
        "document": stored.pk,
        "download_url": reverse("core:document_download", args=[stored.pk]),
    }
