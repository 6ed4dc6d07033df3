"""The cross-institution walk: every URL of the project, requested by institution B's people
with institution A's records, must leak nothing.

Every URL pattern must be listed below, so that a new URL cannot be forgotten:
- RECORD_URLS: patterns that name a record; their kwargs are filled with A's records and
  B's people must get exactly the answer (404, or 403 where their role may not use the
  page at all) that a record which does not exist gets;
- INSTITUTION_URLS: pages about the requester's own (active) institution; B's people may
  get 200, 302 or 403, but the page must not show anything of A;
- PUBLIC_URLS: pages outside any institution, with the reason.
django-allauth's own pages (login, MFA, password) act only on the requesting account.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date
from functools import partial
from typing import Any

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.views.generic import RedirectView

from vigil.core.models import AuditEvent, Membership
from vigil.core.roles import Role
from vigil.core.tests.factories import (
    GeneratedDocumentFactory,
    JobFactory,
    MembershipFactory,
    Personas,
    StoredUploadFactory,
    client_for,
)

Make = Callable[[Personas], Any]  # makes one record of institution A
URLArgs = Callable[[Personas], dict[str, Any]]  # the kwargs of a URL, naming records of A


def _naming(argument: str, make: Make) -> URLArgs:
    """The kwargs of a URL whose `argument` names the record `make` makes."""
    return lambda p: {argument: make(p).pk}


def _place(p: Personas) -> Any:
    from vigil.places.tests.factories import PlaceFactory

    return PlaceFactory.create(institution=p.institution_a, name="Secret Lock-up of A")


def _snapshot(p: Personas) -> Any:
    from vigil.places.tests.factories import SnapshotFactory

    return SnapshotFactory.create(place=_place(p))


def _job(p: Personas) -> Any:
    return JobFactory.create(institution=p.institution_a, title="Job of A", created_by=p.admin.user)


def _upload(p: Personas) -> Any:
    return StoredUploadFactory.create(
        institution=p.institution_a, filename="a.csv", uploaded_by=p.admin.user
    )


def _visit(p: Personas) -> Any:
    from vigil.visits.tests.factories import VisitFactory

    return VisitFactory.create(place=_place(p), created_by=p.admin.user)


def _visit_record(factory_name: str) -> Make:
    def make(p: Personas) -> Any:
        from vigil.visits.tests import factories

        return getattr(factories, factory_name).create(visit=_visit(p))

    return make


def _visit_plan(p: Personas) -> Any:
    from vigil.visits.tests.factories import VisitPlanFactory

    return VisitPlanFactory.create(institution=p.institution_a)


def _submission(p: Personas) -> Any:
    from vigil.visits.models import ChecklistSubmission, ChecklistVersion

    version = ChecklistVersion.objects.filter(template__institution__isnull=True).first()
    assert version is not None, "the starter checklist library is not loaded"
    return ChecklistSubmission.objects.create(
        institution=p.institution_a, visit=_visit(p), version=version, started_by=p.admin.user
    )


def _own_version_id(p: Personas) -> int:
    """A checklist that institution A wrote itself (not the shared starter library)."""
    from vigil.visits.models import ChecklistTemplate, ChecklistVersion

    starter = ChecklistVersion.objects.filter(template__institution__isnull=True).first()
    assert starter is not None, "the starter checklist library is not loaded"
    template = ChecklistTemplate.objects.create(
        institution=p.institution_a, form_id="a_own_form", title="Secret Lock-up of A checklist"
    )
    return ChecklistVersion.objects.create(
        template=template, version="1", definition=starter.definition, xlsform=b""
    ).pk


def _document(p: Personas) -> Any:
    return GeneratedDocumentFactory.create(
        institution=p.institution_a,
        title="Report of A",
        created_by=p.admin.user,
        content=b"%PDF-1.7 Secret Lock-up of A",
    )


def _recommendation(p: Personas) -> Any:
    import datetime

    from vigil.recommendations.models import Recommendation

    reference = f"R-A-{Recommendation.objects.count() + 1}"
    return Recommendation.objects.create(
        institution=p.institution_a, reference=reference, text="Secret Lock-up of A must close",
        source="visit_report", issued_on=datetime.date(2026, 1, 5), addressee="ministry",
        priority="high", created_by=p.admin.user,
    )  # fmt: skip


def _measure(p: Personas) -> Any:
    from vigil.recommendations.models import Measure

    rec = _recommendation(p)
    return Measure.objects.create(institution=p.institution_a, recommendation=rec, title="m")


def _reminder_digest(p: Personas) -> Any:
    from vigil.recommendations.models import ReminderDigest

    digest, _created = ReminderDigest.objects.get_or_create(
        institution=p.institution_a, user=p.admin.user, on=date(2026, 2, 1),
        defaults={"counts": {"overdue": 1}},
    )  # fmt: skip
    return digest


def _reminder(p: Personas) -> Any:
    from vigil.recommendations.models import Reminder

    rec = _recommendation(p)
    return Reminder.objects.create(
        institution=p.institution_a, user=p.admin.user, recommendation=rec, kind="overdue",
        key=f"overdue:{rec.pk}:2026-02-01", message="Secret Lock-up of A is overdue",
    )  # fmt: skip


def _training(p: Personas) -> Any:
    import datetime

    from vigil.programmes.models import Activity, Programme, TrainingSession

    programme = Programme.objects.create(
        institution=p.institution_a, title="Training programme of A", protection_gap="gap",
        champion=p.admin.user, starts_on=datetime.date(2026, 1, 1), created_by=p.admin.user,
    )  # fmt: skip
    activity = Activity.objects.create(
        institution=p.institution_a, programme=programme, kind="training",
        title="Secret Lock-up of A training", starts_on=datetime.date(2026, 4, 14),
        created_by=p.admin.user,
    )  # fmt: skip
    return TrainingSession.objects.create(
        institution=p.institution_a, activity=activity, trainers="Trainer of A"
    )


def _roster_entry(p: Personas) -> Any:
    from vigil.programmes.models import RosterEntry

    return RosterEntry.objects.create(
        institution=p.institution_a, session=_training(p), person={"name": "Secret Lock-up of A"},
        agency="Police", gender="men",
    )  # fmt: skip


def _prevention(factory_name: str) -> Make:
    """A record of A's prevention programmes (vigil/programmes/tests/factories.py)."""
    return partial(_prevention_record, factory_name=factory_name)


def _prevention_record(p: Personas, factory_name: str) -> Any:
    from vigil.programmes.tests import factories

    programme = factories.ProgrammeFactory.create(
        institution=p.institution_a, title="Secret Lock-up of A programme", champion=p.admin.user
    )
    if factory_name == "ProgrammeFactory":
        return programme
    if factory_name == "GoodPracticeFactory":
        return factories.GoodPracticeFactory.create(
            institution=p.institution_a, programme=programme, created_by=p.admin.user
        )
    item = factories.LogframeItemFactory.create(programme=programme)
    if factory_name == "LogframeItemFactory":
        return item
    if factory_name == "IndicatorFactory":
        return factories.IndicatorFactory.create(item=item)
    return getattr(factories, factory_name).create(programme=programme)


def _risk_mapping(p: Personas) -> Any:
    from vigil.risk.tests.test_mappings import mapping_of_a

    return mapping_of_a(p)


def _annual_report(p: Personas) -> Any:
    from vigil.reports.models import AnnualReport, Chapter

    report, created = AnnualReport.objects.get_or_create(
        institution=p.institution_a,
        year=2026,
        defaults={"title": "Annual report of A", "created_by": p.admin.user},
    )
    if created:
        Chapter.objects.create(institution=p.institution_a, report=report, title="Foreword of A")
    return report


def _annual_chapter(p: Personas) -> Any:
    return _annual_report(p).chapters.first()


def _un_submission(p: Personas) -> Any:
    from vigil.reports.models import Submission

    return Submission.objects.create(
        institution=p.institution_a,
        body="upr",
        title="Submission of A",
        since=date(2025, 1, 1),
        word_limit=2815,
        created_by=p.admin.user,
    )


RECORD_URLS: dict[str, URLArgs] = {
    "reports:submission_detail": _naming("submission_id", _un_submission),
    "reports:submission_generate": _naming("submission_id", _un_submission),
    "reports:annual_detail": _naming("report_id", _annual_report),
    "reports:chapter_add": _naming("report_id", _annual_report),
    "reports:annual_generate": _naming("report_id", _annual_report),
    "reports:annual_transition": lambda p: {"report_id": _annual_report(p).pk, "action": "submit"},
    "reports:chapter_edit": _naming("chapter_id", _annual_chapter),
    "reports:chapter_arrange": _naming("chapter_id", _annual_chapter),
    "core:member_detail": lambda p: {"membership_id": p.monitor.pk},
    "core:import_map": lambda p: {"importer_key": "places", "upload_id": _upload(p).pk},
    "core:job_detail": _naming("job_id", _job),
    "core:job_progress": _naming("job_id", _job),
    "core:job_retry": _naming("job_id", _job),
    "core:job_problems": _naming("job_id", _job),
    "places:place_detail": _naming("place_id", _place),
    "places:place_edit": _naming("place_id", _place),
    "places:place_close": _naming("place_id", _place),
    "places:population_add": _naming("place_id", _place),
    "places:population_delete": _naming("snapshot_id", _snapshot),
    "core:document_download": _naming("document_id", _document),
    "visits:visit_detail": _naming("visit_id", _visit),
    "visits:visit_edit": _naming("visit_id", _visit),
    "visits:visit_status": _naming("visit_id", _visit),
    "visits:visit_team_add": _naming("visit_id", _visit),
    "visits:visit_team_remove": _naming("member_id", _visit_record("TeamMemberFactory")),
    "visits:visit_observation_add": _naming("visit_id", _visit),
    "visits:visit_register_add": _naming("visit_id", _visit),
    "visits:visit_report_sent": _naming("visit_id", _visit),
    "visits:finding_create": _naming("visit_id", _visit),
    "visits:finding_act": _naming("finding_id", _visit_record("FindingFactory")),
    "visits:plan_detail": _naming("plan_id", _visit_plan),
    "visits:submission_start": _naming("visit_id", _visit),
    "visits:submission_import": _naming("visit_id", _visit),
    "visits:submission_fill": _naming("submission_id", _submission),
    "visits:checklist_export": lambda p: {"version_id": _own_version_id(p)},
    "visits:visit_report": lambda p: {"visit_id": _visit(p).pk, "fmt": "pdf"},
    "recommendations:recommendation_detail": _naming("recommendation_id", _recommendation),
    "recommendations:recommendation_edit": _naming("recommendation_id", _recommendation),
    "recommendations:recommendation_response_add": _naming("recommendation_id", _recommendation),
    "recommendations:recommendation_status_add": _naming("recommendation_id", _recommendation),
    "recommendations:recommendation_measure_add": _naming("recommendation_id", _recommendation),
    "recommendations:recommendation_measure_edit": _naming("measure_id", _measure),
    "recommendations:reminder_read": _naming("reminder_id", _reminder),
    "recommendations:reminder_digest": _naming("digest_id", _reminder_digest),
    "recommendations:reminder_digest_read": _naming("digest_id", _reminder_digest),
    "programmes:prevention_detail": _naming("programme_id", _prevention("ProgrammeFactory")),
    "programmes:prevention_edit": _naming("programme_id", _prevention("ProgrammeFactory")),
    "programmes:logframe_add": _naming("programme_id", _prevention("ProgrammeFactory")),
    "programmes:logframe_edit": _naming("item_id", _prevention("LogframeItemFactory")),
    "programmes:logframe_delete": _naming("item_id", _prevention("LogframeItemFactory")),
    "programmes:logframe_move": _naming("item_id", _prevention("LogframeItemFactory")),
    "programmes:indicator_add": _naming("item_id", _prevention("LogframeItemFactory")),
    "programmes:indicator_detail": _naming("indicator_id", _prevention("IndicatorFactory")),
    "programmes:indicator_edit": _naming("indicator_id", _prevention("IndicatorFactory")),
    "programmes:indicator_value_add": _naming("indicator_id", _prevention("IndicatorFactory")),
    "programmes:activity_create": _naming("programme_id", _prevention("ProgrammeFactory")),
    "programmes:activity_edit": _naming("activity_id", _prevention("ActivityFactory")),
    "programmes:outcome_create": _naming("programme_id", _prevention("ProgrammeFactory")),
    "programmes:outcome_edit": _naming("outcome_id", _prevention("OutcomeFactory")),
    "programmes:good_practice_detail": _naming("entry_id", _prevention("GoodPracticeFactory")),
    "programmes:good_practice_edit": _naming("entry_id", _prevention("GoodPracticeFactory")),
    "programmes:training_list": lambda p: {"programme_id": _training(p).activity.programme_id},
    "programmes:training_create": lambda p: {"programme_id": _training(p).activity.programme_id},
    "programmes:training_for_activity": lambda p: {"activity_id": _training(p).activity_id},
    "programmes:training_detail": _naming("training_id", _training),
    "programmes:training_group_add": _naming("training_id", _training),
    "programmes:training_roster_add": _naming("training_id", _training),
    "programmes:training_roster_edit": _naming("entry_id", _roster_entry),
    "programmes:training_certificates": _naming("training_id", _training),
    "programmes:training_certificate": _naming("entry_id", _roster_entry),
    "programmes:training_questions": _naming("training_id", _training),
    "programmes:training_answers": _naming("entry_id", _roster_entry),
    "programmes:prevention_report": _naming("programme_id", _prevention("ProgrammeFactory")),
    "risk:risk_place": _naming("place_id", _place),
    "risk:risk_add_to_plan": _naming("place_id", _place),
    "risk:risk_mapping_remove": _naming("mapping_id", _risk_mapping),
}

# Pages about the requester's own institution; some take arguments that name no record.
INSTITUTION_URLS: dict[str, dict[str, Any]] = {
    "core:home": {},
    "core:institution_switch": {},
    "core:institution_settings": {},
    "core:term_wordings": {},
    "core:retention_settings": {},
    "core:retention_expiring": {},
    "core:member_list": {},
    "core:member_invite": {},
    "core:audit_list": {},
    "core:audit_export": {},
    "core:import_upload": {"importer_key": "places"},
    "core:lookup": {"kind": "place"},
    "places:place_list": {},
    "places:place_create": {},
    "places:place_map": {},
    "places:place_map_data": {},
    "places:place_export": {"fmt": "csv"},
    "places:population_export": {"fmt": "csv"},
    "places:register_settings": {},
    "visits:visit_list": {},
    "visits:visit_export": {},
    "visits:visit_create": {},
    "visits:visit_dashboard": {},
    "visits:visit_dashboard_export": {},
    "visits:plan_list": {},
    "visits:plan_create": {},
    "visits:checklist_list": {},
    "recommendations:recommendation_list": {},
    "recommendations:recommendation_export": {},
    "recommendations:recommendation_create": {},
    "programmes:programme_list": {},
    "programmes:prevention_export": {},
    "programmes:prevention_create": {},
    "programmes:good_practice_list": {},
    "programmes:good_practice_create": {},
    "recommendations:recommendation_dashboard": {},
    "recommendations:recommendation_dashboard_export": {},
    "recommendations:reminder_list": {},
    "recommendations:reminder_read_all": {},
    "recommendations:recommendation_matrix": {},
    "recommendations:recommendation_matrix_xlsx": {},
    "programmes:training_gain_by_topic": {},
    "programmes:training_question_bank": {},
    "programmes:good_practice_report": {},
    "risk:risk_priorities": {},
    "search:search": {},
    "reports:annual_list": {},
    "reports:submission_list": {},
    "risk:risk_priorities_export": {"fmt": "csv"},
    "risk:risk_recompute": {},
    "risk:risk_configuration": {},
    "risk:risk_factors": {},
    "risk:risk_factor_create": {},
    "risk:risk_mappings": {},
    "risk:risk_gaps": {},
    "risk:risk_gaps_cell": {},
    "risk:risk_gaps_xlsx": {},
    "risk:risk_gaps_pdf": {},
}


def _merge_app_walks() -> None:
    # The people app keeps one walk module per area, beside the views it covers.
    from vigil.people.tests import (
        walk_cases,
        walk_consent,
        walk_evidence,
        walk_interviews,
        walk_medical,
        walk_reprisals,
    )
    from vigil.registers.tests import walk_registers

    modules = (
        walk_interviews,
        walk_cases,
        walk_consent,
        walk_medical,
        walk_evidence,
        walk_reprisals,
        walk_registers,
    )
    for module in modules:
        RECORD_URLS.update(module.RECORD_URLS)
        INSTITUTION_URLS.update(module.INSTITUTION_URLS)
        READERS.update(getattr(module, "READERS", {}))


# Who in A must reach a record URL, where A's admin may not by design (need to know:
# administrators never read testimony). Default: A's admin.
READERS: dict[str, Callable[[Personas], Membership]] = {}


_merge_app_walks()

PUBLIC_URLS: dict[str, str] = {
    "core:healthz": "reports only whether the database answers",
    "core:language_set": "sets the requester's own language (profile, or a visitor's cookie)",
}


# Patterns another walk covers, with that walk's module: the API's operations answer JSON
# to tokens, and vigil/api/tests/test_api_walk.py requests each with institution B's.
WALKED_ELSEWHERE: dict[str, str] = {}


def _merge_api_walk() -> None:
    from vigil.api.tests import walk_api

    RECORD_URLS.update(walk_api.RECORD_URLS)
    INSTITUTION_URLS.update(walk_api.INSTITUTION_URLS)
    PUBLIC_URLS.update(walk_api.PUBLIC_URLS)
    WALKED_ELSEWHERE.update(walk_api.WALKED_ELSEWHERE)


_merge_api_walk()


def _patterns(
    resolver: URLResolver | None = None, prefix: str = "", namespace: str = ""
) -> Iterator[tuple[str, str | None, URLPattern]]:
    """(route, namespaced URL name, pattern) of every pattern below `resolver`."""
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _patterns(entry, prefix + str(entry.pattern), inner)
        else:
            name = f"{namespace}{entry.name}" if entry.name else None
            yield prefix + str(entry.pattern), name, entry


def _is_redirect(pattern: URLPattern) -> bool:
    return getattr(pattern.callback, "view_class", None) is RedirectView


def _is_allauth(pattern: URLPattern) -> bool:
    module = getattr(pattern.callback, "__module__", "") or ""
    view_class = getattr(pattern.callback, "view_class", None)
    return module.startswith("allauth.") or (
        view_class is not None and view_class.__module__.startswith("allauth.")
    )


def _project_patterns() -> list[tuple[str, str | None, URLPattern]]:
    """Vigil's own patterns; redirects of retired addresses are tested where they are kept."""
    return [
        (route, name, p)
        for route, name, p in _patterns()
        if not _is_allauth(p) and not _is_redirect(p)
    ]


def test_every_url_pattern_is_covered_by_the_walk():
    uncovered = []
    for route, name, _pattern in _project_patterns():
        if not any(name in urls for urls in (RECORD_URLS, INSTITUTION_URLS, PUBLIC_URLS,
                                             WALKED_ELSEWHERE)):  # fmt: skip
            uncovered.append(f"{route} (name={name!r})")
    assert not uncovered, (
        "URL patterns missing from the cross-institution walk in "
        f"vigil/core/tests/test_url_walk.py: {uncovered}"
    )


def test_record_urls_take_arguments_and_others_name_no_record():
    for _route, name, pattern in _project_patterns():
        arguments = set(pattern.pattern.regex.groupindex)
        if name in RECORD_URLS:
            assert arguments, f"{name} names no record; list it elsewhere"
        elif name in INSTITUTION_URLS:
            assert arguments == set(INSTITUTION_URLS[name]), name
            assert not any(a.endswith("_id") for a in arguments), (
                f"{name} names a record; add it to RECORD_URLS"
            )


def _markers_of_a(personas: Personas) -> list[str]:
    return [
        personas.institution_a.name,
        "Secret Lock-up of A",
        *(m.user.email for m in personas.all_of_a()),
        *(m.user.full_name for m in personas.all_of_a()),
    ]


def _assert_nothing_of_a(response: Any, personas: Personas, url: str) -> None:
    if response.status_code != 200:
        return
    body = (
        b"".join(response.streaming_content) if response.streaming else response.content
    ).decode(errors="replace")
    for marker in _markers_of_a(personas):
        assert marker not in body, f"{url} shows {marker!r} of institution A to institution B"


@pytest.fixture
def outsiders(personas: Personas) -> list[Membership]:
    """Institution B's monitor and admin: every role-gated page is tried by both."""
    admin_b = MembershipFactory.create(
        institution=personas.institution_b, role=Role.ADMIN, user__email="admin@b.example"
    )
    return [personas.monitor_b, admin_b]


_CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')
# The print footer's time: two requests may straddle a minute.
_PRINTED = re.compile(rb"Printed [^<]+<")


def _page(response: Any, url: str) -> bytes:
    """The body with what legitimately differs per request (CSRF token, time, own path) removed."""
    body = _CSRF.sub(b"", response.content.replace(url.encode(), b"URL"))
    return _PRINTED.sub(b"Printed <", body)


def _missing(kwargs: dict[str, Any]) -> dict[str, Any]:
    # Only the record ids change; other arguments (a format, an importer) stay as they are.
    return {key: 987_654_321 if key.endswith("_id") else value for key, value in kwargs.items()}


@pytest.mark.parametrize("method", ["get", "post"])
def test_institution_b_sees_records_of_a_exactly_as_missing_ones(personas, outsiders, method):
    events_of_a = AuditEvent.objects.filter(institution=personas.institution_a).count()
    for name, kwargs_of in RECORD_URLS.items():
        kwargs = kwargs_of(personas)
        url, missing_url = reverse(name, kwargs=kwargs), reverse(name, kwargs=_missing(kwargs))
        for outsider in outsiders:
            client = client_for(outsider)
            response = getattr(client, method)(url)
            missing = getattr(client, method)(missing_url)
            who = f"{outsider.get_role_display()} of B at {url}"
            # 405 (wrong method) is answered before any lookup, so it reveals nothing either.
            assert response.status_code in {403, 404, 405}, f"{who}: {response.status_code}"
            assert (response.status_code, _page(response, url)) == (
                missing.status_code,
                _page(missing, missing_url),
            ), f"{who}: the answer differs from that for a missing record"
    assert AuditEvent.objects.filter(institution=personas.institution_a).count() == events_of_a


@pytest.mark.parametrize("method", ["get", "post"])
def test_institution_pages_show_institution_b_nothing_of_a(personas, outsiders, method):
    events_of_a = AuditEvent.objects.filter(institution=personas.institution_a).count()
    _place(personas)  # A holds a place that must not show
    for name in sorted(INSTITUTION_URLS):
        url = reverse(name, kwargs=INSTITUTION_URLS[name])
        for outsider in outsiders:
            response = getattr(client_for(outsider), method)(url)
            assert response.status_code in {200, 302, 400, 403, 405}, (name, response.status_code)
            _assert_nothing_of_a(response, personas, url)
    assert AuditEvent.objects.filter(institution=personas.institution_a).count() == events_of_a


def test_record_urls_really_serve_their_own_institution(personas):
    # The walk would pass trivially if the URLs were broken; A's admin (or the reader a walk
    # module names in READERS) must reach them.
    for name, kwargs_of in RECORD_URLS.items():
        url = reverse(name, kwargs=kwargs_of(personas))
        client = client_for(READERS.get(name, lambda p: p.admin)(personas))
        response = client.get(url)
        if response.status_code == 405:
            response = client.post(url)
        assert response.status_code in {200, 302, 400}, (name, response.status_code)


def test_missing_record_and_forbidden_record_look_the_same(personas):
    admin_b = MembershipFactory.create(institution=personas.institution_b, role=Role.ADMIN)
    client = client_for(admin_b)
    forbidden = client.get(reverse("core:member_detail", args=[personas.monitor.pk]))
    missing = client.get(reverse("core:member_detail", args=[999_999]))
    assert forbidden.status_code == missing.status_code == 404
    assert _page(forbidden, f"/institution/members/{personas.monitor.pk}/") == _page(
        missing, "/institution/members/999999/"
    )


def test_public_urls_answer_without_login(db, client):
    for name in set(PUBLIC_URLS) - {"core:language_set"}:
        assert client.get(reverse(name)).status_code == 200, name
    chosen = client.post(reverse("core:language_set"), {"language": "fr"})
    assert chosen.status_code == 302
    assert chosen.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"


def test_anonymous_visitors_are_sent_to_login_everywhere_else(personas, client):
    for name, kwargs in INSTITUTION_URLS.items():
        response = client.get(reverse(name, kwargs=kwargs))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], name
    for name, kwargs_of in RECORD_URLS.items():
        response = client.get(reverse(name, kwargs=kwargs_of(personas)))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], name
