"""Tenancy in one call: scoped managers, "shared or ours" vocabularies, and forms whose
every record choice is scoped to the acting membership."""

from __future__ import annotations

import pytest
from django import forms
from django.core.exceptions import ImproperlyConfigured
from django.http import Http404

from vigil.core.access import institution_members
from vigil.core.forms import ActorForm, AudienceField, ScopedModelChoiceField
from vigil.core.models import User
from vigil.core.redaction import Audience
from vigil.core.roles import Role
from vigil.core.tests.factories import MembershipFactory
from vigil.places.models import Place, PlaceKind
from vigil.places.tests.factories import PlaceFactory
from vigil.visits.models import Theme


@pytest.fixture
def places(personas):
    return (
        PlaceFactory.create(institution=personas.institution_a, name="Ours"),
        PlaceFactory.create(institution=personas.institution_b, name="Theirs"),
    )


def test_for_actor_gives_the_institution_s_records_and_none_to_an_inactive_member(personas, places):
    ours, _theirs = places
    assert list(Place.objects.for_actor(personas.monitor)) == [ours]
    personas.monitor.is_active = False
    assert list(Place.objects.for_actor(personas.monitor)) == []


def test_another_institution_s_record_is_as_missing_as_one_that_never_was(personas, places):
    ours, theirs = places
    assert Place.objects.get_for_actor(personas.monitor, ours.pk) == ours
    for pk in (theirs.pk, 987654, "junk"):
        with pytest.raises(Http404):
            Place.objects.get_for_actor(personas.monitor, pk)


def test_a_vocabulary_shows_shared_terms_and_the_institution_s_own(personas):
    shared = PlaceKind.objects.shared().count()
    ours = PlaceKind.objects.create(institution=personas.institution_a, code="ours", name="O")
    theirs = PlaceKind.objects.create(institution=personas.institution_b, code="th", name="T")
    visible = set(PlaceKind.objects.visible_to(personas.monitor))
    assert ours in visible and theirs not in visible and len(visible) == shared + 1
    assert list(PlaceKind.objects.own(personas.monitor)) == [ours]


def test_background_work_reads_a_vocabulary_as_the_institution_s_members_do(personas):
    ours = PlaceKind.objects.create(institution=personas.institution_a, code="ours", name="O")
    PlaceKind.objects.create(institution=personas.institution_b, code="th", name="T")
    background = set(PlaceKind.objects.for_institution(personas.institution_a.pk))
    assert background == set(PlaceKind.objects.visible_to(personas.monitor))
    assert ours in background


class _PlaceForm(ActorForm):
    place = ScopedModelChoiceField(Place, label="Place")
    theme = ScopedModelChoiceField(Theme, label="Theme", required=False)
    member = ScopedModelChoiceField(User, label="Member", scope=institution_members)


def test_an_actor_form_offers_only_what_the_actor_may_choose(personas, places):
    ours, theirs = places
    form = _PlaceForm(actor=personas.monitor)
    assert list(form.fields["place"].queryset) == [ours]  # type: ignore[attr-defined]
    members = set(form.fields["member"].queryset)  # type: ignore[attr-defined]
    assert personas.monitor.user in members and personas.monitor_b.user not in members
    posted = _PlaceForm(
        {"place": theirs.pk, "member": personas.monitor.user.pk}, actor=personas.monitor
    )
    assert not posted.is_valid() and "place" in posted.errors


def test_a_record_choice_that_is_not_scoped_is_refused_when_the_form_is_built(personas):
    class Careless(ActorForm):
        member = forms.ModelChoiceField(queryset=User.objects.all())

    with pytest.raises(ImproperlyConfigured, match="member"):
        Careless(actor=personas.monitor)


def test_narrow_offers_fewer_records_than_the_scope(personas, places):
    ours, _theirs = places
    form = _PlaceForm(actor=personas.monitor)
    form.narrow("place", Place.objects.for_actor(personas.monitor).exclude(pk=ours.pk))
    assert list(form.fields["place"].queryset) == []  # type: ignore[attr-defined]


def test_the_audience_field_offers_the_given_audiences_first_one_chosen():
    field = AudienceField([Audience.AUTHORITIES, Audience.INTERNAL])
    assert [value for value, _label in field.choices] == ["authorities", "internal"]
    assert field.initial == "authorities" and str(field.label) == "Who is the report for?"


def test_institution_members_by_role_count_only_the_role_held_in_this_institution(personas):
    # Monitor here, administrator elsewhere: not one of this institution's administrators.
    MembershipFactory.create(
        user=personas.monitor.user, institution=personas.institution_b, role=Role.ADMIN
    )
    admins = set(institution_members(personas.monitor, roles=[Role.ADMIN]))
    assert admins == {personas.admin.user}
    assert personas.monitor.user in set(institution_members(personas.monitor))
