"""Attendance certificates of a training: one A4 landscape page for each participant who
attended, written in the background and stored encrypted (they carry names)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from vigil.core import rendering
from vigil.core.audit import audit_record
from vigil.core.jobs import JobFailed, JobProgress, document_result, job_reader, job_start
from vigil.core.languages import document_language
from vigil.core.models import Job, Membership
from vigil.core.redaction import Audience
from vigil.core.roles import Capability
from vigil.core.services.documents import document_store
from vigil.programmes.models import Activity, RosterEntry, TrainingSession
from vigil.programmes.reports.common import day
from vigil.programmes.selectors.training import attended_entries, training_get
from vigil.programmes.services.common import may_manage

CERTIFICATE_JOB = "programmes.certificates"


def training_certificates_start(
    *,
    actor: Membership,
    session: TrainingSession,
    entry: RosterEntry | None = None,
    language: str = "",
) -> Job:
    """Queue attendance certificates: one entry's, or one page for each who attended."""
    may_manage(actor, session, entry)
    if entry is not None:
        if entry.session_id != session.pk:
            raise ValidationError(_("That participant is not on this training's roster."))
        if not entry.attended:
            raise ValidationError(_("Only participants who attended get a certificate."))
        title = _("Attendance certificate of participant #%(number)s: %(training)s") % {
            "number": entry.pk,
            "training": session.activity.title,
        }
    else:
        if not attended_entries(session).exists():
            raise ValidationError(_("Nobody on the roster is marked as having attended."))
        title = _("Attendance certificates: %(training)s") % {"training": session.activity.title}
    # Neither the job's title nor its parameters name anyone: both are stored in clear.
    return job_start(
        actor=actor,
        kind=CERTIFICATE_JOB,
        params={
            "session": session.pk,
            "entry": entry.pk if entry is not None else None,
            "language": document_language(language),
        },
        title=title[:200],
    )


def training_dates(activity: Activity) -> str:
    """When the training was, as a certificate and the training's page say it."""
    if activity.ends_on and activity.ends_on != activity.starts_on:
        return _("from %(first)s to %(last)s") % {
            "first": day(activity.starts_on),
            "last": day(activity.ends_on),
        }
    return _("on %(day)s") % {"day": day(activity.starts_on)}


def certificates_pdf(session: TrainingSession, entries: Sequence[RosterEntry]) -> bytes:
    """One A4 landscape page per participant."""
    html = render_to_string(
        "programmes/certificate_pdf.html",
        {
            "session": session,
            "activity": session.activity,
            "institution": session.institution,
            "topics": list(session.topics.all()),
            "dates": training_dates(session.activity),
            "entries": entries,
            "language": translation.get_language() or "en",
        },
    )
    css = (
        "@page { size: A4 landscape; margin: 18mm; }"
        f'body {{ font-family: "{rendering.FONT_FAMILY}"; color: #1a1a1a; }}'
        ".certificate { page-break-after: always; text-align: center; padding-top: 12mm; }"
        ".certificate:last-child { page-break-after: auto; }"
        ".institution { font-size: 15pt; font-weight: bold; margin: 0; }"
        ".kind { font-size: 9pt; color: #555; margin: 0 0 14mm; }"
        ".heading { font-size: 26pt; letter-spacing: 0.04em; margin: 0 0 8mm; }"
        ".name { font-size: 22pt; font-weight: bold; margin: 4mm 0; }"
        ".training { font-size: 16pt; font-style: italic; margin: 4mm 0; }"
        ".line { font-size: 11pt; margin: 2mm 0; }"
        ".signature { margin-top: 18mm; font-size: 10pt; color: #333; }"
    )
    return rendering.pdf_from_html(html, extra_css=css)


def _certificate_reader(job: Job) -> Membership:
    """Names are written only for who may still see them: its starter, managing programmes."""
    try:
        return job_reader(job, Capability.MANAGE_PROGRAMMES)
    except JobFailed:
        raise JobFailed(
            _("Only those who manage programmes may have certificates written.")
        ) from None


def generate_certificates(job: Job, progress: JobProgress) -> dict[str, Any]:
    """The job: certificates for the attended entries, stored encrypted, the writing audited."""
    reader = _certificate_reader(job)
    with translation.override(job.params.get("language") or None):
        try:
            session = training_get(actor=reader, pk=job.params.get("session"))
        except Http404:
            raise JobFailed(_("The training no longer exists.")) from None
        entries = attended_entries(session)
        if job.params.get("entry") is not None:
            entries = entries.filter(pk=job.params["entry"])
        chosen = list(entries)
        if not chosen:
            raise JobFailed(_("Nobody on the roster is marked as having attended."))
        progress(0, 3, _("Gathering the training's facts…"))
        progress(1, 3, _("Writing the certificates…"))
        content = certificates_pdf(session, chosen)
        progress(2, 3, _("Storing the document…"))
        single = job.params.get("entry") is not None
        slug = slugify(session.activity.title)[:60] or str(session.pk)
        filename = (
            f"certificate-{slug}-{chosen[0].pk}.pdf" if single else f"certificates-{slug}.pdf"
        )
        with transaction.atomic():
            stored = document_store(
                actor=reader,
                title=job.title,
                filename=filename,
                content_type=rendering.PDF_CONTENT_TYPE,
                content=content,
                audience=Audience.INTERNAL,
                subject=session,
                job=job,
            )
            audit_record(
                action="training.certificates_generated",
                actor=reader.user,
                institution=reader.institution,
                target=session,
                details={"entries": [e.pk for e in chosen], "document": stored.pk},
            )
        progress(3, 3, _("The certificates are ready."))
    return document_result(stored)
