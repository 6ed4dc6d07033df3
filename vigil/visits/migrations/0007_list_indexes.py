"""Indexes that follow the visits list (issue 14): `visit_by_start` for its year filter,
and `visit_by_listed_date` for its order (the date it shows, newest first, undated last),
so that a page is read from the index instead of sorting every visit.

An expression index with the NULLs placed: PostgreSQL needs `NULLS LAST` spelled out to use
it for the list's order, and SQLite (where NULL sorts first, so last when descending) does
not accept `NULLS LAST` in an index; Django's `Index` cannot say both, hence the SQL.
"""

from django.db import migrations, models

NAME = "visit_by_listed_date"


def create(apps, schema_editor):
    nulls = " NULLS LAST" if schema_editor.connection.vendor == "postgresql" else ""
    schema_editor.execute(
        f"CREATE INDEX {NAME} ON visits_visit "
        f"(institution_id, (COALESCE(starts_on, planned_for)) DESC{nulls}, id DESC)"
    )


def drop(apps, schema_editor):
    schema_editor.execute(f"DROP INDEX {NAME}")


class Migration(migrations.Migration):
    dependencies = [("visits", "0006_visit_reference")]

    operations = [
        migrations.AddIndex(
            model_name="visit",
            index=models.Index(fields=["institution", "starts_on"], name="visit_by_start"),
        ),
        migrations.RunPython(create, drop, elidable=False),
    ]
