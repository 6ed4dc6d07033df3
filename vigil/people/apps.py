from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "vigil.people"
    label = "people"
    verbose_name = _("People and evidence")

    def ready(self) -> None:
        from vigil.people import registry

        registry.register_all()
