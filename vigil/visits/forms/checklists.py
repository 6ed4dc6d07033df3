"""Forms of checklists: importing an XLSForm, importing filled checklists, and a checklist
as an HTML form (the tree the template renders, and the answers a POST holds).

Field names carry the question's path: "a:custody/lawyer" at top level and
"a:cells[2]/size_m2" inside the second entry of a repeat. Questions that are not
relevant are not rendered, so their answers are not posted and are dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy

from vigil.core.forms import ActorForm, ScopedModelChoiceField
from vigil.visits.models import ChecklistVersion
from vigil.visits.selectors.checklists import current_version_choices
from vigil.visits.xlsform import FormDefinition, FormElement, FormState, translate
from vigil.visits.xlsform.model import initial_answers


class XLSFormUploadForm(forms.Form):
    """An XLSForm file: a new checklist, or a new version of one."""

    file = forms.FileField(
        label=gettext_lazy("XLSForm (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )


class SubmissionUploadForm(ActorForm):
    """Filled checklists exported from ODK Central or KoboToolbox, and the version they fill."""

    version = ScopedModelChoiceField(
        ChecklistVersion,
        label=gettext_lazy("Checklist and version"),
        scope=current_version_choices,
    )
    file = forms.FileField(
        label=gettext_lazy("Export from ODK Central (.zip or .csv) or KoboToolbox (.xlsx or .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".zip,.csv,.xlsx"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.data.get("accept_unmatched"):
            self.offer_to_leave_out()

    def offer_to_leave_out(self) -> None:
        """After the export was refused for columns that match no question: the user may
        upload it again and accept to leave them out."""
        self.fields["accept_unmatched"] = forms.BooleanField(
            label=gettext_lazy("Import without the columns listed above"),
            required=False,
        )


# --- a checklist as an HTML form ----------------------------------------------------

PREFIX = "a:"
INPUT_TYPES = {"integer": "number", "decimal": "number", "date": "date", "time": "time"}


@dataclass
class Node:
    kind: str
    path: str
    id: str
    label: str
    hint: str = ""
    guidance: str = ""
    name: str = ""
    value: str = ""
    required: bool = False
    error: str = ""
    input_type: str = "text"
    choices: list[dict[str, Any]] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)
    instances: list[list[Node]] = field(default_factory=list)
    count_name: str = ""


def _dom_id(path: str) -> str:
    return path.replace("/", "-").replace("[", "_").replace("]", "")


def _values_of(element: FormElement, post: QueryDict, name: str) -> Any:
    if element.type == "select_multiple":
        return " ".join(v for v in post.getlist(name) if v)
    return post.get(name, "").strip()


_REFERENCE_RE = re.compile(r"\$\{\s*([A-Za-z_][\w.-]*)\s*\}")


def _collect(
    elements: list[FormElement], post: QueryDict, prefix: str, base: str
) -> dict[str, Any]:
    """Answers of `elements`, keyed relative to `base` (a repeat entry) or by full path."""
    answers: dict[str, Any] = {}
    for element in elements:
        relative = element.path[len(base) + 1 :] if base else element.path
        if element.type == "group":
            answers.update(_collect(element.children, post, prefix, base))
        elif element.type == "repeat":
            answers[relative] = _repeat_entries(element, post, prefix + relative)
        elif element.is_question:
            name = f"{PREFIX}{prefix}{relative}"
            if name in post or element.type in ("select_multiple", "select_one"):
                value = _values_of(element, post, name)
                if value != "":
                    answers[relative] = value
    return answers


def _repeat_entries(
    repeat: FormElement, post: QueryDict, instance_base: str
) -> list[dict[str, Any]]:
    try:
        count = int(post.get(f"{PREFIX}{instance_base}__count", "0"))
    except ValueError:
        count = 0
    added = post.get("add_repeat") == repeat.path
    if added:
        count += 1
    count = max(0, min(count, 500))
    entries = [
        _collect(repeat.children, post, f"{instance_base}[{i}]/", repeat.path)
        for i in range(1, count + 1)
    ]
    if added and entries:
        # A new entry starts from the questions' defaults, as in ODK Collect.
        entries[-1] = {**initial_answers(repeat.children, repeat.path), **entries[-1]}
    return entries


def answers_from_post(definition: FormDefinition, post: QueryDict) -> dict[str, Any]:
    return _collect(definition.elements, post, "", "")


class _Renderer:
    def __init__(
        self, definition: FormDefinition, state: FormState, language: str, show_required: bool
    ) -> None:
        self.definition = definition
        self.state = state
        self.language = language
        self.show_required = show_required
        self.answers: dict[str, Any] = {}
        self.by_name = {element.name: element for element in definition.questions()}
        self.outside_repeats = set(_paths_outside_repeats(definition.elements))

    def text(self, texts: dict[str, str]) -> str:
        return translate(texts, self.language, self.definition.default_language)

    def shown(self, texts: dict[str, str], answers: dict[str, Any], base: str) -> str:
        """The text with each `${name}` replaced by that question's answer, as ODK shows
        it: from the same repeat entry, or from outside any repeat; else left blank."""
        text = self.text(texts)
        if "${" not in text:
            return text

        def answer(match: re.Match[str]) -> str:
            element = self.by_name.get(match[1])
            if element is None:
                return match[0]
            if base and element.path.startswith(f"{base}/"):
                value = answers.get(element.path[len(base) + 1 :], "")
            elif element.path in self.outside_repeats:
                value = self.answers.get(element.path, "")
            else:
                value = ""
            return value if isinstance(value, str) else ""

        return _REFERENCE_RE.sub(answer, text)

    def nodes(
        self, elements: list[FormElement], answers: dict[str, Any], base: str, at: str
    ) -> list[Node]:
        """`base`: the repeat path answers are relative to; `at`: the instance path prefix."""
        rendered = []
        for element in elements:
            relative = element.path[len(base) + 1 :] if base else element.path
            instance_path = f"{at}{relative}"
            if not self.state.relevant.get(instance_path, True):
                continue
            rendered.append(self.node(element, answers, base, at, relative, instance_path))
        return rendered

    def node(self, element: FormElement, answers: dict[str, Any], base: str, at: str,
             relative: str, instance_path: str) -> Node:  # fmt: skip
        node = Node(
            kind=element.type,
            path=element.path,
            id=_dom_id(instance_path),
            label=self.shown(element.labels, answers, base) or element.name,
            hint=self.shown(element.hints, answers, base),
            guidance=self.shown(element.guidance, answers, base),
        )
        if element.type == "group":
            node.children = self.nodes(element.children, answers, base, at)
        elif element.type == "repeat":
            entries = answers.get(relative) or []
            node.count_name = f"{PREFIX}{instance_path}__count"
            node.instances = [
                self.nodes(element.children, entry, element.path, f"{instance_path}[{i}]/")
                for i, entry in enumerate(entries, start=1)
            ]
        elif element.is_question:
            self.question(node, element, answers.get(relative, ""), instance_path)
        return node

    def question(self, node: Node, element: FormElement, value: Any, instance_path: str) -> None:
        node.name = f"{PREFIX}{instance_path}"
        node.value = str(value or "")
        node.required = bool(element.required)
        node.input_type = INPUT_TYPES.get(element.type, "text")
        error = self.state.errors.get(instance_path, "")
        if instance_path in self.state.required_missing and not self.show_required:
            error = ""
        node.error = error
        if element.type in ("select_one", "select_multiple"):
            chosen = set(node.value.split())
            node.choices = [
                {"value": name, "label": self.text(labels) or name, "checked": name in chosen}
                for name, labels in self.definition.choices.get(element.list_name or "", [])
            ]


def render_tree(
    definition: FormDefinition,
    answers: dict[str, Any],
    state: FormState,
    language: str,
    *,
    show_required: bool = False,
) -> list[Node]:
    """Required-but-empty is shown only once the monitor tries to complete the checklist."""
    renderer = _Renderer(definition, state, language, show_required)
    renderer.answers = answers
    return renderer.nodes(definition.elements, answers, "", "")


def _paths_outside_repeats(elements: list[FormElement]) -> list[str]:
    """The paths of the questions outside any repeat."""
    paths: list[str] = []
    for element in elements:
        if element.type == "group":
            paths.extend(_paths_outside_repeats(element.children))
        elif element.is_question:
            paths.append(element.path)
    return paths
