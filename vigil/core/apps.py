from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "vigil.core"
    label = "core"
    verbose_name = _("Vigil platform")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from vigil.core import checks, imports  # noqa: F401  (registers checks, import jobs)
        from vigil.core.navigation import NavEntry, register

        # Login throttling needs the cache table: `vigil migrate` always creates it.
        post_migrate.connect(_create_cache_table, sender=self)
        from vigil.core.roles import Capability

        register(NavEntry(_("Home"), "core:home", order=0))
        register(
            NavEntry(_("Team"), "core:member_list", order=80, capability=Capability.VIEW_MEMBERS)
        )
        register(
            NavEntry(_("Audit"), "core:audit_list", order=90, capability=Capability.VIEW_AUDIT)
        )


def _create_cache_table(using: str = "default", **kwargs: object) -> None:
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)
