from django.db import migrations


def load(apps, schema_editor):
    from vigil.people.builtin import load_ill_treatment_types

    load_ill_treatment_types(apps)


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
