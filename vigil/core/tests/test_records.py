"""What every service shares when it writes: `model_update` and locked reference codes."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, transaction

from vigil.core.services.records import CodeSequence, model_update, next_code
from vigil.places.models import Place
from vigil.places.services import places as place_services
from vigil.places.tests.factories import AuthorityFactory, PlaceFactory, builtin_kind
from vigil.programmes.tests.factories import ProgrammeFactory
from vigil.visits.models import Theme


def test_model_update_saves_only_what_changed_and_says_what(personas):
    place = PlaceFactory.create(institution=personas.institution_a, name="Old", capacity=10)
    changed = model_update(place, {"name": "New", "capacity": 10, "address": ""})
    assert changed == ["name"]
    place.refresh_from_db()
    assert place.name == "New" and place.capacity == 10
    assert model_update(place, {"name": "New"}) == []


def test_model_update_ignores_fields_not_allowed_and_sets_many_to_many(personas):
    programme = ProgrammeFactory.create(institution=personas.institution_a, title="T")
    themes = list(Theme.objects.shared()[:2])
    changed = model_update(
        programme, {"title": "U", "themes": themes, "institution": None}, ["title", "themes"]
    )
    assert changed == ["themes", "title"]
    programme.refresh_from_db()
    assert programme.institution_id == personas.institution_a.pk
    assert {t.pk for t in programme.themes.all()} == {t.pk for t in themes}
    assert model_update(programme, {"themes": themes}) == []


def test_codes_count_from_the_highest_taken_and_ignore_other_shapes(personas):
    institution = personas.institution_a
    for ref in ["P-00007", "P-00002", "P-x1", "Q-00099", "P-00011.pdf"]:
        PlaceFactory.create(institution=institution, external_ref=ref)
    PlaceFactory.create(institution=personas.institution_b, external_ref="P-00500")
    with transaction.atomic():
        codes = CodeSequence(institution_id=institution.pk, model=Place, field="external_ref")
        assert codes.take("P-", 5) == "P-00012"
        assert codes.take("P-", 5) == "P-00013"
        assert codes.take("Z-") == "Z-0001"


@pytest.mark.django_db(transaction=True)
def test_a_code_outside_a_transaction_is_refused(personas):
    with pytest.raises(RuntimeError, match="transaction"):
        next_code(
            institution_id=personas.institution_a.pk, model=Place, field="external_ref", prefix="P-"
        )


@pytest.mark.django_db(transaction=True)
def test_two_saves_at_the_same_moment_never_get_the_same_reference():
    """Each thread has its own connection, so this is two sessions of the real database."""
    from vigil.core.tests.factories import make_personas

    personas = make_personas()
    kind = builtin_kind()
    authority = AuthorityFactory.create(institution=personas.institution_a)
    start = threading.Barrier(4)
    refs: list[str] = []
    errors: list[BaseException] = []

    def save(n: int) -> None:
        try:
            start.wait(timeout=10)
            place = place_services.place_create(
                actor=personas.admin, name=f"Cell {n}", kind=kind, authority=authority
            )
            refs.append(place.external_ref)
        except BaseException as error:  # reported below, with the thread's own failure
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    assert sorted(refs) == ["P-00001", "P-00002", "P-00003", "P-00004"]
