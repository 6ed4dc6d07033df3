"""Server-side evaluation of a filled checklist: relevance, required, types and constraints.

Answers are a dict keyed by question path ("custody/lawyer_access"); a repeat's
path maps to a list of dicts, one per entry, keyed by paths relative to the
repeat ("size_m2", "sub_group/question"). Paths reported back for questions in
repeats carry 1-based positions: "cells[2]/size_m2".
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from .errors import ExpressionError, ExpressionLimitError
from .expression_budget import MAX_RELEVANCE_CHAIN, EvaluationBudget
from .expressions import EvaluationContext, NodeSet, compile_expression
from .model import GROUP, NOTE, REPEAT, FormDefinition, FormElement, Translations
from .values import answer_text, type_problem

Answers = dict[str, Any]
Indices = tuple[int, ...]


def translate(texts: Translations, language: str, default_language: str) -> str:
    """The text in `language`, else in the form's default language, else any; '' if none."""
    if not texts:
        return ""
    return texts.get(language) or texts.get(default_language) or next(iter(texts.values()))


# Codes an XLSForm may use for a shipped language ("Tagalog (tl)" serves Filipino readers).
_FORM_CODES = {"fil": ("fil", "tl"), "id": ("id", "in")}


def form_language(definition: FormDefinition, code: str) -> str:
    """The form's language for a reader of `code`: the `label::Language (code)` columns of
    that language when the form has them, else its default language."""
    for wanted in _FORM_CODES.get(code, (code,)):
        for language in definition.languages:
            if language.lower().endswith(f"({wanted})"):
                return language
    return definition.default_language


_TAG = re.compile(r"\(([A-Za-z]{2,3}(?:-[A-Za-z0-9]+)*)\)\s*$")


def form_language_tag(language: str) -> str:
    """The BCP 47 tag of a form language written `Name (code)`, for HTML's `lang`: the form's
    words are in its language, not always the interface's. "" (unknown, in HTML) when the form
    does not say."""
    match = _TAG.search(language)
    return match.group(1) if match else ""


@dataclass
class FormState:
    """The outcome of `evaluate_form`.

    relevant: instance path -> whether it is shown, for every group, repeat entry,
        note and question; a repeat's own path ("cells") says whether an entry may be added;
    errors: instance path -> message, for relevant questions only;
    required_missing: the paths in `errors` that are required and unanswered;
    non_relevant_answers: answered questions that are not relevant: drop them;
    unknown_answers: answer keys that name no question of the form;
    cleaned_answers: the answers without the non-relevant and unknown ones.
    """

    relevant: dict[str, bool] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    required_missing: list[str] = field(default_factory=list)
    non_relevant_answers: list[str] = field(default_factory=list)
    unknown_answers: list[str] = field(default_factory=list)
    cleaned_answers: Answers = field(default_factory=dict)

    @property
    def is_complete(self) -> bool:
        return not self.errors


def _relative(path: str, base: str) -> str:
    return path[len(base) + 1 :] if base else path


class _Evaluator:
    def __init__(
        self, definition: FormDefinition, answers: Mapping[str, Any], language: str, today: date
    ) -> None:
        self.definition = definition
        self.answers = answers
        self.language = language
        self.today = today
        self.parent: dict[int, FormElement | None] = {}
        self.repeats: dict[int, tuple[FormElement, ...]] = {}  # enclosing repeats, outer first
        self.by_name: dict[str, FormElement] = {}
        self.by_path: dict[str, FormElement] = {}
        self.relevance: dict[tuple[int, Indices], bool] = {}
        self.pending: set[tuple[int, Indices]] = set()
        self.state = FormState()
        self.budget = EvaluationBudget()  # shared by every expression of this check
        self._index(definition.elements, None, ())

    def _index(
        self,
        elements: list[FormElement],
        parent: FormElement | None,
        repeats: tuple[FormElement, ...],
    ) -> None:
        for element in elements:
            self.parent[id(element)] = parent
            self.repeats[id(element)] = repeats
            self.by_path[element.path] = element
            if element.is_question:
                self.by_name.setdefault(element.name, element)
            inner = (*repeats, element) if element.type == REPEAT else repeats
            self._index(element.children, element, inner)

    # --- where answers live -----------------------------------------------------------

    def _scope(
        self, chain: tuple[FormElement, ...], indices: Indices
    ) -> tuple[Mapping[str, Any], str]:
        scope: Mapping[str, Any] = self.answers
        base = ""
        for repeat, index in zip(chain, indices, strict=False):
            entries = scope.get(_relative(repeat.path, base))
            entry = (
                entries[index - 1] if isinstance(entries, list) and index <= len(entries) else {}
            )
            scope = entry if isinstance(entry, Mapping) else {}
            base = repeat.path
        return scope, base

    def entries(self, repeat: FormElement, indices: Indices) -> list[Any]:
        scope, base = self._scope(self.repeats[id(repeat)], indices)
        entries = scope.get(_relative(repeat.path, base))
        return entries if isinstance(entries, list) else []

    def raw(self, element: FormElement, indices: Indices) -> str:
        scope, base = self._scope(self.repeats[id(element)], indices)
        return answer_text(scope.get(_relative(element.path, base)))

    def depth(self, element: FormElement) -> int:
        return len(self.repeats[id(element)]) + (1 if element.type == REPEAT else 0)

    def instance_path(self, element: FormElement, indices: Indices) -> str:
        chain = self.repeats[id(element)]
        if element.type == REPEAT:
            chain = (*chain, element)
        positions = {repeat.path: index for repeat, index in zip(chain, indices, strict=False)}
        parts: list[str] = []
        so_far = ""
        for segment in element.path.split("/"):
            so_far = f"{so_far}/{segment}" if so_far else segment
            parts.append(f"{segment}[{positions[so_far]}]" if so_far in positions else segment)
        return "/".join(parts)

    def container_path(self, repeat: FormElement, indices: Indices) -> str:
        parent = self.parent[id(repeat)]
        if parent is None:
            return repeat.name
        return f"{self.instance_path(parent, indices[: self.depth(parent)])}/{repeat.name}"

    # --- expressions ------------------------------------------------------------------

    def context(self, element: FormElement, indices: Indices, current: str) -> EvaluationContext:
        chain = self.repeats[id(element)]
        if element.type == REPEAT:
            chain = (*chain, element)

        def resolve(name: str) -> str | NodeSet:
            target = self.by_name.get(name)
            if target is None:
                return ""
            target_chain = self.repeats[id(target)]
            shared = 0
            while (
                shared < len(target_chain)
                and shared < len(chain)
                and target_chain[shared] is chain[shared]
            ):
                shared += 1
            if shared == len(target_chain):
                return self.value(target, indices[:shared])
            # Outside the target's repeat: every entry's answer, as ODK's node-set.
            combos: list[Indices] = [indices[:shared]]
            for repeat in target_chain[shared:]:
                combos = [
                    (*combo, position)
                    for combo in combos
                    for position in range(1, len(self.entries(repeat, combo)) + 1)
                ]
            return NodeSet(tuple(self.value(target, combo) for combo in combos))

        return EvaluationContext(
            resolve=resolve, current=current, today=self.today, budget=self.budget
        )

    def check(
        self,
        source: str,
        element: FormElement,
        indices: Indices,
        current: str = "",
        *,
        if_unchecked: bool,
    ) -> bool:
        """The expression's truth; `if_unchecked` when it cannot be evaluated within the limits.

        The element then carries an error, so the checklist cannot be completed.
        """
        ctx = self.context(element, indices, current)
        try:
            return compile_expression(source).evaluate_boolean(ctx)
        except ExpressionError as error:  # a limit, or a form stored before a limit existed
            self.state.errors.setdefault(
                self.instance_path(element, indices),
                _(
                    "This could not be checked: %(reason)s. "
                    "Ask the checklist's author to simplify its rules."
                )
                % {"reason": error},
            )
            return if_unchecked

    def is_relevant(self, element: FormElement, indices: Indices) -> bool:
        key = (id(element), indices)
        if key in self.relevance:
            return self.relevance[key]
        if key in self.pending:
            return True  # a relevance cycle: ODK would refuse the form; do not recurse
        if len(self.pending) >= MAX_RELEVANCE_CHAIN:
            # Caught by the check that asked (groups nest less deeply than this).
            raise ExpressionLimitError(
                _("the relevance of more than %(limit)d questions depends on one another")
                % {"limit": MAX_RELEVANCE_CHAIN}
            )
        self.pending.add(key)
        try:
            parent = self.parent[id(element)]
            result = parent is None or self.is_relevant(parent, indices[: self.depth(parent)])
            if result and element.relevant:
                raw = self.raw_or_empty(element, indices)
                result = self.check(element.relevant, element, indices, raw, if_unchecked=True)
        finally:
            self.pending.discard(key)
        self.relevance[key] = result
        return result

    def raw_or_empty(self, element: FormElement, indices: Indices) -> str:
        return self.raw(element, indices) if element.is_question else ""

    def value(self, element: FormElement, indices: Indices) -> str:
        # A question that is not relevant has no answer, as in ODK.
        return self.raw(element, indices) if self.is_relevant(element, indices) else ""

    # --- the walk ---------------------------------------------------------------------

    def run(self) -> FormState:
        self.walk(self.definition.elements, (), "", self.state.cleaned_answers)
        self.find_unknown(self.answers, "", "")
        return self.state

    def walk(self, elements: list[FormElement], indices: Indices, base: str, out: Answers) -> None:
        for element in elements:
            key = _relative(element.path, base)
            if element.type == GROUP:
                self.state.relevant[self.instance_path(element, indices)] = self.is_relevant(
                    element, indices
                )
                self.walk(element.children, indices, base, out)
            elif element.type == REPEAT:
                count = len(self.entries(element, indices))
                # The repeat itself: may a new entry be added (ODK asks in a new entry's context)?
                self.state.relevant[self.container_path(element, indices)] = self.is_relevant(
                    element, (*indices, count + 1)
                )
                if count:
                    out[key] = []
                for position in range(1, count + 1):
                    inner = (*indices, position)
                    self.state.relevant[self.instance_path(element, inner)] = self.is_relevant(
                        element, inner
                    )
                    entry: Answers = {}
                    out[key].append(entry)
                    self.walk(element.children, inner, element.path, entry)
            elif element.type == NOTE:
                self.state.relevant[self.instance_path(element, indices)] = self.is_relevant(
                    element, indices
                )
            else:
                self.question(element, indices, key, out)

    def question(self, element: FormElement, indices: Indices, key: str, out: Answers) -> None:
        path = self.instance_path(element, indices)
        raw = self.raw(element, indices)
        relevant = self.is_relevant(element, indices)
        self.state.relevant[path] = relevant
        if not relevant:
            if raw:
                self.state.non_relevant_answers.append(path)
            return
        default_language = self.definition.default_language
        if not raw:
            required = element.required
            if isinstance(required, str):
                required = self.check(required, element, indices, if_unchecked=False)
            if required:
                self.state.errors[path] = translate(
                    element.required_messages, self.language, default_language
                ) or _("This question requires an answer.")
                self.state.required_missing.append(path)
            return
        out[key] = raw
        problem = type_problem(element, raw, self.definition.choices)
        if problem:
            self.state.errors[path] = problem
            return
        if element.constraint and not self.check(
            element.constraint, element, indices, raw, if_unchecked=True
        ):
            self.state.errors[path] = translate(
                element.constraint_messages, self.language, default_language
            ) or _("This answer is not accepted for this question.")

    def find_unknown(self, scope: Mapping[str, Any], base: str, shown: str) -> None:
        for key, value in scope.items():
            path = f"{base}/{key}" if base else str(key)
            element = self.by_path.get(path)
            chain = self.repeats[id(element)] if element is not None else ()
            innermost = chain[-1].path if chain else ""
            label = f"{shown}{key}"
            if element is None or innermost != base or element.type in (GROUP, NOTE):
                self.state.unknown_answers.append(label)
            elif element.type == REPEAT:
                if not isinstance(value, list):
                    self.state.unknown_answers.append(label)
                    continue
                for position, entry in enumerate(value, start=1):
                    if isinstance(entry, Mapping):
                        self.find_unknown(entry, path, f"{label}[{position}]/")


def evaluate_form(
    definition: FormDefinition,
    answers: Mapping[str, Any],
    language: str,
    *,
    today: date | None = None,
) -> FormState:
    """Relevance, required answers, answer types and constraints, as ODK Collect applies them.

    `language` chooses the constraint and required messages (falling back to the form's
    default language). `today` fixes today() for tests.
    """
    return _Evaluator(definition, answers, language, today or date.today()).run()
