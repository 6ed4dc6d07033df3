"""Import of UN recommendations from an export of the Universal Human Rights Index (UHRI) or a
similar table, beside the institution's own.

Rows that are recommendations already imported (`selectors.un_recommendations`) update them
where they differ; unchanged rows write nothing (`services.un_recommendations`). Themes and
affected persons are matched to Vigil's themes by name or code where possible, and otherwise
ignored.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from vigil.core.imports import Importer
from vigil.core.roles import Capability
from vigil.core.tabular import Column, text_parser
from vigil.recommendations.imports.cells import (
    parse_issued_on,
    parse_mechanism,
    parse_row_type,
    parse_upr_position,
    vocabulary_parser,
)
from vigil.recommendations.models import Addressee
from vigil.recommendations.selectors.un_recommendations import un_import_problems
from vigil.recommendations.services.un_recommendations import un_recommendations_import

UN_COLUMNS = [
    Column(
        "row_type",
        gettext_lazy("Type"),
        parse_row_type,
        aliases=("type", "annotation type", "category", "recommendation type"),
        help=gettext_lazy(
            "Recommendation, observation, concern or positive aspect; only recommendations "
            "are imported, the other rows are counted and left out. Every row is a "
            "recommendation when the file has no such column."
        ),
    ),
    Column(
        "text",
        gettext_lazy("Recommendation"),
        text_parser(20_000),
        required=True,
        aliases=("text", "recommendation text", "recommendations", "annotation", "observation"),
        help=gettext_lazy("The text of the recommendation."),
    ),
    Column(
        "mechanism",
        gettext_lazy("Mechanism"),
        parse_mechanism,
        required=True,
        aliases=(
            "body",
            "mechanism/body",
            "un mechanism",
            "recommending body",
            "reccomending body",  # sic: the UHRI export's own spelling
            "treaty body",
            "un body",
        ),
        help=gettext_lazy(
            "SPT, CAT (Committee against Torture), UPR, Human Rights Committee (CCPR), a "
            "special procedure (e.g. Special Rapporteur on torture), other treaty bodies."
        ),
    ),
    Column(
        "source_document",
        gettext_lazy("Document symbol"),
        text_parser(300),
        aliases=("document", "symbol", "document code", "doc", "document number"),
        help=gettext_lazy("e.g. CAT/C/MRD/CO/2"),
    ),
    Column(
        "paragraph",
        gettext_lazy("Paragraph"),
        text_parser(40),
        aliases=("para", "paragraph number", "recommendation number", "recommendation no"),
    ),
    Column(
        "upr_position",
        gettext_lazy("UPR position"),
        parse_upr_position,
        aliases=("position", "upr position", "state position", "response of the state"),
        help=gettext_lazy("For UPR recommendations: supported, partially supported or noted."),
    ),
    Column(
        "issued_on",
        gettext_lazy("Date"),
        parse_issued_on,
        required=True,
        aliases=("year", "document publication date", "publication date", "date of document"),
        help=gettext_lazy("YYYY-MM-DD, DD/MM/YYYY, 17 May 2024, an Excel date, or the year alone."),
    ),
    Column(
        "themes",
        gettext_lazy("Themes"),
        text_parser(5000),
        aliases=("theme", "topics", "issues"),
        help=gettext_lazy(
            "Separated by semicolons; those that match a theme of Vigil are linked, others "
            "are ignored."
        ),
    ),
    Column(
        "affected_persons",
        gettext_lazy("Affected persons"),
        text_parser(5000),
        aliases=("affected groups", "concerned groups", "persons affected", "groups"),
        help=gettext_lazy("As themes: e.g. Women, Children, Migrants, Persons with disabilities."),
    ),
    Column(
        "addressee",
        gettext_lazy("Addressee"),
        vocabulary_parser(Addressee.choices),
        help=gettext_lazy(
            "detaining authority, ministry, parliament, judiciary, prosecution, health authority "
            "or other; ministry when empty."
        ),
    ),
]


UN_IMPORTER = Importer(
    key="un_recommendations",
    title=gettext_lazy("Import UN recommendations"),
    columns=UN_COLUMNS,
    capability=Capability.MANAGE_RECOMMENDATIONS,
    check=un_import_problems,
    apply=un_recommendations_import,
    done_url_name="recommendations:recommendation_list",
    report=(
        ("created", gettext_lazy("Created")),
        ("updated", gettext_lazy("Updated")),
        ("unchanged", gettext_lazy("Unchanged")),
        ("left_out", gettext_lazy("Observations and other rows left out")),
    ),
    help=gettext_lazy(
        "Recommendations of the UN mechanisms (SPT, CAT, UPR, Human Rights Committee, "
        "special procedures), from an export of the Universal Human Rights Index or a "
        "similar table. Importing the file again updates what changed and duplicates "
        "nothing."
    ),
)
