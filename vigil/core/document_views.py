"""Downloading a generated document."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from vigil.core.access import membership_required
from vigil.core.documents import document_get_for_download, document_read
from vigil.core.models import Membership


@require_GET
@membership_required()
def document_download(request: HttpRequest, document_id: int) -> HttpResponse:
    actor: Membership = request.membership  # type: ignore[attr-defined]
    document = document_get_for_download(actor=actor, pk=document_id)
    content = document_read(actor=actor, document=document)
    response = HttpResponse(content, content_type=document.content_type)
    # The name was chosen by Vigil when the document was made, never taken from the request.
    response["Content-Disposition"] = (
        content_disposition_header(as_attachment=True, filename=document.filename) or "attachment"
    )
    response["Cache-Control"] = "private, no-store"
    return response
