from __future__ import annotations

import factory

from vigil.core.tests.factories import InstitutionFactory
from vigil.places.models import AdministrativeArea, Authority, Place, PlaceKind, PopulationSnapshot


def builtin_kind(code: str = "police_station") -> PlaceKind:
    return PlaceKind.objects.get(institution__isnull=True, code=code)


class AuthorityFactory(factory.django.DjangoModelFactory[Authority]):
    class Meta:
        model = Authority

    institution = factory.SubFactory(InstitutionFactory)
    name = factory.Sequence(lambda n: f"Authority {n}")
    kind = Authority.Kind.POLICE


class AreaFactory(factory.django.DjangoModelFactory[AdministrativeArea]):
    class Meta:
        model = AdministrativeArea

    institution = factory.SubFactory(InstitutionFactory)
    name = factory.Sequence(lambda n: f"Region {n}")
    level = AdministrativeArea.Level.REGION
    parent = None


class PlaceFactory(factory.django.DjangoModelFactory[Place]):
    class Meta:
        model = Place

    institution = factory.SubFactory(InstitutionFactory)
    external_ref = factory.Sequence(lambda n: f"REF-{n:05d}")
    name = factory.Sequence(lambda n: f"Place {n}")
    kind = factory.LazyFunction(builtin_kind)
    authority = factory.SubFactory(
        AuthorityFactory, institution=factory.SelfAttribute("..institution")
    )
    capacity = 100


class SnapshotFactory(factory.django.DjangoModelFactory[PopulationSnapshot]):
    class Meta:
        model = PopulationSnapshot

    place = factory.SubFactory(PlaceFactory)
    institution = factory.SelfAttribute("place.institution")
    counted_on = factory.Sequence(lambda n: __import__("datetime").date(2024, 1, 1))
    total = 80
    source = PopulationSnapshot.Source.OFFICIAL
