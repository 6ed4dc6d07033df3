"""The institution's team: who is a member, inviting people, and changing or ending a role."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from vigil.core import selectors
from vigil.core.access import actor_can, membership_required
from vigil.core.forms import InviteForm, RoleForm, form_saved
from vigil.core.http import StaffRequest
from vigil.core.mail import mail_is_sent
from vigil.core.models import Membership
from vigil.core.roles import Capability
from vigil.core.services import institutions as services


@require_GET
@membership_required(Capability.VIEW_MEMBERS)
def member_list(request: StaffRequest) -> HttpResponse:
    """The institution's members, active ones first."""
    actor = request.membership
    members = selectors.membership_list(actor=actor)
    can_manage = actor_can(actor, Capability.MANAGE_MEMBERS)
    return render(request, "core/member_list.html", {"members": members, "can_manage": can_manage})


@membership_required(Capability.MANAGE_MEMBERS)
def member_invite(request: StaffRequest) -> HttpResponse:
    """Invite a person into the institution with a role; they get an e-mail."""
    actor = request.membership
    form = InviteForm(request.POST or None)
    saved = form_saved(
        request,
        form,
        lambda data: services.membership_invite(
            actor=actor, base_url=request.build_absolute_uri("/"), **data
        ),
        done=_invited,
        # Without mail, the person's page holds the link to hand over.
        to=reverse("core:member_list")
        if mail_is_sent()
        else lambda membership: reverse("core:member_detail", args=[membership.pk]),
    )
    status = 400 if request.method == "POST" else 200
    return saved or render(request, "core/member_invite.html", {"form": form}, status=status)


def _invited(membership: Membership) -> str:
    if mail_is_sent():
        return _("%(person)s is invited and will receive an e-mail.") % {"person": membership.user}
    return _(
        "%(person)s is invited. No mail server is set, so no e-mail was sent: "
        "hand them the one-time link below."
    ) % {"person": membership.user}


def _invitation_link(request: StaffRequest, membership: Membership) -> str:
    """The link a person without a password needs, shown only when no e-mail can carry it."""
    if mail_is_sent() or membership.user.has_usable_password() or not membership.is_active:
        return ""
    return services.invitation_url(user=membership.user, base_url=request.build_absolute_uri("/"))


def _member_act(request: StaffRequest, membership: Membership, form: RoleForm, action: str) -> str:
    """Do what the member page's button asks; the confirmation to show."""
    actor = request.membership
    if action == "deactivate":
        services.membership_deactivate(actor=actor, membership=membership)
        return _("Access ended; their sessions were closed.")
    if action == "reactivate":
        services.membership_reactivate(actor=actor, membership=membership)
        return _("Access restored.")
    if not form.is_valid():
        raise ValidationError(_("Choose a valid role."))
    services.membership_set_role(actor=actor, membership=membership, role=form.cleaned_data["role"])
    return _("Role saved.")


@membership_required(Capability.MANAGE_MEMBERS)
def member_detail(request: StaffRequest, membership_id: int) -> HttpResponse:
    """One member: change their role, end their access or restore it."""
    membership = selectors.membership_get(actor=request.membership, pk=membership_id)
    form = RoleForm(request.POST or None, initial={"role": membership.role})
    if request.method == "POST":
        try:
            done = _member_act(request, membership, form, request.POST.get("action", "role"))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, done)
        return HttpResponseRedirect(reverse("core:member_detail", args=[membership.pk]))
    context = {
        "member": membership,
        "form": form,
        "invitation_link": _invitation_link(request, membership),
    }
    response = render(request, "core/member_detail.html", context)
    if context["invitation_link"]:
        add_never_cache_headers(response)  # the link opens the account: no stored copy
    return response
