"""Background jobs: run by the real worker, watched through their page, seen only by their starter
and the institution's administrators."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from vigil.core import jobs
from vigil.core.imports import JOB_KIND
from vigil.core.jobs import JobFailed, job_start, run_job
from vigil.core.models import AuditEvent, Job, Membership
from vigil.core.roles import Role
from vigil.core.tests.factories import MembershipFactory, client_for, run_background_jobs

SECRET = "Tserendorj Batbayar, cell 4"


def _start(actor: Membership, kind: str, params: dict[str, Any] | None = None) -> Job:
    return job_start(actor=actor, kind=kind, params=params or {}, title="Counting the register")


def test_a_job_runs_in_the_background_worker_and_reports_progress_and_result(
    transactional_db, personas, register_kind
):
    client = client_for(personas.monitor)
    seen: dict[str, Any] = {}

    def count(job: Job, progress: jobs.JobProgress) -> dict[str, Any]:
        progress(1, 4, "Counting cells…")
        seen["row"] = Job.objects.values("status", "done", "total", "message").get(pk=job.pk)
        seen["page"] = client.get(reverse("core:job_progress", args=[job.pk]))
        progress(4)
        return {"counted": 4}

    register_kind("tests.count", count)
    job = _start(personas.monitor, "tests.count")
    assert Job.objects.get(pk=job.pk).status == Job.Status.QUEUED
    waiting = client.get(reverse("core:job_detail", args=[job.pk])).content.decode()
    assert "Waiting to start" in waiting and "Starting…" in waiting
    assert AuditEvent.objects.filter(action="job.started", target_id=str(job.pk)).exists()

    run_background_jobs()

    # While it ran, its progress was in the database and on its page.
    assert seen["row"] == {
        "status": Job.Status.RUNNING,
        "done": 1,
        "total": 4,
        "message": "Counting cells…",
    }
    running = seen["page"]
    assert "HX-Refresh" not in running
    assert f'hx-get="{reverse("core:job_progress", args=[job.pk])}"' in running.content.decode()
    assert "25% done" in running.content.decode()

    job.refresh_from_db()
    assert (job.status, job.result, job.done, job.total) == (
        Job.Status.SUCCEEDED,
        {"counted": 4},
        4,
        4,
    )
    assert job.started_at is not None and job.finished_at >= job.started_at
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    over = client.get(reverse("core:job_progress", args=[job.pk]))
    assert over["HX-Refresh"] == "true"
    assert "hx-get" not in over.content.decode()
    assert "hx-get" not in client.get(reverse("core:job_detail", args=[job.pk])).content.decode()


def test_a_job_that_fails_shows_its_message(transactional_db, personas, register_kind):
    def refuse(job: Job, progress: jobs.JobProgress) -> dict[str, Any]:
        raise JobFailed("The register is locked for the annual review.")

    register_kind("tests.refuse", refuse)
    job = _start(personas.monitor, "tests.refuse")
    run_background_jobs()
    job.refresh_from_db()
    assert (job.status, job.message, job.result) == (
        Job.Status.FAILED,
        "The register is locked for the annual review.",
        {},
    )
    page = (
        client_for(personas.monitor).get(reverse("core:job_detail", args=[job.pk])).content.decode()
    )
    assert "Failed" in page and "The register is locked for the annual review." in page


def test_an_unexpected_error_gives_a_generic_message_and_is_logged_without_its_content(
    transactional_db, personas, register_kind, caplog
):
    def explode(job: Job, progress: jobs.JobProgress) -> dict[str, Any]:
        raise RuntimeError(f"could not store {job.params['name']}")

    register_kind("tests.explode", explode)
    job = _start(personas.monitor, "tests.explode", {"name": SECRET})
    with caplog.at_level(logging.INFO):
        run_background_jobs()
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.message == "Something went wrong; nothing was changed. Tell your administrator."
    page = (
        client_for(personas.monitor).get(reverse("core:job_detail", args=[job.pk])).content.decode()
    )
    assert "Something went wrong" in page and SECRET not in page
    [record] = [r for r in caplog.records if r.name == "vigil.core.jobs"]
    assert record.levelno == logging.ERROR
    logged = caplog.text
    assert f"Job {job.pk} (tests.explode) failed unexpectedly: RuntimeError" in logged
    assert "in explode" in logged  # where it failed, for whoever fixes it
    assert SECRET not in logged
    # The queue holds the job's id only, never its parameters.
    task = DBTaskResult.objects.get()
    assert task.args_kwargs == {"args": [job.pk], "kwargs": {}}
    assert SECRET not in task.traceback


def test_a_job_delivered_twice_runs_once(transactional_db, personas, register_kind):
    runs: list[int] = []

    def once(job: Job, progress: jobs.JobProgress) -> dict[str, Any]:
        runs.append(job.pk)
        return {}

    register_kind("tests.once", once)
    job = _start(personas.monitor, "tests.once")
    run_background_jobs()
    run_job.call(job.pk)
    assert runs == [job.pk]


def test_starting_a_job_of_an_unknown_kind_is_refused(personas):
    with pytest.raises(ValueError, match="No handler"):
        _start(personas.monitor, "tests.nobody-handles-this")
    assert not Job.objects.exists()


# --- who sees a job ---------------------------------------------------------------


@pytest.fixture
def job_of_monitor(personas) -> Job:
    return _start(personas.monitor, JOB_KIND, {"importer": "places", "upload": 0, "mapping": {}})


JOB_URLS = ["core:job_detail", "core:job_progress", "core:job_problems"]


@pytest.mark.parametrize("who", ["monitor", "admin"])
def test_the_starter_and_the_institutions_admins_see_a_job(personas, job_of_monitor, who):
    client = client_for(getattr(personas, who))
    for name in JOB_URLS:
        response = client.get(reverse(name, args=[job_of_monitor.pk]))
        assert response.status_code == 200, name
    page = client.get(reverse("core:job_detail", args=[job_of_monitor.pk])).content.decode()
    assert "Counting the register" in page


@pytest.mark.parametrize("who", ["investigator", "analyst", "viewer", "other_monitor"])
def test_others_of_the_institution_get_404(personas, job_of_monitor, who):
    if who == "other_monitor":
        actor = MembershipFactory.create(institution=personas.institution_a, role=Role.MONITOR)
    else:
        actor = getattr(personas, who)
    client = client_for(actor)
    for name in JOB_URLS:
        assert client.get(reverse(name, args=[job_of_monitor.pk])).status_code == 404, name


def test_people_of_another_institution_get_404_even_its_admin(personas, job_of_monitor):
    admin_b = MembershipFactory.create(institution=personas.institution_b, role=Role.ADMIN)
    for actor in (personas.monitor_b, admin_b):
        client = client_for(actor)
        for name in JOB_URLS:
            assert client.get(reverse(name, args=[job_of_monitor.pk])).status_code == 404


# --- the page polls while the job runs ----------------------------------------------


@pytest.mark.parametrize("status", [Job.Status.QUEUED, Job.Status.RUNNING])
def test_the_page_polls_with_htmx_while_the_job_is_not_over(personas, job_of_monitor, status):
    Job.objects.filter(pk=job_of_monitor.pk).update(status=status, done=30, total=120)
    client = client_for(personas.monitor)
    url = reverse("core:job_progress", args=[job_of_monitor.pk])
    for page in (client.get(reverse("core:job_detail", args=[job_of_monitor.pk])), client.get(url)):
        body = page.content.decode()
        assert f'hx-get="{url}"' in body and 'hx-trigger="every 1s"' in body
        assert "25% done" in body
        assert "HX-Refresh" not in page


@pytest.mark.parametrize("status", [Job.Status.SUCCEEDED, Job.Status.FAILED])
def test_the_progress_fragment_asks_htmx_to_reload_once_the_job_is_over(
    personas, job_of_monitor, status
):
    Job.objects.filter(pk=job_of_monitor.pk).update(status=status)
    response = client_for(personas.monitor).get(
        reverse("core:job_progress", args=[job_of_monitor.pk]), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert response["HX-Refresh"] == "true"
    assert "hx-get" not in response.content.decode()


def test_a_job_sees_dates_in_its_institutions_time_zone(transactional_db, personas, register_kind):
    # A worker runs in UTC; "today" in a job must be the institution's, as on its pages.
    from django.utils import timezone

    personas.institution_a.time_zone = "Pacific/Kiritimati"  # UTC+14: its date is often not UTC's
    personas.institution_a.save(update_fields=["time_zone"])

    def where(job: Job, progress: jobs.JobProgress) -> dict[str, Any]:
        return {"zone": str(timezone.get_current_timezone()), "today": str(timezone.localdate())}

    register_kind("tests.where", where)
    job = _start(personas.monitor, "tests.where")
    run_background_jobs()
    job.refresh_from_db()
    assert job.result["zone"] == "Pacific/Kiritimati"
    import zoneinfo

    expected = timezone.now().astimezone(zoneinfo.ZoneInfo("Pacific/Kiritimati")).date()
    assert job.result["today"] == str(expected)
