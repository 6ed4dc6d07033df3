"""What the risk app plugs into the platform."""

from __future__ import annotations


def register_all() -> None:
    from django.utils.translation import gettext_lazy as _

    from vigil.core.audit import register_change_listener
    from vigil.core.navigation import NavEntry, register
    from vigil.core.roles import Capability
    from vigil.risk import builtin, plugins, refresh  # noqa: F401  (builtin registers its loader)

    register(NavEntry(_("Risk"), "risk:risk_priorities", order=15, capability=Capability.VIEW_RISK))
    register_change_listener(refresh.on_change)
    from vigil.core.demo import register_step
    from vigil.risk.demo import load_risk

    # After the people step: risk reads allegations (people comes earlier in INSTALLED_APPS).
    register_step(load_risk)
    plugins.register()
