"""The annual visit programme becomes the visit plan, so that "programme" means only a
prevention programme (vigil/programmes). Renames only: every row and link stays."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("visits", "0003_starter_checklists")]

    operations = [
        migrations.RenameModel(old_name="VisitProgramme", new_name="VisitPlan"),
        migrations.AlterModelOptions(
            name="visitplan",
            options={"verbose_name": "visit plan", "ordering": ["-starts_on"]},
        ),
        migrations.RenameField(model_name="visit", old_name="programme", new_name="plan"),
        migrations.RenameField(model_name="plannedvisit", old_name="programme", new_name="plan"),
    ]
