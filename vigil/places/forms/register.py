"""Forms of the register's own lists: a new authority, administrative area or kind of place."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from vigil.core.forms import ActorForm, SearchableChoiceField
from vigil.places.models import AdministrativeArea, Authority
from vigil.places.selectors.lookups import PARENT_AREA


class AuthorityForm(forms.Form):
    """A new authority that runs places."""

    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=Authority.Kind.choices)
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class AreaForm(ActorForm):
    """A new region, province or district, part of a region or province."""

    name = forms.CharField(label=_("Name"), max_length=120)
    level = forms.TypedChoiceField(
        label=_("Level"), choices=AdministrativeArea.Level.choices, coerce=int
    )
    parent = SearchableChoiceField(PARENT_AREA, label=_("Part of"), required=False)


class KindForm(forms.Form):
    """A kind of place the institution adds to the shipped ones."""

    name = forms.CharField(label=_("Name of the new kind"), max_length=120)
