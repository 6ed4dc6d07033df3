"""Problems found in an XLSForm, each naming where the monitor can fix it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class XLSFormProblem:
    """One problem: the sheet, the row as seen in Excel (header = row 1), the column, why."""

    sheet: str | None
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where: list[str] = []
        if self.sheet:
            where.append(_("%(sheet)s sheet") % {"sheet": self.sheet})
        if self.row is not None:
            where.append(_("row %(row)d") % {"row": self.row})
        if self.column:
            where.append(_("column %(column)s") % {"column": self.column})
        if not where:
            return self.message
        return f"{', '.join(where)}: {self.message}"


class XLSFormError(ValueError):
    """The XLSForm cannot be used; `problems` lists every problem found."""

    def __init__(self, problems: Iterable[XLSFormProblem]) -> None:
        self.problems: list[XLSFormProblem] = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @property
    def messages(self) -> list[str]:
        return [str(p) for p in self.problems]


class ExpressionError(ValueError):
    """The expression cannot be parsed or uses something Vigil does not support."""


class UnsupportedExpression(ExpressionError):
    """Valid in ODK, but the web checklist does not evaluate it; `construct` names it."""

    def __init__(self, message: str, construct: str) -> None:
        super().__init__(message)
        self.construct = construct


class ExpressionLimitError(ExpressionError):
    """Checking the form went past one of Vigil's limits (steps, depth or regex time)."""
