"""Forms of the platform, and the bases every app's forms use.

`ActorForm` and `ActorModelForm` take the acting membership (`actor=`) and fill every
record choice from what that actor may see: a `ScopedModelChoiceField(Place)` offers the
institution's places, a vocabulary (themes, kinds of place) the shipped terms and the
institution's own, and a field with `scope=` whatever that selector returns. A record
choice that is not scoped is refused when the form is built, so no form can offer another
institution's records.

A form that edits a record (`record=`, or a model form's saved instance) carries the
version it started from in a hidden field, and `form_saved` refuses a stale save with the
conflict page, where the person sees what changed and merges (ADR 0016).
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import models, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from vigil.core import limits
from vigil.core.languages import local_choices
from vigil.core.models import Institution, Membership, Versioned
from vigil.core.redaction import Audience
from vigil.core.roles import Role
from vigil.core.searchable import Lookup, SearchableSelect, SearchableSelectMultiple
from vigil.core.services.records import Conflict, version_claim
from vigil.core.tenancy import scope_for

Saved = TypeVar("Saved")
Scope = Callable[[Membership], "models.QuerySet[Any]"]


class _Scoped:
    """What the two scoped choice fields share: a model and, optionally, a selector."""

    scope: Scope | None

    def _start(self, model: type[models.Model], scope: Scope | None) -> dict[str, Any]:
        self.scope = scope
        return {"queryset": model._default_manager.none()}

    def fill(self, actor: Membership) -> None:
        field: Any = self
        model = field.queryset.model
        field.queryset = self.scope(actor) if self.scope else scope_for(model, actor)


class ScopedModelChoiceField(_Scoped, forms.ModelChoiceField):
    """One record of `model`, among those the acting membership may see."""

    def __init__(self, model: type[models.Model], *, scope: Scope | None = None, **kw: Any):
        super().__init__(**self._start(model, scope), **kw)


class ScopedModelMultipleChoiceField(_Scoped, forms.ModelMultipleChoiceField):
    """Records of `model`, among those the acting membership may see."""

    def __init__(self, model: type[models.Model], *, scope: Scope | None = None, **kw: Any):
        super().__init__(**self._start(model, scope), **kw)


class SearchableChoiceField(ScopedModelChoiceField):
    """One record among the actor's scope of `lookup`, chosen by searching as one types
    when there are many (ADR 0022). A posted id outside that scope is a form error."""

    def __init__(
        self, lookup: Lookup, *, narrow_by: dict[str, str] | None = None, **kw: Any
    ) -> None:
        kw.setdefault("widget", SearchableSelect(lookup, narrow_by=narrow_by))
        super().__init__(lookup.model, scope=lookup.scope, **kw)
        self.lookup = lookup

    def label_from_instance(self, obj: Any) -> str:
        return self.lookup.label(obj)


class SearchableMultipleChoiceField(ScopedModelMultipleChoiceField):
    """Several records among the actor's scope of `lookup` (see SearchableChoiceField)."""

    def __init__(
        self, lookup: Lookup, *, narrow_by: dict[str, str] | None = None, **kw: Any
    ) -> None:
        kw.setdefault("widget", SearchableSelectMultiple(lookup, narrow_by=narrow_by))
        super().__init__(lookup.model, scope=lookup.scope, **kw)
        self.lookup = lookup

    def label_from_instance(self, obj: Any) -> str:
        return self.lookup.label(obj)


def _scope_choices(form: forms.BaseForm, actor: Membership) -> None:
    for name, field in form.fields.items():
        if isinstance(field, _Scoped):
            field.fill(actor)
        elif isinstance(field, forms.ModelChoiceField):
            try:  # a model form's own foreign keys: tenant data or vocabularies
                field.queryset = scope_for(field.queryset.model, actor)  # type: ignore[union-attr]
            except TypeError as error:
                raise ImproperlyConfigured(f"{type(form).__name__}.{name}: {error}") from error


VERSION = "version"


class VersionField(forms.IntegerField):
    """The version of the record an edit started from; never a change of its own."""

    widget = forms.HiddenInput

    def has_changed(self, initial: Any, data: Any) -> bool:
        return False


class EditsRecord:
    """Mixin of a form that edits `record`: it carries the record's version (hidden), and
    keeps it out of `cleaned_data` (as `expected_version`) so services never see it."""

    record: Versioned | None = None
    expected_version: int | None = None

    def __init__(self, *args: Any, record: Versioned | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form: Any = self
        instance = getattr(form, "instance", None)
        if record is None and isinstance(instance, Versioned) and instance.pk:
            record = instance
        if record is not None:
            self.record = record
            form.fields[VERSION] = VersionField(initial=record.version, min_value=1)

    def full_clean(self) -> None:
        form: Any = self
        super().full_clean()  # type: ignore[misc]
        if self.record is not None and hasattr(form, "cleaned_data"):
            self.expected_version = form.cleaned_data.pop(VERSION, None)

    def edited_values(self) -> dict[str, Any]:
        """The edit's values and labels, for the comparison with the record as saved."""
        form: Any = self
        return {n: v for n, v in form.cleaned_data.items() if n in form.fields}

    def labels(self) -> dict[str, str]:
        form: Any = self
        return {name: str(field.label) for name, field in form.fields.items() if field.label}


class ActorForm(EditsRecord, forms.Form):
    """A form for the acting membership; every record choice is scoped to what it may see."""

    def __init__(self, *args: Any, actor: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.actor = actor
        _scope_choices(self, actor)

    def narrow(self, name: str, queryset: models.QuerySet[Any]) -> None:
        """Offer fewer records than the actor's scope (a selector's narrower queryset)."""
        field: Any = self.fields[name]
        field.queryset = queryset


class ActorModelForm(EditsRecord, forms.ModelForm):
    """`ActorForm` for a model form: its foreign keys are scoped the same way."""

    def __init__(self, *args: Any, actor: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.actor = actor
        _scope_choices(self, actor)

    narrow = ActorForm.narrow


class AudienceField(forms.ChoiceField):
    """ "Who is the report for?": the audiences a document may be made for, first the default."""

    def __init__(self, audiences: Iterable[Audience], **kwargs: Any) -> None:
        chosen = list(audiences)
        kwargs.setdefault("label", _("Who is the report for?"))
        kwargs.setdefault("initial", chosen[0].value)
        kwargs.setdefault("widget", forms.RadioSelect)
        super().__init__(choices=[(a.value, a.label) for a in chosen], **kwargs)


def ask_document_language(form: forms.BaseForm, institution: Institution) -> None:
    """Give a form that asks for a document the choice of its language (cleaned as
    `language`), whatever the interface language of the person asking."""
    form.fields["language"] = DocumentLanguageField(institution)


class InviteForm(forms.Form):
    """A person to invite into the institution, with their role."""

    email = forms.EmailField(label=_("E-mail address"))
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class RoleForm(forms.Form):
    """A member's new role."""

    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


def _time_zone_choices() -> list[tuple[str, str]]:
    return [(tz, tz) for tz in sorted(zoneinfo.available_timezones())]


class InstitutionForm(EditsRecord, forms.Form):
    """The institution's name, kind, time zone, languages, calendar and the conventions of
    the spreadsheets it imports."""

    name = forms.CharField(label=_("Name"), max_length=200)
    country = forms.CharField(label=_("Country"), max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), choices=Institution.Kind.choices)
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=_time_zone_choices)
    default_language = forms.ChoiceField(
        label=_("Default language"),
        choices=local_choices,
        help_text=_("The interface language of members who have not chosen one."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Document languages"),
        choices=local_choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Reports, certificates, matrices and letters can be written in these."),
    )
    calendar = forms.ChoiceField(
        label=_("Years in dates"),
        choices=Institution.Calendar.choices,
        help_text=_("The Thai Buddhist era adds 543 to the year of every date shown."),
    )
    decimal_mark = forms.ChoiceField(
        label=_("Numbers in imported files"),
        choices=Institution.DecimalMark.choices,
        help_text=_("Decides whether 1.000 in a spreadsheet is one or a thousand."),
    )
    date_order = forms.ChoiceField(
        label=_("Dates in imported files"),
        choices=Institution.DateOrder.choices,
        required=False,
        help_text=_("Decides whether 03/04/2026 is 3 April or 4 March."),
    )
    small_count_below = forms.IntegerField(
        label=_("Smallest count of people shown"),
        required=False,  # left out: unchanged
        min_value=2,
        max_value=50,
        help_text=_(
            "Outside casework, smaller counts of people are shown as “fewer than” this number, "
            "so that no one can be singled out."
        ),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        default, codes = data.get("default_language"), data.get("languages") or []
        if default and codes and default not in codes:
            self.add_error(
                "default_language", _("The default language must be one of the document languages.")
            )
        return data


class DocumentLanguageField(forms.ChoiceField):
    """ "In which language?": the institution's document languages, its default first chosen."""

    def __init__(self, institution: Institution, **kwargs: Any) -> None:
        codes = list(institution.languages) or [institution.default_language]
        if institution.default_language not in codes:
            codes.insert(0, institution.default_language)
        kwargs.setdefault("label", _("Language of the document"))
        kwargs.setdefault("initial", institution.default_language)
        # Left out (a bookmarked link, an older form): the institution's default language.
        kwargs.setdefault("required", False)
        self.default_language = institution.default_language
        super().__init__(choices=local_choices(codes), **kwargs)

    def clean(self, value: Any) -> str:
        return str(super().clean(value) or self.default_language)


class RetentionForm(forms.Form):
    """How many days each kind of personal data is kept; blank keeps it until one is set."""

    def __init__(self, *args: Any, rules: Iterable[Any], max_days: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for rule in rules:
            self.fields[rule.key] = forms.IntegerField(
                label=rule.label,
                required=False,
                min_value=1,
                max_value=max_days,
                help_text=_("Days after it is recorded; then %(action)s. Blank: kept.")
                % {"action": rule.action},
            )


class AuditFilterForm(forms.Form):
    """Filters of the audit trail: who, what, which record, between which days."""

    actor = forms.TypedChoiceField(label=_("Who"), coerce=int, required=False, empty_value=None)
    action = forms.CharField(label=_("Action"), required=False, max_length=64)
    target_type = forms.CharField(label=_("Record type"), required=False, max_length=64)
    target_id = forms.CharField(label=_("Record id"), required=False, max_length=64)
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: object, actors: list[tuple[int, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["actor"].choices = [("", _("Anyone")), *actors]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end date is before the start date."))
        return data


class UploadForm(forms.Form):
    """The CSV or XLSX file of a table import; `cleaned_data["content"]` is its bytes, read
    within the upload limit (vigil.core.limits)."""

    content = b""

    file = forms.FileField(
        label=_("File (CSV or Excel .xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx", ".txt")):
            raise forms.ValidationError(_("Choose a .csv or .xlsx file."))
        try:
            limits.check_size(upload.size)
            # The declared size may lie: what is kept is what was read, up to the limit.
            self.content = limits.read_capped(upload)
        except limits.UploadRefused as error:
            raise error.as_validation_error() from error
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "file" in data:
            data["content"] = self.content
        return data


def add_service_errors(form: Any, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field when it names one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


# Set on a request whose POSTed form was refused: `FailedFormMiddleware` then answers 400.
FORM_FAILED = "_vigil_form_failed"


def form_failed(request: HttpRequest) -> None:
    """The POST's form was refused: the page that shows it again answers 400, whichever view
    renders it (`vigil.core.middleware.FailedFormMiddleware`)."""
    setattr(request, FORM_FAILED, True)


def form_saved(
    request: HttpRequest,
    form: Any,
    save: Callable[[dict[str, Any]], Saved],
    *,
    done: str | Callable[[Saved], str] | None,
    to: str | Callable[[Saved], str],
) -> HttpResponse | None:
    """The redirect after a valid POST whose `save` succeeded; None when the page shows again.

    `save` gets a copy of the cleaned data and calls a service. A ValidationError it raises
    goes onto the form (`add_service_errors`). On success, `done` (the confirmation, or a
    function of what `save` returned; None for no message) is shown, and the reader goes
    `to` (a URL, or a function of what `save` returned). With None the caller renders the
    form again; a refused POST is marked (`form_failed`), so that page answers 400. A form
    that edits a record whose version moved on since it was opened gets the conflict page
    (409) instead.
    """
    if request.method != "POST":
        return None
    if not form.is_valid():
        form_failed(request)
        return None
    try:
        with transaction.atomic():  # the version taken and the edit saved stand or fall together
            if getattr(form, "record", None) is not None:
                version_claim(
                    form.record,
                    expected=form.expected_version,
                    yours=form.edited_values(),
                    labels=form.labels(),
                )
            saved = save(dict(form.cleaned_data))
    except Conflict as conflict:
        return conflict_page(request, form, conflict)
    except ValidationError as error:
        add_service_errors(form, error)
        form_failed(request)
        return None
    if done is not None:
        messages.success(request, done(saved) if callable(done) else done)
    return HttpResponseRedirect(to(saved) if callable(to) else to)


def conflict_page(request: HttpRequest, form: Any, conflict: Conflict) -> HttpResponse:
    """409: what changed since the edit began (theirs and yours, field by field), and the
    edit again, now over the current version, so that saving it is the merge."""
    data = form.data.copy()
    data[form.add_prefix(VERSION)] = conflict.version
    form.data = data
    form.record = conflict.record
    context = {
        "form": form,
        "changes": conflict.changes,
        "record": conflict.record,
        "files_to_choose_again": _files_to_choose_again(form),
    }
    return render(request, "core/conflict.html", context, status=409)


def _files_to_choose_again(form: Any) -> list[str]:
    """The names of the files the refused save carried, each marked on its field.

    A browser never lets a page fill a file input, and the refused file is not kept: a
    second, server-side copy of evidence would need its own encryption, retention and
    rotation (ADR 0019). So the page says, at the top and on the field, which file to
    choose again, and its form takes files.
    """
    names = []
    for name, field in form.fields.items():
        upload = form.files.get(form.add_prefix(name))
        if isinstance(field, forms.FileField) and upload is not None:
            names.append(upload.name)
            form.add_error(
                name,
                _("Your file “%(name)s” was not saved: choose it again before saving.")
                % {"name": upload.name},
            )
    return names
