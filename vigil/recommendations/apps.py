from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecommendationsConfig(AppConfig):
    """What this app adds to the others is registered in its hooks.py."""

    name = "vigil.recommendations"
    label = "recommendations"
    verbose_name = _("Recommendations and follow-up")
