"""The page bench: every URL pattern of the project with a sample object, requested by an
institution administrator, with its queries, HTML bytes and time.

The patterns come from the cross-institution URL walk (vigil/core/tests/test_url_walk.py), so
a new page is benched as soon as the walk knows it. A page's record arguments are filled
with the institution's newest record of that kind (highest key); a page the administrator
may not open by design (testimony, cases: need to know) is requested by the first other
member who may. A page that fails, or takes longer than `TIMEOUT` seconds, is reported and
the bench goes on. Figures are printed, never asserted.
"""

from __future__ import annotations

import signal
import time
from dataclasses import asdict, dataclass
from typing import Any

from django.apps import apps
from django.db import connection
from django.db.models import Model, QuerySet
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from vigil.core.middleware import SESSION_INSTITUTION, SESSION_MFA_OK
from vigil.core.models import Membership
from vigil.core.roles import Role

TIMEOUT = 30  # seconds: gunicorn kills a worker after 30 s, so a slower page is broken

# The model a record argument names ("app.Model"); `ARGUMENT_MODELS_BY_URL` where one
# argument name means different records on different pages.
ARGUMENT_MODELS: dict[str, str] = {
    "membership_id": "core.Membership",
    "upload_id": "core.StoredUpload",
    "job_id": "core.Job",
    "document_id": "core.GeneratedDocument",
    "place_id": "places.Place",
    "snapshot_id": "places.PopulationSnapshot",
    "visit_id": "visits.Visit",
    "member_id": "visits.TeamMember",
    "finding_id": "visits.Finding",
    "plan_id": "visits.VisitPlan",
    "submission_id": "visits.ChecklistSubmission",
    "version_id": "visits.ChecklistVersion",
    "recommendation_id": "recommendations.Recommendation",
    "measure_id": "recommendations.Measure",
    "reminder_id": "recommendations.Reminder",
    "digest_id": "recommendations.ReminderDigest",
    "programme_id": "programmes.Programme",
    "item_id": "programmes.LogframeItem",
    "indicator_id": "programmes.Indicator",
    "activity_id": "programmes.Activity",
    "outcome_id": "programmes.Outcome",
    "training_id": "programmes.TrainingSession",
    "entry_id": "programmes.RosterEntry",
    "mapping_id": "risk.ChecklistMapping",
    "interview_id": "people.Interview",
    "case_id": "people.Case",
    "check_back_id": "people.CheckBack",
    "evidence_id": "people.Evidence",
    "examination_id": "people.Examination",
    "mark_id": "people.BodyMark",
    "referral_id": "people.Referral",
    "reprisal_id": "people.Reprisal",
    "person_id": "people.Person",
    "register_id": "registers.CustodyRegister",
    "report_id": "reports.AnnualReport",
    "chapter_id": "reports.Chapter",
}
ARGUMENT_MODELS_BY_URL: dict[str, dict[str, str]] = {
    "reports:submission_detail": {"submission_id": "reports.Submission"},
    "reports:submission_generate": {"submission_id": "reports.Submission"},
    "programmes:good_practice_detail": {"entry_id": "programmes.GoodPractice"},
    "programmes:good_practice_edit": {"entry_id": "programmes.GoodPractice"},
}
# Arguments that name no record.
PLAIN_ARGUMENTS: dict[str, str] = {"fmt": "csv", "importer_key": "places"}
PLAIN_ARGUMENTS_BY_URL: dict[str, dict[str, str]] = {
    "visits:visit_report": {"fmt": "pdf"},
    "reports:annual_transition": {"action": "submit"},
}


@dataclass
class PageFigures:
    name: str
    url: str = ""
    status: int = 0
    queries: int = 0
    html_bytes: int = 0
    seconds: float = 0.0
    as_role: str = ""  # empty: the administrator
    problem: str = ""  # "no sample", "POST only", "error: …", "timeout"

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class PageTimeout(Exception):
    pass


def page_names() -> dict[str, dict[str, Any]]:
    """Every benchable page: URL name → the walk's fixed arguments (names only, no records)."""
    from vigil.core.tests import test_url_walk as walk

    names: dict[str, dict[str, Any]] = {}
    for _route, name, pattern in walk._project_patterns():
        # The API answers JSON, not pages; bench/bench_api.py measures it.
        if name is None or name in walk.PUBLIC_URLS or name.startswith("api:"):
            continue
        names[name] = {arg: None for arg in pattern.pattern.regex.groupindex}
        names[name].update(walk.INSTITUTION_URLS.get(name, {}))
    return names


def _sample(label: str, membership: Membership) -> Model | None:
    model = apps.get_model(label)
    rows: QuerySet[Any] = model._default_manager.all()
    if label == "visits.ChecklistVersion":
        own = rows.filter(template__institution=membership.institution)
        rows = own if own.exists() else rows
    elif any(f.name == "institution" for f in model._meta.get_fields()):
        rows = rows.filter(institution=membership.institution)
    return rows.order_by("-pk").first()


def _case_and_victim(membership: Membership) -> dict[str, Any] | None:
    from vigil.people.models import Case

    cases = Case.objects.filter(institution=membership.institution, victims__isnull=False)
    case = cases.order_by("-pk").first()
    victim = case.victims.order_by("pk").first() if case else None
    return {"case_id": case.pk, "person_id": victim.pk} if case and victim else None


# Pages whose records must belong together.
SAMPLES_BY_URL = {
    "people:case_consent": _case_and_victim,
    "people:case_consent_withdraw": _case_and_victim,
}


def page_arguments(
    name: str, arguments: dict[str, Any], membership: Membership
) -> dict[str, Any] | None:
    """The page's arguments naming the institution's newest records; None if one has none."""
    if name in SAMPLES_BY_URL:
        return SAMPLES_BY_URL[name](membership)
    filled: dict[str, Any] = {}
    for argument, given in arguments.items():
        if given is not None:
            filled[argument] = given
        elif argument in PLAIN_ARGUMENTS_BY_URL.get(name, {}) or argument in PLAIN_ARGUMENTS:
            filled[argument] = PLAIN_ARGUMENTS_BY_URL.get(name, PLAIN_ARGUMENTS).get(
                argument, PLAIN_ARGUMENTS.get(argument)
            )
        else:
            label = ARGUMENT_MODELS_BY_URL.get(name, {}).get(argument) or ARGUMENT_MODELS.get(
                argument
            )
            sample = _sample(label, membership) if label else None
            if sample is None:
                return None
            filled[argument] = sample.pk
    return filled


def client_for(membership: Membership) -> Client:
    client = Client()
    client.force_login(membership.user)
    session = client.session
    session[SESSION_INSTITUTION], session[SESSION_MFA_OK] = membership.institution_id, True
    session.save()
    return client


def _on_alarm(_signum: int, _frame: Any) -> None:
    raise PageTimeout


def _get(client: Client, url: str) -> tuple[int, int, int, float]:
    """(status, bytes, queries, seconds) of one GET, interrupted after TIMEOUT seconds."""
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, TIMEOUT)
    try:
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            body = b"".join(response.streaming_content) if response.streaming else response.content  # type: ignore[attr-defined]
            seconds = time.perf_counter() - started
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    return response.status_code, len(body), len(queries), seconds


def measure_page(name: str, url: str, readers: list[tuple[Membership, Client]]) -> PageFigures:
    figures = PageFigures(name=name, url=url)
    for membership, client in readers:
        try:
            status, size, queries, seconds = _get(client, url)
            if status < 400 and seconds < 1:
                # A fast page is timed again, warm, so that one-off costs do not dominate.
                status, size, queries, seconds = _get(client, url)
        except PageTimeout:
            connection.close()
            figures.problem, figures.seconds = "timeout", float(TIMEOUT)
            return figures
        except Exception as error:  # any failure is a finding of the bench, not its end
            figures.problem = f"error: {type(error).__name__}: {str(error)[:120]}"
            return figures
        figures.status, figures.html_bytes, figures.queries, figures.seconds = (
            status,
            size,
            queries,
            seconds,
        )
        # Named only when not the administrator (need to know).
        figures.as_role = "" if membership is readers[0][0] else str(membership.get_role_display())
        if status == 405:
            figures.problem = "POST only"
            return figures
        if status not in {403, 404}:
            break
    if figures.status >= 400 and not figures.problem:
        figures.problem = f"HTTP {figures.status}"
    return figures


def _readers(admin: Membership) -> list[tuple[Membership, Client]]:
    """The administrator first, then one member of each other role (need-to-know pages)."""
    others = (
        Membership.objects.filter(institution=admin.institution, is_active=True)
        .exclude(pk=admin.pk)
        .select_related("user", "institution")
        .order_by("pk")
    )
    chosen, roles = [admin], {admin.role}
    for membership in others:
        if membership.role not in roles and membership.role != Role.VIEWER:
            chosen.append(membership)
            roles.add(membership.role)
    return [(m, client_for(m)) for m in chosen]


def bench_admin() -> Membership:
    """The administrator the bench acts as: the demo's first institution's."""
    admin = (
        Membership.objects.filter(role=Role.ADMIN, is_active=True)
        .select_related("user", "institution")
        .order_by("institution_id", "pk")
        .first()
    )
    assert admin is not None, "the bench database has no administrator"
    return admin


def measure_pages(
    admin: Membership | None = None, only: set[str] | None = None
) -> list[PageFigures]:
    admin = admin or bench_admin()
    readers = _readers(admin)
    results = []
    for name, arguments in sorted(page_names().items()):
        if only and name not in only:
            continue
        kwargs = page_arguments(name, arguments, admin)
        if kwargs is None:
            results.append(PageFigures(name=name, problem="no sample"))
            continue
        try:
            url = reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            results.append(PageFigures(name=name, problem="no sample"))
            continue
        results.append(measure_page(name, url, readers))
    return results
