"""The limits on checking a form's expressions, so that no form can stall the server.

A form is refused on import when one of its expressions is longer, deeper or
larger than the limits below (the message names the row and the column). What
depends on the answers is bounded while the form is checked: each evaluation of
a filled form has a budget of steps, of nesting and of time spent in regex();
going past it is reported as an error on the question, never as a stalled worker.
The regex module is used instead of `re` because its searches take a timeout.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from functools import lru_cache

import regex
from django.utils.translation import gettext as _

from .errors import ExpressionError, ExpressionLimitError

# On import, for each expression.
MAX_EXPRESSION_LENGTH = 2000  # characters
MAX_NESTING = 32  # brackets, function calls and minus signs inside one another
MAX_TREE_DEPTH = 64  # operators and calls inside one another, chains included
MAX_NODES = 500  # values, references, operators and calls
MAX_REGEX_LENGTH = 500  # characters of a regex() pattern
MAX_GROUP_NESTING = 16  # groups and repeats inside one another
# While a filled form is checked, for the whole form.
MAX_STEPS = 100_000  # values, references, operators and calls evaluated
MAX_EVALUATION_DEPTH = 120  # operators and calls inside one another, across references
MAX_RELEVANCE_CHAIN = 32  # questions whose relevance depends on one another in a row
REGEX_SECONDS_PER_CALL = 0.05
REGEX_SECONDS_PER_FORM = 0.5


@dataclass
class EvaluationBudget:
    """What one check of a filled form may still spend; shared by all its expressions."""

    steps: int = MAX_STEPS
    depth: int = 0
    regex_seconds: float = REGEX_SECONDS_PER_FORM

    def enter(self) -> None:
        self.steps -= 1
        self.depth += 1
        if self.steps < 0:
            raise ExpressionLimitError(
                _("the form's rules need more than %(limit)d steps to check") % {"limit": MAX_STEPS}
            )
        if self.depth > MAX_EVALUATION_DEPTH:
            raise ExpressionLimitError(
                _("the form's rules refer to one another more than %(limit)d levels deep")
                % {"limit": MAX_EVALUATION_DEPTH}
            )

    def leave(self) -> None:
        self.depth -= 1

    def search(self, pattern: str, text: str) -> bool:
        """regex() as ODK Collect and Enketo apply it (a search), within the time left."""
        compiled = compile_regex(pattern)
        if compiled is None:
            return False
        allowed = min(REGEX_SECONDS_PER_CALL, self.regex_seconds)
        if allowed <= 0:
            raise _regex_too_slow()
        started = time.monotonic()
        try:
            return compiled.search(text, timeout=allowed) is not None
        except TimeoutError as error:
            self.regex_seconds = 0
            raise _regex_too_slow() from error
        finally:
            self.regex_seconds -= time.monotonic() - started


def _regex_too_slow() -> ExpressionLimitError:
    return ExpressionLimitError(
        _("a regular expression takes too long on this answer (it backtracks catastrophically)")
    )


@lru_cache(maxsize=256)
def compile_regex(pattern: str) -> regex.Pattern[str] | None:
    """The compiled pattern, None when it is not a valid regular expression."""
    if len(pattern) > MAX_REGEX_LENGTH:
        raise ExpressionLimitError(_regex_too_long())
    try:
        return regex.compile(pattern)
    except regex.error:
        return None


def check_regex(pattern: str) -> None:
    """Refuse a regex() pattern written in the form that is too long or invalid."""
    if len(pattern) > MAX_REGEX_LENGTH:
        raise ExpressionError(_regex_too_long())
    try:
        regex.compile(pattern)
    except regex.error as error:
        raise ExpressionError(
            _("the regular expression '%(pattern)s' is invalid: %(error)s")
            % {"pattern": pattern, "error": error}
        ) from error


def _regex_too_long() -> str:
    return _("a regular expression may have at most %(limit)d characters") % {
        "limit": MAX_REGEX_LENGTH
    }
