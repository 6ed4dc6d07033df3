"""Trainings of law enforcement officials: learning gain, the named roster, certificates."""

from __future__ import annotations

import datetime
import subprocess
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from vigil.core.models import AuditEvent, GeneratedDocument, Job, Membership
from vigil.core.roles import Role
from vigil.core.tests.factories import MembershipFactory, client_for, run_background_jobs
from vigil.core.tests.stored import stored_bytes
from vigil.programmes.models import Activity, Programme, RosterEntry, TrainingSession
from vigil.programmes.selectors.training import (
    learning_gain,
    learning_gain_by_topic,
    roster_read,
    session_figures,
)
from vigil.programmes.services.training import (
    training_create,
    training_group_add,
    training_roster_add,
)
from vigil.programmes.tests.factories import ProgrammeFactory
from vigil.visits.tests.factories import theme

PLANTED_NAME = "Tsetsegmaa Oyunbileg-Planted"
PLANTED_BADGE = "BADGE-77-PLANTED"
TITLE = "Custody safeguards for duty officers"


def new_training(
    actor: Membership,
    *,
    title: str = TITLE,
    max_score: int = 20,
    topics: tuple[str, ...] = ("treatment", "custody_safeguards"),
) -> TrainingSession:
    programme = Programme.objects.for_institution(
        actor.institution_id
    ).first() or ProgrammeFactory.create(institution=actor.institution, champion=actor.user)
    return training_create(
        actor=actor,
        programme=programme,
        title=title,
        starts_on=datetime.date(2026, 4, 14),
        ends_on=datetime.date(2026, 4, 16),
        location="Police Academy",
        trainers="Dr. Enkh-Amgalan, APT trainer",
        topics=[theme(code) for code in topics],
        max_score=Decimal(max_score),
    )


def hand_dataset(actor: Membership) -> tuple[TrainingSession, TrainingSession]:
    """S1: counts by group on a test out of 20; S2: a roster on a test out of 100."""
    s1 = new_training(actor, title="S1", max_score=20, topics=("treatment", "custody_safeguards"))
    add = training_group_add
    add(actor=actor, session=s1, agency="Police", rank="Constable", gender="men", count=10,
        pre_test_mean=Decimal(8), post_test_mean=Decimal(14))  # fmt: skip
    add(actor=actor, session=s1, agency="Police", rank="Constable", gender="women", count=5,
        pre_test_mean=Decimal(10), post_test_mean=Decimal(16))  # fmt: skip
    # No pre-test: left out of the means, still counted as participants.
    add(actor=actor, session=s1, agency="Prison service", rank="Officer", gender="men", count=4,
        post_test_mean=Decimal(15))  # fmt: skip

    s2 = new_training(actor, title="S2", max_score=100, topics=("treatment",))
    roster = training_roster_add
    roster(actor=actor, session=s2, name="Participant One", agency="Police", gender="women",
           pre_test=Decimal(40), post_test=Decimal(70))  # fmt: skip
    roster(actor=actor, session=s2, name="Participant Two", agency="Police", gender="men",
           pre_test=Decimal(60), post_test=Decimal(90))  # fmt: skip
    roster(
        actor=actor,
        session=s2,
        name="Participant Three",
        agency="Border police",
        gender="men",
        pre_test=Decimal(50),
    )  # fmt: skip  (no post-test: left out)
    roster(actor=actor, session=s2, name="Participant Four", agency="Border police",
           gender="other", attended=False)  # fmt: skip
    # Counts recorded beside the roster: the roster has entries, so these are not used.
    add(actor=actor, session=s2, agency="Police", gender="men", count=30,
        pre_test_mean=Decimal(10), post_test_mean=Decimal(90))  # fmt: skip
    return s1, s2


def test_learning_gain_per_session_matches_a_hand_computation(personas):
    s1, s2 = hand_dataset(personas.admin)
    figures = session_figures([s1, s2])

    # S1, by hand: scored = 10 + 5 = 15 (the group of 4 has no pre-test);
    # pre = (10·8 + 5·10)/15 = 130/15 = 8.667; post = (10·14 + 5·16)/15 = 220/15 = 14.667;
    # gain = 6.0 points = 30 % of 20; normalised = 6 / (20 − 8.667) = 90/170 = 0.5294.
    one = figures[s1.pk]
    assert (one.source, one.participants, one.gain.scored) == ("groups", 19, 15)
    assert one.gain.pre == pytest.approx(130 / 15)
    assert one.gain.post == pytest.approx(220 / 15)
    assert one.gain.gain == pytest.approx(6.0)
    assert one.gain.gain_percent == pytest.approx(30.0)
    assert one.gain.normalised == pytest.approx(9 / 17)

    # S2, by hand: the roster (4 entries, 3 attended) wins over the group of 30;
    # scored = 2 (entries three and four lack a score); pre = (40+60)/2 = 50, post = 80,
    # gain = 30 points = 30 % of 100; normalised = 30 / (100 − 50) = 0.6.
    two = figures[s2.pk]
    assert (two.source, two.participants, two.attended, two.gain.scored) == ("roster", 4, 3, 2)
    assert (two.gain.pre, two.gain.post) == (pytest.approx(50.0), pytest.approx(80.0))
    assert two.gain.gain == pytest.approx(30.0)
    assert two.gain.gain_percent == pytest.approx(30.0)
    assert two.gain.normalised == pytest.approx(0.6)

    # The activities carry the participant counts the programme's pages show.
    assert Activity.objects.get(pk=s1.activity_id).participants == 19
    assert Activity.objects.get(pk=s2.activity_id).participants == 4


def test_learning_gain_by_topic_matches_a_hand_computation(personas):
    hand_dataset(personas.admin)
    # Institution B's training on the same topic must not count for A.
    admin_b = MembershipFactory.create(institution=personas.institution_b, role=Role.ADMIN)
    other = new_training(admin_b, title="B's", max_score=10, topics=("treatment",))
    training_group_add(
        actor=admin_b, session=other, agency="B police", gender="men", count=100,
        pre_test_mean=Decimal(1), post_test_mean=Decimal(2),
    )  # fmt: skip

    topics = {t.theme.code: t for t in learning_gain_by_topic(actor=personas.analyst)}
    assert set(topics) == {"treatment", "custody_safeguards"}

    # Treatment, by hand: S1 (n=15) pre% = 100·8.667/20 = 43.33, post% = 73.33;
    # S2 (n=2) pre% = 50, post% = 80. Pooled pre% = (15·43.33 + 2·50)/17 = 750/17 = 44.12,
    # post% = (15·73.33 + 2·80)/17 = 1260/17 = 74.12, gain = 510/17 = 30.0 points,
    # normalised = 30 / (100 − 44.12) = 510/950 = 0.5368.
    treatment = topics["treatment"]
    assert (treatment.sessions, treatment.participants, treatment.gain.scored) == (2, 23, 17)
    assert treatment.gain.pre == pytest.approx(750 / 17)
    assert treatment.gain.post == pytest.approx(1260 / 17)
    assert treatment.gain.gain == pytest.approx(30.0)
    assert treatment.gain.gain_percent == pytest.approx(30.0)
    assert treatment.gain.normalised == pytest.approx(510 / 950)

    # Custody safeguards: S1 only: pre% 43.33, post% 73.33, normalised 30/56.67 = 9/17.
    safeguards = topics["custody_safeguards"]
    assert (safeguards.sessions, safeguards.participants, safeguards.gain.scored) == (1, 19, 15)
    assert safeguards.gain.pre == pytest.approx(130 / 3)
    assert safeguards.gain.normalised == pytest.approx(9 / 17)

    page = (
        client_for(personas.viewer)
        .get(reverse("programmes:training_gain_by_topic"))
        .content.decode()
    )
    assert "Treatment, ill-treatment and use of force" in page and "0.54" in page


def test_missing_scores_are_left_out_and_no_scores_gives_no_gain(personas):
    session = new_training(personas.admin)
    training_group_add(
        actor=personas.admin, session=session, agency="Police", gender="men", count=7,
        pre_test_mean=Decimal(5),
    )  # fmt: skip
    figures = session_figures([session])[session.pk]
    assert (figures.participants, figures.gain.scored) == (7, 0)
    assert figures.gain.gain is None and figures.gain.normalised is None
    page = client_for(personas.viewer).get(reverse("programmes:training_detail", args=[session.pk]))
    assert "No participant has both a pre-test and a post-test score yet." in page.content.decode()


def test_normalised_gain_is_undefined_when_the_pre_test_is_already_perfect():
    gain = learning_gain(scored=3, pre_sum=60, post_sum=60, max_score=20)
    assert (gain.pre, gain.gain, gain.normalised) == (20, 0, None)


def test_scores_above_the_highest_score_are_refused_on_their_field(personas):
    session = new_training(personas.admin, max_score=20)
    client = client_for(personas.admin)
    response = client.post(
        reverse("programmes:training_roster_add", args=[session.pk]),
        {"name": "Someone", "agency": "Police", "gender": "men", "pre_test": "25",
         "attended": "on"},
    )  # fmt: skip
    assert response.status_code == 400
    assert "A score must be between 0 and 20" in response.content.decode()
    assert not RosterEntry.objects.exists()
    with pytest.raises(ValidationError):
        training_group_add(
            actor=personas.admin, session=session, agency="Police", gender="men", count=0
        )


def test_a_programme_officer_records_a_training_through_the_pages(personas, officer):
    programme = ProgrammeFactory.create(
        institution=personas.institution_a, champion=personas.admin.user
    )
    client = client_for(officer)
    response = client.post(
        reverse("programmes:training_create", args=[programme.pk]),
        {"title": TITLE, "starts_on": "2026-04-14", "ends_on": "2026-04-16",
         "location": "Police Academy", "trainers": "APT", "max_score": "20",
         "topics": [theme("treatment").pk]},
    )  # fmt: skip
    session = TrainingSession.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "programmes:training_detail", args=[session.pk]
    )
    assert (session.activity.kind, session.activity.programme, session.activity.title) == (
        "training",
        programme,
        TITLE,
    )
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"activity.created", "training.created"} <= actions

    response = client.post(
        reverse("programmes:training_group_add", args=[session.pk]),
        {"agency": "Police", "rank": "Sergeant", "gender": "women", "count": "6",
         "pre_test_mean": "9.5", "post_test_mean": "15"},
    )  # fmt: skip
    assert response.status_code == 302
    response = client.post(
        reverse("programmes:training_roster_add", args=[session.pk]),
        {"name": PLANTED_NAME, "badge_number": PLANTED_BADGE, "agency": "Police",
         "gender": "women", "pre_test": "9", "attended": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    entry = RosterEntry.objects.get()
    assert entry.person == {"name": PLANTED_NAME, "badge_number": PLANTED_BADGE}
    response = client.post(
        reverse("programmes:training_roster_edit", args=[entry.pk]),
        {"pre_test": "9", "post_test": "17", "attended": "on", "version": entry.version},
    )
    entry.refresh_from_db()
    assert response.status_code == 302 and entry.post_test == Decimal(17)
    # The audit chain never carries the name.
    details = " ".join(str(d) for d in AuditEvent.objects.values_list("details", flat=True))
    assert PLANTED_NAME not in details

    # Viewers read; they may not add.
    viewer = client_for(personas.viewer)
    assert viewer.get(reverse("programmes:training_detail", args=[session.pk])).status_code == 200
    assert (
        viewer.post(reverse("programmes:training_roster_add", args=[session.pk]), {}).status_code
        == 403
    )


def test_the_programme_page_partial_lists_the_trainings(personas):
    session = new_training(personas.admin)
    training_group_add(
        actor=personas.admin, session=session, agency="Police", gender="men", count=12
    )
    programme = session.activity.programme
    html = render_to_string("programmes/_training_summary.html", {"programme": programme})
    assert TITLE in html and "12 participants" in html
    assert reverse("programmes:training_for_activity", args=[session.activity_id]) in html
    assert reverse("programmes:training_list", args=[programme.pk]) in html


def test_activity_recorded_without_a_session_gets_one(personas):
    programme = ProgrammeFactory.create(
        institution=personas.institution_a, champion=personas.admin.user
    )
    activity = Activity.objects.create(
        institution=personas.institution_a, programme=programme, kind="training",
        title="Summit training", starts_on=datetime.date(2026, 5, 2),
        created_by=personas.admin.user,
    )  # fmt: skip
    url = reverse("programmes:training_for_activity", args=[activity.pk])
    assert client_for(personas.viewer).get(url).status_code == 403  # nothing to show yet
    client = client_for(personas.admin)
    response = client.post(url, {"trainers": "APT", "max_score": "10"})
    session = TrainingSession.objects.get(activity=activity)
    assert response["Location"] == reverse("programmes:training_detail", args=[session.pk])
    assert client_for(personas.viewer).get(url)["Location"] == response["Location"]


def _roster_session(actor: Membership) -> tuple[TrainingSession, RosterEntry]:
    session = new_training(actor)
    entry = training_roster_add(
        actor=actor, session=session, name=PLANTED_NAME, badge_number=PLANTED_BADGE,
        agency="Police", rank="Lieutenant", gender="women", pre_test=Decimal(8),
        post_test=Decimal(16),
    )  # fmt: skip
    training_roster_add(
        actor=actor, session=session, name="Absent Participant", agency="Police", gender="men",
        attended=False,
    )  # fmt: skip
    return session, entry


def test_analysts_and_viewers_see_counts_but_not_names(personas, officer):
    session, _entry = _roster_session(personas.admin)
    url = reverse("programmes:training_detail", args=[session.pk])
    for reader in (personas.analyst, personas.viewer, personas.monitor):
        before = AuditEvent.objects.filter(action="record.read").count()
        page = client_for(reader).get(url).content.decode()
        assert PLANTED_NAME not in page and PLANTED_BADGE not in page, reader.role
        assert "2 named participants." in page and "Lieutenant" in page
        assert AuditEvent.objects.filter(action="record.read").count() == before
        with pytest.raises(PermissionDenied):
            roster_read(actor=reader, session=session)

    page = client_for(officer).get(url).content.decode()
    assert PLANTED_NAME in page and PLANTED_BADGE in page
    event = AuditEvent.objects.filter(action="record.read").latest("sequence")
    assert (event.actor_id, event.target_type, event.target_id) == (
        officer.user_id,
        "programmes.trainingsession",
        str(session.pk),
    )
    assert event.details == {"what": "training roster", "entries": 2}


def test_institution_b_gets_404(personas):
    session, entry = _roster_session(personas.admin)
    programme = session.activity.programme
    admin_b = MembershipFactory.create(institution=personas.institution_b, role=Role.ADMIN)
    client = client_for(admin_b)
    for name, args in [
        ("programmes:training_detail", [session.pk]),
        ("programmes:training_list", [programme.pk]),
        ("programmes:training_create", [programme.pk]),
        ("programmes:training_for_activity", [session.activity_id]),
        ("programmes:training_group_add", [session.pk]),
        ("programmes:training_roster_add", [session.pk]),
        ("programmes:training_roster_edit", [entry.pk]),
    ]:
        assert client.get(reverse(name, args=args)).status_code == 404, name
    for name, args in [
        ("programmes:training_certificates", [session.pk]),
        ("programmes:training_certificate", [entry.pk]),
    ]:
        assert client.post(reverse(name, args=args)).status_code == 404, name
    page = client.get(reverse("programmes:training_gain_by_topic")).content.decode()
    assert "Treatment" not in page
    assert not Job.objects.exists()
    with pytest.raises(Exception):  # noqa: B017 (Http404 or ValidationError: both refuse)
        training_roster_add(actor=admin_b, session=session, name="x", agency="y", gender="men")


def test_training_list_queries_do_not_grow_with_trainings(personas):
    hand_dataset(personas.admin)
    programme = Programme.objects.get()
    client = client_for(personas.viewer)
    url = reverse("programmes:training_list", args=[programme.pk])
    client.get(url)  # warm the per-process caches
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for n in range(3):
        session = new_training(personas.admin, title=f"More {n}")
        training_group_add(
            actor=personas.admin, session=session, agency="Police", gender="men", count=3
        )
    with CaptureQueriesContext(connection) as more:
        page = client.get(url).content.decode()
    assert "More 2" in page
    assert len(more.captured_queries) == len(few.captured_queries)


def _pdf_text(content: bytes) -> str:
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=content, capture_output=True, check=True
    )
    return result.stdout.decode()


@pytest.mark.django_db(transaction=True)
def test_certificates_are_written_by_the_worker_and_names_stay_encrypted_at_rest(personas, officer):
    session, entry = _roster_session(officer)
    client = client_for(officer)

    response = client.post(reverse("programmes:training_certificates", args=[session.pk]))
    job = Job.objects.get()
    assert response["Location"] == reverse("core:job_detail", args=[job.pk])
    single = client.post(reverse("programmes:training_certificate", args=[entry.pk]))
    assert single.status_code == 302
    run_background_jobs()

    jobs = list(Job.objects.order_by("pk"))
    assert [j.status for j in jobs] == [Job.Status.SUCCEEDED] * 2, [j.message for j in jobs]
    all_of_them, one = (GeneratedDocument.objects.get(job=j) for j in jobs)
    assert all_of_them.subject == f"programmes.trainingsession:{session.pk}"
    assert one.filename == f"certificate-custody-safeguards-for-duty-officers-{entry.pk}.pdf"
    response = client.get(reverse("core:document_download", args=[all_of_them.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content)
    flat = " ".join(text.split())
    assert PLANTED_NAME in flat and TITLE in flat
    assert "Institution A" in flat and "Dr. Enkh-Amgalan, APT trainer" in flat
    assert "Treatment, ill-treatment and use of force" in flat and "14 Apr 2026" in flat
    # Only who attended: one page, and the absent participant has none.
    assert "Absent Participant" not in flat and text.count("Certificate of attendance") == 1
    assert PLANTED_NAME in _pdf_text(
        client.get(reverse("core:document_download", args=[one.pk])).content
    )
    generated = AuditEvent.objects.filter(action="training.certificates_generated")
    assert [(e.actor_id, e.target_id) for e in generated] == [
        (officer.user_id, str(session.pk))
    ] * 2
    # The page lists the certificates for download.
    page = client.get(reverse("programmes:training_detail", args=[session.pk])).content.decode()
    assert reverse("core:document_download", args=[one.pk]) in page

    # Nothing in clear: not the roster, not the job, not the stored documents, not the audit.
    stored = stored_bytes()
    assert personas.institution_a.name.encode() in stored  # the check is real
    assert TITLE.encode() in stored
    for secret in (PLANTED_NAME, PLANTED_BADGE):
        assert secret.encode() not in stored
        assert secret.encode("utf-16-le") not in stored


@pytest.mark.django_db(transaction=True)
def test_a_certificate_job_of_someone_who_lost_the_role_fails_without_a_document(personas, officer):
    session, _entry = _roster_session(officer)
    client_for(officer).post(reverse("programmes:training_certificates", args=[session.pk]))
    Membership.objects.filter(pk=officer.pk).update(role=Role.VIEWER)
    run_background_jobs()
    job = Job.objects.get()
    assert job.status == Job.Status.FAILED
    assert "Only those who manage programmes" in job.message
    assert not GeneratedDocument.objects.exists()
