"""XLSForm checklists: the expression language (parsing and evaluating one expression).

No database: plain functions on bytes and dataclasses.
"""

from __future__ import annotations

import math
import re
from datetime import date

import pytest

from vigil.visits.xlsform import (
    ExpressionError,
    compile_expression,
    evaluate,
)

# --- expressions ------------------------------------------------------------------------

VALUES = {"a": "5", "b": "", "s": "abc", "m": "x y", "d": "2024-01-31"}
NAN = float("nan")


@pytest.mark.parametrize(
    ("expression", "current", "expected"),
    [
        ("${a} = 5", "", True),
        ("${a} = '5'", "", True),
        ("${a} > 4 and ${a} <= 5", "", True),
        ("${b} = ''", "", True),
        ("${b} = 0", "", False),
        ("${b} != 0", "", True),  # NaN != 0, as in XPath
        ("${b} < 1", "", False),
        ("${b} >= 1", "", False),
        ("number(${b})", "", NAN),
        ("${b} + 1", "", NAN),
        ("${a} + 1", "", 6.0),
        ("${a} * 2 - 1", "", 9.0),
        ("1 + 2 * 3", "", 7.0),
        ("(1 + 2) * 3", "", 9.0),
        ("-${a}", "", -5.0),
        ("7 div 2", "", 3.5),
        ("7 mod 3", "", 1.0),
        ("-7 mod 3", "", -1.0),
        ("1 div 0", "", math.inf),
        ("int(7.9)", "", 7.0),
        ("int(-7.9)", "", -7.0),
        ("int(${b})", "", NAN),
        ("number('12.5')", "", 12.5),
        ("number('abc')", "", NAN),
        ("selected(${m}, 'y')", "", True),
        ("selected(${m}, 'z')", "", False),
        ("selected(${b}, 'x')", "", False),
        ("count-selected(${m})", "", 2.0),
        ("count-selected(${b})", "", 0.0),
        ("string-length(${s})", "", 3.0),
        ("string-length(${b})", "", 0.0),
        ("regex(${s}, '^a')", "", True),
        ("regex(${b}, '^a')", "", False),
        ("if(${b} = '', 'empty', 'full')", "", "empty"),
        ("coalesce(${b}, 'fallback')", "", "fallback"),
        ("coalesce(${s}, 'fallback')", "", "abc"),
        ("boolean-from-string('true')", "", True),
        ("boolean-from-string('1')", "", True),
        ("boolean-from-string('yes')", "", False),
        ("concat(${s}, '-', ${a})", "", "abc-5"),
        ("true() and not(false())", "", True),
        ("${b} or ${s}", "", True),
        ("${b} and ${s}", "", False),
        ("not(${b})", "", True),
        ("1 = true()", "", True),
        ("'' = false()", "", True),
        ("${d} < today()", "", True),
        ("${d} = '2024-01-31'", "", True),
        ("today() - ${d}", "", 1.0),
        ("today()", "", "2024-02-01"),
        (". > 3", "5", True),
        (". > 3", "", False),
        ("string-length(.) = 0", "", True),
        ("regex(., '^[0-9]{3}$')", "123", True),
        ("${unknown} = ''", "", True),
    ],
)
def test_expression_evaluator(expression, current, expected):
    result = evaluate(expression, VALUES, current=current, today=date(2024, 2, 1))
    if isinstance(expected, float) and math.isnan(expected):
        assert isinstance(result, float) and math.isnan(result)
    else:
        assert result == expected
        assert type(result) is type(expected)


@pytest.mark.parametrize(
    ("expression", "message"),
    [
        ("foo(1)", "function 'foo()' is not supported"),
        ("count(${a})", "function 'count()' is not supported"),
        ("/data/a = 1", "XPath paths are not supported"),
        ("../a", "XPath paths are not supported"),
        ("a = 1", "'a' is not understood: refer to a question as ${a}"),
        ("${a", "reference is not closed"),
        ("'x", "a text in quotes is not closed"),
        ("selected(${a})", "selected() takes 2 argument(s), not 1"),
        ("1 +", "the expression ends too early"),
        ("(1", "the expression ends too early: ')' is missing"),
        ("regex(., '[')", "the regular expression '[' is invalid"),
        ("${last-saved#a}", "references are not supported"),
        ("1 2", "unexpected '2' at position 3"),
        ("", "the expression is empty"),
    ],
)
def test_unsupported_expressions_are_rejected(expression, message):
    with pytest.raises(ExpressionError, match=re.escape(message)):
        compile_expression(expression)


def test_expressions_are_parsed_once():
    assert compile_expression("${a} + ${b} > 1") is compile_expression("${a} + ${b} > 1")
    assert compile_expression("${a} + ${b} > .").references == ("a", "b")
