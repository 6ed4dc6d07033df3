"""Migration 0004 renames the visit programme to the visit plan: every plan, its planned visits
and the visits made from it survive, both ways, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from vigil.core.tests.factories import Personas
from vigil.places.tests.factories import PlaceFactory

BEFORE = ("visits", "0003_starter_checklists")
AFTER = ("visits", "0004_visit_plan")


def _migrate(target: tuple[str, str]) -> Any:
    """Migrate the visits app to `target`; return the models as they were there."""
    executor = MigrationExecutor(connection)
    executor.migrate([target])
    return MigrationExecutor(connection).loader.project_state(target).apps


def _to_latest() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_the_rename_keeps_every_plan_line_and_visit(personas: Personas) -> None:
    place = PlaceFactory.create(institution=personas.institution_a)
    user_id = personas.admin.user.pk
    try:
        old = _migrate(BEFORE)
        programme = old.get_model("visits", "VisitProgramme").objects.create(
            institution_id=place.institution_id,
            title="Visit programme 2026",
            starts_on=date(2026, 1, 1),
            ends_on=date(2026, 12, 31),
        )
        visit = old.get_model("visits", "Visit").objects.create(
            institution_id=place.institution_id,
            place_id=place.pk,
            programme_id=programme.pk,
            visit_type="full",
            created_by_id=user_id,
        )
        line = old.get_model("visits", "PlannedVisit").objects.create(
            institution_id=place.institution_id,
            programme_id=programme.pk,
            place_id=place.pk,
            month=date(2026, 3, 1),
            visit_type="full",
            reason="Overcrowded",
            visit_id=visit.pk,
        )

        new = _migrate(AFTER)  # its models as they were then (later migrations add columns)
        VisitPlan, Visit, PlannedVisit = (
            new.get_model("visits", name) for name in ("VisitPlan", "Visit", "PlannedVisit")
        )
        plan = VisitPlan.objects.get(pk=programme.pk)
        assert (plan.title, plan.starts_on, plan.ends_on) == (
            "Visit programme 2026",
            date(2026, 1, 1),
            date(2026, 12, 31),
        )
        assert Visit.objects.get(pk=visit.pk).plan == plan
        assert PlannedVisit.objects.get(pk=line.pk).plan == plan
        assert list(plan.items.values_list("reason", flat=True)) == ["Overcrowded"]

        # Backwards too: the old names hold the same rows again.
        old = _migrate(BEFORE)
        assert old.get_model("visits", "Visit").objects.get(pk=visit.pk).programme_id == plan.pk
        line_again = old.get_model("visits", "PlannedVisit").objects.get(pk=line.pk)
        assert line_again.programme_id == plan.pk
    finally:
        _to_latest()
