from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Documents that span the apps: the annual report and submissions to UN bodies."""

    name = "vigil.reports"
    label = "reports"
    verbose_name = _("Reports")
