"""The checks, as DuckDB SQL over the working copy (Parquet, one row per register entry).

One pass computes a flag per check for every entry (`FLAGS`), and one aggregate turns the
flags into counts per place and month; the rows behind a count are the same flags, filtered.
The bench (`make bench`) runs exactly this SQL on a plain file beside Vigil's run.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# The working copy's columns (DuckDB types). Times are UTC; `month` is the local month of
# the arrest (or registration), `released_hour` the local hour of release.
SCHEMA: list[tuple[str, str]] = [
    ("row_number", "INTEGER"),
    ("place_id", "INTEGER"),
    ("month", "DATE"),
    ("entry_number", "BIGINT"),
    ("pseudonym", "VARCHAR"),
    ("age", "SMALLINT"),
    ("sex", "VARCHAR"),
    ("arrested_at", "TIMESTAMP"),
    ("arrived_at", "TIMESTAMP"),
    ("registered_at", "TIMESTAMP"),
    ("lawyer_requested", "BOOLEAN"),
    ("lawyer_informed_at", "TIMESTAMP"),
    ("lawyer_present", "BOOLEAN"),
    ("family_informed_at", "TIMESTAMP"),
    ("doctor_seen_at", "TIMESTAMP"),
    ("judge_at", "TIMESTAMP"),
    ("released_at", "TIMESTAMP"),
    ("released_hour", "SMALLINT"),
    ("release_kind", "VARCHAR"),
    ("destination", "VARCHAR"),
    ("injuries", "BOOLEAN"),
    ("remarks", "VARCHAR"),
]


@dataclass(frozen=True)
class Check:
    code: str
    label: Promise
    safeguard: Promise  # what the protection-gaps view calls the missing safeguard
    condition: str  # SQL over the entry's columns, the limits and the window columns


CHECKS: list[Check] = [
    Check(
        "late_registration",
        _("Registered late after arrest"),
        _("Prompt recording of custody"),
        "date_diff('minute', arrested_at, registered_at) > {registration_hours} * 60",
    ),
    Check(
        "no_judge",
        _("Held past the legal limit without a judge"),
        _("Prompt appearance before a judge"),
        "arrested_at IS NOT NULL AND date_diff('minute', arrested_at, "
        "coalesce(judge_at, released_at, extract_end)) > {judge_hours} * 60",
    ),
    Check(
        "lawyer_late",
        _("Lawyer not informed, or informed late"),
        _("Access to a lawyer"),
        "arrested_at IS NOT NULL AND (lawyer_informed_at IS NULL OR "
        "date_diff('minute', arrested_at, lawyer_informed_at) > {notice_hours} * 60)",
    ),
    Check(
        "family_late",
        _("Family not informed, or informed late"),
        _("Notification of custody"),
        "arrested_at IS NOT NULL AND (family_informed_at IS NULL OR "
        "date_diff('minute', arrested_at, family_informed_at) > {notice_hours} * 60)",
    ),
    Check(
        "no_doctor",
        _("No medical examination"),
        _("Access to a doctor"),
        "doctor_seen_at IS NULL",
    ),
    Check(
        "minor",
        _("Minors held"),
        _("Protection of children"),
        "age < {adult_age}",
    ),
    Check(
        "night_move",
        _("Released or transferred at night"),
        _("Safe release and transfer"),
        "released_hour IS NOT NULL AND "
        "(released_hour >= {night_starts} OR released_hour < {night_ends})",
    ),
    Check(
        "repeat",
        _("Same person detained again within the limit"),
        _("Protection from repeated arrests"),
        "previous_arrest IS NOT NULL AND "
        "date_diff('minute', previous_arrest, arrested_at) <= {repeat_days} * 1440",
    ),
    Check(
        "injuries",
        _("Injuries noted on arrival"),
        _("Freedom from ill-treatment in custody"),
        "coalesce(injuries, false)",
    ),
    Check(
        "numbering",
        _("Gaps and duplicates in entry numbers"),
        _("Complete and consistent registers"),
        "entry_number = previous_number OR entry_number = next_number "
        "OR entry_number - previous_number > 1",
    ),
    Check(
        "blank",
        _("Mandatory fields left blank"),
        _("Complete and consistent registers"),
        "entry_number IS NULL OR pseudonym IS NULL OR arrested_at IS NULL OR registered_at IS NULL",
    ),
]
CHECKS_BY_CODE = {check.code: check for check in CHECKS}
DEFAULT_LIMITS = {
    "registration_hours": 2,
    "judge_hours": 48,
    "notice_hours": 6,
    "adult_age": 18,
    "night_starts": 22,
    "night_ends": 6,
    "repeat_days": 30,
}


def _limits(limits: dict[str, int]) -> dict[str, int]:
    # Whole numbers only reach the SQL text: the limits are stored as such, and checked here.
    return {key: int(limits.get(key, default)) for key, default in DEFAULT_LIMITS.items()}


def flags_sql(limits: dict[str, int], *, earlier: bool = False) -> str:
    """Every entry with one boolean column per check, and the hours minors were held.

    Reads the view `register` (the caller creates it over the working copy). Each window
    sorts a narrow projection (row number and what it orders), joined back by row number:
    sorting every column of millions of rows for each window would cost more than the joins.
    An entry without a person has no earlier detention (blanks are not one person).

    `earlier`: the view `earlier` (pseudonym, arrested_at) holds the detentions of the
    authority's other extracts, so that a person detained again is found across uploads; a
    detention found in both (overlapping extracts) is one detention, not a repeat."""
    values = _limits(limits)
    arrest_rows = (
        "SELECT row_number, pseudonym, arrested_at FROM register WHERE pseudonym IS NOT NULL"
    )
    if earlier:
        arrest_rows += """
      UNION ALL
      SELECT DISTINCT NULL::INTEGER, e.pseudonym, e.arrested_at FROM earlier e
      WHERE e.pseudonym IS NOT NULL AND e.arrested_at IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM register r
        WHERE r.pseudonym = e.pseudonym AND r.arrested_at = e.arrested_at)"""
    flags = ",\n  ".join(
        f"coalesce(({check.condition.format(**values)}), false) AS is_{check.code}"
        for check in CHECKS
    )
    return f"""
WITH ends AS (
  SELECT max(greatest(arrested_at, registered_at, released_at, judge_at)) AS extract_end
  FROM register
),
arrests AS (
  SELECT row_number, previous_arrest FROM (
    SELECT row_number,
      lag(arrested_at) OVER (PARTITION BY pseudonym ORDER BY arrested_at, row_number NULLS FIRST)
        AS previous_arrest
    FROM ({arrest_rows})
  ) WHERE row_number IS NOT NULL
),
numbers AS (
  SELECT row_number, lag(entry_number) OVER w AS previous_number,
    lead(entry_number) OVER w AS next_number
  FROM register WHERE entry_number IS NOT NULL
  WINDOW w AS (PARTITION BY place_id ORDER BY entry_number, row_number)
),
windowed AS (
  SELECT r.*, ends.extract_end, a.previous_arrest, n.previous_number, n.next_number
  FROM register r CROSS JOIN ends
  LEFT JOIN arrests a USING (row_number) LEFT JOIN numbers n USING (row_number)
)
SELECT row_number, place_id, month, entry_number, pseudonym, age, sex, arrested_at,
  registered_at, lawyer_informed_at, family_informed_at, doctor_seen_at, judge_at,
  released_at, release_kind, injuries,
  CASE WHEN age < {values["adult_age"]} AND arrested_at IS NOT NULL THEN
    date_diff('minute', arrested_at, coalesce(released_at, extract_end)) / 60.0 END
    AS minor_hours,
  {flags}
FROM windowed
"""  # noqa: S608 - only whole numbers and our own check conditions are formatted in


def counts_sql(limits: dict[str, int], *, earlier: bool = False) -> str:
    """Per place and month: the entries, each check's count, and the hours minors were held."""
    sums = ",\n  ".join(f"count_if(is_{check.code}) AS {check.code}" for check in CHECKS)
    return f"""
WITH flagged AS ({flags_sql(limits, earlier=earlier)})
SELECT place_id, month, count(*) AS entries,
  {sums},
  round(sum(CASE WHEN is_minor THEN minor_hours END), 1) AS minor_hours
FROM flagged
GROUP BY place_id, month
ORDER BY place_id, month
"""  # noqa: S608 - see flags_sql


ROW_COLUMNS = [
    "row_number",
    "entry_number",
    "pseudonym",
    "age",
    "sex",
    "arrested_at",
    "registered_at",
    "lawyer_informed_at",
    "family_informed_at",
    "doctor_seen_at",
    "judge_at",
    "released_at",
    "release_kind",
    "injuries",
]


def rows_sql(limits: dict[str, int], code: str, *, earlier: bool = False) -> str:
    """The entries behind one count: parameters place_id, month, limit."""
    check = CHECKS_BY_CODE[code]  # KeyError for anything but a known check
    return f"""
WITH flagged AS ({flags_sql(limits, earlier=earlier)})
SELECT {", ".join(ROW_COLUMNS)} FROM flagged
WHERE place_id = ? AND month = ? AND is_{check.code}
ORDER BY row_number LIMIT ?
"""  # noqa: S608 - see flags_sql
