from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from vigil.core.models import Membership
from vigil.places import selectors
from vigil.places.models import AdministrativeArea, Authority, Place, PopulationSnapshot
from vigil.places.occupancy import Band


class AreaChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: AdministrativeArea) -> str:
        path = [obj.name]
        parent = obj.parent
        while parent is not None:
            path.insert(0, parent.name)
            parent = parent.parent
        return " › ".join(path)


class PlaceForm(forms.ModelForm):
    class Meta:
        model = Place
        fields = [
            "name",
            "external_ref",
            "kind",
            "authority",
            "area",
            "status",
            "held",
            "regime",
            "capacity",
            "address",
            "latitude",
            "longitude",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 4})}
        field_classes = {"area": AreaChoiceField}

    def __init__(self, *args: Any, actor: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].queryset = selectors.kinds_for(actor)  # type: ignore[attr-defined]
        self.fields["authority"].queryset = selectors.authorities_for(actor)  # type: ignore[attr-defined]
        self.fields["area"].queryset = selectors.areas_for(actor)  # type: ignore[attr-defined]
        self.fields["external_ref"].required = False
        self.fields["external_ref"].help_text = _(
            "A stable code (e.g. the authority's own). Left empty, Vigil assigns one."
        )

    def _post_clean(self) -> None:
        # Validation and saving belong to the services; the form only parses input.
        pass


class PopulationForm(forms.ModelForm):
    class Meta:
        model = PopulationSnapshot
        fields = [
            "counted_on",
            "source",
            "total",
            "women",
            "juveniles",
            "foreign_nationals",
            "pre_trial",
            "disabilities",
            "note",
        ]
        widgets = {"counted_on": forms.DateInput(attrs={"type": "date"})}

    def _post_clean(self) -> None:
        pass


class AuthorityForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=Authority.Kind.choices)
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class AreaForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    level = forms.TypedChoiceField(
        label=_("Level"), choices=AdministrativeArea.Level.choices, coerce=int
    )
    parent = AreaChoiceField(
        label=_("Part of"), queryset=AdministrativeArea.objects.none(), required=False
    )

    def __init__(self, *args: Any, actor: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = selectors.areas_for(actor).exclude(  # type: ignore[attr-defined]
            level=AdministrativeArea.Level.DISTRICT
        )


class KindForm(forms.Form):
    name = forms.CharField(label=_("Name of the new kind"), max_length=120)


class PlaceFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or reference"), required=False, max_length=100)
    kind = forms.TypedChoiceField(label=_("Kind"), required=False, coerce=int, empty_value=None)
    authority = forms.TypedChoiceField(
        label=_("Authority"), required=False, coerce=int, empty_value=None
    )
    area = forms.TypedChoiceField(label=_("Area"), required=False, coerce=int, empty_value=None)
    band = forms.ChoiceField(
        label=_("Occupancy"), required=False, choices=[("", _("Any")), *Band.choices]
    )
    last_visit = forms.ChoiceField(
        label=_("Last visit"),
        required=False,
        choices=[("", _("Any time")), *selectors.LAST_VISIT_CHOICES],
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any")), *Place.Status.choices]
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("name", _("Name")),
            ("-occupancy", _("Occupancy, highest first")),
            ("occupancy", _("Occupancy, lowest first")),
            ("-capacity", _("Capacity, largest first")),
            ("-population", _("Population, largest first")),
            ("last_visit", _("Last visit, longest ago first")),
        ],
    )

    def __init__(self, *args: Any, actor: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        any_ = [("", _("Any"))]
        self.fields["kind"].choices = any_ + [(k.pk, k.name) for k in selectors.kinds_for(actor)]  # type: ignore[attr-defined]
        self.fields["authority"].choices = any_ + [  # type: ignore[attr-defined]
            (a.pk, a.name) for a in selectors.authorities_for(actor)
        ]
        label = AreaChoiceField(queryset=AdministrativeArea.objects.none()).label_from_instance
        self.fields["area"].choices = any_ + [  # type: ignore[attr-defined]
            (a.pk, label(a)) for a in selectors.areas_for(actor).order_by("name")
        ]

    def filters(self) -> selectors.PlaceFilters:
        if not self.is_valid():
            return selectors.PlaceFilters()
        data = {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}
        return selectors.PlaceFilters(**data)
