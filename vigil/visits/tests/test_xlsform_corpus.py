"""A corpus of real XLSForms (see xlsform_corpus/README.md for their source and licence).

Every form pyxform converts imports: the web checklist fills it, or it is marked for
ODK Collect with what keeps it from the web. The forms the web fills behave as ODK does.
No database.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pyxform.errors import PyXFormError
from pyxform.xls2xform import convert

from vigil.visits.xlsform import FormDefinition, XLSFormError, evaluate_form, read_xlsform
from vigil.visits.xlsform.xform import xform_from_xlsform

CORPUS = Path(__file__).parent / "xlsform_corpus"
FILES = sorted(path.name for path in CORPUS.glob("*.xls*"))
WEB = {
    "central_simple.xlsx",
    "double_repeat.xls",
    "form_with_unicode_in_relevant_column.xlsx",
    "extra_columns.xlsx",
    "group.xlsx",
    "hidden.xls",
    "specify_other.xlsx",
    "text_and_integer.xlsx",
    "tutorial.xls",
    "yes_or_no_question.xlsx",
}
# What keeps each other form from the web, as the import page says it.
COLLECT = {
    "attribute_columns_test.xlsx": "survey sheet, row 15: repeat_count",
    "calculate.xls": "survey sheet, row 2: calculation, calculate",
    "childrens_survey_unicode.xls": "survey sheet, row 19: gps",
    "good_eats_multilang.xls": "survey sheet, row 11: geopoint",
    "new_cascading_select.xls": "survey sheet, row 3: choice_filter",
    "new_repeats.xls": "survey sheet, row 13: geopoint",
    "tutorial_arabic_labels.xls": "survey sheet, row 6: geopoint",
    "case_insensitivity.xlsx": "survey sheet, row 3: choice_filter, select_one_external",
    "choice_filter_test.xlsx": "survey sheet, row 3: choice_filter",
    "flat_xlsform_test.xlsx": "survey sheet, row 34: geopoint",
    "gps.xls": "survey sheet, row 2: gps",
    "loop.xlsx": "survey sheet, row 3: begin loop",
    "or_other.xlsx": "survey sheet, row 3: choice_filter",
    "widgets.xls": "survey sheet, row 13: photo",
}


# pyxform refuses it, and so does Vigil.
REFUSED = {
    "transportation.no_choices.xls": (
        "survey sheet, row 4: choice list 'transport_types' is not defined on the choices sheet"
    ),
}


def read(name: str) -> FormDefinition:
    return read_xlsform((CORPUS / name).read_bytes(), name)


def test_the_corpus_holds_the_forms_the_tests_expect():
    assert set(FILES) == WEB | set(COLLECT) | set(REFUSED)


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_a_corpus_form_pyxform_refuses_is_refused_naming_the_row(name):
    content = (CORPUS / name).read_bytes()
    with pytest.raises(PyXFormError):
        convert(content, file_type=Path(name).suffix)
    with pytest.raises(XLSFormError) as refused:
        read(name)
    assert REFUSED[name] in refused.value.messages


@pytest.mark.parametrize("name", sorted(WEB | set(COLLECT)))
def test_every_corpus_form_pyxform_converts_is_imported(name):
    content = (CORPUS / name).read_bytes()
    convert(content, file_type=Path(name).suffix)  # pyxform converts it: so must Vigil
    definition = read(name)
    assert definition.web_fillable == (name in WEB)
    if name in COLLECT:
        assert COLLECT[name] in definition.collect_only_reasons()
    assert FormDefinition.from_json(definition.to_json()) == definition
    xform = xform_from_xlsform(
        content, name, form_id=definition.form_id, version=definition.version
    )
    assert f'version="{definition.version}"' in xform


def test_tutorial_relevance_and_constraints_in_a_repeat_behave_as_in_odk():
    definition = read("tutorial.xls")
    language = definition.default_language
    child = {"name": "Ana", "sex": "female", "older_than_five": "no", "age_in_months": "100"}
    state = evaluate_form(definition, {"member": [child]}, language)
    assert state.relevant["member[1]/age_in_months"]
    assert not state.relevant["member[1]/age_in_years"]
    assert not state.relevant["member[1]/literate"]
    assert "member[1]/age_in_months" in state.errors  # . <= 72
    adult = {"name": "Bea", "sex": "female", "older_than_five": "yes", "age_in_years": "30"}
    state = evaluate_form(definition, {"member": [adult]}, language)
    assert state.relevant["member[1]/literate"]
    assert state.relevant["member[1]/pregnant"]
    assert state.is_complete


def test_specify_other_shows_its_text_question_only_for_other():
    definition = read("specify_other.xlsx")
    language = definition.default_language
    assert definition.choice_names("sexes") == ["male", "female", "other"]
    assert not evaluate_form(definition, {"sex": "male"}, language).relevant["sex_other"]
    assert evaluate_form(definition, {"sex": "other"}, language).relevant["sex_other"]


def test_a_group_question_checks_its_type():
    definition = read("group.xlsx")
    state = evaluate_form(definition, {"father/age": "old"}, definition.default_language)
    assert "father/age" in state.errors


def test_a_repeat_inside_a_repeat_keeps_each_entry():
    definition = read("double_repeat.xls")
    answers = {"bed_net": [{"member": [{"name": "Ana"}, {"name": "Bea"}]}, {"member": [{}]}]}
    state = evaluate_form(definition, answers, definition.default_language)
    assert state.cleaned_answers == answers
    assert state.relevant["bed_net[1]/member[2]/name"]


def test_the_kobo_form_with_unicode_relevance_shows_other_only_when_chosen():
    definition = read("form_with_unicode_in_relevant_column.xlsx")
    language = definition.default_language
    chosen = {"respondent_marital": "other", "marital_other": "widowed"}
    assert evaluate_form(definition, chosen, language).relevant["marital_other"]
    state = evaluate_form(definition, {**chosen, "respondent_marital": "single"}, language)
    assert not state.relevant["marital_other"]
    assert state.non_relevant_answers == ["marital_other"]


def test_metadata_of_a_kobo_form_are_not_asked():
    definition = read("good_eats_multilang.xls")
    assert definition.metadata == {
        "submit_data": "today",
        "imei": "deviceid",
        "submit_date": "today",
    }
    assert not {"submit_data", "imei", "submit_date"} & {q.name for q in definition.questions()}


def test_columns_the_form_uses_that_vigil_does_not_are_listed():
    assert read("tutorial.xls").ignored_columns == [
        "choices: tutorial notes",
        "survey: tutorial notes",
    ]
