"""XLSForm checklists: evaluating relevance, required answers, types and constraints.

No database: plain functions on bytes and dataclasses.
"""

from __future__ import annotations

from datetime import date

import pytest

from vigil.visits.tests.xlsform_support import (
    EN,
    TL,
    every_construct,
)
from vigil.visits.xlsform import (
    FormDefinition,
    FormElement,
    evaluate_form,
    read_xlsform,
    write_xlsform,
)

# --- evaluation -------------------------------------------------------------------------


def test_relevance_hides_dependants_and_reports_their_answers():
    definition = every_construct()
    answers = {
        "station": "Central",
        "lawyer": "no",
        "custody/lawyer_name": "Someone",
        "custody/inner/delay_hours": "3",
    }
    state = evaluate_form(definition, answers, EN)
    assert state.relevant["custody"] is False
    assert state.relevant["custody/inner/delay_hours"] is False
    assert state.non_relevant_answers == ["custody/lawyer_name", "custody/inner/delay_hours"]
    assert "custody/lawyer_name" not in state.cleaned_answers
    assert state.is_complete

    state = evaluate_form(definition, {**answers, "lawyer": "yes"}, EN)
    assert state.relevant["custody/inner/delay_hours"] is True
    assert state.non_relevant_answers == []
    assert state.cleaned_answers["custody/lawyer_name"] == "Someone"


def test_follow_up_question_appears_after_an_answer():
    definition = every_construct()
    base = {"station": "Central", "lawyer": "yes"}
    assert not evaluate_form(definition, base, EN).relevant["custody/inner/delay_hours"]
    shown = evaluate_form(definition, {**base, "custody/lawyer_name": "X"}, EN)
    assert shown.relevant["custody/inner/delay_hours"]


def test_constraint_messages_follow_the_chosen_language():
    definition = every_construct()
    answers = {"station": "Central", "held": "-2", "area": "0"}
    english = evaluate_form(definition, answers, EN)
    tagalog = evaluate_form(definition, answers, TL)
    assert english.errors["held"] == "Not negative."
    assert tagalog.errors["held"] == "Hindi negatibo."
    # No message in any language: Vigil's own message.
    assert english.errors["area"] == "This answer is not accepted for this question."
    # A language the form lacks falls back to the default language.
    assert evaluate_form(definition, answers, "French (fr)").errors["held"] == "Not negative."


def test_constraints_use_the_current_answer_and_today():
    definition = every_construct()
    future = evaluate_form(
        definition, {"station": "S", "visit_date": "2026-03-01"}, EN, today=date(2026, 2, 1)
    )
    assert "visit_date" in future.errors
    past = evaluate_form(
        definition, {"station": "S", "visit_date": "2026-01-31"}, EN, today=date(2026, 2, 1)
    )
    assert "visit_date" not in past.errors


def test_required_questions_and_required_expressions():
    definition = every_construct()
    state = evaluate_form(definition, {"lawyer": "yes", "held": "2"}, TL)
    assert state.errors["station"] == "Pangalanan ang istasyon."
    assert state.errors["custody/lawyer_name"] == "This question requires an answer."
    assert state.required_missing == ["station", "custody/lawyer_name"]
    assert not state.is_complete

    state = evaluate_form(definition, {"station": "S", "lawyer": "yes", "held": "0"}, EN)
    assert "custody/lawyer_name" not in state.errors  # required only when persons are held
    assert state.is_complete


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        ("held", "2.5", "Enter a whole number."),
        ("area", "big", "Enter a number."),
        ("visit_date", "05/01/2026", "Enter a date as YYYY-MM-DD."),
        ("visit_date", "2026-02-30", "Enter a date as YYYY-MM-DD."),
        ("arrival", "25:00", "Enter a time as HH:MM (24-hour clock)."),
        ("lawyer", "maybe", "'maybe' is not one of the choices."),
        ("reasons", "theft bribe", "'bribe': not among the choices."),
    ],
)
def test_answers_are_checked_against_their_type(path, value, message):
    state = evaluate_form(every_construct(), {"station": "S", path: value}, EN)
    assert state.errors == {path: message}


def test_valid_answers_of_every_type_pass():
    answers = {
        "station": "S",
        "held": "3",
        "area": "12.5",
        "visit_date": "2026-01-05",
        "arrival": "23:59",
        "lawyer": "yes",
        "reasons": ["theft", "other"],
        "custody/lawyer_name": "L",
        "custody/inner/delay_hours": 1.5,
    }
    state = evaluate_form(every_construct(), answers, EN, today=date(2026, 2, 1))
    assert state.errors == {}
    assert state.cleaned_answers["reasons"] == "theft other"


def test_repeats_are_evaluated_per_entry():
    definition = every_construct()
    answers = {
        "station": "S",
        "cells": [
            {"cell_label": "A", "persons": "6", "beds": [{"bed_state": "yes"}, {}]},
            {"persons": "2", "beds": [{"bed_state": "broken"}]},
        ],
    }
    state = evaluate_form(definition, answers, EN)
    assert state.relevant["cells"] is True
    assert state.relevant["cells[1]/beds"] is True
    assert state.relevant["cells[1]/crowded"] is True
    assert state.relevant["cells[2]/crowded"] is False
    assert state.errors == {
        "cells[2]/cell_label": "This question requires an answer.",
        "cells[2]/beds[1]/bed_state": "'broken' is not one of the choices.",
    }
    assert state.cleaned_answers["cells"][0]["beds"] == [{"bed_state": "yes"}, {}]


def test_a_question_outside_a_repeat_sees_every_entry():
    definition = FormDefinition(
        form_id="f",
        title="F",
        version="1",
        elements=[
            FormElement(
                name="rooms",
                type="repeat",
                children=[FormElement(name="occupants", type="integer")],
            ),
            FormElement(name="why_crowded", type="text", relevant="${occupants} > 10"),
        ],
    )
    calm = {"rooms": [{"occupants": "2"}, {"occupants": "3"}]}
    crowded = {"rooms": [{"occupants": "2"}, {"occupants": "12"}]}
    assert not evaluate_form(definition, calm, "default").relevant["why_crowded"]
    assert evaluate_form(definition, crowded, "default").relevant["why_crowded"]


def test_unknown_answer_keys_are_reported():
    state = evaluate_form(
        every_construct(),
        {"station": "S", "nonsense": "1", "cells": [{"cell_label": "A", "typo": "x"}]},
        EN,
    )
    assert state.unknown_answers == ["nonsense", "cells[1]/typo"]
    assert "nonsense" not in state.cleaned_answers


def test_import_then_evaluate_a_written_form():
    definition = read_xlsform(write_xlsform(every_construct()), "every.xlsx")
    state = evaluate_form(
        definition,
        {"station": "S", "held": "-1", "cells": [{"cell_label": "A", "persons": "9"}]},
        TL,
    )
    assert state.errors == {"held": "Hindi negatibo."}
    assert state.relevant["cells[1]/crowded"]
