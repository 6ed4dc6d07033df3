"""The population import: dated counts per place, in the export's columns (checks are
selectors, writes services)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from vigil.core.imports import Importer
from vigil.core.roles import Capability
from vigil.core.tabular import Column, choice_parser, parse_date, parse_int, text_parser
from vigil.places.models import PopulationSnapshot
from vigil.places.selectors.imports import population_import_problems
from vigil.places.services.imports import population_import

POPULATION_COLUMNS = [
    Column(
        "external_ref",
        gettext_lazy("Place reference"),
        text_parser(64),
        required=True,
        aliases=("reference", "ref", "place"),
    ),
    Column("counted_on", gettext_lazy("Date"), parse_date, required=True, aliases=("date",)),
    Column("total", gettext_lazy("Total"), parse_int, required=True, aliases=("population",)),
    Column("women", gettext_lazy("Women"), parse_int),
    Column("juveniles", gettext_lazy("Juveniles"), parse_int),
    Column("foreign_nationals", gettext_lazy("Foreign nationals"), parse_int),
    Column("pre_trial", gettext_lazy("Pre-trial"), parse_int),
    Column("disabilities", gettext_lazy("Persons with disabilities"), parse_int),
    Column(
        "source",
        gettext_lazy("Source"),
        choice_parser(PopulationSnapshot.Source.choices),
        help=gettext_lazy("official, observed or other; official when empty"),
    ),
]

POPULATION_IMPORTER = Importer(
    key="population",
    title=gettext_lazy("Import population counts"),
    columns=POPULATION_COLUMNS,
    capability=Capability.MANAGE_PLACES,
    check=population_import_problems,
    apply=population_import,
    done_url_name="places:place_list",
    help=gettext_lazy(
        "Dated counts per place. A count for the same place, date and source replaces "
        "the earlier one."
    ),
)
