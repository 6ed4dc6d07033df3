"""How Vigil plugs into django-allauth: closed sign-up, audited logins, MFA rules."""

from __future__ import annotations

import time
from typing import Any

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.http import HttpRequest

from vigil.core import crypto
from vigil.core.audit import audit_record
from vigil.core.models import User

SESSION_LOGIN_AT = "vigil_login_at"
SESSION_SEEN_AT = "vigil_seen_at"
SECOND_FACTORS = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)


class VigilAccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # Accounts are created only when an institution admin invites someone.
        return False

    def login(self, request: HttpRequest, user: AbstractBaseUser) -> None:
        super().login(request, user)  # Django's login() gives the session a new key
        now = int(time.time())
        request.session[SESSION_LOGIN_AT] = now
        request.session[SESSION_SEEN_AT] = now
        assert isinstance(user, User)
        with transaction.atomic():
            audit_record(action="auth.login", actor=user, institution=None, target=user)

    def logout(self, request: HttpRequest) -> None:
        user = request.user
        if isinstance(user, User):
            with transaction.atomic():
                audit_record(action="auth.logout", actor=user, institution=None, target=user)
        super().logout(request)

    def is_reauthentication_required(self, *, app: str, **kwargs: Any) -> bool:
        required: bool = super().is_reauthentication_required(app=app, **kwargs)
        if required and app == "allauth.mfa" and _signed_in_moments_ago():
            # The password was given moments ago; asking again while the user sets up
            # the second factor we force (and saves its recovery codes) only gets in the way.
            return False
        return required

    def authentication_failed(self, request: HttpRequest, **credentials: Any) -> None:
        # The address tried is not recorded: it may not be a user's, and it is personal data.
        with transaction.atomic():
            audit_record(action="auth.login_failed", actor=None, institution=None)


def _signed_in_moments_ago() -> bool:
    request = context.request
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    login_at = request.session.get(SESSION_LOGIN_AT, 0)
    return time.time() - login_at < account_settings.REAUTHENTICATION_TIMEOUT


def has_second_factor(user: AbstractBaseUser) -> bool:
    return Authenticator.objects.filter(user_id=user.pk, type__in=SECOND_FACTORS).exists()


class VigilMFAAdapter(DefaultMFAAdapter):
    def encrypt(self, text: str) -> str:
        return crypto.encrypt(text, context="allauth.mfa.secret")

    def decrypt(self, encrypted_text: str) -> str:
        return crypto.decrypt(encrypted_text, context="allauth.mfa.secret")

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        if not settings.VIGIL_MFA_REQUIRED or authenticator.type not in SECOND_FACTORS:
            return True
        # With MFA required, the last second factor stays until another replaces it.
        others = Authenticator.objects.filter(
            user_id=authenticator.user_id, type__in=SECOND_FACTORS
        ).exclude(pk=authenticator.pk)
        return others.exists()
