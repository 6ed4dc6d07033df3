"""Submissions to the SPT, the CAT and the UPR: built from the records, numbered paragraphs,
within the word limit, exported to DOCX."""

from __future__ import annotations

import datetime
import io
import re
from typing import Any

import docx
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from vigil.core.tests.factories import client_for
from vigil.programmes.tests.factories import GoodPracticeFactory
from vigil.recommendations.models import Mechanism, Source, Status, UPRPosition
from vigil.recommendations.tests.factories import RecommendationFactory
from vigil.reports import services
from vigil.reports.models import Submission, UNBody
from vigil.reports.submissions import build_submission, submission_document
from vigil.visits.models import Severity, Visit
from vigil.visits.reports.files import render_docx
from vigil.visits.tests.factories import FindingFactory, VisitFactory, theme

SINCE = datetime.date(2025, 1, 1)
INTRO = "<p>The Commission is the national preventive mechanism.</p><p>It visits every place.</p>"


@pytest.fixture
def records(personas) -> dict[str, Any]:
    a, user = personas.institution_a, personas.monitor.user
    for mechanism, n in [(Mechanism.SPT, 3), (Mechanism.CAT, 4), (Mechanism.UPR, 2)]:
        for i in range(n):
            RecommendationFactory.create(
                institution=a,
                source=Source.UN_MECHANISM,
                mechanism=mechanism,
                source_document=f"CAT/C/XX/CO/{i}" if mechanism == Mechanism.CAT else "",
                paragraph=str(10 + i),
                upr_position=UPRPosition.SUPPORTED if mechanism == Mechanism.UPR else "",
                status=Status.IMPLEMENTED if i == 0 else Status.IN_PROGRESS,
                created_by=user,
            )
    RecommendationFactory.create(
        institution=personas.institution_b,
        source=Source.UN_MECHANISM,
        mechanism=Mechanism.SPT,
        text="Secret of B",
        created_by=user,
    )
    visit = VisitFactory.create(place__institution=a, created_by=user, status=Visit.Status.CLOSED)
    for code, severity in [
        ("custody_safeguards", Severity.URGENT),
        ("staff", Severity.CONCERN),
        ("complaints", Severity.SERIOUS),
        ("conditions", Severity.SERIOUS),
        ("solitary", Severity.OBSERVATION),
    ]:
        FindingFactory.create(visit=visit, theme=theme(code), severity=severity, created_by=user)
    practice = GoodPracticeFactory.create(institution=a, title="Dialogue first", created_by=user)
    return {"practice": practice}


def _submission(personas, records, body: str, **changes: Any) -> Submission:
    submission = services.submission_create(
        actor=personas.monitor, body=body, title="", since=SINCE
    )
    values: dict[str, Any] = {
        "title": submission.title,
        "since": SINCE,
        "word_limit": submission.word_limit,
        "introduction": INTRO,
        "good_practice_ids": [records["practice"].pk],
    }
    values.update(changes)
    return services.submission_update(actor=personas.monitor, submission=submission, **values)


def _docx_paragraphs(submission: Submission, reader: Any) -> list[str]:
    content = render_docx(submission_document(submission, reader=reader))
    return [p.text for p in docx.Document(io.BytesIO(content)).paragraphs if p.text.strip()]


@pytest.mark.parametrize("body", UNBody.values)
def test_each_submission_is_numbered_and_within_its_word_limit(personas, records, body):
    submission = _submission(personas, records, body)
    paragraphs = _docx_paragraphs(submission, personas.monitor)
    numbered = [p for p in paragraphs if re.match(r"^\d+\. ", p)]
    assert [int(p.split(".")[0]) for p in numbered] == list(range(1, len(numbered) + 1))
    built = build_submission(submission)
    assert built.left_out == 0 and len(numbered) == built.paragraphs
    words = sum(len(p.split()) for p in paragraphs if p not in (submission.title,))
    assert built.words <= submission.word_limit
    assert "The Commission is the national preventive mechanism." in numbered[0]
    assert any("Dialogue first" in p for p in numbered)
    assert not any("Secret of B" in p for p in paragraphs)
    assert words > 0


def test_the_cat_submission_is_organised_by_article(personas, records):
    paragraphs = _docx_paragraphs(_submission(personas, records, UNBody.CAT), personas.monitor)
    headings = [p for p in paragraphs if p.startswith("Article")]
    assert [h.split(":")[0] for h in headings] == [
        "Article 2",
        "Article 10",
        "Article 11",
        "Articles 12 to 14",
        "Article 16",
    ]
    text = "\n".join(paragraphs)
    art2 = text.index("Article 2:")
    art10 = text.index("Article 10:")
    assert "Safeguards in the first hours of police custody" in text[art2:art10]
    # Only the CAT's recommendations, with their document and paragraph.
    assert text.count("CAT/C/XX/CO/") == 4 and "The State's position" not in text


def test_the_upr_submission_gives_the_states_position(personas, records):
    text = "\n".join(_docx_paragraphs(_submission(personas, records, UNBody.UPR), personas.monitor))
    assert text.count("The State's position: Supported.") == 2


def test_a_tight_limit_leaves_paragraphs_out_and_holds(personas, records):
    submission = _submission(personas, records, UNBody.SPT, word_limit=100)
    built = build_submission(submission)
    assert built.words <= 100 and built.left_out > 0
    paragraphs = _docx_paragraphs(submission, personas.monitor)
    body = [p for p in paragraphs if re.match(r"^\d+\. ", p)]
    assert sum(len(p.split()) - 1 for p in body) <= 100  # the number itself is not a word


def test_an_introduction_over_the_limit_is_refused(personas, records):
    submission = services.submission_create(
        actor=personas.monitor, body=UNBody.UPR, title="", since=SINCE
    )
    with pytest.raises(ValidationError) as refused:
        services.submission_update(
            actor=personas.monitor,
            submission=submission,
            title="UPR",
            since=SINCE,
            word_limit=100,
            introduction="<p>" + "word " * 150 + "</p>",
            good_practice_ids=[],
        )
    assert "introduction" in refused.value.error_dict
    submission.refresh_from_db()
    assert submission.introduction == ""


def test_good_practices_of_another_institution_are_refused(personas, records):
    other = GoodPracticeFactory.create(institution=personas.institution_b)
    with pytest.raises(ValidationError) as refused:
        _submission(personas, records, UNBody.SPT, good_practice_ids=[other.pk])
    assert "good_practices" in refused.value.error_dict


def test_the_page_shows_the_running_count_and_hides_from_others(personas, records):
    submission = _submission(personas, records, UNBody.UPR)
    url = reverse("reports:submission_detail", args=[submission.pk])
    page = client_for(personas.viewer).get(url).content.decode()
    built = build_submission(submission)
    assert f"{built.words} of 2815 words" in page
    assert client_for(personas.monitor_b).get(url).status_code == 404
