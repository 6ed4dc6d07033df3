"""Visits get a reference ("V-2026-0042") for the letters and reports that cite them.

Existing visits are numbered per institution and year, in the order they were created, as
the create service numbers new ones.
"""

from collections import defaultdict

from django.db import migrations, models


def number_existing_visits(apps, schema_editor):
    Visit = apps.get_model("visits", "Visit")
    counters: dict[tuple[int, int], int] = defaultdict(int)
    numbered = []
    visits = Visit.objects.order_by("institution_id", "created_at", "pk")
    for visit in visits.only("pk", "institution_id", "starts_on", "planned_for", "created_at"):
        year = (visit.starts_on or visit.planned_for or visit.created_at.date()).year
        counters[(visit.institution_id, year)] += 1
        visit.reference = f"V-{year}-{counters[(visit.institution_id, year)]:04d}"
        numbered.append(visit)
        if len(numbered) >= 2000:
            Visit.objects.bulk_update(numbered, ["reference"])
            numbered = []
    Visit.objects.bulk_update(numbered, ["reference"])


class Migration(migrations.Migration):
    dependencies = [
        ("visits", "0005_versions"),
    ]

    operations = [
        migrations.AddField(
            model_name="visit",
            name="reference",
            field=models.CharField(
                blank=True, editable=False, max_length=24, verbose_name="reference"
            ),
        ),
        migrations.RunPython(number_existing_visits, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="visit",
            index=models.Index(fields=["institution", "reference"], name="visit_by_reference"),
        ),
    ]
