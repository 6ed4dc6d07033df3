"""The evidence vault's pages: add a file to an interview, case or examination; see a file
with its chain of custody; take it out (download, or a photograph's preview).

Every file is reached through its holder's need to know (`access.evidence_get`), and every
time its bytes leave the vault an audit event says who took them and why.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods

from vigil.core import downloads
from vigil.core.access import membership_required, require_capability
from vigil.core.crypto import DecryptionError
from vigil.core.forms import form_saved
from vigil.core.http import StaffRequest
from vigil.core.models import Membership
from vigil.core.pagination import paginate
from vigil.core.roles import Capability
from vigil.people import access, vault
from vigil.people.forms.evidence import EvidenceForm
from vigil.people.models import Case, Evidence, Examination, Interview
from vigil.people.selectors.evidence import Holder, custody_events, evidence_holder_get
from vigil.people.services import evidence as services
from vigil.people.services.medical import require_examination_editor

# What each event of a file's chain of custody means to a reader.
CUSTODY_ACTIONS = {
    "evidence.received": gettext_lazy("Received and sealed"),
    "record.read": gettext_lazy("Record opened"),
    "evidence.viewed": gettext_lazy("Viewed (preview)"),
    "evidence.downloaded": gettext_lazy("Downloaded"),
}
CUSTODY_PER_PAGE = 50
# The vault's bytes must never be rendered as a page: no script, no plug-in, no sniffing.
PREVIEW_CSP = "sandbox; default-src 'none'"


# --- holders -------------------------------------------------------------------------------


def _require_writer(actor: Membership, holder: Holder) -> None:
    if isinstance(holder, Interview):
        require_capability(actor, Capability.RECORD_INTERVIEWS)
    elif isinstance(holder, Case):
        if not access.can_manage_case(actor, holder):
            raise PermissionDenied
    else:
        require_examination_editor(actor, holder)


def _holder_kind_label(holder: Holder) -> str:
    if isinstance(holder, Interview):
        return _("Interview")
    if isinstance(holder, Case):
        return _("Case")
    return _("Medical examination")


def _holder_label(holder: Holder) -> str:
    if isinstance(holder, Examination):
        return f"{holder} · {holder.case.reference}"
    return str(holder)


def _holder_url(holder: Holder) -> str:
    name, argument = {
        Interview: ("people:interview_detail", "interview_id"),
        Case: ("people:case_detail", "case_id"),
        Examination: ("people:examination_detail", "examination_id"),
    }[type(holder)]
    return reverse(name, kwargs={argument: holder.pk})


def _holder_of(evidence: Evidence) -> Holder:
    holder = evidence.interview or evidence.case or evidence.examination
    assert holder is not None  # a database constraint gives every file exactly one holder
    return holder


# --- adding a file -------------------------------------------------------------------------

UploadView = Callable[..., HttpResponse]


def _reads_evidence_upload(view: UploadView) -> UploadView:
    """Install the vault's upload handler before anything reads the request's body.

    The CSRF check reads the body, so it runs here, after the handler is in place.
    """
    protected = csrf_protect(view)

    @csrf_exempt
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        handler = vault.EvidenceUploadHandler(request)
        request.upload_handlers = [handler]
        return protected(request, handler, *args, **kwargs)

    return wrapper


def _evidence_add(
    request: StaffRequest, handler: vault.EvidenceUploadHandler, kind: str, pk: int
) -> HttpResponse:
    actor = request.membership
    holder = evidence_holder_get(actor, kind, pk, audited=request.method != "POST")
    _require_writer(actor, holder)
    if request.method != "POST":
        form = EvidenceForm()
    else:
        form = EvidenceForm(
            request.POST,
            request.FILES,
            refused=vault.too_large_message(handler.limit) if handler.too_large else "",
        )

        def save(data: dict[str, Any]) -> Evidence:
            upload = data["file"]
            return services.evidence_add(
                actor=actor,
                holder=holder,
                data=upload.read(),
                original_name=upload.name or "",
                description=data["description"],
            )

        def confirm(evidence: Evidence) -> str:
            message = _("File %(name)s received; its SHA-256 at intake is recorded.") % {
                "name": evidence.stored_name
            }
            if evidence.metadata_stripped:
                message += " " + _("Location and camera details were removed.")
            return message

        if saved := form_saved(
            request,
            form,
            save,
            done=confirm,
            to=lambda evidence: reverse("people:evidence_detail", args=[evidence.pk]),
        ):
            return saved
    context = {
        "form": form,
        "holder": holder,
        "holder_kind": _holder_kind_label(holder),
        "holder_label": _holder_label(holder),
        "holder_url": _holder_url(holder),
    }
    return render(request, "people/evidence_form.html", context)


@require_http_methods(["GET", "POST"])
@membership_required()
@_reads_evidence_upload
def interview_evidence_add(
    request: StaffRequest, handler: vault.EvidenceUploadHandler, interview_id: int
) -> HttpResponse:
    """A file added to an interview's evidence."""
    return _evidence_add(request, handler, "interview", interview_id)


@require_http_methods(["GET", "POST"])
@membership_required()
@_reads_evidence_upload
def case_evidence_add(
    request: StaffRequest, handler: vault.EvidenceUploadHandler, case_id: int
) -> HttpResponse:
    """A file added to a case's evidence."""
    return _evidence_add(request, handler, "case", case_id)


@require_http_methods(["GET", "POST"])
@membership_required()
@_reads_evidence_upload
def examination_evidence_add(
    request: StaffRequest, handler: vault.EvidenceUploadHandler, examination_id: int
) -> HttpResponse:
    """A file added to an examination's evidence."""
    return _evidence_add(request, handler, "examination", examination_id)


# --- one file --------------------------------------------------------------------------------


logger = logging.getLogger(__name__)


@require_GET
@membership_required()
def evidence_detail(request: StaffRequest, evidence_id: int) -> HttpResponse:
    """One file, its holder and its chain of custody."""
    actor = request.membership
    evidence = access.evidence_get(actor=actor, pk=evidence_id)
    holder = _holder_of(evidence)
    # The chain of custody is the audit trail of this file, oldest first.
    events = custody_events(actor=actor, evidence=evidence)
    pagination = paginate(request, events, per_page=CUSTODY_PER_PAGE)
    custody = [
        (event, CUSTODY_ACTIONS.get(event.action, event.action))
        for event in pagination["page"].object_list
    ]
    context = {
        "evidence": evidence,
        "holder_kind": _holder_kind_label(holder),
        "holder_label": _holder_label(holder),
        "holder_url": _holder_url(holder),
        "custody": custody,
        "is_photo": evidence.kind == Evidence.Kind.PHOTO,
        **pagination,
    }
    return render(request, "people/evidence_detail.html", context)


def _file_response(evidence: Evidence, content: bytes, *, as_attachment: bool) -> HttpResponseBase:
    # The name was chosen by Vigil at intake ("E-00007.jpg"), never the one it arrived with.
    response: HttpResponseBase
    if as_attachment:
        response = downloads.file_download(
            content, filename=evidence.stored_name, content_type=evidence.content_type, private=True
        )
    else:
        response = HttpResponse(content, content_type=evidence.content_type)
        response["Content-Disposition"] = (
            content_disposition_header(as_attachment=False, filename=evidence.stored_name)
            or "inline"
        )
        response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response


def _damaged(request: HttpRequest, evidence: Evidence) -> HttpResponse:
    # The bytes failed authentication: altered or damaged at rest. Say so plainly, keep the
    # file as it is for investigation, and leave a trace for administrators (no content).
    logger.error("Evidence %s failed its integrity check on reading.", evidence.pk)
    return render(request, "people/evidence_damaged.html", {"evidence": evidence}, status=409)


@require_GET
@membership_required()
def evidence_download(request: StaffRequest, evidence_id: int) -> HttpResponseBase:
    """The file itself, decrypted, for a reader who may see it; the read is audited."""
    actor = request.membership
    evidence = access.evidence_get(actor=actor, pk=evidence_id, audited=False)
    try:
        content = services.evidence_read(
            actor=actor, evidence=evidence, purpose=services.ReadPurpose.DOWNLOADED
        )
    except DecryptionError:
        return _damaged(request, evidence)
    return _file_response(evidence, content, as_attachment=True)


@require_GET
@membership_required()
def evidence_view(request: StaffRequest, evidence_id: int) -> HttpResponseBase:
    """A photograph shown in the page (its preview); other kinds are only downloaded."""
    actor = request.membership
    evidence = access.evidence_get(actor=actor, pk=evidence_id, audited=False)
    if evidence.kind != Evidence.Kind.PHOTO:
        raise Http404
    try:
        content = services.evidence_read(
            actor=actor, evidence=evidence, purpose=services.ReadPurpose.VIEWED
        )
    except DecryptionError:
        return _damaged(request, evidence)
    response = _file_response(evidence, content, as_attachment=False)
    response["Content-Security-Policy"] = PREVIEW_CSP
    return response
