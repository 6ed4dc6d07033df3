"""System checks that guard Vigil's configuration invariants."""

from __future__ import annotations

import base64
import binascii
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register
from django.core.exceptions import ImproperlyConfigured

from vigil.core.crypto import parse_key_ring
from vigil.core.mail import NO_MAIL_BACKEND


@register(Tags.security)
def check_keys(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    problems: list[CheckMessage] = []
    for name in ("VIGIL_DATA_KEYS", "VIGIL_AUDIT_KEYS"):
        try:
            parse_key_ring(getattr(settings, name), name=name)
        except ImproperlyConfigured as exc:
            problems.append(Error(str(exc), id="vigil.E001"))
    try:
        blind = base64.b64decode(settings.VIGIL_BLIND_INDEX_KEY, validate=True)
    except binascii.Error:
        problems.append(Error("VIGIL_BLIND_INDEX_KEY is not valid base64.", id="vigil.E002"))
    else:
        if len(blind) < 32:
            problems.append(
                Error("VIGIL_BLIND_INDEX_KEY must hold at least 32 bytes.", id="vigil.E003")
            )
    return problems


@register(Tags.security, deploy=True)
def check_production_posture(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    problems: list[CheckMessage] = []
    if settings.PRODUCTION and not settings.VIGIL_MFA_REQUIRED:
        problems.append(
            Warning(
                "VIGIL_MFA_REQUIRED is off in production: accounts can reach sensitive "
                "data with a password alone.",
                id="vigil.W001",
            )
        )
    if settings.PRODUCTION and settings.DEBUG:
        problems.append(Error("VIGIL_DEBUG must be off in production.", id="vigil.E004"))
    if settings.PRODUCTION and settings.EMAIL_BACKEND.endswith(
        ("console.EmailBackend", "locmem.EmailBackend")
    ):
        problems.append(
            Warning(
                "E-mail is written to the log (VIGIL_EMAIL_BACKEND): invitation and "
                "password links would land in log files. Configure SMTP.",
                id="vigil.W002",
            )
        )
    if settings.PRODUCTION and settings.EMAIL_BACKEND == NO_MAIL_BACKEND:
        problems.append(
            Warning(
                "No mail server is set (VIGIL_EMAIL_HOST): Vigil sends no e-mail. Administrators "
                "see invitation links on screen to hand over; nobody can reset a password by mail.",
                id="vigil.W003",
            )
        )
    return problems
