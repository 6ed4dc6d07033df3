"""The subset of ODK XPath that Vigil evaluates in relevant, constraint and required.

Supported: `${name}` references, `.` (the current answer), text and number
literals, = != < <= > >=, + - * div mod, and/or, parentheses and the functions
in FUNCTIONS. Values follow ODK (XPath 1.0) rules: an unanswered question is
'', number('') is NaN, and every comparison with NaN is false except `!=`.
Expressions are parsed once and cached (`compile_expression`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from django.utils.translation import gettext as _


class ExpressionError(ValueError):
    """The expression cannot be parsed or uses something Vigil does not support."""


@dataclass(frozen=True)
class NodeSet:
    """The answers of a question inside a repeat, seen from outside that repeat."""

    values: tuple[str, ...]


Value = str | float | bool | NodeSet


@dataclass
class EvaluationContext:
    """What an expression sees: its references, the current answer and today's date."""

    resolve: Callable[[str], str | NodeSet]
    current: str = ""
    today: date = field(default_factory=date.today)


# --- conversions (XPath 1.0, as ODK applies them) -------------------------------------

_NUMBER_RE = re.compile(r"\s*-?(\d+(\.\d*)?|\.\d+)\s*")
_DATE_RE = re.compile(r"\s*(\d{4})-(\d{2})-(\d{2})\s*")
_TIME_RE = re.compile(r"\s*(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*")
_EPOCH = date(1970, 1, 1)


def to_string(value: Value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, NodeSet):
        return value.values[0] if value.values else ""
    if isinstance(value, float):
        return format_number(value)
    return value


def format_number(number: float) -> str:
    if math.isnan(number):
        return "NaN"
    if math.isinf(number):
        return "Infinity" if number > 0 else "-Infinity"
    if number.is_integer() and abs(number) < 1e15:
        return str(int(number))
    return repr(number)


def to_number(value: Value) -> float:
    """Numbers as XPath reads them; a date counts days since 1970-01-01 and a time
    is a fraction of a day, as in ODK, so that dates and times can be compared."""
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, float):
        return value
    text = to_string(value)
    if _NUMBER_RE.fullmatch(text):
        return float(text)
    match = _DATE_RE.fullmatch(text)
    if match:
        try:
            day = date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return math.nan
        return float((day - _EPOCH).days)
    match = _TIME_RE.fullmatch(text)
    if match:
        hours, minutes, seconds = int(match[1]), int(match[2]), int(match[3] or 0)
        if hours < 24 and minutes < 60 and seconds < 60:
            return (hours * 3600 + minutes * 60 + seconds) / 86400
    return math.nan


def to_boolean(value: Value) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, NodeSet):
        return bool(value.values)
    if isinstance(value, float):
        return not math.isnan(value) and value != 0
    return value != ""


# --- syntax tree ------------------------------------------------------------------------


class _Node:
    def evaluate(self, ctx: EvaluationContext) -> Value:
        raise NotImplementedError


@dataclass(frozen=True)
class _Literal(_Node):
    value: str | float

    def evaluate(self, ctx: EvaluationContext) -> Value:
        return self.value


@dataclass(frozen=True)
class _Reference(_Node):
    name: str

    def evaluate(self, ctx: EvaluationContext) -> Value:
        return ctx.resolve(self.name)


@dataclass(frozen=True)
class _Current(_Node):
    def evaluate(self, ctx: EvaluationContext) -> Value:
        return ctx.current


@dataclass(frozen=True)
class _Negate(_Node):
    operand: _Node

    def evaluate(self, ctx: EvaluationContext) -> Value:
        return -to_number(self.operand.evaluate(ctx))


def _compare_atoms(op: str, left: Value, right: Value) -> bool:
    if op in ("=", "!="):
        equal: bool
        if isinstance(left, bool) or isinstance(right, bool):
            equal = to_boolean(left) == to_boolean(right)
        elif isinstance(left, float) or isinstance(right, float):
            a, b = to_number(left), to_number(right)
            if math.isnan(a) or math.isnan(b):
                return op == "!="
            equal = a == b
        else:
            equal = to_string(left) == to_string(right)
        return equal if op == "=" else not equal
    x, y = to_number(left), to_number(right)
    if op == "<":
        return x < y
    if op == "<=":
        return x <= y
    if op == ">":
        return x > y
    return x >= y


def _compare(op: str, left: Value, right: Value) -> bool:
    # A node-set compares true when any of its answers does (XPath 1.0, 3.4).
    if isinstance(left, NodeSet):
        if isinstance(right, bool):
            return _compare_atoms(op, to_boolean(left), right)
        return any(_compare(op, value, right) for value in left.values)
    if isinstance(right, NodeSet):
        if isinstance(left, bool):
            return _compare_atoms(op, left, to_boolean(right))
        return any(_compare(op, left, value) for value in right.values)
    return _compare_atoms(op, left, right)


def _arithmetic(op: str, left: float, right: float) -> float:
    try:
        if op == "+":
            return left + right
        if op == "-":
            return left - right
        if op == "*":
            return left * right
        if op == "div":
            if right == 0:
                if left == 0 or math.isnan(left):
                    return math.nan
                return math.copysign(math.inf, left) * math.copysign(1, right)
            return left / right
        # XPath mod keeps the sign of the dividend, like math.fmod.
        if right == 0 or math.isinf(left):
            return math.nan
        return math.fmod(left, right)
    except (OverflowError, ValueError):
        return math.nan


@dataclass(frozen=True)
class _Binary(_Node):
    op: str
    left: _Node
    right: _Node

    def evaluate(self, ctx: EvaluationContext) -> Value:
        if self.op == "or":
            return to_boolean(self.left.evaluate(ctx)) or to_boolean(self.right.evaluate(ctx))
        if self.op == "and":
            return to_boolean(self.left.evaluate(ctx)) and to_boolean(self.right.evaluate(ctx))
        left = self.left.evaluate(ctx)
        right = self.right.evaluate(ctx)
        if self.op in _COMPARISONS:
            return _compare(self.op, left, right)
        return _arithmetic(self.op, to_number(left), to_number(right))


FunctionImpl = Callable[[Sequence[_Node], EvaluationContext], Value]


@dataclass(frozen=True)
class _Call(_Node):
    name: str
    args: tuple[_Node, ...]

    def evaluate(self, ctx: EvaluationContext) -> Value:
        return FUNCTIONS[self.name].impl(self.args, ctx)


# --- functions --------------------------------------------------------------------------


@lru_cache(maxsize=256)
def _regex(pattern: str) -> re.Pattern[str] | None:
    try:
        return re.compile(pattern)
    except re.error:
        return None


def _arg_or_current(args: Sequence[_Node], ctx: EvaluationContext) -> Value:
    return args[0].evaluate(ctx) if args else ctx.current


def _selected(args: Sequence[_Node], ctx: EvaluationContext) -> Value:
    answer = to_string(args[0].evaluate(ctx)).split()
    return to_string(args[1].evaluate(ctx)).strip() in answer


def _count_selected(args: Sequence[_Node], ctx: EvaluationContext) -> Value:
    return float(len(to_string(args[0].evaluate(ctx)).split()))


def _string_length(args: Sequence[_Node], ctx: EvaluationContext) -> Value:
    return float(len(to_string(_arg_or_current(args, ctx))))


def _regex_fn(args: Sequence[_Node], ctx: EvaluationContext) -> Value:
    # ODK Collect and Enketo both search (Java's find(), JavaScript's test()).
    pattern = _regex(to_string(args[1].evaluate(ctx)))
    return bool(pattern and pattern.search(to_string(args[0].evaluate(ctx))))


def _today(args: Sequence[_Node], ctx: EvaluationContext) -> Value:
    return ctx.today.isoformat()


def _number(args: Sequence[_Node], ctx: EvaluationContext) -> Value:
    return to_number(_arg_or_current(args, ctx))


def _int(args: Sequence[_Node], ctx: EvaluationContext) -> Value:
    number = to_number(args[0].evaluate(ctx))
    if math.isnan(number) or math.isinf(number):
        return number
    return float(math.trunc(number))


def _if(args: Sequence[_Node], ctx: EvaluationContext) -> Value:
    chosen = args[1] if to_boolean(args[0].evaluate(ctx)) else args[2]
    return chosen.evaluate(ctx)


def _coalesce(args: Sequence[_Node], ctx: EvaluationContext) -> Value:
    first = args[0].evaluate(ctx)
    return first if to_string(first) != "" else args[1].evaluate(ctx)


def _boolean_from_string(args: Sequence[_Node], ctx: EvaluationContext) -> Value:
    return to_string(args[0].evaluate(ctx)).strip() in ("true", "1")


def _concat(args: Sequence[_Node], ctx: EvaluationContext) -> Value:
    parts: list[str] = []
    for arg in args:
        value = arg.evaluate(ctx)
        parts.extend(value.values if isinstance(value, NodeSet) else [to_string(value)])
    return "".join(parts)


def _true(args: Sequence[_Node], ctx: EvaluationContext) -> Value:
    return True


def _false(args: Sequence[_Node], ctx: EvaluationContext) -> Value:
    return False


def _not(args: Sequence[_Node], ctx: EvaluationContext) -> Value:
    return not to_boolean(args[0].evaluate(ctx))


@dataclass(frozen=True)
class _Function:
    impl: FunctionImpl
    min_args: int
    max_args: int | None


FUNCTIONS: dict[str, _Function] = {
    "selected": _Function(_selected, 2, 2),
    "count-selected": _Function(_count_selected, 1, 1),
    "string-length": _Function(_string_length, 0, 1),
    "regex": _Function(_regex_fn, 2, 2),
    "today": _Function(_today, 0, 0),
    "number": _Function(_number, 0, 1),
    "int": _Function(_int, 1, 1),
    "if": _Function(_if, 3, 3),
    "coalesce": _Function(_coalesce, 2, 2),
    "boolean-from-string": _Function(_boolean_from_string, 1, 1),
    "concat": _Function(_concat, 0, None),
    "true": _Function(_true, 0, 0),
    "false": _Function(_false, 0, 0),
    "not": _Function(_not, 1, 1),
}

# --- tokenizer and parser ---------------------------------------------------------------

_COMPARISONS = frozenset({"=", "!=", "<", "<=", ">", ">="})
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


@dataclass(frozen=True)
class _Token:
    kind: str  # number, string, ref, dot, op, func, word, end
    text: str
    position: int


def _tokenize(source: str) -> list[_Token]:
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
            raise ExpressionError(
                _("XPath paths are not supported: refer to a question as ${name}")
            )
        if kind == "ref":
            name = text[2:-1].strip()
            if name.startswith("last-saved#"):
                raise ExpressionError(_("${last-saved#…} references are not supported"))
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


class _Parser:
    def __init__(self, tokens: list[_Token]) -> None:
        self.tokens = tokens
        self.index = 0

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

    def parse(self) -> _Node:
        if self.token.kind == "end":
            raise ExpressionError(_("the expression is empty"))
        node = self._or()
        if self.token.kind != "end":
            raise self._unexpected()
        return node

    def _binary_level(self, operators: tuple[str, ...], operand: Callable[[], _Node]) -> _Node:
        node = operand()
        while (op := self._accept(*operators)) is not None:
            node = _Binary(op, node, operand())
        return node

    def _or(self) -> _Node:
        return self._binary_level(("or",), self._and)

    def _and(self) -> _Node:
        return self._binary_level(("and",), self._equality)

    def _equality(self) -> _Node:
        return self._binary_level(("=", "!="), self._relational)

    def _relational(self) -> _Node:
        return self._binary_level(("<", "<=", ">", ">="), self._additive)

    def _additive(self) -> _Node:
        return self._binary_level(("+", "-"), self._multiplicative)

    def _multiplicative(self) -> _Node:
        return self._binary_level(("*", "div", "mod"), self._unary)

    def _unary(self) -> _Node:
        if self._accept("-") is not None:
            return _Negate(self._unary())
        return self._primary()

    def _primary(self) -> _Node:
        token = self.token
        if token.kind == "number":
            self.index += 1
            return _Literal(float(token.text))
        if token.kind == "string":
            self.index += 1
            return _Literal(token.text[1:-1])
        if token.kind == "ref":
            self.index += 1
            return _Reference(token.text)
        if token.kind == "dot":
            self.index += 1
            return _Current()
        if token.kind == "func":
            return self._call()
        if self._accept("(") is not None:
            node = self._or()
            self._expect(")")
            return node
        raise self._unexpected()

    def _call(self) -> _Node:
        name = self.token.text
        self.index += 1
        function = FUNCTIONS.get(name)
        if function is None:
            raise ExpressionError(_("function '%(name)s()' is not supported") % {"name": name})
        self._expect("(")
        args: list[_Node] = []
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
        if name == "regex" and isinstance(args[1], _Literal):
            try:
                re.compile(str(args[1].value))
            except re.error as error:
                raise ExpressionError(
                    _("the regular expression '%(pattern)s' is invalid: %(error)s")
                    % {"pattern": args[1].value, "error": error}
                ) from error
        return _Call(name, tuple(args))


def _walk(node: _Node) -> list[_Node]:
    found = [node]
    if isinstance(node, _Binary):
        found += _walk(node.left) + _walk(node.right)
    elif isinstance(node, _Negate):
        found += _walk(node.operand)
    elif isinstance(node, _Call):
        for arg in node.args:
            found += _walk(arg)
    return found


@dataclass(frozen=True)
class CompiledExpression:
    """A parsed expression. `references` lists the ${names} it reads, in order."""

    source: str
    root: _Node = field(repr=False, compare=False)
    references: tuple[str, ...] = ()
    uses_current: bool = False

    def evaluate(self, ctx: EvaluationContext) -> Value:
        return self.root.evaluate(ctx)

    def evaluate_boolean(self, ctx: EvaluationContext) -> bool:
        return to_boolean(self.root.evaluate(ctx))


@lru_cache(maxsize=4096)
def compile_expression(source: str) -> CompiledExpression:
    """Parse `source` once; raise ExpressionError when Vigil cannot evaluate it."""
    root = _Parser(_tokenize(source)).parse()
    nodes = _walk(root)
    references = tuple(dict.fromkeys(node.name for node in nodes if isinstance(node, _Reference)))
    uses_current = any(isinstance(node, _Current) for node in nodes)
    return CompiledExpression(source, root, references, uses_current)


def evaluate(
    source: str,
    values: dict[str, str] | None = None,
    *,
    current: str = "",
    today: date | None = None,
) -> Value:
    """Evaluate `source` against plain {name: answer} values (unknown names are '')."""
    known = values or {}
    ctx = EvaluationContext(
        resolve=lambda name: known.get(name, ""),
        current=current,
        today=today or date.today(),
    )
    return compile_expression(source).evaluate(ctx)
