"""The import of a returned matrix: its columns are the matrix's own, rows are matched by
reference, the check is a selector and the writes are the follow-up services."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from vigil.core.imports import Importer
from vigil.core.roles import Capability
from vigil.recommendations.reports.matrix import MATRIX_COLUMNS
from vigil.recommendations.selectors.matrix import matrix_import_problems
from vigil.recommendations.services.matrix import matrix_import

MATRIX_IMPORTER = Importer(
    key="matrix",
    title=gettext_lazy("Import a returned matrix"),
    columns=MATRIX_COLUMNS,
    capability=Capability.MANAGE_RECOMMENDATIONS,
    check=matrix_import_problems,
    apply=matrix_import,
    done_url_name="recommendations:recommendation_list",
    help=gettext_lazy(
        "The matrix an authority sent back: its responses and implementation statuses are "
        "recorded where they differ from the current ones. Rows are matched by reference; "
        "empty cells change nothing."
    ),
    report=(
        ("responses", gettext_lazy("Responses recorded")),
        ("statuses", gettext_lazy("Statuses recorded")),
        ("unchanged", gettext_lazy("Rows unchanged")),
    ),
)
