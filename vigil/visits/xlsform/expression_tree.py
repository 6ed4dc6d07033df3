"""The parsed form of an expression, and the functions it may call.

Each node evaluates itself against an EvaluationContext; every evaluation is
counted against the form's EvaluationBudget (expression_budget.py).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from .expression_budget import EvaluationBudget
from .xpath_values import NodeSet, Value, to_boolean, to_number, to_string

COMPARISONS = frozenset({"=", "!=", "<", "<=", ">", ">="})


@dataclass
class EvaluationContext:
    """What an expression sees: its references, the current answer and today's date.

    `budget` is shared by every expression of one check of a form.
    """

    resolve: Callable[[str], str | NodeSet]
    current: str = ""
    today: date = field(default_factory=date.today)
    budget: EvaluationBudget = field(default_factory=EvaluationBudget)


class Node:
    """One part of a parsed expression; evaluating it spends the form's budget."""

    def evaluate(self, ctx: EvaluationContext) -> Value:
        ctx.budget.enter()
        try:
            return self._evaluate(ctx)
        finally:
            ctx.budget.leave()

    def _evaluate(self, ctx: EvaluationContext) -> Value:
        raise NotImplementedError

    def children(self) -> tuple[Node, ...]:
        return ()


@dataclass(frozen=True)
class Literal(Node):
    value: str | float

    def _evaluate(self, ctx: EvaluationContext) -> Value:
        return self.value


@dataclass(frozen=True)
class Reference(Node):
    name: str

    def _evaluate(self, ctx: EvaluationContext) -> Value:
        return ctx.resolve(self.name)


@dataclass(frozen=True)
class Current(Node):
    def _evaluate(self, ctx: EvaluationContext) -> Value:
        return ctx.current


@dataclass(frozen=True)
class Negate(Node):
    operand: Node

    def children(self) -> tuple[Node, ...]:
        return (self.operand,)

    def _evaluate(self, ctx: EvaluationContext) -> Value:
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
class Binary(Node):
    op: str
    left: Node
    right: Node

    def children(self) -> tuple[Node, ...]:
        return (self.left, self.right)

    def _evaluate(self, ctx: EvaluationContext) -> Value:
        if self.op == "or":
            return to_boolean(self.left.evaluate(ctx)) or to_boolean(self.right.evaluate(ctx))
        if self.op == "and":
            return to_boolean(self.left.evaluate(ctx)) and to_boolean(self.right.evaluate(ctx))
        left = self.left.evaluate(ctx)
        right = self.right.evaluate(ctx)
        if self.op in COMPARISONS:
            return _compare(self.op, left, right)
        return _arithmetic(self.op, to_number(left), to_number(right))


FunctionImpl = Callable[[Sequence[Node], EvaluationContext], Value]


@dataclass(frozen=True)
class Call(Node):
    name: str
    args: tuple[Node, ...]

    def children(self) -> tuple[Node, ...]:
        return self.args

    def _evaluate(self, ctx: EvaluationContext) -> Value:
        return FUNCTIONS[self.name].impl(self.args, ctx)


# --- functions --------------------------------------------------------------------------


def _arg_or_current(args: Sequence[Node], ctx: EvaluationContext) -> Value:
    return args[0].evaluate(ctx) if args else ctx.current


def _selected(args: Sequence[Node], ctx: EvaluationContext) -> Value:
    answer = to_string(args[0].evaluate(ctx)).split()
    return to_string(args[1].evaluate(ctx)).strip() in answer


def _count_selected(args: Sequence[Node], ctx: EvaluationContext) -> Value:
    return float(len(to_string(args[0].evaluate(ctx)).split()))


def _string_length(args: Sequence[Node], ctx: EvaluationContext) -> Value:
    return float(len(to_string(_arg_or_current(args, ctx))))


def _regex_fn(args: Sequence[Node], ctx: EvaluationContext) -> Value:
    # ODK Collect and Enketo both search (Java's find(), JavaScript's test()).
    pattern = to_string(args[1].evaluate(ctx))
    return ctx.budget.search(pattern, to_string(args[0].evaluate(ctx)))


def _today(args: Sequence[Node], ctx: EvaluationContext) -> Value:
    return ctx.today.isoformat()


def _number(args: Sequence[Node], ctx: EvaluationContext) -> Value:
    return to_number(_arg_or_current(args, ctx))


def _int(args: Sequence[Node], ctx: EvaluationContext) -> Value:
    number = to_number(args[0].evaluate(ctx))
    if math.isnan(number) or math.isinf(number):
        return number
    return float(math.trunc(number))


def _if(args: Sequence[Node], ctx: EvaluationContext) -> Value:
    chosen = args[1] if to_boolean(args[0].evaluate(ctx)) else args[2]
    return chosen.evaluate(ctx)


def _coalesce(args: Sequence[Node], ctx: EvaluationContext) -> Value:
    first = args[0].evaluate(ctx)
    return first if to_string(first) != "" else args[1].evaluate(ctx)


def _boolean_from_string(args: Sequence[Node], ctx: EvaluationContext) -> Value:
    return to_string(args[0].evaluate(ctx)).strip() in ("true", "1")


def _concat(args: Sequence[Node], ctx: EvaluationContext) -> Value:
    parts: list[str] = []
    for arg in args:
        value = arg.evaluate(ctx)
        parts.extend(value.values if isinstance(value, NodeSet) else [to_string(value)])
    return "".join(parts)


def _true(args: Sequence[Node], ctx: EvaluationContext) -> Value:
    return True


def _false(args: Sequence[Node], ctx: EvaluationContext) -> Value:
    return False


def _not(args: Sequence[Node], ctx: EvaluationContext) -> Value:
    return not to_boolean(args[0].evaluate(ctx))


@dataclass(frozen=True)
class Function:
    impl: FunctionImpl
    min_args: int
    max_args: int | None


FUNCTIONS: dict[str, Function] = {
    "selected": Function(_selected, 2, 2),
    "count-selected": Function(_count_selected, 1, 1),
    "string-length": Function(_string_length, 0, 1),
    "regex": Function(_regex_fn, 2, 2),
    "today": Function(_today, 0, 0),
    "number": Function(_number, 0, 1),
    "int": Function(_int, 1, 1),
    "if": Function(_if, 3, 3),
    "coalesce": Function(_coalesce, 2, 2),
    "boolean-from-string": Function(_boolean_from_string, 1, 1),
    "concat": Function(_concat, 0, None),
    "true": Function(_true, 0, 0),
    "false": Function(_false, 0, 0),
    "not": Function(_not, 1, 1),
}
