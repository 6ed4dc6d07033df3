"""The platform's own kind of record that search finds: generated documents, by title.

A generated document's bytes are encrypted at rest (vigil.core.services.documents) and may
hold what its audience was allowed to read, testimony included; indexing their text would put
it in clear in the index. So only the title is indexed, and documents about people not at all
(ADR 0023).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from vigil.core.access import OVERSIGHT_ROLES, scoped
from vigil.core.fulltext import Entry, SearchKind
from vigil.core.models import GeneratedDocument, Membership
from vigil.core.roles import Capability
from vigil.core.selectors import TESTIMONY_SUBJECTS


def documents_visible(actor: Membership) -> QuerySet[GeneratedDocument]:
    """The documents `document_get` lets the actor download: their own, or all of the
    institution's for oversight roles; never another's document about people."""
    documents = scoped(GeneratedDocument.objects.defer("content"), actor=actor)
    if actor.role not in OVERSIGHT_ROLES:
        documents = documents.filter(created_by_id=actor.user_id)
    for prefix in TESTIMONY_SUBJECTS:
        documents = documents.exclude(~Q(created_by_id=actor.user_id), subject__startswith=prefix)
    return documents


def _unindexed(documents: QuerySet[GeneratedDocument]) -> QuerySet[GeneratedDocument]:
    for prefix in TESTIMONY_SUBJECTS:
        documents = documents.exclude(subject__startswith=prefix)
    return documents.defer("content")


DOCUMENT = SearchKind(
    key="document",
    label=_("Generated documents"),
    group="documents",
    model=GeneratedDocument,
    capability=Capability.VIEW_VISITS,
    entry=lambda d: Entry(title=d.title, body=d.filename, on_date=d.created_at.date()),
    visible=documents_visible,
    url=lambda d: reverse("core:document_download", args=[d.pk]),
    context=lambda d: [d.filename],
    rows=_unindexed,
    order=90,
)
