"""Writes of institutions, their members and users; each in one transaction with its audit
event."""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterable
from typing import Any

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from allauth.usersessions.models import UserSession
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from vigil.core.access import require_capability
from vigil.core.audit import audit_by, audit_record
from vigil.core.languages import is_shipped, unknown_languages
from vigil.core.models import Institution, Membership, User
from vigil.core.roles import Capability, Role
from vigil.core.services.records import model_update


def _check_time_zone(time_zone: str) -> None:
    if time_zone not in zoneinfo.available_timezones():
        raise ValidationError({"time_zone": _("Unknown time zone: %(tz)s") % {"tz": time_zone}})


def _check_languages(languages: list[str], default_language: str) -> None:
    """Documents can only be written in shipped languages; the default is one of them."""
    if unknown := unknown_languages(languages):
        raise ValidationError(
            {
                "languages": _("Vigil does not ship these languages: %(codes)s.")
                % {"codes": ", ".join(unknown)}
            }
        )
    if not languages:
        raise ValidationError({"languages": _("Give at least one language.")})
    if default_language not in languages:
        raise ValidationError(
            {"default_language": _("The default language must be one of the document languages.")}
        )


@transaction.atomic
def institution_create(
    *,
    name: str,
    country: str,
    kind: str,
    time_zone: str = "UTC",
    languages: Iterable[str] = ("en",),
    default_language: str = "",
    calendar: str = Institution.Calendar.GREGORIAN,
    actor: User | None = None,
) -> Institution:
    """`languages` are the document languages; the first is the default unless one is given."""
    _check_time_zone(time_zone)
    codes = list(dict.fromkeys(languages))
    default_language = default_language or (codes[0] if codes else "")
    _check_languages(codes, default_language)
    institution = Institution.objects.create(
        name=name,
        country=country,
        kind=kind,
        time_zone=time_zone,
        languages=codes,
        default_language=default_language,
        calendar=calendar,
    )
    audit_record(
        action="institution.created", actor=actor, institution=institution, target=institution
    )
    return institution


@transaction.atomic
def institution_update(
    *,
    actor: Membership,
    name: str,
    country: str,
    kind: str,
    time_zone: str,
    languages: list[str],
    default_language: str | None = None,
    calendar: str | None = None,
    decimal_mark: str | None = None,
    date_order: str | None = None,
    small_count_below: int | None = None,
) -> Institution:
    require_capability(actor, Capability.MANAGE_INSTITUTION)
    _check_time_zone(time_zone)
    institution = Institution.objects.select_for_update().get(pk=actor.institution_id)
    default_language = default_language or institution.default_language
    _check_languages(languages, default_language)
    if calendar is not None and calendar not in Institution.Calendar.values:
        raise ValidationError({"calendar": _("Choose a valid calendar.")})
    decimal_mark = decimal_mark or institution.decimal_mark
    date_order = institution.date_order if date_order is None else date_order
    _check_choice("decimal_mark", decimal_mark, Institution.DecimalMark.values)
    _check_choice("date_order", date_order, Institution.DateOrder.values)
    below = institution.small_count_below if small_count_below is None else small_count_below
    if not 2 <= below <= 50:
        raise ValidationError({"small_count_below": _("Give a number from 2 to 50.")})
    data = {
        "name": name,
        "country": country,
        "kind": kind,
        "time_zone": time_zone,
        "languages": languages,
        "default_language": default_language,
        "calendar": calendar or institution.calendar,
        "decimal_mark": decimal_mark,
        "date_order": date_order,
        "small_count_below": below,
    }
    if changed := model_update(institution, data):
        audit_by(actor, "institution.updated", institution, fields=changed)
    return institution


def _check_choice(field: str, value: str, allowed: list[str]) -> None:
    if value not in allowed:
        raise ValidationError({field: _("Choose one of the options.")})


def _invitation_link(user: User) -> str:
    return reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(user),
            "key": default_token_generator.make_token(user),
        },
    )


def invitation_url(*, user: User, base_url: str) -> str:
    """The one-time link with which a person without a password chooses one."""
    return base_url.rstrip("/") + _invitation_link(user)


def _send_invitation(*, user: User, institution: Institution, base_url: str, new: bool) -> None:
    context = {
        "user": user,
        "institution": institution,
        "link": invitation_url(user=user, base_url=base_url)
        if new
        else base_url.rstrip("/") + reverse("core:home"),
        "new_account": new,
    }
    send_mail(
        subject=_("You are invited to %(institution)s on Vigil") % {"institution": institution},
        message=render_to_string("core/email/invitation.txt", context),
        from_email=None,
        recipient_list=[user.email],
    )


@transaction.atomic
def membership_invite(
    *, actor: Membership, email: str, full_name: str, role: str, base_url: str
) -> Membership:
    """Give a person a role in the actor's institution, creating their account if needed.

    A new account has no password: the e-mail carries a one-time link to set
    one, after which the first sign-in asks for a second factor.
    """
    require_capability(actor, Capability.MANAGE_MEMBERS)
    if role not in Role.values:
        raise ValidationError({"role": _("Choose a valid role.")})
    email = email.strip().lower()
    user = User.objects.filter(email__iexact=email).first()
    new_account = user is None
    if user is None:
        user = user_create(email=email, full_name=full_name.strip(), password=None, actor=actor)
    if Membership.objects.for_actor(actor).filter(user=user).exists():
        raise ValidationError(
            {"email": _("This person is already a member; change their role or reactivate them.")}
        )
    membership = Membership.objects.create(
        user=user, institution_id=actor.institution_id, role=role
    )
    audit_by(actor, "membership.invited", membership, role=role, new_account=new_account)
    transaction.on_commit(
        lambda: _send_invitation(
            user=user, institution=actor.institution, base_url=base_url, new=new_account
        )
    )
    return membership


def _lock_member(*, actor: Membership, membership: Membership) -> Membership:
    require_capability(actor, Capability.MANAGE_MEMBERS)
    return Membership.objects.for_actor(actor).select_for_update().get(pk=membership.pk)


def _other_active_admins(membership: Membership) -> bool:
    admins = Membership.objects.for_institution(membership.institution_id)
    return admins.filter(role=Role.ADMIN, is_active=True).exclude(pk=membership.pk).exists()


def _keep_an_admin(membership: Membership) -> None:
    if membership.role == Role.ADMIN and not _other_active_admins(membership):
        raise ValidationError(
            _("An institution needs at least one active administrator; appoint another first.")
        )


@transaction.atomic
def membership_set_role(*, actor: Membership, membership: Membership, role: str) -> Membership:
    membership = _lock_member(actor=actor, membership=membership)
    if role not in Role.values:
        raise ValidationError({"role": _("Choose a valid role.")})
    if role == membership.role:
        return membership
    if role != Role.ADMIN:
        _keep_an_admin(membership)
    previous, membership.role = membership.role, role
    membership.save(update_fields=["role"])
    audit_by(actor, "membership.role_changed", membership, **{"from": previous, "to": role})
    return membership


def user_sessions_end(*, user: User) -> int:
    """End every session of the user, on every device. Returns how many ended."""
    sessions = list(UserSession.objects.filter(user=user))
    for session in sessions:
        session.end()
    return len(sessions)


@transaction.atomic
def membership_deactivate(*, actor: Membership, membership: Membership) -> Membership:
    membership = _lock_member(actor=actor, membership=membership)
    if not membership.is_active:
        return membership
    _keep_an_admin(membership)
    membership.is_active = False
    membership.deactivated_at = timezone.now()
    membership.save(update_fields=["is_active", "deactivated_at"])
    ended = user_sessions_end(user=membership.user)
    audit_by(actor, "membership.deactivated", membership, sessions_ended=ended)
    return membership


@transaction.atomic
def membership_reactivate(*, actor: Membership, membership: Membership) -> Membership:
    membership = _lock_member(actor=actor, membership=membership)
    if membership.is_active:
        return membership
    membership.is_active = True
    membership.deactivated_at = None
    membership.save(update_fields=["is_active", "deactivated_at"])
    audit_by(actor, "membership.reactivated", membership)
    return membership


def membership_add(
    *, user: User, institution: Institution, role: str, actor: User | None = None
) -> Membership:
    """Used by set-up commands (demo data, first admin), where no membership acts yet."""
    with transaction.atomic():
        membership = Membership.objects.create(user=user, institution=institution, role=role)
        audit_record(
            action="membership.created",
            actor=actor,
            institution=institution,
            target=membership,
            details={"role": role},
        )
    return membership


@transaction.atomic
def user_set_language(*, user: User, language: str) -> User:
    """The person's interface language ("" follows their institution's default)."""
    if language and not is_shipped(language):
        raise ValidationError({"language": _("Choose one of the languages Vigil ships.")})
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.language != language:
        previous, user.language = user.language, language
        user.save(update_fields=["language"])
        audit_record(
            action="user.language_changed",
            actor=user,
            institution=None,
            target=user,
            details={"from": previous, "to": language},
        )
    return user


def user_create(
    *,
    email: str,
    full_name: str,
    password: str | None,
    actor: Membership | None = None,
    **extra: Any,
) -> User:
    with transaction.atomic():
        user = User.objects.create_user(
            email=email, password=password, full_name=full_name, **extra
        )
        EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
        audit_record(
            action="user.created",
            actor=actor.user if actor else None,
            institution=actor.institution if actor else None,
            target=user,
        )
    return user
