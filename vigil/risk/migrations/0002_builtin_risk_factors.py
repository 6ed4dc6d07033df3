from django.db import migrations


def load(apps, schema_editor):
    from vigil.risk.builtin import load_risk_factors

    load_risk_factors(apps)


class Migration(migrations.Migration):
    dependencies = [("risk", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
