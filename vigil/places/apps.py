from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacesConfig(AppConfig):
    """What this app adds to the others is registered in its hooks.py."""

    name = "vigil.places"
    label = "places"
    verbose_name = _("Places of detention")
