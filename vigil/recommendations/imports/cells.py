"""How the cells of an imported table are read: texts, vocabularies, UN mechanisms, dates.

Words are compared with case, accents, spacing and punctuation aside, so that a matrix
exported in one language, or a table typed by hand, reads back the same.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from vigil.core.tabular import CellError, parse_date
from vigil.recommendations.models import Mechanism, UPRPosition

# --- comparing texts ---------------------------------------------------------------------


def words(text: str) -> str:
    """Lower case, accents and punctuation removed, single spaces."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def _squashed(text: str) -> str:
    """As `words`, without spaces ("Partially accepted" = partially_accepted)."""
    return words(text).replace(" ", "")


def normalised_text(text: str) -> str:
    """A recommendation's text, case, spacing and punctuation aside (accents kept)."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def document_code(text: str) -> str:
    """A document symbol or paragraph number, spacing and case aside ("12 (a)" = "12(a)")."""
    return re.sub(r"\s+", "", text).upper().rstrip(".")


# --- parsers -----------------------------------------------------------------------------


def vocabulary_parser(choices: Sequence[tuple[str, Any]]) -> Callable[[str], str]:
    """Accept a choice by its code or by its label in any of the site's languages, any case.

    Labels are read when a cell is parsed (not at import time), so that a matrix exported
    in one language can come back and be read in another."""

    def options() -> dict[str, str]:
        found = {_squashed(code): code for code, _label in choices}
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                found.update({_squashed(str(label)): code for code, label in choices})
        return found

    def parse(text: str) -> str:
        try:
            return options()[_squashed(text)]
        except KeyError:
            # The labels of the drop-down, in the reader's language, never the stored codes.
            allowed = ", ".join(str(label) for _code, label in choices)
            raise CellError(
                _("“%(value)s” is not one of: %(allowed)s.") % {"value": text, "allowed": allowed}
            ) from None

    return parse


# Names and abbreviations used by the UHRI, the OHCHR and the treaty bodies, in `words` form.
_MECHANISM_NAMES: dict[str, str] = {
    "spt": Mechanism.SPT,
    "opcat": Mechanism.SPT,
    "subcommittee on prevention of torture": Mechanism.SPT,
    "subcommittee for the prevention of torture": Mechanism.SPT,
    "subcommittee on the prevention of torture": Mechanism.SPT,
    "cat": Mechanism.CAT,
    "committee against torture": Mechanism.CAT,
    "upr": Mechanism.UPR,
    "universal periodic review": Mechanism.UPR,
    "ccpr": Mechanism.HRC,
    "hrc": Mechanism.HRC,
    "hrctee": Mechanism.HRC,
    "human rights committee": Mechanism.HRC,
    "special procedures": Mechanism.SPECIAL_PROCEDURES,
    "special procedure": Mechanism.SPECIAL_PROCEDURES,
    "sp": Mechanism.SPECIAL_PROCEDURES,
    "wgad": Mechanism.SPECIAL_PROCEDURES,
    "wgeid": Mechanism.SPECIAL_PROCEDURES,
    # Other treaty bodies: recorded as "other UN mechanism".
    "crc": Mechanism.OTHER,
    "cedaw": Mechanism.OTHER,
    "crpd": Mechanism.OTHER,
    "cerd": Mechanism.OTHER,
    "cescr": Mechanism.OTHER,
    "ced": Mechanism.OTHER,
    "cmw": Mechanism.OTHER,
    "committee on the rights of the child": Mechanism.OTHER,
    "committee on the elimination of discrimination against women": Mechanism.OTHER,
    "committee on the rights of persons with disabilities": Mechanism.OTHER,
    "committee on the elimination of racial discrimination": Mechanism.OTHER,
    "committee on economic social and cultural rights": Mechanism.OTHER,
    "committee on enforced disappearances": Mechanism.OTHER,
    "committee on migrant workers": Mechanism.OTHER,
    "other": Mechanism.OTHER,
}
# Mandate holders: "SR on torture", "Special Rapporteur on ...", "WG on ...", "IE on ...".
_SPECIAL_PROCEDURE = re.compile(
    r"^(sr|ie|wg|special rapporteur|independent expert|working group)\b"
)


# An optional protocol's committee is written after its treaty's: "CRC-OP-SC", "CAT-OP".
# The OPCAT's body is the SPT; the others' are their treaty's committee.
_OPTIONAL_PROTOCOL = re.compile(r"^(?P<treaty>[a-z]+) op\d*\b")


def _mechanism_of(part: str) -> str | None:
    found = words(part)
    if not found:
        return None
    if found in _MECHANISM_NAMES:
        return _MECHANISM_NAMES[found]
    protocol = _OPTIONAL_PROTOCOL.match(found)
    if protocol and protocol["treaty"] in _MECHANISM_NAMES:
        treaty = _MECHANISM_NAMES[protocol["treaty"]]
        return Mechanism.SPT if treaty == Mechanism.CAT else treaty
    for value, label in Mechanism.choices:
        if found in (words(value), words(str(label))):
            return value
    if _SPECIAL_PROCEDURE.match(found):
        return Mechanism.SPECIAL_PROCEDURES
    return None


def parse_mechanism(text: str) -> str:
    """A UN body by abbreviation or name; UHRI lists ("- SR torture; - Special Procedures")
    give the first body Vigil knows."""
    for part in re.split(r"[;\n|]", text):
        mechanism = _mechanism_of(part)
        if mechanism:
            return mechanism
    raise CellError(
        _(
            "“%(value)s” is not a UN mechanism Vigil knows; write SPT, CAT, UPR, "
            "Human Rights Committee (CCPR), a special procedure or other."
        )
        % {"value": text}
    )


@dataclass(frozen=True)
class IssuedOn:
    day: date
    year_only: bool = False

    def __str__(self) -> str:
        return str(self.day.year) if self.year_only else self.day.isoformat()


# Excel counts days from 30 December 1899 (its serial 60 is a 29 February 1900 that never was).
_EXCEL_EPOCH = date(1899, 12, 30)
_FIRST_UN_DAY, _LAST_DAY = date(1945, 1, 1), date(2100, 12, 31)
# As the UHRI and the treaty bodies write dates in English: "17 May 2024", "May 17, 2024".
_WRITTEN_DATES = ("%d %B %Y", "%d %b %Y", "%B %d %Y", "%b %d %Y", "%d-%b-%Y", "%d-%B-%Y")


def _excel_serial(text: str) -> date | None:
    if not re.fullmatch(r"\d{5}(\.0+)?", text):
        return None
    day = _EXCEL_EPOCH + timedelta(days=int(float(text)))
    return day if _FIRST_UN_DAY <= day <= _LAST_DAY else None


def _written_date(text: str) -> date | None:
    cleaned = " ".join(text.replace(",", " ").split())
    for fmt in _WRITTEN_DATES:
        try:
            return datetime.strptime(cleaned, fmt).date()
        except ValueError:
            continue
    return None


def parse_issued_on(text: str) -> IssuedOn:
    """A date (ISO, day/month/year, written in English, or an Excel serial number), or a year
    alone (then 1 January of that year)."""
    if re.fullmatch(r"\d{4}", text):
        year = int(text)
        if not 1945 <= year <= 2100:
            raise CellError(_("“%(value)s” is not a year.") % {"value": text})
        return IssuedOn(date(year, 1, 1), year_only=True)
    found = _excel_serial(text) or _written_date(text)
    return IssuedOn(found or parse_date(text))


# --- the UHRI's "Type" and the UPR position -------------------------------------------------

RECOMMENDATION = "recommendation"
# Rows of other types (concluding observations, positive aspects, concerns) give context;
# they are not recommendations to follow up, so the import leaves them out and counts them.
_ROW_TYPES = (
    ("recommend", RECOMMENDATION),
    ("positive", "positive_aspect"),
    ("concern", "concern"),
    ("observation", "observation"),
)


def parse_row_type(text: str) -> str:
    """What a UHRI row is: a recommendation, or context (observation, concern, positive)."""
    found = words(text)
    for stem, kind in _ROW_TYPES:
        if stem in found:
            return kind
    raise CellError(
        _("“%(value)s” is not a type Vigil knows; write recommendation or observation.")
        % {"value": text}
    )


_POSITIONS = (
    ("partial", UPRPosition.PARTIALLY_SUPPORTED),
    ("noted", UPRPosition.NOTED),
    ("not supported", UPRPosition.NOTED),
    ("rejected", UPRPosition.NOTED),
    ("supported", UPRPosition.SUPPORTED),
    ("accepted", UPRPosition.SUPPORTED),
)


def parse_upr_position(text: str) -> str:
    """Supported, partially supported or noted, as the UPR's matrices write them."""
    found = words(text)
    if "supported" in found and "noted" in found:
        return UPRPosition.PARTIALLY_SUPPORTED
    for stem, position in _POSITIONS:
        if stem in found:
            return position
    raise CellError(
        _("“%(value)s” is not a UPR position; write supported, partially supported or noted.")
        % {"value": text}
    )
