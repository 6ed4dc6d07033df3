"""Retention applies to register extracts like other personal data: past the institution's
period, the extract, its results and its encrypted working copy are deleted."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from vigil.core import crypto
from vigil.core.services.retention import retention_periods_set, retention_run
from vigil.places.tests.factories import PlaceFactory
from vigil.registers.models import CustodyRegister, RegisterMonth

pytestmark = pytest.mark.django_db


def _register(personas, place, *, days_old: int) -> CustodyRegister:
    register = CustodyRegister.objects.create(
        institution=personas.institution_a,
        authority=place.authority,
        place=place,
        filename="register.csv",
        created_by=personas.monitor.user,
        created_at=timezone.now() - timedelta(days=days_old),
        status=CustodyRegister.Status.CHECKED,
    )
    register.content = crypto.encrypt_bytes(b"PAR1", context=register.encryption_context)
    register.save(update_fields=["content"])
    RegisterMonth.objects.create(
        institution=personas.institution_a,
        register=register,
        place=place,
        month=date(2026, 3, 1),
        entries=5,
        no_judge=1,
    )
    return register


def test_extracts_past_their_period_are_deleted_with_their_results(personas):
    place = PlaceFactory.create(institution=personas.institution_a)
    old = _register(personas, place, days_old=400)
    recent = _register(personas, place, days_old=10)
    retention_periods_set(actor=personas.admin, periods={"custody_registers": 365})
    retention_run()
    assert list(CustodyRegister.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not RegisterMonth.objects.filter(register_id=old.pk).exists()
    assert RegisterMonth.objects.filter(register=recent).count() == 1
