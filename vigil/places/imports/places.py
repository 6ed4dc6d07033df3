"""The places import: its columns, the same as the export's (checks are selectors, writes
services)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from vigil.core.imports import Importer
from vigil.core.roles import Capability
from vigil.core.tabular import Column, choice_parser, parse_decimal, parse_int, text_parser
from vigil.places.models import Place
from vigil.places.selectors.imports import place_import_problems
from vigil.places.services.imports import places_import

PLACE_COLUMNS = [
    Column(
        "external_ref",
        gettext_lazy("Reference"),
        text_parser(64),
        required=True,
        aliases=("ref", "id", "code"),
        help=gettext_lazy("Stable code; matches the place on re-import."),
    ),
    Column("name", gettext_lazy("Name"), text_parser(200), required=True),
    Column(
        "kind",
        gettext_lazy("Kind"),
        text_parser(120),
        required=True,
        help=gettext_lazy("A kind's code or name, e.g. police_station or Police station."),
    ),
    Column(
        "authority",
        gettext_lazy("Authority"),
        text_parser(200),
        required=True,
        aliases=("operating authority",),
        help=gettext_lazy("Created if new."),
    ),
    Column("region", gettext_lazy("Region"), text_parser(120)),
    Column("province", gettext_lazy("Province"), text_parser(120)),
    Column(
        "district",
        gettext_lazy("District"),
        text_parser(120),
        help=gettext_lazy("Areas are created if new."),
    ),
    Column("address", gettext_lazy("Address"), text_parser(300)),
    Column(
        "latitude",
        gettext_lazy("Latitude"),
        lambda raw: parse_decimal(raw, low=-90, high=90),
        aliases=("lat",),
    ),
    Column(
        "longitude",
        gettext_lazy("Longitude"),
        lambda raw: parse_decimal(raw, low=-180, high=180),
        aliases=("lon", "lng", "long"),
    ),
    Column("capacity", gettext_lazy("Official capacity"), parse_int, aliases=("capacity",)),
    Column(
        "held",
        gettext_lazy("Who is held"),
        choice_parser(Place.Held.choices),
        help=gettext_lazy("men, women, juveniles or mixed"),
    ),
    Column(
        "regime",
        gettext_lazy("Detention regime"),
        choice_parser(Place.Regime.choices),
        help=gettext_lazy("remand, sentenced, both or n/a"),
    ),
    Column(
        "status",
        gettext_lazy("Status"),
        choice_parser(Place.Status.choices),
        help=gettext_lazy("open, temporary or closed"),
    ),
    Column("notes", gettext_lazy("Notes"), text_parser(5000)),
]


PLACES_IMPORTER = Importer(
    key="places",
    title=gettext_lazy("Import places"),
    columns=PLACE_COLUMNS,
    capability=Capability.MANAGE_PLACES,
    check=place_import_problems,
    apply=places_import,
    done_url_name="places:place_list",
    help=gettext_lazy("Add places to the register or update them, matched by their reference."),
)
