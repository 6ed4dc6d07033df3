"""Downloading a generated document."""

from __future__ import annotations

from django.http.response import HttpResponseBase
from django.views.decorators.http import require_GET

from vigil.core import selectors
from vigil.core.access import membership_required
from vigil.core.downloads import file_download
from vigil.core.http import StaffRequest
from vigil.core.services.documents import document_read


@require_GET
@membership_required()
def document_download(request: StaffRequest, document_id: int) -> HttpResponseBase:
    """A document Vigil made, to its reader; each download is audited."""
    actor = request.membership
    document = selectors.document_get(actor=actor, pk=document_id)
    # The name was chosen by Vigil when the document was made, never taken from the request.
    return file_download(
        document_read(actor=actor, document=document),
        filename=document.filename,
        content_type=document.content_type,
        private=True,
    )
