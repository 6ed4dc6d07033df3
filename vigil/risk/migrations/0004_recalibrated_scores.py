"""Decision 0027: the shipped first-hours factors name the standards that credit a finding to
them, and the score is recalibrated. Stored scores and figures are from the old model, so every
institution's next run scores every open place again (and rebuilds the stored figures)."""

from django.db import migrations


def forward(apps, schema_editor):
    from vigil.risk.builtin import load_risk_factors

    load_risk_factors(apps)
    state = apps.get_model("risk", "RiskState")
    # all_places: the next run is a full one; computed_at None: the first look at a risk page
    # (or the daily run) queues it.
    state.objects.update(all_places=True, computed_at=None)


class Migration(migrations.Migration):
    dependencies = [("risk", "0003_stored_aggregates")]
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
