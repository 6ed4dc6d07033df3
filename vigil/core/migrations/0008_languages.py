from django.db import migrations, models

SHIPPED = ["en", "fr", "es", "ru", "ar", "mn", "id", "th", "fil", "ko"]
# Codes institutions wrote before the languages were shipped, read as the shipped one.
ALIASES = {"tl": "fil", "in": "id", "kr": "ko"}
LANGUAGES = [
    ("en", "English"),
    ("fr", "French"),
    ("es", "Spanish"),
    ("ru", "Russian"),
    ("ar", "Arabic"),
    ("mn", "Mongolian"),
    ("id", "Indonesian"),
    ("th", "Thai"),
    ("fil", "Filipino"),
    ("ko", "Korean"),
]


def shipped_document_languages(apps, schema_editor):
    """Working languages become document languages: only shipped ones, English if none."""
    Institution = apps.get_model("core", "Institution")
    for institution in Institution.objects.all():
        codes = []
        for code in institution.languages or []:
            code = ALIASES.get(str(code).lower(), str(code).lower())
            if code in SHIPPED and code not in codes:
                codes.append(code)
        institution.languages = codes or ["en"]
        institution.default_language = codes[0] if codes else "en"
        institution.save(update_fields=["languages", "default_language"])


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0007_versions"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="language",
            field=models.CharField(
                blank=True, choices=LANGUAGES, max_length=8, verbose_name="interface language"
            ),
        ),
        migrations.AddField(
            model_name="institution",
            name="default_language",
            field=models.CharField(
                choices=LANGUAGES, default="en", max_length=8, verbose_name="default language"
            ),
        ),
        migrations.AddField(
            model_name="institution",
            name="calendar",
            field=models.CharField(
                choices=[
                    ("gregorian", "Gregorian (2026)"),
                    ("buddhist", "Thai Buddhist era (2569)"),
                ],
                default="gregorian",
                max_length=12,
                verbose_name="calendar of years",
            ),
        ),
        migrations.AlterField(
            model_name="institution",
            name="languages",
            field=models.JSONField(blank=True, default=list, verbose_name="document languages"),
        ),
        migrations.RunPython(shipped_document_languages, migrations.RunPython.noop),
    ]
