"""Vigil's starter checklists: five XLSForm files shipped in the package.

The files live in `vigil/visits/data/checklists/` and are read with the same
reader as any form a monitor imports, so they can be downloaded, edited in a
spreadsheet and imported again. docs/xlsform.md says how to change them.
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable

# The order the library lists them in: from the first hours of custody to the
# places that hold people longest.
STARTER_FORM_IDS = (
    "vigil_police_custody",
    "vigil_prison",
    "vigil_immigration_detention",
    "vigil_psychiatric_social_care",
    "vigil_juvenile_detention",
)


def starter_checklists_folder() -> Traversable:
    """Where the shipped .xlsx files are, inside the installed package."""
    return files("vigil.visits").joinpath("data", "checklists")


def starter_library() -> list[tuple[str, bytes]]:
    """(filename, .xlsx bytes) for each starter checklist, in library order."""
    folder = starter_checklists_folder()
    return [
        (f"{form_id}.xlsx", folder.joinpath(f"{form_id}.xlsx").read_bytes())
        for form_id in STARTER_FORM_IDS
    ]
