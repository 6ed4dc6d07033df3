"""Shipped terms read in the reader's language; an administrator rewords them for the
institution without a developer; terms an institution created stay as written."""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation

from vigil.core.models import AuditEvent, TermOverride
from vigil.core.shipped_strings import SHIPPED_TERMS
from vigil.core.terms import terms_of
from vigil.core.tests.factories import client_for
from vigil.places.models import PlaceKind

POLICE = "Police station or lock-up"


def _index(source: str) -> int:
    return SHIPPED_TERMS.index(source)


def test_every_shipped_term_is_declared_for_the_catalogues():
    from tools.translations import shipped_module
    from vigil.core import shipped_strings

    generated = shipped_module()
    with open(shipped_strings.__file__, encoding="utf-8") as current:
        assert current.read() == generated, "Run `python -m tools.translations shipped`."
    assert POLICE in SHIPPED_TERMS and "Overcrowding" in SHIPPED_TERMS


def test_an_administrator_rewords_a_term_for_the_institution_only(personas):
    client = client_for(personas.admin)
    url = reverse("core:term_wordings") + "?language=fr"
    page = client.get(url)
    assert page.status_code == 200 and POLICE in page.content.decode()
    field = f"term-{_index(POLICE)}"
    response = client.post(url, {field: "Commissariat de police"})
    assert response.status_code == 302
    row = TermOverride.objects.get()
    assert (row.institution, row.language, row.source) == (personas.institution_a, "fr", POLICE)
    assert AuditEvent.objects.filter(action="term.worded").count() == 1

    kind = PlaceKind.objects.get(institution=None, code="police_station")
    with translation.override("fr"):
        with terms_of(personas.institution_a.pk):
            assert str(kind) == "Commissariat de police"
        with terms_of(personas.institution_b.pk):
            assert str(kind) != "Commissariat de police"
    with translation.override("es"), terms_of(personas.institution_a.pk):
        assert str(kind) != "Commissariat de police"

    # Blank gives the shipped translation back.
    client.post(url, {field: ""})
    assert not TermOverride.objects.exists()
    assert AuditEvent.objects.filter(action="term.wording_removed").count() == 1


def test_an_institution_term_stays_as_written(personas):
    own = PlaceKind.objects.create(institution=personas.institution_a, code="x", name=POLICE)
    with translation.override("fr"), terms_of(personas.institution_a.pk):
        assert own.label == POLICE


def test_only_administrators_reword_and_only_shipped_terms(personas):
    url = reverse("core:term_wordings") + "?language=fr"
    assert client_for(personas.monitor).get(url).status_code == 403
    response = client_for(personas.admin).post(url, {"term-999999": "x"})
    assert response.status_code == 302 and not TermOverride.objects.exists()
    too_long = {f"term-{_index(POLICE)}": "x" * 2001}
    assert client_for(personas.admin).post(url, too_long).status_code == 400
    assert not TermOverride.objects.exists()
