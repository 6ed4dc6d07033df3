from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "vigil.core"
    label = "core"
    verbose_name = _("Vigil platform")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from vigil.core import checks, hooks, lookups  # noqa: F401  (checks register themselves)

        # An out-of-range integer in `in` matches nothing, as it does in `exact`.
        lookups.register()

        # Login throttling needs the cache table: `vigil migrate` always creates it.
        post_migrate.connect(_create_cache_table, sender=self)
        # SQLite's planner statistics, after the indexes may have changed (issue 14).
        post_migrate.connect(_analyse_sqlite, sender=self)
        # Every app plugs into the others through its hooks.py (docs/decisions/0013).
        hooks.discover()


def _create_cache_table(using: str = "default", **kwargs: object) -> None:
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)


def _analyse_sqlite(using: str = "default", **kwargs: object) -> None:
    from django.db import connections

    from vigil.core.sqlite_statistics import analyse

    if connections[using].vendor == "sqlite":
        with connections[using].cursor() as cursor:
            analyse(cursor)
