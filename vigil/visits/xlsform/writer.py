"""Write a FormDefinition back to an XLSForm workbook (survey, choices and settings sheets).

`read_xlsform(write_xlsform(d), "form.xlsx") == d` for every definition the web checklist can
fill. A form marked for ODK Collect is downloaded as it was imported (ChecklistVersion.xlsform).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from .model import (
    DEFAULT_LANGUAGE,
    SELECT_TYPES,
    FormDefinition,
    FormElement,
    Translations,
)

Getter = Callable[[FormElement], str]


def _language_header(base: str, language: str) -> str:
    return base if language == DEFAULT_LANGUAGE else f"{base}::{language}"


def _type_text(element: FormElement) -> str:
    if element.type in SELECT_TYPES:
        return f"{element.type} {element.list_name}"
    if element.is_container:
        return f"begin_{element.type}"
    return element.type


def _required_text(element: FormElement) -> str:
    if element.required is True:
        return "yes"
    return element.required or ""


def _translated(attribute: str, language: str) -> Getter:
    def get(element: FormElement) -> str:
        texts: Translations = getattr(element, attribute)
        return texts.get(language, "")

    return get


def _simple(attribute: str) -> Getter:
    def get(element: FormElement) -> str:
        return str(getattr(element, attribute) or "")

    return get


def _survey_columns(definition: FormDefinition) -> list[tuple[str, Getter]]:
    elements = list(definition.walk())
    columns: list[tuple[str, Getter]] = [
        ("type", _type_text),
        ("name", _simple("name")),
    ]
    translated = [
        ("label", "labels"),
        ("hint", "hints"),
        ("guidance_hint", "guidance"),
        ("required", None),
        ("required_message", "required_messages"),
        ("relevant", None),
        ("constraint", None),
        ("constraint_message", "constraint_messages"),
        ("default", None),
        ("appearance", None),
    ]
    for header, attribute in translated:
        if attribute is None:
            getter = _required_text if header == "required" else _simple(header)
            if any(getter(element) for element in elements):
                columns.append((header, getter))
            continue
        # Labels always get a column per language so the form's languages survive.
        if header == "label" or any(getattr(element, attribute) for element in elements):
            for language in definition.languages:
                columns.append(
                    (_language_header(header, language), _translated(attribute, language))
                )
    return columns


def _rows(elements: list[FormElement]) -> Iterator[tuple[FormElement, bool]]:
    """(element, is_end_row) in sheet order."""
    for element in elements:
        yield element, False
        if element.is_container:
            yield from _rows(element.children)
            yield element, True


def _write(sheet: Worksheet, headers: list[str], rows: list[list[str]]) -> None:
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for values in rows:
        sheet.append([value or None for value in values])
    # A text starting with "=" must stay text, not become a formula.
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"
    sheet.freeze_panes = "A2"


def write_xlsform(definition: FormDefinition) -> bytes:
    """The definition as an .xlsx XLSForm (survey, choices and settings sheets)."""
    workbook = Workbook()
    survey = workbook.active
    assert survey is not None
    survey.title = "survey"
    columns = _survey_columns(definition)
    # Metadata first, as the KoboToolbox form builder writes them.
    survey_rows: list[list[str]] = [
        [odk_type, name] + [""] * (len(columns) - 2)
        for name, odk_type in definition.metadata.items()
    ]
    for element, is_end in _rows(definition.elements):
        if is_end:
            survey_rows.append([f"end_{element.type}"] + [""] * (len(columns) - 1))
        else:
            survey_rows.append([getter(element) for _header, getter in columns])
    _write(survey, [header for header, _getter in columns], survey_rows)

    choices = workbook.create_sheet("choices")
    choice_headers = ["list_name", "name"] + [
        _language_header("label", language) for language in definition.languages
    ]
    choice_rows = [
        [list_name, name] + [labels.get(language, "") for language in definition.languages]
        for list_name, entries in definition.choices.items()
        for name, labels in entries
    ]
    _write(choices, choice_headers, choice_rows)

    settings = workbook.create_sheet("settings")
    setting_headers = ["form_id", "form_title", "version"]
    setting_values = [definition.form_id, definition.title, definition.version]
    if definition.default_language != DEFAULT_LANGUAGE:
        setting_headers.append("default_language")
        setting_values.append(definition.default_language)
    _write(settings, setting_headers, [setting_values])

    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
