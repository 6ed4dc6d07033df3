"""XLSForm checklists for Vigil: read, write, evaluate and import submissions.

Framework-light: plain dataclasses and functions, no models or database. Only
Django's gettext is used, for the messages monitors read.
"""

from .errors import ExpressionError, ExpressionLimitError, XLSFormError, XLSFormProblem
from .evaluate import Answers, FormState, evaluate_form, form_language, translate
from .expressions import (
    CompiledExpression,
    EvaluationContext,
    NodeSet,
    compile_expression,
    evaluate,
)
from .model import FormDefinition, FormElement
from .reader import read_xlsform
from .starter import STARTER_FORM_IDS, starter_library
from .submissions import (
    SubmissionMeta,
    repeat_rows_to_answers,
    submission_row_meta,
    submission_rows_to_answers,
)
from .writer import write_xlsform

__all__ = [
    "STARTER_FORM_IDS",
    "Answers",
    "CompiledExpression",
    "EvaluationContext",
    "ExpressionError",
    "ExpressionLimitError",
    "FormDefinition",
    "FormElement",
    "FormState",
    "NodeSet",
    "SubmissionMeta",
    "XLSFormError",
    "XLSFormProblem",
    "compile_expression",
    "evaluate",
    "evaluate_form",
    "form_language",
    "read_xlsform",
    "repeat_rows_to_answers",
    "starter_library",
    "submission_row_meta",
    "submission_rows_to_answers",
    "translate",
    "write_xlsform",
]
