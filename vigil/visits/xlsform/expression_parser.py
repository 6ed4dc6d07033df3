"""Tokenize and parse the subset of ODK XPath that Vigil evaluates."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .errors import ExpressionError, UnsupportedExpression
from .expression_budget import MAX_NESTING, check_regex
from .expression_tree import (
    FUNCTIONS,
    Binary,
    Call,
    Current,
    Literal,
    Negate,
    Node,
    Reference,
)

_WORD_OPERATORS = frozenset({"and", "or", "div", "mod"})
_NAME = r"[^\W\d][\w.\-]*"
_NAME_RE = re.compile(_NAME)
_TOKEN_RE = re.compile(
    rf"""
    (?P<ws>\s+)
    |(?P<ref>\$\{{[^}}]*\}})
    |(?P<string>'[^']*'|"[^"]*")
    |(?P<number>\d+(?:\.\d*)?|\.\d+)
    |(?P<parent>\.\.)
    |(?P<dot>\.)
    |(?P<op>!=|<=|>=|=|<|>|\+|-|\*|\(|\)|,)
    |(?P<name>{_NAME}(?::{_NAME})?)
    """,
    re.VERBOSE,
)


# The functions of the ODK XForms specification (and XPath 1.0's): a form may use one the
# web checklist does not evaluate, and is then filled in ODK Collect; any other name is a
# mistake in the form.
ODK_FUNCTIONS = frozenset(
    [
        "true",
        "false",
        "boolean",
        "boolean-from-string",
        "not",
        "number",
        "int",
        "string",
        "concat",
        "join",
        "substr",
        "substring-before",
        "substring-after",
        "translate",
        "string-length",
        "normalize-space",
        "contains",
        "starts-with",
        "ends-with",
        "lower-case",
        "upper-case",
        "selected",
        "selected-at",
        "count",
        "count-selected",
        "count-non-empty",
        "sum",
        "max",
        "min",
        "round",
        "ceiling",
        "floor",
        "position",
        "last",
        "once",
        "coalesce",
        "if",
        "today",
        "now",
        "date",
        "date-time",
        "decimal-date-time",
        "decimal-time",
        "format-date",
        "format-date-time",
        "pow",
        "log",
        "log10",
        "abs",
        "sin",
        "cos",
        "tan",
        "asin",
        "acos",
        "atan",
        "atan2",
        "sqrt",
        "exp",
        "exp10",
        "pi",
        "random",
        "randomize",
        "regex",
        "uuid",
        "digest",
        "base64-decode",
        "checklist",
        "weighted-checklist",
        "area",
        "distance",
        "geofence",
        "pulldata",
        "instance",
        "current",
        "jr:choice-name",
        "jr:itext",
        "indexed-repeat",
        "local-name",
        "name",
        "namespace-uri",
        "id",
        "lang",
    ]
)


@dataclass(frozen=True)
class _Token:
    kind: str  # number, string, ref, dot, op, func, word, end
    text: str
    position: int


def tokenize(source: str) -> list[_Token]:
    tokens: list[_Token] = []
    position = 0
    while position < len(source):
        match = _TOKEN_RE.match(source, position)
        if match is None:
            char = source[position]
            if char in "'\"":
                raise ExpressionError(_("a text in quotes is not closed"))
            if source.startswith("${", position):
                raise ExpressionError(_("a ${…} reference is not closed"))
            if char in "/[]@|":
                raise ExpressionError(
                    _("XPath paths are not supported: refer to a question as ${name}")
                )
            raise ExpressionError(
                _("unexpected '%(text)s' at position %(position)d")
                % {"text": char, "position": position + 1}
            )
        kind = match.lastgroup or ""
        text = match.group()
        position = match.end()
        if kind == "ws":
            continue
        if kind == "parent":
            raise UnsupportedExpression(
                _("XPath paths are not supported: refer to a question as ${name}"), "XPath path"
            )
        if kind == "ref":
            name = text[2:-1].strip()
            if name.startswith("last-saved#"):
                raise UnsupportedExpression(
                    _("${last-saved#…} references are not supported"), "${last-saved#…}"
                )
            if not _NAME_RE.fullmatch(name):
                raise ExpressionError(
                    _("'%(text)s' is not a valid reference to a question") % {"text": text}
                )
            text = name
        elif kind == "name":
            if text in _WORD_OPERATORS:
                kind = "word"
            elif source[position:].lstrip().startswith("("):
                kind = "func"
            else:
                raise ExpressionError(
                    _("'%(name)s' is not understood: refer to a question as ${%(name)s}")
                    % {"name": text}
                )
        tokens.append(_Token(kind, text, match.start()))
    tokens.append(_Token("end", "", len(source)))
    return tokens


class Parser:
    def __init__(self, tokens: list[_Token]) -> None:
        self.tokens = tokens
        self.index = 0
        self.nesting = 0

    def _nested(self, parse: Callable[[], Node]) -> Node:
        # Parsing recurses once per level: refuse a hostile depth before Python's stack does.
        self.nesting += 1
        if self.nesting > MAX_NESTING:
            raise ExpressionError(
                _(
                    "the expression is nested too deeply: at most %(limit)d brackets, "
                    "functions or minus signs inside one another"
                )
                % {"limit": MAX_NESTING}
            )
        try:
            return parse()
        finally:
            self.nesting -= 1

    @property
    def token(self) -> _Token:
        return self.tokens[self.index]

    def _accept(self, *texts: str) -> str | None:
        token = self.token
        if token.kind in ("op", "word") and token.text in texts:
            self.index += 1
            return token.text
        return None

    def _expect(self, text: str) -> None:
        if self._accept(text) is None:
            raise self._unexpected(expected=text)

    def _unexpected(self, expected: str | None = None) -> ExpressionError:
        token = self.token
        if token.kind == "end":
            if expected:
                return ExpressionError(
                    _("the expression ends too early: '%(expected)s' is missing")
                    % {"expected": expected}
                )
            return ExpressionError(_("the expression ends too early"))
        return ExpressionError(
            _("unexpected '%(text)s' at position %(position)d")
            % {"text": token.text, "position": token.position + 1}
        )

    def parse(self) -> Node:
        if self.token.kind == "end":
            raise ExpressionError(_("the expression is empty"))
        node = self._or()
        if self.token.kind != "end":
            raise self._unexpected()
        return node

    def _binary_level(self, operators: tuple[str, ...], operand: Callable[[], Node]) -> Node:
        node = operand()
        while (op := self._accept(*operators)) is not None:
            node = Binary(op, node, operand())
        return node

    def _or(self) -> Node:
        return self._binary_level(("or",), self._and)

    def _and(self) -> Node:
        return self._binary_level(("and",), self._equality)

    def _equality(self) -> Node:
        return self._binary_level(("=", "!="), self._relational)

    def _relational(self) -> Node:
        return self._binary_level(("<", "<=", ">", ">="), self._additive)

    def _additive(self) -> Node:
        return self._binary_level(("+", "-"), self._multiplicative)

    def _multiplicative(self) -> Node:
        return self._binary_level(("*", "div", "mod"), self._unary)

    def _unary(self) -> Node:
        if self._accept("-") is not None:
            return Negate(self._nested(self._unary))
        return self._primary()

    def _primary(self) -> Node:
        token = self.token
        if token.kind == "number":
            self.index += 1
            return Literal(float(token.text))
        if token.kind == "string":
            self.index += 1
            return Literal(token.text[1:-1])
        if token.kind == "ref":
            self.index += 1
            return Reference(token.text)
        if token.kind == "dot":
            self.index += 1
            return Current()
        if token.kind == "func":
            return self._nested(self._call)
        if self._accept("(") is not None:
            node = self._nested(self._or)
            self._expect(")")
            return node
        raise self._unexpected()

    def _call(self) -> Node:
        name = self.token.text
        self.index += 1
        function = FUNCTIONS.get(name)
        if function is None:
            message = _("function '%(name)s()' is not supported") % {"name": name}
            if name in ODK_FUNCTIONS:
                raise UnsupportedExpression(message, f"{name}()")
            raise ExpressionError(message)
        self._expect("(")
        args: list[Node] = []
        if self._accept(")") is None:
            args.append(self._or())
            while self._accept(",") is not None:
                args.append(self._or())
            self._expect(")")
        given = len(args)
        if given < function.min_args or (
            function.max_args is not None and given > function.max_args
        ):
            if function.max_args is None:
                expected = _("at least %(count)d") % {"count": function.min_args}
            elif function.min_args == function.max_args:
                expected = str(function.min_args)
            else:
                expected = _("%(low)d to %(high)d") % {
                    "low": function.min_args,
                    "high": function.max_args,
                }
            raise ExpressionError(
                _("%(name)s() takes %(expected)s argument(s), not %(given)d")
                % {"name": name, "expected": expected, "given": given}
            )
        if name == "regex" and isinstance(args[1], Literal):
            check_regex(str(args[1].value))
        return Call(name, tuple(args))
