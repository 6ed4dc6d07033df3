"""The subset of ODK XPath that Vigil evaluates in relevant, constraint and required.

Supported: `${name}` references, `.` (the current answer), text and number
literals, = != < <= > >=, + - * div mod, and/or, parentheses and the functions
in FUNCTIONS. Values follow ODK (XPath 1.0) rules: an unanswered question is
'', number('') is NaN, and every comparison with NaN is false except `!=`.
Expressions are parsed once and cached (`compile_expression`), and refused when
they go past the limits of expression_budget.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from django.utils.translation import gettext as _

from .errors import ExpressionError, ExpressionLimitError
from .expression_budget import (
    MAX_EXPRESSION_LENGTH,
    MAX_NODES,
    MAX_TREE_DEPTH,
    EvaluationBudget,
)
from .expression_parser import Parser, tokenize
from .expression_tree import FUNCTIONS, Current, EvaluationContext, Node, Reference
from .xpath_values import NodeSet, Value, to_boolean

__all__ = [
    "FUNCTIONS",
    "CompiledExpression",
    "EvaluationBudget",
    "EvaluationContext",
    "ExpressionError",
    "ExpressionLimitError",
    "NodeSet",
    "Value",
    "compile_expression",
    "evaluate",
]


@dataclass(frozen=True)
class CompiledExpression:
    """A parsed expression. `references` lists the ${names} it reads, in order."""

    source: str
    root: Node = field(repr=False, compare=False)
    references: tuple[str, ...] = ()
    uses_current: bool = False

    def evaluate(self, ctx: EvaluationContext) -> Value:
        return self.root.evaluate(ctx)

    def evaluate_boolean(self, ctx: EvaluationContext) -> bool:
        return to_boolean(self.root.evaluate(ctx))


def _nodes_in_order(root: Node) -> list[Node]:
    """Every node, left to right; refuses a tree too deep or too large to evaluate.

    Iterative, because a chain such as `1+1+…+1` is as deep as it is long.
    """
    nodes: list[Node] = []
    stack: list[tuple[Node, int]] = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_TREE_DEPTH:
            raise ExpressionError(
                _(
                    "the expression is nested too deeply: at most %(limit)d operations "
                    "inside one another"
                )
                % {"limit": MAX_TREE_DEPTH}
            )
        nodes.append(node)
        if len(nodes) > MAX_NODES:
            raise ExpressionError(
                _("the expression is too long: at most %(limit)d values, operators and functions")
                % {"limit": MAX_NODES}
            )
        stack.extend((child, depth + 1) for child in reversed(node.children()))
    return nodes


@lru_cache(maxsize=4096)
def compile_expression(source: str) -> CompiledExpression:
    """Parse `source` once; raise ExpressionError when Vigil cannot evaluate it."""
    if len(source) > MAX_EXPRESSION_LENGTH:
        raise ExpressionError(
            _("the expression is too long: at most %(limit)d characters")
            % {"limit": MAX_EXPRESSION_LENGTH}
        )
    root = Parser(tokenize(source)).parse()
    nodes = _nodes_in_order(root)
    references = tuple(dict.fromkeys(node.name for node in nodes if isinstance(node, Reference)))
    uses_current = any(isinstance(node, Current) for node in nodes)
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
