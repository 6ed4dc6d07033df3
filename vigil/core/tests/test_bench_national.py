"""The national-scale bench's instrument, at 1/1000 scale: the builder makes what it says,
its data is sound (the audit chain verifies, every encrypted value decrypts), and the page
bench goes over every page without an error. Timing is the bench's business, not the test's.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.apps import apps
from django.db import transaction

from bench.national_data import Built, national_add, national_counts
from bench.pages import bench_admin, measure_pages
from vigil.core.audit import audit_verify
from vigil.core.demo.builder import demo_load
from vigil.core.fields import EncryptedMixin
from vigil.core.models import AuditEvent
from vigil.people.models import Case, Interview
from vigil.places.models import Place, PopulationSnapshot
from vigil.recommendations.models import Recommendation
from vigil.risk.models import RiskScore
from vigil.visits.models import Finding, Visit

# The database is set up only for a module with database tests.
pytestmark = pytest.mark.django_db

SCALE = 0.001
# Pages of records the demo does not make (generated documents, jobs, uploads, reminders).
NOT_IN_THE_DEMO = {
    "core:document_download",
    "core:import_map",
    "core:job_detail",
    "core:job_problems",
    "core:job_progress",
    "core:job_retry",
    "recommendations:reminder_read",
    # Digests are written by the daily reminders run, which the demo does not run.
    "recommendations:reminder_digest",
    "recommendations:reminder_digest_read",
    # The demo holds no custody-register extract and no UN submission.
    "registers:register_detail",
    "registers:register_map",
    "registers:register_rows",
    "registers:register_delete",
    "reports:submission_detail",
    "reports:submission_generate",
}
COUNTED = {
    "places": Place,
    "visits": Visit,
    "findings": Finding,
    "recommendations": Recommendation,
    "population_counts": PopulationSnapshot,
    "audit_events": AuditEvent,
    "interviews": Interview,
    "cases": Case,
}


@pytest.fixture(scope="module")
def built(
    django_db_setup: None, django_db_blocker: object, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Built, dict[str, int]]]:
    from django.conf import settings

    settings.VIGIL_AUDIT_CHECKPOINT_FILE = tmp_path_factory.mktemp("audit") / "checkpoints.jsonl"
    with django_db_blocker.unblock(), transaction.atomic():  # type: ignore[attr-defined]
        demo_load()
        before = {name: model._default_manager.count() for name, model in COUNTED.items()}
        national = national_add(bench_admin(), scale=SCALE)
        added = {
            name: model._default_manager.count() - before[name] for name, model in COUNTED.items()
        }
        yield national, added
        transaction.set_rollback(True)


def test_the_builder_adds_the_counts_asked(built):
    national, added = built
    asked = national_counts(SCALE)
    for name in COUNTED:
        if name == "audit_events":
            # Scoring the places audits its run too.
            assert added[name] >= asked[name], name
        else:
            assert added[name] == asked[name], name
    scored = RiskScore.objects.filter(institution=national.institution, is_latest=True)
    assert scored.count() >= asked["places"]


def test_the_audit_chain_verifies(built):
    report = audit_verify()
    assert report.ok, report.problem


def test_every_encrypted_value_decrypts(built):
    read = 0
    for model in apps.get_models():
        fields = [f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedMixin)]
        if fields:
            for row in model._default_manager.values_list(*fields):  # decrypts, or raises
                read += sum(1 for value in row if value)
    assert read >= national_counts(SCALE)["interviews"] * 2


def test_the_page_bench_goes_over_every_page_without_an_error(built):
    figures = measure_pages(built[0].admin)
    assert len(figures) > 100
    broken = [f for f in figures if f.problem.startswith(("error", "timeout", "HTTP 5"))]
    assert not broken, [(f.name, f.problem) for f in broken]
    unsampled = {f.name for f in figures if f.problem == "no sample"}
    assert unsampled == NOT_IN_THE_DEMO
