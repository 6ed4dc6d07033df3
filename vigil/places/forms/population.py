"""The form of a population count."""

from __future__ import annotations

from django import forms

from vigil.places.models import PopulationSnapshot


class PopulationForm(forms.ModelForm):
    """A dated count of the people held in a place, by one source."""

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
        # Validation and saving belong to the services; the form only parses input.
        pass
