"""The register of places of deprivation of liberty, and their population over time."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any, ClassVar

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vigil.core.models import TenantModel, User, Versioned, VocabularyModel


class PlaceKind(VocabularyModel):
    """A kind of place. Vigil ships the OPCAT art. 4 list; institutions add their own."""

    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=120)
    order = models.PositiveSmallIntegerField(default=100)

    class Meta:
        verbose_name = _("kind of place")
        ordering: ClassVar[list[str]] = ["order", "name"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["institution", "code"], name="place_kind_code"),
            models.UniqueConstraint(
                fields=["code"],
                condition=models.Q(institution__isnull=True),
                name="builtin_kind_code",
            ),
        ]

    def __str__(self) -> str:
        return self.label


class Authority(TenantModel):
    """Who runs a place (and, later, who receives recommendations)."""

    class Kind(models.TextChoices):
        POLICE = "police", _("Police")
        PRISON_SERVICE = "prison_service", _("Prison service")
        IMMIGRATION = "immigration", _("Immigration")
        MILITARY = "military", _("Military")
        HEALTH = "health", _("Health")
        SOCIAL_WELFARE = "social_welfare", _("Social welfare")
        JUSTICE = "justice", _("Justice / courts")
        PRIVATE_CONTRACTOR = "private_contractor", _("Private contractor")
        MINISTRY = "ministry", _("Ministry")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices, default=Kind.OTHER)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("authority")
        verbose_name_plural = _("authorities")
        ordering: ClassVar[list[str]] = ["name"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["institution", "name"], name="authority_name")
        ]

    def __str__(self) -> str:
        return self.name


class AdministrativeArea(TenantModel):
    """Region → province → district, defined by each institution."""

    class Level(models.IntegerChoices):
        REGION = 1, _("Region")
        PROVINCE = 2, _("Province")
        DISTRICT = 3, _("District")

    name = models.CharField(_("name"), max_length=120)
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )

    class Meta:
        verbose_name = _("administrative area")
        ordering: ClassVar[list[str]] = ["level", "name"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["institution", "parent", "name"], name="area_name"),
        ]

    def __str__(self) -> str:
        return self.name


OVERCROWDED_ABOVE = 100  # percent of official capacity


class Band(models.TextChoices):
    """How full a place is: occupancy = population / official capacity."""

    UNKNOWN = "unknown", _("Unknown (no capacity or count)")
    UNDER = "under", _("Below 80%")
    NEAR = "near", _("80–100%")
    OVER = "over", _("Overcrowded: 101–150%")
    CRITICAL = "critical", _("Critically overcrowded: over 150%")


def occupancy_rate(population: int | None, capacity: int | None) -> Decimal | None:
    """Percent of capacity, to one decimal; None when it cannot be known (no or zero capacity)."""
    if population is None or not capacity:
        return None
    return (Decimal(population) * 100 / Decimal(capacity)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )


def band_of(rate: Decimal | None) -> Band:
    """The band of an occupancy rate (lists filter on the same bands in the database)."""
    if rate is None:
        return Band.UNKNOWN
    if rate > 150:
        return Band.CRITICAL
    if rate > OVERCROWDED_ABOVE:
        return Band.OVER
    if rate >= 80:
        return Band.NEAR
    return Band.UNDER


class Place(Versioned, TenantModel):
    """A place where people are or may be deprived of their liberty (OPCAT art. 4)."""

    class Held(models.TextChoices):
        MEN = "men", _("Men")
        WOMEN = "women", _("Women")
        JUVENILES = "juveniles", _("Juveniles")
        MIXED = "mixed", _("Mixed")

    class Regime(models.TextChoices):
        REMAND = "remand", _("Remand (pre-trial)")
        SENTENCED = "sentenced", _("Sentenced")
        BOTH = "both", _("Remand and sentenced")
        NOT_APPLICABLE = "n/a", _("Not criminal detention")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        TEMPORARY = "temporary", _("Temporary")
        CLOSED = "closed", _("Closed")

    external_ref = models.CharField(
        _("reference"),
        max_length=64,
        help_text=_("A stable code for this place; imports match places by it."),
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.ForeignKey(PlaceKind, on_delete=models.PROTECT, verbose_name=_("kind"))
    authority = models.ForeignKey(
        Authority, on_delete=models.PROTECT, verbose_name=_("operating authority")
    )
    area = models.ForeignKey(
        AdministrativeArea,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("administrative area"),
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    capacity = models.PositiveIntegerField(_("official capacity"), null=True, blank=True)
    held = models.CharField(
        _("who is held"), max_length=12, choices=Held.choices, default=Held.MIXED
    )
    regime = models.CharField(
        _("detention regime"), max_length=12, choices=Regime.choices, default=Regime.BOTH
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    # Kept current by the population service, so that lists filter and sort on
    # occupancy without a query per place.
    population = models.PositiveIntegerField(_("latest population"), null=True, blank=True)
    population_on = models.DateField(_("population counted on"), null=True, blank=True)
    # Kept current by the visits app; the place list filters on it.
    last_visited_on = models.DateField(_("last visited"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("place of detention")
        verbose_name_plural = _("places of detention")
        ordering: ClassVar[list[str]] = ["name"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["institution", "external_ref"], name="place_ref"),
        ]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["institution", "name"], name="place_by_name"),
            # The list's other orders and its "last visited" filter (issue 14).
            models.Index(fields=["institution", "last_visited_on"], name="place_by_last_visit"),
            models.Index(fields=["institution", "population"], name="place_by_population"),
            models.Index(fields=["institution", "capacity"], name="place_by_capacity"),
        ]

    def __str__(self) -> str:
        return self.name


class PopulationSnapshot(TenantModel):
    """How many people a place held on a day, by one source."""

    class Source(models.TextChoices):
        OFFICIAL = "official", _("Official figure")
        OBSERVED = "observed", _("Observed on visit")
        OTHER = "other", _("Other source")

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="snapshots")
    counted_on = models.DateField(_("date"))
    total = models.PositiveIntegerField(_("total"))
    women = models.PositiveIntegerField(_("women"), null=True, blank=True)
    juveniles = models.PositiveIntegerField(_("juveniles"), null=True, blank=True)
    foreign_nationals = models.PositiveIntegerField(_("foreign nationals"), null=True, blank=True)
    pre_trial = models.PositiveIntegerField(_("pre-trial"), null=True, blank=True)
    disabilities = models.PositiveIntegerField(
        _("persons with disabilities"), null=True, blank=True
    )
    source = models.CharField(_("source"), max_length=12, choices=Source.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        verbose_name = _("population snapshot")
        ordering: ClassVar[list[str]] = ["-counted_on"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(
                fields=["place", "counted_on", "source"], name="one_count_per_day_and_source"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.place} {self.counted_on}: {self.total}"
