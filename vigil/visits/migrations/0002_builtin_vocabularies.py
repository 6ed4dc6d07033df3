from django.db import migrations


def load(apps, schema_editor):
    from vigil.visits.builtin import load_visit_vocabularies

    load_visit_vocabularies(apps)


class Migration(migrations.Migration):
    dependencies = [("visits", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
