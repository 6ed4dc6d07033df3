"""The register fields a file's columns are mapped onto, and how each cell is read.

Dates and times follow the institution's conventions (vigil.core.tabular): ISO 8601 with or
without an offset, "31.12.2026 23:40", or "12/31/2026 23:40" in the institution's order of
dates. A time without an offset is a time in the institution's time zone.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vigil.core.tabular import CellError, Column, choice_parser, parse_date, parse_int, text_parser

_TIME = re.compile(r"^(\d{1,2})[:hH.](\d{2})(?::(\d{2}))?$")
_YES = {
    "yes",
    "y",
    "true",
    "1",
    "x",
    "oui",
    "sí",
    "si",
    "да",
    "ya",
    "ใช่",
    "oo",
    "예",
    "тийм",
    "نعم",
}
_NO = {"no", "n", "false", "0", "non", "нет", "tidak", "ไม่", "hindi", "아니오", "үгүй", "لا"}


def parse_moment(text: str) -> datetime:
    """An aware date and time; without an offset, in the current (institution's) time zone."""
    cleaned = text.strip().replace("Z", "+00:00") if text.endswith("Z") else text.strip()
    moment: datetime | None = None
    try:
        moment = datetime.fromisoformat(cleaned)
    except ValueError:
        parts = cleaned.split()
        if len(parts) in (1, 2):
            try:
                day = parse_date(parts[0])
            except CellError:
                raise
            clock = time(0, 0)
            if len(parts) == 2:
                matched = _TIME.match(parts[1])
                if not matched:
                    raise CellError(
                        _("“%(value)s” is not a time of day; write it as HH:MM.")
                        % {"value": parts[1]}
                    ) from None
                hour, minute, second = (int(g or 0) for g in matched.groups())
                try:
                    clock = time(hour, minute, second)
                except ValueError:
                    raise CellError(
                        _("“%(value)s” is not a time of day; write it as HH:MM.")
                        % {"value": parts[1]}
                    ) from None
            moment = datetime.combine(day, clock)
    if moment is None:
        raise CellError(
            _("“%(value)s” is not a date and time; write it as YYYY-MM-DD HH:MM.") % {"value": text}
        )
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, timezone.get_current_timezone())
    return moment.astimezone(UTC)


def parse_yes_no(text: str) -> bool:
    value = text.strip().casefold()
    if value in _YES:
        return True
    if value in _NO:
        return False
    raise CellError(_("“%(value)s” is neither yes nor no.") % {"value": text})


def parse_birth(text: str) -> date:
    return parse_moment(text).date() if " " in text.strip() else parse_date(text)


SEXES = [
    ("m", gettext_lazy("Male")),
    ("f", gettext_lazy("Female")),
    ("x", gettext_lazy("Other")),
]
MOVES = [
    ("release", gettext_lazy("Release")),
    ("transfer", gettext_lazy("Transfer")),
]
_sex = choice_parser([*SEXES, ("m", "man"), ("f", "woman"), ("m", "h"), ("f", "w")])
_move = choice_parser(MOVES)

PLACE = Column(
    "place",
    gettext_lazy("Place"),
    text_parser(200),
    aliases=("station", "facility", "unit", "police station"),
    help=gettext_lazy("The place's reference or name (extracts of several places)."),
)
COLUMNS: list[Column] = [
    PLACE,
    Column(
        "entry_number",
        gettext_lazy("Entry number"),
        parse_int,
        aliases=("entry", "no", "number", "register number"),
    ),
    Column("person", gettext_lazy("Person"), text_parser(300), aliases=("name", "full name")),
    Column(
        "id_number",
        gettext_lazy("Identity number"),
        text_parser(100),
        aliases=("id", "national id", "passport"),
    ),
    Column("birth_date", gettext_lazy("Date of birth"), parse_birth, aliases=("born", "dob")),
    Column("age", gettext_lazy("Age"), lambda t: parse_int(t, maximum=130)),
    Column("sex", gettext_lazy("Sex"), _sex, aliases=("gender",)),
    Column("arrested_at", gettext_lazy("Arrest time"), parse_moment, aliases=("arrested",)),
    Column("arrived_at", gettext_lazy("Arrival time"), parse_moment, aliases=("arrived",)),
    Column(
        "registered_at", gettext_lazy("Registration time"), parse_moment, aliases=("registered",)
    ),
    Column("lawyer_requested", gettext_lazy("Lawyer requested"), parse_yes_no),
    Column("lawyer_informed_at", gettext_lazy("Lawyer informed"), parse_moment),
    Column("lawyer_present", gettext_lazy("Lawyer present"), parse_yes_no),
    Column("family_informed_at", gettext_lazy("Family informed"), parse_moment),
    Column("doctor_seen_at", gettext_lazy("Doctor seen"), parse_moment, aliases=("doctor",)),
    Column("judge_at", gettext_lazy("Brought before a judge"), parse_moment, aliases=("judge",)),
    Column("released_at", gettext_lazy("Release or transfer time"), parse_moment),
    Column("release_kind", gettext_lazy("Released or transferred"), _move),
    Column("destination", gettext_lazy("Destination"), text_parser(200)),
    Column("injuries", gettext_lazy("Injuries noted"), parse_yes_no, aliases=("injured",)),
    Column("remarks", gettext_lazy("Remarks"), text_parser(2000)),
]
# Taken out of every row at intake: they become the keyed pseudonym and nothing else.
IDENTIFYING = ("person", "id_number")
