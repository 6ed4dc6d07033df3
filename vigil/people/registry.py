"""What the people app plugs into the platform: navigation, redaction, and each area's own."""

from __future__ import annotations


def register_all() -> None:
    from django.utils.translation import gettext_lazy as _

    from vigil.core.navigation import NavEntry, register
    from vigil.core.redaction import register_redaction_rule
    from vigil.core.roles import Capability
    from vigil.people import (
        builtin,  # noqa: F401  (registers its loader)
        consent_rules,
        plugins_cases,
        plugins_demo,
        plugins_evidence,
        plugins_interviews,
        plugins_medical,
        plugins_reprisals,
    )

    register(
        NavEntry(
            _("People"),
            "people:people_home",
            order=25,
            capability=Capability.VIEW_PEOPLE_STATISTICS,
        )
    )
    register_redaction_rule(consent_rules.interviewees_by_consent)
    for plugin in (
        plugins_interviews,
        plugins_cases,
        plugins_medical,
        plugins_evidence,
        plugins_reprisals,
        plugins_demo,
    ):
        plugin.register()
