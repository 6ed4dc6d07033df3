"""The kinds of place of deprivation of liberty (OPCAT art. 4), shipped as data."""

from django.db import migrations


def add_kinds(apps, schema_editor):
    from vigil.places.builtin import load_place_kinds

    load_place_kinds(apps)


class Migration(migrations.Migration):
    dependencies = [("places", "0001_initial")]
    operations = [migrations.RunPython(add_kinds, migrations.RunPython.noop)]
