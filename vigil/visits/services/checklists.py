"""Writes for checklists: importing XLSForm versions, filling and importing submissions.

The server is the judge of relevance and constraints: every save evaluates the
whole form, drops answers to questions that are not relevant, and records the
problems; a checklist is complete only when none remain.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vigil.core.access import require_capability
from vigil.core.audit import PendingEvent, audit_record, audit_record_many
from vigil.core.models import Membership
from vigil.core.roles import Capability
from vigil.core.tabular import TableError
from vigil.visits.access import require_visit_editor
from vigil.visits.models import ChecklistSubmission, ChecklistTemplate, ChecklistVersion, Visit
from vigil.visits.selectors.checklists import definition_of
from vigil.visits.xlsform import FormDefinition, FormState, evaluate_form, read_xlsform
from vigil.visits.xlsform.export_files import read_export
from vigil.visits.xlsform.submissions import ExportRead, read_export_submissions


@transaction.atomic
def checklist_import(
    *, actor: Membership | None, content: bytes, filename: str, shared: bool = False
) -> ChecklistVersion:
    """A new version of the form's template (created on its first import).

    `shared` (used for Vigil's own starter library) puts it in no institution.
    """
    if actor is not None:
        require_capability(actor, Capability.MANAGE_CHECKLISTS)
    definition = read_xlsform(content, filename)
    institution = None if shared or actor is None else actor.institution
    template, _created = ChecklistTemplate.objects.get_or_create(
        institution=institution, form_id=definition.form_id, defaults={"title": definition.title}
    )
    if template.versions.filter(version=definition.version).exists():
        raise ValidationError(
            {
                "file": _(
                    "Version %(v)s of %(form)s exists already; raise the version in the "
                    "settings sheet."
                )
                % {"v": definition.version, "form": definition.form_id}
            }
        )
    if template.title != definition.title:
        template.title = definition.title
        template.save(update_fields=["title"])
    version = ChecklistVersion.objects.create(
        template=template,
        version=definition.version,
        definition=definition.to_dict(),
        xlsform=content,
        imported_by=actor.user if actor else None,
    )
    audit_record(
        action="checklist.version_imported",
        actor=actor.user if actor else None,
        institution=institution,
        target=version,
        details={"form_id": definition.form_id, "version": definition.version},
    )
    return version


def collect_only_message(definition: FormDefinition) -> str:
    return _("Fill in ODK Collect or Tella: the web checklist cannot evaluate %(constructs)s.") % {
        "constructs": "; ".join(definition.collect_only_reasons())
    }


@transaction.atomic
def submission_start(
    *, actor: Membership, visit: Visit, version: ChecklistVersion
) -> ChecklistSubmission:
    require_visit_editor(actor, visit)
    if version.template.institution_id not in (None, actor.institution_id):
        raise ValidationError(_("That choice does not exist."))
    if not version.web_fillable:
        raise ValidationError(collect_only_message(definition_of(version)))
    submission = ChecklistSubmission.objects.create(
        institution=actor.institution,
        visit=visit,
        version=version,
        started_by=actor.user,
        answers=definition_of(version).initial_answers(),  # each question's `default`
    )
    audit_record(
        action="checklist.started",
        actor=actor.user,
        institution=actor.institution,
        target=submission,
        details={"visit": visit.pk, "form_id": version.template.form_id},
    )
    return submission


def submission_save(
    *,
    actor: Membership,
    submission: ChecklistSubmission,
    answers: dict[str, Any],
    complete: bool = False,
    language: str | None = None,
) -> FormState:
    """Save what was typed (even partial); mark complete only when the form is valid."""
    # Refuse completion only after the answers are committed: raising inside the
    # transaction would throw away what the monitor typed.
    state = _submission_store(
        actor=actor, submission=submission, answers=answers, complete=complete, language=language
    )
    if complete and not state.is_complete:
        raise ValidationError(
            _("The checklist is saved but not complete: %(n)s answer(s) need attention.")
            % {"n": len(state.errors)}
        )
    return state


@transaction.atomic
def _submission_store(
    *,
    actor: Membership,
    submission: ChecklistSubmission,
    answers: dict[str, Any],
    complete: bool,
    language: str | None,
) -> FormState:
    require_visit_editor(actor, submission.visit)
    submission = ChecklistSubmission.objects.select_for_update().get(pk=submission.pk)
    definition = definition_of(submission.version)
    state = evaluate_form(definition, answers, language or definition.default_language)
    submission.answers = state.cleaned_answers
    was_complete = submission.is_complete
    submission.is_complete = complete and state.is_complete
    submission.updated_at = timezone.now()
    submission.save(update_fields=["answers", "is_complete", "updated_at"])
    if submission.is_complete and not was_complete:
        audit_record(
            action="checklist.completed",
            actor=actor.user,
            institution=actor.institution,
            target=submission,
        )
    return state


@dataclass
class SubmissionImportReport:
    imported: int = 0
    duplicates: int = 0
    rows: int = 0
    unmatched_columns: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


@transaction.atomic
def submissions_import(
    *,
    actor: Membership,
    visit: Visit,
    version: ChecklistVersion,
    content: bytes,
    filename: str,
    accept_unmatched: bool = False,
) -> SubmissionImportReport:
    """Submissions of an ODK Central or KoboToolbox export become this visit's filled
    checklists, with their repeats' entries (nested at any depth) in place.

    All or nothing: a row of another form version, an entry whose parent is not in the
    export, or a file that cannot be read refuses the whole file. Columns that match no
    question refuse it too, listed, until the user accepts leaving them out. Submissions
    already imported (same instance id) are skipped.
    """
    require_visit_editor(actor, visit)
    definition = definition_of(version)
    try:
        export = read_export(content, filename)
    except TableError as error:
        raise ValidationError({"file": str(error)}) from error
    read = read_export_submissions(definition, export)
    report = SubmissionImportReport(
        rows=len(read.submissions), unmatched_columns=sorted(read.unmatched)
    )
    report.problems = read.problems + _version_problems(read, definition.version)
    if report.problems:
        raise ValidationError(report.problems)
    if report.unmatched_columns and not accept_unmatched:
        raise UnmatchedColumns(report.unmatched_columns)
    created = _new_submissions(actor, visit, version, read, report)
    ChecklistSubmission.objects.bulk_create(created)
    report.imported = len(created)
    audit_record_many(
        events=[
            PendingEvent("checklist.imported", s, {"visit": visit.pk, "source": "odk"})
            for s in created
        ],
        actor=actor.user,
        institution=actor.institution,
    )
    return report


class UnmatchedColumns(ValidationError):
    """Columns of the export that match no question: nothing is imported until the user
    accepts to leave them out."""

    def __init__(self, columns: list[str]) -> None:
        super().__init__(
            _(
                "These columns match no question of the form: %(columns)s. Nothing was "
                "imported. Choose the form version they belong to, or import again and "
                "accept to leave them out."
            )
            % {"columns": ", ".join(columns)}
        )
        self.columns = columns


def _version_problems(read: ExportRead, version: str) -> list[str]:
    # ODK Central exports the form's own version; KoboToolbox's __version__ is its
    # deployment id, which says nothing about the XLSForm version.
    return [
        _("Row %(row)s was filled with version %(got)s, not %(want)s.")
        % {"row": s.row, "got": s.meta.version, "want": version}
        for s in read.submissions
        if s.meta.version_column == "FormVersion" and s.meta.version != version
    ]


def _new_submissions(
    actor: Membership,
    visit: Visit,
    version: ChecklistVersion,
    read: ExportRead,
    report: SubmissionImportReport,
) -> list[ChecklistSubmission]:
    definition = definition_of(version)
    known = set(
        ChecklistSubmission.objects.filter(visit=visit, version=version)
        .exclude(external_id="")
        .values_list("external_id", flat=True)
    )
    created = []
    for submission in read.submissions:
        instance_id = submission.meta.instance_id
        if instance_id and instance_id in known:
            report.duplicates += 1
            continue
        state = evaluate_form(definition, submission.answers, definition.default_language)
        answers, is_complete = state.cleaned_answers, state.is_complete
        if not definition.web_fillable:
            # ODK judged relevance and constraints on the device with what Vigil cannot
            # evaluate (calculations, ODK-only questions): keep every answer it sent.
            unknown = set(state.unknown_answers)
            answers = {k: v for k, v in submission.answers.items() if k not in unknown}
            is_complete = True
        created.append(
            ChecklistSubmission(
                institution=actor.institution,
                visit=visit,
                version=version,
                answers=answers,
                is_complete=is_complete,
                source=ChecklistSubmission.Source.ODK,
                external_id=instance_id[:100],
                started_by=actor.user,
            )
        )
        if instance_id:
            known.add(instance_id)
    return created
