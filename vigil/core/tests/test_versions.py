"""No silent overwrite (ADR 0016): the version an edit started from, claimed in one UPDATE."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django import forms
from django.db import connection, transaction
from django.test import RequestFactory

from vigil.core.forms import ActorForm, form_saved
from vigil.core.models import Institution
from vigil.core.services.records import Conflict, model_update, version_claim
from vigil.people.models import Case
from vigil.people.tests.factories_cases import case_of_a


def test_a_claim_at_the_expected_version_takes_the_next_one(personas):
    institution = personas.institution_a
    with transaction.atomic():
        version_claim(institution, expected=1, yours={"name": "Renamed"})
    assert institution.version == 2
    institution.refresh_from_db()
    assert institution.version == 2


def test_a_stale_claim_raises_the_differences_and_changes_nothing(personas):
    case = case_of_a(personas, account="He was beaten at the station.", injuries="")
    model_update(case, {"account": "He was beaten at the station, twice."})  # someone else
    assert case.version == 2
    with pytest.raises(Conflict) as raised, transaction.atomic():
        version_claim(
            case,
            expected=1,
            yours={"account": "He was beaten in the van.", "injuries": "", "new_victim": "x"},
            labels={"account": "Account"},
        )
    conflict = raised.value
    assert conflict.version == 2
    [change] = conflict.changes  # equal fields and fields that are not columns are left out
    assert (change.field, change.label) == ("account", "Account")
    assert change.theirs == "He was beaten at the station, twice."
    assert change.yours == "He was beaten in the van."
    assert Case.objects.get(pk=case.pk).version == 2


def test_model_update_moves_the_version_only_when_something_changed(personas):
    institution = personas.institution_a
    assert model_update(institution, {"name": institution.name}) == []
    assert institution.version == 1
    assert model_update(institution, {"name": "Renamed"}) == ["name"]
    assert institution.version == 2
    assert Institution.objects.get(pk=institution.pk).version == 2


@pytest.mark.django_db(transaction=True)
def test_a_claim_outside_a_transaction_is_refused():
    from vigil.core.tests.factories import InstitutionFactory

    with pytest.raises(RuntimeError, match="transaction"):
        version_claim(InstitutionFactory.create(), expected=1, yours={})


class _NameForm(ActorForm):
    name = forms.CharField(label="Name of the institution")


def _post(data: dict[str, Any]) -> Any:
    request = RequestFactory().post("/settings/", data)
    request._messages = []  # type: ignore[attr-defined]  # form_saved's message goes nowhere
    return request


def test_an_edit_form_carries_the_version_and_a_stale_save_gets_the_conflict_page(personas):
    institution = personas.institution_a
    shown = _NameForm(actor=personas.admin, record=institution)
    assert shown["version"].value() == 1 and shown["version"].is_hidden
    missing = _NameForm({"name": "B"}, actor=personas.admin, record=institution)
    assert not missing.is_valid() and "version" in missing.errors
    model_update(institution, {"name": "Saved first"})  # another session, in the meantime

    def save(data: dict[str, Any]) -> str:
        assert "version" not in data  # services never see it
        Institution.objects.filter(pk=institution.pk).update(name=data["name"])
        return data["name"]

    request = _post({"name": "Saved second", "version": "1"})
    stale = _NameForm(request.POST, actor=personas.admin, record=institution)
    response = form_saved(request, stale, save, done=None, to="/")
    assert response is not None and response.status_code == 409
    page = response.content.decode()
    assert "Saved first" in page and "Saved second" in page and "Name of the institution" in page
    assert 'name="version" value="2"' in page  # saving the page again is the merge
    assert Institution.objects.get(pk=institution.pk).name == "Saved first"

    request = _post({"name": "Saved second", "version": "2"})
    merged = _NameForm(request.POST, actor=personas.admin, record=institution)
    response = form_saved(request, merged, save, done=None, to="/")
    assert response is not None and response.status_code == 302
    assert Institution.objects.get(pk=institution.pk).version == 3


@pytest.mark.django_db(transaction=True)
def test_of_two_transactions_from_one_version_only_one_wins():
    """Two sessions of the real database: the first holds its claim open until the second
    is waiting for the row (PostgreSQL shows it blocked by us), then commits."""
    from vigil.core.tests.factories import InstitutionFactory

    institution = InstitutionFactory.create()
    claimed = threading.Event()
    outcomes: dict[str, str] = {}

    def second() -> None:
        claimed.wait(timeout=30)
        try:
            record = Institution.objects.get(pk=institution.pk)
            record.version = 1  # the version its form started from
            with transaction.atomic():
                version_claim(record, expected=1, yours={"name": "second"})
            outcomes["second"] = "saved"
        except Conflict:
            outcomes["second"] = "conflict"
        finally:
            connection.close()

    thread = threading.Thread(target=second)
    thread.start()
    with transaction.atomic():
        version_claim(institution, expected=1, yours={"name": "first"})
        claimed.set()
        _until_someone_waits_for_a_lock(thread)
    outcomes["first"] = "saved"
    thread.join(timeout=60)
    assert outcomes == {"first": "saved", "second": "conflict"}
    assert Institution.objects.get(pk=institution.pk).version == 2


def _until_someone_waits_for_a_lock(thread: threading.Thread) -> None:
    """On PostgreSQL, until the other session queues behind our row lock (or has ended);
    SQLite has one writer at a time, so the other session simply runs after our commit."""
    if connection.vendor != "postgresql":
        return
    # The statistics views keep one snapshot per transaction, and we are in one: clear it.
    waiting = (
        "SELECT count(*) FROM pg_stat_activity WHERE pg_backend_pid() = ANY(pg_blocking_pids(pid))"
    )
    with connection.cursor() as cursor:
        for _poll in range(2400):  # a bound, so a broken lock cannot hang the suite
            if not thread.is_alive():
                return
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute(waiting)
            if cursor.fetchone()[0]:
                return
            threading.Event().wait(0.05)
