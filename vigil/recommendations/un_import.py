"""Import of UN recommendations from an export of the Universal Human Rights Index (UHRI) or a
similar table, beside the institution's own.

A row is the same recommendation as one already imported when it has the same mechanism,
document and paragraph or, when the row names no document or paragraph, the same mechanism
and the same text (case, spacing and punctuation aside). Such rows update the recommendation
where they differ from it; unchanged rows write nothing. Themes and affected persons are
matched to Vigil's themes by name or code where possible, and otherwise ignored.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, Generic, TypeVar

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vigil.core.audit import PendingEvent, audit_record_many
from vigil.core.imports import Importer, Rows
from vigil.core.models import Membership
from vigil.core.roles import Capability
from vigil.core.services.records import CodeSequence
from vigil.core.tabular import CellError, Column, RowProblem, parse_date
from vigil.recommendations.matrix import text_parser, vocabulary_parser
from vigil.recommendations.models import (
    Addressee,
    Mechanism,
    Priority,
    Recommendation,
    Source,
    Status,
    StatusUpdate,
)
from vigil.visits.models import Theme

T = TypeVar("T")


def _words(text: str) -> str:
    """Lower case, accents and punctuation removed, single spaces."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def normalised_text(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def _code(text: str) -> str:
    """A document symbol or paragraph number, spacing and case aside ("12 (a)" = "12(a)")."""
    return re.sub(r"\s+", "", text).upper().rstrip(".")


# --- mechanisms --------------------------------------------------------------------------

# Names and abbreviations used by the UHRI, the OHCHR and the treaty bodies, in _words form.
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


def _mechanism_of(part: str) -> str | None:
    words = _words(part)
    if not words:
        return None
    if words in _MECHANISM_NAMES:
        return _MECHANISM_NAMES[words]
    for code, label in Mechanism.choices:
        if words in (_words(code), _words(str(label))):
            return code
    if _SPECIAL_PROCEDURE.match(words):
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


# --- dates -------------------------------------------------------------------------------


@dataclass(frozen=True)
class IssuedOn:
    day: date
    year_only: bool = False


def parse_issued_on(text: str) -> IssuedOn:
    """A date, or a year alone (then 1 January of that year)."""
    if re.fullmatch(r"\d{4}", text):
        year = int(text)
        if not 1945 <= year <= 2100:
            raise CellError(_("“%(value)s” is not a year.") % {"value": text})
        return IssuedOn(date(year, 1, 1), year_only=True)
    return IssuedOn(parse_date(text))


UN_COLUMNS = [
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
        "issued_on",
        gettext_lazy("Date"),
        parse_issued_on,
        required=True,
        aliases=("year", "document publication date", "publication date", "date of document"),
        help=gettext_lazy("YYYY-MM-DD, or the year alone."),
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


# --- matching rows to recommendations already imported ------------------------------------


def _row_key(values: dict[str, Any]) -> tuple[str, ...]:
    if values.get("source_document") and values.get("paragraph"):
        return (
            "document",
            values["mechanism"],
            _code(values["source_document"]),
            _code(values["paragraph"]),
        )
    return ("text", values["mechanism"], normalised_text(values["text"]))


class _Index(Generic[T]):
    """Recommendations (or rows of the file) indexed by mechanism, document and paragraph,
    and by mechanism and text, to tell whether a row is one of them."""

    def __init__(self) -> None:
        self.by_document: dict[tuple[str, ...], T] = {}
        self.by_text: dict[tuple[str, ...], tuple[T, bool]] = {}

    def add(self, *, mechanism: str, document: str, paragraph: str, text: str, item: T) -> None:
        located = bool(document and paragraph)
        if located:
            key = ("document", mechanism, _code(document), _code(paragraph))
            self.by_document.setdefault(key, item)
        self.by_text.setdefault(("text", mechanism, normalised_text(text)), (item, located))

    def match(self, values: dict[str, Any]) -> T | None:
        key = _row_key(values)
        same_text = self.by_text.get(("text", values["mechanism"], normalised_text(values["text"])))
        if key[0] == "text":
            return same_text[0] if same_text else None
        if key in self.by_document:
            return self.by_document[key]
        # Known before without its document or paragraph: the same text is the same one.
        return same_text[0] if same_text and not same_text[1] else None


def _known(actor: Membership) -> _Index[Recommendation]:
    index: _Index[Recommendation] = _Index()
    for rec in Recommendation.objects.filter(
        institution_id=actor.institution_id, source=Source.UN_MECHANISM
    ).order_by("pk"):
        index.add(
            mechanism=rec.mechanism,
            document=rec.source_document,
            paragraph=rec.paragraph,
            text=rec.text,
            item=rec,
        )
    return index


def _changes(rec: Recommendation, values: dict[str, Any]) -> dict[str, Any]:
    """The fields a matching row changes; what the row leaves empty stays as it is."""
    issued: IssuedOn = values["issued_on"]
    new: dict[str, Any] = {}
    if normalised_text(values["text"]) != normalised_text(rec.text):
        new["text"] = values["text"]
    for name in ("source_document", "paragraph"):
        if values.get(name) and _code(values[name]) != _code(getattr(rec, name)):
            new[name] = values[name]
    # A year alone does not replace the exact date of that year imported before.
    vaguer = issued.year_only and issued.day.year == rec.issued_on.year
    if not vaguer and issued.day != rec.issued_on:
        new["issued_on"] = issued.day
    if values.get("addressee") and values["addressee"] != rec.addressee:
        new["addressee"] = values["addressee"]
    return new


# --- themes --------------------------------------------------------------------------------


def _theme_index(actor: Membership) -> dict[str, int]:
    index: dict[str, int] = {}
    themes = Theme.objects.filter(institution__isnull=True) | Theme.objects.filter(
        institution_id=actor.institution_id
    )
    for theme in themes:
        index.setdefault(_words(theme.code.replace("_", " ")), theme.pk)
        index.setdefault(_words(theme.name), theme.pk)
    return index


def _themes_of(values: dict[str, Any], index: dict[str, int]) -> set[int]:
    found: set[int] = set()
    for column in ("themes", "affected_persons"):
        for part in re.split(r"[;\n|]", values.get(column) or ""):
            words = _words(part)
            if words in index:
                found.add(index[words])
                continue
            # "Women, Children": lists separated by commas (theme names may hold commas too).
            found.update(index[w] for w in (_words(p) for p in part.split(",")) if w in index)
    return found


# --- check and apply -----------------------------------------------------------------------


def check_un(actor: Membership, rows: Rows) -> list[RowProblem]:
    today = timezone.localdate()
    known = _known(actor)
    problems: list[RowProblem] = []
    earlier_rows: _Index[int] = _Index()
    for number, values in rows:
        issued: IssuedOn | None = values.get("issued_on")
        if issued and issued.day > today:
            problems.append(RowProblem(number, "issued_on", _("The date is in the future.")))
        if not values.get("text") or not values.get("mechanism"):
            continue
        earlier = earlier_rows.match(values)
        if earlier is not None:
            column = "paragraph" if _row_key(values)[0] == "document" else "text"
            problems.append(
                RowProblem(
                    number,
                    column,
                    _("Same recommendation as row %(row)s: a recommendation may appear once.")
                    % {"row": earlier},
                )
            )
            continue
        earlier_rows.add(
            mechanism=values["mechanism"],
            document=values.get("source_document") or "",
            paragraph=values.get("paragraph") or "",
            text=values["text"],
            item=number,
        )
        rec = known.match(values)
        if rec is not None and issued and rec.due_on and issued.day > rec.due_on:
            problems.append(
                RowProblem(
                    number,
                    "issued_on",
                    _("%(ref)s is due on %(due)s, before this date.")
                    % {"ref": rec.reference, "due": rec.due_on.isoformat()},
                )
            )
    return problems


class _References:
    """The next free R-<year>-<number> references, as `services.next_reference` gives them."""

    def __init__(self, actor: Membership) -> None:
        self.codes = CodeSequence(
            institution_id=actor.institution_id, model=Recommendation, field="reference"
        )

    def take(self, year: int) -> str:
        return self.codes.take(f"R-{year}-")


def apply_un(actor: Membership, rows: Rows, progress: Callable[[int], None]) -> dict[str, int]:
    known, themes, references = _known(actor), _theme_index(actor), _References(actor)
    links = Recommendation.themes.through
    linked: set[tuple[int, int]] = set(
        links.objects.filter(recommendation__institution_id=actor.institution_id).values_list(
            "recommendation_id", "theme_id"
        )
    )
    to_create: list[tuple[Recommendation, set[int]]] = []
    to_update: list[Recommendation] = []
    new_links: list[Any] = []
    events: list[PendingEvent] = []
    fields_changed: set[str] = set()
    now = timezone.now()
    for done, (_number, values) in enumerate(rows, start=1):
        wanted_themes = _themes_of(values, themes)
        rec = known.match(values)
        if rec is None:
            issued: IssuedOn = values["issued_on"]
            rec = Recommendation(
                institution=actor.institution,
                reference=references.take(issued.day.year),
                text=values["text"],
                source=Source.UN_MECHANISM,
                mechanism=values["mechanism"],
                source_document=values.get("source_document") or "",
                paragraph=values.get("paragraph") or "",
                issued_on=issued.day,
                addressee=values.get("addressee") or Addressee.MINISTRY,
                priority=Priority.MEDIUM,
                status=Status.NOT_STARTED,
                status_on=issued.day,
                created_by=actor.user,
                created_at=now,
            )
            to_create.append((rec, wanted_themes))  # the check refused rows matching each other
            continue
        changed = _changes(rec, values)
        missing = {t for t in wanted_themes if (rec.pk, t) not in linked}
        for name, value in changed.items():
            setattr(rec, name, value)
        if changed:
            to_update.append(rec)
            fields_changed.update(changed)
        if missing:
            new_links += [links(recommendation_id=rec.pk, theme_id=t) for t in sorted(missing)]
            linked.update((rec.pk, t) for t in missing)
        if changed or missing:
            names = sorted([*changed, *(["themes"] if missing else [])])
            events.append(
                PendingEvent("recommendation.updated", rec, {"fields": names, "import": True})
            )
        if done % 500 == 0:
            progress(done)
    Recommendation.objects.bulk_create([rec for rec, _t in to_create], batch_size=500)
    for rec, wanted in to_create:
        new_links += [links(recommendation_id=rec.pk, theme_id=t) for t in sorted(wanted)]
    if to_update:
        _keep_status_date(to_update, fields_changed)
        Recommendation.objects.bulk_update(
            to_update, sorted(fields_changed | {"status_on"}), batch_size=500
        )
    links.objects.bulk_create(new_links, batch_size=1000)
    created_events = [
        PendingEvent(
            "recommendation.created", rec, {"source": Source.UN_MECHANISM.value, "import": True}
        )
        for rec, _t in to_create
    ]
    audit_record_many(
        events=created_events + events, actor=actor.user, institution=actor.institution
    )
    progress(len(rows))
    return {
        "created": len(to_create),
        "updated": len(events),
        "unchanged": len(rows) - len(to_create) - len(events),
    }


def _keep_status_date(recs: list[Recommendation], fields_changed: set[str]) -> None:
    """Until follow-up starts, "status since" is the recommendation's date (as the services
    keep it)."""
    if "issued_on" not in fields_changed:
        return
    ids = [r.pk for r in recs]
    followed: set[int] = set()
    for start in range(0, len(ids), 500):  # within every database's parameter limit
        followed.update(
            StatusUpdate.objects.filter(recommendation_id__in=ids[start : start + 500])
            .values_list("recommendation_id", flat=True)
            .distinct()
        )
    for rec in recs:
        if rec.pk not in followed:
            rec.status_on = rec.issued_on


UN_IMPORTER = Importer(
    key="un_recommendations",
    title=gettext_lazy("Import UN recommendations"),
    columns=UN_COLUMNS,
    capability=Capability.MANAGE_RECOMMENDATIONS,
    check=check_un,
    apply=apply_un,
    done_url_name="recommendations:recommendation_list",
    help=gettext_lazy(
        "Recommendations of the UN mechanisms (SPT, CAT, UPR, Human Rights Committee, "
        "special procedures), from an export of the Universal Human Rights Index or a "
        "similar table. Importing the file again updates what changed and duplicates "
        "nothing."
    ),
)
