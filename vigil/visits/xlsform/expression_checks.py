"""Check the expressions of a form: each must compile and name questions that exist.

Run once the survey sheet is read, when every element's name is known.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection

from django.utils.translation import gettext as _

from .columns import SURVEY, Row
from .errors import ExpressionLimitError, UnsupportedExpression
from .expressions import ExpressionError, compile_expression
from .model import QUESTION_TYPES, FormElement

EXPRESSION_FIELDS = ("relevant", "constraint", "required")

Report = Callable[[str, int | None, str | None, str], None]
# (construct, row): the expression is valid in ODK but the web checklist cannot evaluate it.
CollectOnlyReport = Callable[[str, int], None]


def check_expressions(
    elements: list[FormElement],
    rows_of: dict[int, Row],
    problem: Report,
    collect_only: CollectOnlyReport | None = None,
    outside: Collection[str] = (),
) -> None:
    """Report each expression that does not compile or names no single question.

    `outside` are names the form gives to what the web checklist does not show
    (metadata, calculations, ODK-only questions): a reference to one, or an
    expression valid in ODK that Vigil does not evaluate, goes to `collect_only`.
    """
    everything = [element for top in elements for element in top.walk()]
    counts = Counter(element.name for element in everything)
    kinds = {element.name: element.type for element in everything}
    for element in everything:
        row = rows_of[id(element)]
        for field_name in EXPRESSION_FIELDS:
            source = getattr(element, field_name)
            if not isinstance(source, str) or not source:
                continue
            header = row.headers.get(field_name)
            try:
                compiled = compile_expression(source)
            except UnsupportedExpression as error:
                if collect_only is None:
                    problem(SURVEY, row.number, header, str(error))
                else:
                    collect_only(error.construct, row.number)
                continue
            except ExpressionLimitError as error:
                problem(SURVEY, row.number, header, str(error))
                continue
            except ExpressionError as error:
                problem(SURVEY, row.number, header, str(error))
                continue
            for name in compiled.references:
                message = None
                if counts[name] == 0 and name in outside and collect_only is not None:
                    collect_only(f"${{{name}}}", row.number)
                    continue
                if counts[name] == 0:
                    message = _("${%(name)s} does not name a question in this form")
                elif counts[name] > 1:
                    message = _(
                        "${%(name)s} is ambiguous: the name is used more than once in the form"
                    )
                elif kinds[name] not in QUESTION_TYPES:
                    message = _("${%(name)s} is a %(type)s; only questions have answers")
                if message:
                    problem(
                        SURVEY,
                        row.number,
                        header,
                        message % {"name": name, "type": kinds.get(name, "")},
                    )
