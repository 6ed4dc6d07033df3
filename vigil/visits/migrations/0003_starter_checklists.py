from django.db import migrations


def load(apps, schema_editor):
    from vigil.visits.builtin import load_starter_checklists

    load_starter_checklists(apps)


class Migration(migrations.Migration):
    dependencies = [("visits", "0002_builtin_vocabularies")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
