"""The starter checklists: five XLSForm files shipped in the package, read like any import.

No database: plain functions on bytes and dataclasses.
"""

from __future__ import annotations

import re

from vigil.visits.tests.xlsform_support import EN
from vigil.visits.xlsform import (
    STARTER_FORM_IDS,
    evaluate_form,
    read_xlsform,
    starter_library,
    write_xlsform,
)
from vigil.visits.xlsform.starter import starter_checklists_folder

_STANDARD = re.compile(
    r"Mandela Rules?|Bangkok Rules?|Beijing Rules?|Havana Rules?|Body of Principles|CRPD|"
    r"Istanbul Protocol|OPCAT|UNCAT|ICCPR|CRC|UNHCR Detention Guidelines?"
)


def test_the_package_ships_exactly_the_five_starter_files():
    shipped = sorted(item.name for item in starter_checklists_folder().iterdir())
    assert shipped == sorted(f"{form_id}.xlsx" for form_id in STARTER_FORM_IDS)
    assert [filename for filename, _content in starter_library()] == [
        "vigil_police_custody.xlsx",
        "vigil_prison.xlsx",
        "vigil_immigration_detention.xlsx",
        "vigil_psychiatric_social_care.xlsx",
        "vigil_juvenile_detention.xlsx",
    ]


def test_each_shipped_file_reads_cleanly_and_round_trips():
    for filename, content in starter_library():
        definition = read_xlsform(content, filename)
        assert read_xlsform(write_xlsform(definition), filename) == definition, filename


def test_starter_library_forms_all_load():
    for filename, content in starter_library():
        definition = read_xlsform(content, filename)
        assert definition.version == "2026.1"
        assert definition.form_id == filename.removesuffix(".xlsx")
        assert definition.default_language == EN
        # A `label::Language (code)` column for every shipped language, filled from the
        # catalogues by `python -m tools.translations checklists`.
        codes = {language.rsplit("(", 1)[-1].rstrip(")") for language in definition.languages}
        assert codes >= {"en", "fr", "es", "ru", "ar", "mn", "id", "th", "fil", "ko"}
        questions = definition.questions()
        assert 20 <= len(questions) <= 40, filename
        assert any(element.type == "repeat" for element in definition.walk())
        assert any(element.relevant for element in questions)
        assert any(element.constraint and element.constraint_messages for element in questions)
        assert any(len(element.labels) == 2 for element in definition.walk())
        for element in questions:
            assert _STANDARD.search(element.hints[EN]), (filename, element.path)
            assert element.guidance[EN], (filename, element.path)
        assert evaluate_form(definition, {}, EN).required_missing  # visit details required
