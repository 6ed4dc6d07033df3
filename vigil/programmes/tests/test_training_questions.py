"""Pre- and post-tests answered per question: the question bank, answers per participant and
which questions improved (issue 24, point 20)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from vigil.core.models import AuditEvent, Membership
from vigil.core.roles import Role
from vigil.core.tests.factories import MembershipFactory, client_for
from vigil.programmes.models import RosterEntry, TrainingAnswer, TrainingQuestion, TrainingSession
from vigil.programmes.selectors.training import question_results, session_figures
from vigil.programmes.services.training import (
    training_answers_record,
    training_question_create,
    training_questions_set,
    training_roster_add,
    training_roster_update,
)
from vigil.programmes.tests.test_training import hand_dataset, new_training
from vigil.visits.tests.factories import theme

pytestmark = pytest.mark.django_db

# Question → (correct answer, [(pre answer, post answer) per participant]); "" = not answered.
BANK = {
    "How soon must a detainee be told of their rights?": (
        "On arrival",
        [("on arrival", "On  Arrival"), ("later", "on arrival"), ("", "on arrival"),
         ("later", "later"), ("on arrival", "on arrival"), ("never", "on arrival")],
    ),
    "May a detainee see a doctor of their choice?": (
        "Yes",
        [("yes", "yes"), ("no", "yes"), ("no", "no"), ("yes", "yes"), ("no", ""),
         ("no", "yes")],
    ),
    "Is a confession under duress admissible?": (
        "No",
        [("no", "no"), ("no", "no"), ("no", "yes"), ("yes", "no"), ("no", "no"), ("no", "no")],
    ),
}  # fmt: skip


@pytest.fixture
def commissioner(personas) -> Membership:
    """Manages programmes and sees exact counts."""
    return MembershipFactory.create(institution=personas.institution_a, role=Role.COMMISSIONER)


def _questions(actor: Membership) -> list[TrainingQuestion]:
    topics = [theme("custody_safeguards"), theme("treatment"), theme("treatment")]
    return [
        training_question_create(actor=actor, topic=topic, text=text, correct_answer=answer)
        for topic, (text, (answer, _rows)) in zip(topics, BANK.items(), strict=True)
    ]


def question_session(actor: Membership) -> tuple[TrainingSession, list[RosterEntry]]:
    session = new_training(actor, max_score=10)
    questions = _questions(actor)
    training_questions_set(actor=actor, session=session, questions=questions)
    entries = []
    for i in range(6):
        entry = training_roster_add(
            actor=actor, session=session, name=f"Officer {i}", agency="Police", gender="men"
        )
        answers = {}
        for q, (_answer, rows) in zip(questions, BANK.values(), strict=True):
            answers[(q.pk, "pre")], answers[(q.pk, "post")] = rows[i]
        training_answers_record(actor=actor, entry=entry, answers=answers)
        entries.append(entry)
    return session, entries


def _by_hand() -> list[tuple[int, int, int, int]]:
    """(answered, correct) before and after per question, from BANK alone."""
    out = []
    for answer, rows in BANK.values():

        def tally(given: list[str], answer: str = answer) -> tuple[int, int]:
            done = [g for g in given if g]
            return len(done), sum(g.lower().split() == answer.lower().split() for g in done)

        out.append((*tally([r[0] for r in rows]), *tally([r[1] for r in rows])))
    return out


def test_per_question_improvement_matches_an_independent_computation(commissioner):
    session, entries = question_session(commissioner)
    results = question_results(actor=commissioner, session=session)
    expected = _by_hand()
    assert expected == [(5, 2, 6, 5), (6, 2, 5, 4), (6, 5, 6, 5)]
    for result, (pre_n, pre_c, post_n, post_c) in zip(results, expected, strict=True):
        assert (result.pre.answered.count, result.pre.correct.count) == (pre_n, pre_c)
        assert (result.post.answered.count, result.post.correct.count) == (post_n, post_c)
        assert result.pre.share == pytest.approx(100 * pre_c / pre_n)
        assert result.post.share == pytest.approx(100 * post_c / post_n)
        assert result.change == pytest.approx(100 * post_c / post_n - 100 * pre_c / pre_n)
    # Scores follow from the answers: participant 0 got 3 of 3 before, 3 of 3 after (of 10).
    entries[0].refresh_from_db()
    entries[3].refresh_from_db()
    assert (entries[0].pre_test, entries[0].post_test) == (Decimal(10), Decimal(10))
    assert (entries[3].pre_test, entries[3].post_test) == (Decimal("3.33"), Decimal("6.67"))
    # The page shows the shares; the audit chain never carries an answer.
    page = (
        client_for(commissioner)
        .get(reverse("programmes:training_detail", args=[session.pk]))
        .content.decode()
    )
    assert "Results per question" in page and "83%" in page and "+43" in page
    details = " ".join(str(d) for d in AuditEvent.objects.values_list("details", flat=True))
    assert "later" not in details and "never" not in details
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"training.question_created", "training.questions_set",
            "training.answers_recorded"} <= actions  # fmt: skip


def test_small_counts_are_withheld_for_readers_without_exact_counts(personas, commissioner):
    session, _entries = question_session(commissioner)
    first = question_results(actor=personas.analyst, session=session)[0]
    # 2 of 5 correct before: 2 and 3 wrong are below 5, so neither the counts nor the share.
    assert first.pre.correct.suppressed and first.pre.share is None and first.change is None
    assert first.pre.answered.count == 5
    page = (
        client_for(personas.analyst)
        .get(reverse("programmes:training_detail", args=[session.pk]))
        .content.decode()
    )
    assert "fewer than 5" in page and "Officer 0" not in page


def test_score_only_trainings_are_unchanged(personas):
    s1, s2 = hand_dataset(personas.admin)
    figures = session_figures([s1, s2])
    assert s1.test_mode == s2.test_mode == TrainingSession.TestMode.SCORES
    assert figures[s2.pk].gain.pre == pytest.approx(50) and figures[s2.pk].gain.scored == 2
    page = (
        client_for(personas.admin)
        .get(reverse("programmes:training_detail", args=[s2.pk]))
        .content.decode()
    )
    assert "recorded as a score per participant" in page
    entry = s2.roster.first()
    assert entry is not None
    with pytest.raises(ValidationError):
        training_answers_record(actor=personas.admin, entry=entry, answers={})
    assert not TrainingAnswer.objects.exists()


def test_bad_input_is_refused_on_its_field_and_changes_nothing(personas, officer, commissioner):
    session, entries = question_session(commissioner)
    q = session.questions.first()
    assert q is not None
    client = client_for(officer)
    before = TrainingAnswer.objects.count()
    response = client.post(
        reverse("programmes:training_answers", args=[entries[0].pk]),
        {f"q{q.pk}_pre": "x" * 201},
    )
    assert response.status_code == 400 and TrainingAnswer.objects.count() == before
    # A question of another topic is refused; scores may not be typed over the answers.
    other = training_question_create(
        actor=officer, topic=theme("conditions"), text="Cell size?", correct_answer="4"
    )
    with pytest.raises(ValidationError) as error:
        training_questions_set(actor=officer, session=session, questions=[other])
    assert "questions" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        training_roster_update(actor=officer, entry=entries[0], pre_test=Decimal(1),
                               post_test=None, attended=True)  # fmt: skip
    assert "pre_test" in error.value.message_dict
    response = client.post(reverse("programmes:training_question_bank"), {"text": "No topic"})
    assert response.status_code == 400 and "topic" in response.content.decode()
    # A viewer reads the bank but may not add to it.
    viewer = client_for(personas.viewer)
    assert viewer.get(reverse("programmes:training_question_bank")).status_code == 200
    assert viewer.post(reverse("programmes:training_question_bank"), {}).status_code == 403


def test_institution_b_gets_404(personas, commissioner):
    session, entries = question_session(commissioner)
    admin_b = MembershipFactory.create(institution=personas.institution_b, role=Role.ADMIN)
    client = client_for(admin_b)
    for name, args in [
        ("programmes:training_questions", [session.pk]),
        ("programmes:training_answers", [entries[0].pk]),
    ]:
        assert client.get(reverse(name, args=args)).status_code == 404, name
        assert client.post(reverse(name, args=args), {}).status_code == 404, name
    page = client.get(reverse("programmes:training_question_bank")).content.decode()
    assert next(iter(BANK)) not in page
    question = session.questions.first()
    with pytest.raises(ValidationError):
        training_questions_set(actor=admin_b, session=session, questions=[])
    session_b = new_training(admin_b)
    with pytest.raises(ValidationError):
        training_questions_set(actor=admin_b, session=session_b, questions=[question])
