"""Bounded expressions (issue 13): no XLSForm can stall the server with its rules.

Refused on import with the row and column when an expression is too long, too
deep or too large; bounded while a filled form is checked, where a limit reached
is an error on the question. Hostile cases run in a child process with a memory
cap (xlsform_isolated.py).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from vigil.core.tests.factories import client_for
from vigil.visits.models import ChecklistSubmission, ChecklistVersion
from vigil.visits.tests.xlsform_isolated import read_request, run_isolated, run_isolated_batch
from vigil.visits.tests.xlsform_support import EN, problems_of, q, workbook
from vigil.visits.xlsform import (
    ExpressionError,
    ExpressionLimitError,
    FormDefinition,
    FormElement,
    compile_expression,
    evaluate,
    evaluate_form,
    read_xlsform,
)
from vigil.visits.xlsform.expression_budget import (
    MAX_EVALUATION_DEPTH,
    MAX_EXPRESSION_LENGTH,
    MAX_GROUP_NESTING,
    MAX_NESTING,
    MAX_NODES,
    MAX_REGEX_LENGTH,
    MAX_STEPS,
    MAX_TREE_DEPTH,
)

SURVEY_HEADER = ["type", "name", "label", "constraint", "relevant"]
CATASTROPHIC = "^(a|a)*$"  # backtracks exponentially, even in the regex module
NOT_CHECKED = "This could not be checked"


def form(*elements: FormElement, choices: dict[str, Any] | None = None) -> FormDefinition:
    return FormDefinition(
        form_id="limits",
        title="Limits",
        version="1",
        default_language=EN,
        languages=[EN],
        elements=list(elements),
        choices=choices or {},
    )


def evaluate_isolated(definition: FormDefinition, answers: dict[str, Any]) -> dict[str, Any]:
    return run_isolated(
        {"action": "evaluate", "definition": definition.to_dict(), "answers": answers}
    )


def nested_parentheses(levels: int) -> str:
    return "(" * levels + "1" + ")" * levels + " = 1"


def wide_sum(groups: int, terms: int) -> str:
    """Many values, but shallow: brackets keep the tree depth low."""
    group = "(" + "+".join(["1"] * terms) + ")"
    return "+".join([group] * groups) + " > 0"


# --- regex() -------------------------------------------------------------------------------


def test_the_issue_s_regex_with_a_30_character_answer_is_checked_at_once():
    definition = form(
        q(
            "code",
            "text",
            constraint="regex(., '^(a+)+$')",
            constraint_messages={EN: "Only the letter a."},
        )
    )
    answer = run_isolated(
        {
            "action": "evaluate",
            "definition": definition.to_dict(),
            "answers": {"code": "a" * 30 + "!"},
        }
    )
    assert answer["errors"] == {"code": "Only the letter a."}
    assert evaluate_form(definition, {"code": "a" * 30}, EN).is_complete


def test_a_catastrophic_regex_is_stopped_and_named_on_the_question():
    definition = form(q("code", "text", constraint=f"regex(., '{CATASTROPHIC}')"))
    answer = evaluate_isolated(definition, {"code": "a" * 40 + "!"})
    message = answer["errors"]["code"]
    assert message.startswith(NOT_CHECKED), message
    assert "regular expression takes too long" in message


def test_catastrophic_regexes_in_every_repeat_entry_share_one_budget():
    cells = FormElement(
        name="cells",
        type="repeat",
        labels={EN: "Cells"},
        children=[q("code", "text", constraint=f"regex(., '{CATASTROPHIC}')")],
    )
    entries = [{"code": "a" * 40 + "!"} for _ in range(40)]
    answer = evaluate_isolated(form(cells), {"cells": entries})
    assert sorted(answer["errors"]) == sorted(f"cells[{i}]/code" for i in range(1, 41))
    assert all(message.startswith(NOT_CHECKED) for message in answer["errors"].values())


def test_one_expression_past_the_regex_budget_raises_a_limit_error():
    with pytest.raises(ExpressionLimitError, match="regular expression"):
        evaluate(f"regex(., '{CATASTROPHIC}')", current="a" * 40 + "!")


def test_a_regex_written_in_the_form_is_checked_on_import():
    too_long = "a" * (MAX_REGEX_LENGTH + 1)
    problems = problems_of(
        workbook(
            [
                SURVEY_HEADER,
                ["text", "long", "Long", f"regex(., '{too_long}')"],
                ["text", "broken", "Broken", "regex(., '(a')"],
            ]
        )
    )
    assert problems == [
        f"survey sheet, row 2, column constraint: a regular expression may have at most "
        f"{MAX_REGEX_LENGTH} characters",
        "survey sheet, row 3, column constraint: the regular expression '(a' is invalid: "
        "missing ) at position 2",
    ]


def test_a_regex_taken_from_an_answer_is_bounded_too():
    definition = form(q("pattern", "text"), q("code", "text", constraint="regex(., ${pattern})"))
    answer = evaluate_isolated(definition, {"pattern": CATASTROPHIC, "code": "a" * 40 + "!"})
    assert answer["errors"]["code"].startswith(NOT_CHECKED)
    too_long = {"pattern": "a" * (MAX_REGEX_LENGTH + 1), "code": "a"}
    state = evaluate_form(definition, too_long, EN)
    assert "at most 500 characters" in state.errors["code"]


# --- the shape of one expression, on import --------------------------------------------------


@pytest.mark.parametrize(
    ("expression", "message"),
    [
        (nested_parentheses(MAX_NESTING + 1), "nested too deeply: at most 32 brackets"),
        ("not(" * (MAX_NESTING + 1) + ".)" + ")" * MAX_NESTING, "nested too deeply"),
        ("- " * (MAX_NESTING + 1) + "1 < 0", "nested too deeply"),
        (" + ".join(["1"] * (MAX_TREE_DEPTH + 1)) + " > 0", "at most 64 operations"),
        (wide_sum(25, 25), f"at most {MAX_NODES} values"),
        ("1 " + "or 1 " * MAX_EXPRESSION_LENGTH, "at most 2000 characters"),
    ],
    ids=["brackets", "functions", "minus-signs", "long-chain", "too-many-values", "length"],
)
def test_an_expression_past_a_limit_is_refused_on_import_with_row_and_column(expression, message):
    problems = problems_of(
        workbook([SURVEY_HEADER, ["integer", "held", "Held"], ["text", "x", "X", "", expression]])
    )
    assert len(problems) == 1
    assert problems[0].startswith("survey sheet, row 3, column relevant: "), problems
    assert message in problems[0]


def test_expressions_within_the_limits_are_accepted():
    for expression in (
        nested_parentheses(MAX_NESTING - 1),
        " + ".join(["1"] * (MAX_TREE_DEPTH - 2)) + " > 0",
        wide_sum(10, 20),
    ):
        assert evaluate(expression) is True, expression


HOSTILE_DEPTH = {
    "brackets": nested_parentheses(100_000),
    "functions": "not(" * 100_000 + "." + ")" * 100_000,
    "minus-signs": "-" * 200_000 + "1",
    "long-chain": "1" + "+1" * 100_000,
}


@pytest.fixture(scope="module")
def hostile_depth_answers() -> dict[str, dict[str, Any]]:
    requests = [{"action": "compile", "source": source} for source in HOSTILE_DEPTH.values()]
    return dict(zip(HOSTILE_DEPTH, run_isolated_batch(requests), strict=True))


@pytest.mark.parametrize("case", HOSTILE_DEPTH)
def test_hostile_depth_is_refused_without_exhausting_the_process(hostile_depth_answers, case):
    problems = hostile_depth_answers[case]["problems"]
    assert len(problems) == 1
    assert "too long" in problems[0] or "nested too deeply" in problems[0]


def test_compiling_refuses_what_it_cannot_evaluate_safely():
    with pytest.raises(ExpressionError, match="nested too deeply"):
        compile_expression(nested_parentheses(MAX_NESTING + 1))


# --- groups, on import --------------------------------------------------------------------


def nested_groups(levels: int) -> bytes:
    rows: list[list[Any]] = [SURVEY_HEADER]
    rows += [["begin_group", f"g{i}", f"G{i}"] for i in range(levels)]
    rows += [["text", "deep", "Deep"]]
    rows += [["end_group", "", ""] for _ in range(levels)]
    return workbook(rows)


def test_groups_nested_too_deeply_are_refused_on_import():
    answers = run_isolated_batch(
        [read_request(nested_groups(levels)) for levels in (MAX_GROUP_NESTING + 1, 5000)]
    )
    for answer in answers:
        assert answer["problems"] == [
            f"survey sheet, row {MAX_GROUP_NESTING + 2}, column type: groups and repeats may "
            f"be nested at most {MAX_GROUP_NESTING} deep"
        ]


def test_groups_at_the_nesting_limit_are_accepted():
    definition = read_xlsform(nested_groups(MAX_GROUP_NESTING), "form.xlsx")
    path = "/".join([f"g{i}" for i in range(MAX_GROUP_NESTING)] + ["deep"])
    assert definition.find(path) is not None


# --- a filled form, within one budget --------------------------------------------------------


def test_a_long_chain_of_relevance_is_an_error_on_the_question_not_a_crash():
    # Written last-first, so that checking the first question walks the whole chain.
    count = 400
    questions = [
        q(f"q{i}", "text", relevant=f"${{q{i - 1}}} != 'stop'" if i else "")
        for i in reversed(range(count))
    ]
    answer = evaluate_isolated(form(*questions), {f"q{i}": "go" for i in range(count)})
    assert answer["errors"], "the chain was not bounded"
    assert all(message.startswith(NOT_CHECKED) for message in answer["errors"].values())
    assert any("depends on one another" in message for message in answer["errors"].values())


def test_deep_expressions_chained_through_references_are_bounded():
    # Each reference sits at the bottom of 30 calls, so every hop adds 30 levels.
    def deep(name: str) -> str:
        return "number(" * (MAX_NESTING - 2) + f"${{{name}}}" + ")" * (MAX_NESTING - 2) + " > 0"

    hops = MAX_EVALUATION_DEPTH // MAX_NESTING + 2
    questions = [
        q(f"q{i}", "integer", relevant=deep(f"q{i - 1}") if i else "")
        for i in reversed(range(hops))
    ]
    answer = evaluate_isolated(form(*questions), {f"q{i}": "1" for i in range(hops)})
    messages = list(answer["errors"].values())
    assert any("levels deep" in message for message in messages), messages


def test_a_form_that_needs_too_many_steps_is_stopped_with_an_error_per_question():
    expression = wide_sum(10, 24)  # about 490 values and operators, evaluated per question
    count = MAX_STEPS // 480 + 20
    questions = [q(f"q{i}", "integer", constraint=expression) for i in range(count)]
    answer = evaluate_isolated(form(*questions), {f"q{i}": "1" for i in range(count)})
    assert answer["errors"], "the steps were not bounded"
    assert "q0" not in answer["errors"]  # the first questions were checked in full
    assert all("steps to check" in message for message in answer["errors"].values())


def test_an_ordinary_form_is_checked_as_before():
    definition = form(
        q("held", "integer", constraint=". >= 0 and . < 500"),
        q("why", "text", relevant="${held} > 20 and regex(${why}, '^[A-Z]') or ${held} > 40"),
    )
    state = evaluate_form(definition, {"held": "50", "why": "Overcrowded"}, EN)
    assert state.is_complete and state.relevant["why"]


# --- through the real pages ----------------------------------------------------------------


def test_a_checklist_with_a_catastrophic_regex_is_saved_with_an_error_not_a_stall(
    personas, team_visit, team_monitor
):
    content = workbook(
        [
            ["type", "name", "label", "constraint", "constraint_message"],
            ["text", "code", "Cell code", f"regex(., '{CATASTROPHIC}')", "Letters a only."],
        ]
    )
    upload = SimpleUploadedFile("regex.xlsx", content)
    imported = client_for(personas.admin).post(reverse("visits:checklist_list"), {"file": upload})
    assert imported.status_code == 302
    version = ChecklistVersion.objects.get(template__form_id="test_form")
    client = client_for(team_monitor)
    client.post(reverse("visits:submission_start", args=[team_visit.pk]), {"version": version.pk})
    submission = ChecklistSubmission.objects.get(visit=team_visit, version=version)

    answer = "a" * 30 + "!"
    response = client.post(
        reverse("visits:submission_fill", args=[submission.pk]),
        {"lang": EN, "action": "complete", "a:code": answer},
    )
    assert response.status_code == 400  # refused: not complete
    page = response.content.decode()
    assert "This could not be checked: a regular expression takes too long" in page
    assert "1 answer(s) need attention" in page
    submission.refresh_from_db()
    assert submission.answers == {"code": answer}
    assert submission.is_complete is False
