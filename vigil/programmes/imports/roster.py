"""A training's participants from a spreadsheet (CSV/XLSX), as a police academy sends its
roster: all rows or none; names and badge numbers stored encrypted as when typed by hand
(checks are selectors, writes services)."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext_lazy

from vigil.core.imports import Importer
from vigil.core.roles import Capability
from vigil.core.tabular import CellError, Column, choice_parser, parse_decimal, text_parser
from vigil.programmes.models import ParticipantGroup
from vigil.programmes.selectors.training import roster_import_problems, training_get
from vigil.programmes.services.training import training_roster_import
from vigil.registers.columns import parse_yes_no

_GENDER_WORDS = {
    "m": ParticipantGroup.Gender.MEN, "male": ParticipantGroup.Gender.MEN,
    "man": ParticipantGroup.Gender.MEN, "f": ParticipantGroup.Gender.WOMEN,
    "female": ParticipantGroup.Gender.WOMEN, "woman": ParticipantGroup.Gender.WOMEN,
}  # fmt: skip
_gender_choice = choice_parser(ParticipantGroup.Gender.choices)


def parse_gender(text: str) -> str:
    """Women, men or other, by label (any shipped language), or M/F, male/female."""
    word = text.strip().casefold().rstrip(".")
    if word in _GENDER_WORDS:
        return str(_GENDER_WORDS[word])
    return _gender_choice(text)


def parse_score(text: str) -> Decimal:
    """A test score; checked against the training's highest possible score later."""
    return parse_decimal(text, low=0, high=9999)


def parse_attended(text: str) -> bool:
    try:
        return parse_yes_no(text)
    except CellError:
        if text.strip().casefold() in ("present", "attended", "p", "x", "✓"):
            return True
        if text.strip().casefold() in ("absent", "a"):
            return False
        raise


ROSTER_COLUMNS = [
    Column(
        "name",
        gettext_lazy("Name"),
        text_parser(200),
        required=True,
        aliases=(
            "full name",
            "name of participant",
            "participant",
            "surname and name",
            "name of trainee",
            "trainee",
        ),
    ),
    Column(
        "badge_number",
        gettext_lazy("Badge number"),
        text_parser(64),
        aliases=("badge no", "badge", "service number", "service no", "id number", "id no"),
    ),
    Column(
        "agency",
        gettext_lazy("Agency"),
        text_parser(200),
        required=True,
        aliases=("unit", "unit assignment", "station", "office", "service"),
    ),
    Column("rank", gettext_lazy("Rank"), text_parser(100), aliases=("grade", "rank grade")),
    Column(
        "gender",
        gettext_lazy("Gender"),
        parse_gender,
        required=True,
        aliases=("sex", "sex m f"),
        help=gettext_lazy("Women, men or other; M and F are read too"),
    ),
    Column(
        "pre_test",
        gettext_lazy("Pre-test score"),
        parse_score,
        aliases=("pre test", "pretest", "pre-test score", "pre test score"),
    ),
    Column(
        "post_test",
        gettext_lazy("Post-test score"),
        parse_score,
        aliases=("post test", "posttest", "post-test score", "post test score"),
    ),
    Column(
        "attended",
        gettext_lazy("Attended"),
        parse_attended,
        aliases=("attendance", "present"),
        help=gettext_lazy("yes or no (present or absent); yes when empty"),
    ),
]


ROSTER_IMPORTER = Importer(
    key="training-roster",
    title=gettext_lazy("Import a training's participants"),
    columns=ROSTER_COLUMNS,
    capability=Capability.MANAGE_PROGRAMMES,
    check=roster_import_problems,
    apply=training_roster_import,
    done_url_name="programmes:training_detail",
    help=gettext_lazy(
        "One row per participant, as the academy or the police service sends the roster. "
        "Names and badge numbers are stored encrypted. Nothing is imported unless every row "
        "is valid."
    ),
    report=(("created", gettext_lazy("Participants added")),),
    into=training_get,
)
