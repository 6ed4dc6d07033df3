"""A stale save of a form that carries a file: the conflict page names the file to choose
again, on the field and at the top, and takes files, so that the merge can be saved with
it (ADR 0016, ADR 0019)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.sessions.backends.db import SessionStore
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import F
from django.test import RequestFactory

from vigil.core.forms import EditsRecord, form_saved
from vigil.core.services.records import model_update
from vigil.places.models import Place
from vigil.places.tests.factories import PlaceFactory

FILE_NAME = "floor-plan-cell-block-B.pdf"


class PlaceWithPlanForm(EditsRecord, forms.Form):
    """An edit form with a file, as an app would write one."""

    name = forms.CharField(label="Name", max_length=200)
    plan = forms.FileField(label="Floor plan")


def _post(personas: Any, data: dict[str, Any], plan: bytes | None) -> Any:
    files = {"plan": SimpleUploadedFile(FILE_NAME, plan, "application/pdf")} if plan else {}
    request = RequestFactory().post("/places/edit", {**data, **files})
    request.user = personas.admin.user
    request.membership = personas.admin  # type: ignore[attr-defined]
    request.memberships = [personas.admin]  # type: ignore[attr-defined]
    request.session = SessionStore()
    request._messages = []  # type: ignore[attr-defined]
    return request


def _save_into(place: Place) -> Any:
    def save(values: dict[str, Any]) -> Place:
        model_update(place, {"name": values["name"]}, ["name"])
        return place

    return save


def test_a_refused_save_asks_for_its_file_again_and_the_merge_saves_with_it(personas):
    place = PlaceFactory.create(institution=personas.institution_a, name="Harbour Lock-up")
    started = place.version
    theirs = {"name": "Harbour Police Lock-up", "version": F("version") + 1}
    Place.objects.filter(pk=place.pk).update(**theirs)

    data = {"name": "Harbour Lock-up (new wing)", "version": started}
    request = _post(personas, data, b"%PDF-1.4 plan")
    form = PlaceWithPlanForm(request.POST, request.FILES, record=place)
    response = form_saved(request, form, _save_into(place), done=None, to="/done")

    assert response is not None and response.status_code == 409
    page = response.content.decode()
    assert 'enctype="multipart/form-data"' in page
    assert f"Your file “{FILE_NAME}” was not saved: choose it again before saving." in page
    assert "Choose these files again" in page and f"<li>{FILE_NAME}</li>" in page
    assert form.errors["plan"]  # marked on its field, so the form's error summary links it
    assert Place.objects.get(pk=place.pk).name == "Harbour Police Lock-up"  # nothing written

    # The merge, posted from the conflict page with the file chosen again, goes through.
    merged = {"name": "Harbour Police Lock-up (new wing)", "version": form.data["version"]}
    request = _post(personas, merged, b"%PDF-1.4 plan")
    fresh = Place.objects.get(pk=place.pk)
    again = PlaceWithPlanForm(request.POST, request.FILES, record=fresh)
    response = form_saved(request, again, _save_into(fresh), done=None, to="/done")
    assert response is not None and response.status_code == 302
    assert Place.objects.get(pk=place.pk).name == "Harbour Police Lock-up (new wing)"


def test_a_refused_save_without_a_file_asks_for_none(personas):
    place = PlaceFactory.create(institution=personas.institution_a, name="Harbour Lock-up")
    started = place.version
    Place.objects.filter(pk=place.pk).update(version=F("version") + 1)

    class NoteForm(EditsRecord, forms.Form):
        name = forms.CharField(label="Name", max_length=200)
        plan = forms.FileField(label="Floor plan", required=False)

    request = _post(personas, {"name": "Other", "version": started}, None)
    form = NoteForm(request.POST, request.FILES, record=place)
    response = form_saved(request, form, _save_into(place), done=None, to="/done")
    assert response is not None and response.status_code == 409
    assert "Choose these files again" not in response.content.decode()
    assert "plan" not in form.errors
