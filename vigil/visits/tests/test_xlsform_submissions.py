"""XLSForm checklists: submissions exported from ODK Central and KoboToolbox.

No database: plain functions on bytes and dataclasses.
"""

from __future__ import annotations

from datetime import date

from vigil.visits.xlsform import (
    FormDefinition,
    FormElement,
    evaluate_form,
    repeat_rows_to_answers,
    submission_row_meta,
    submission_rows_to_answers,
)

# --- submissions from ODK Central and KoboToolbox ---------------------------------------


def submission_form() -> FormDefinition:
    return FormDefinition(
        form_id="vigil_test",
        title="Test",
        version="2026.1",
        elements=[
            FormElement(
                name="visit",
                type="group",
                children=[
                    FormElement(name="station", type="text"),
                    FormElement(name="visit_date", type="date"),
                    FormElement(name="arrival", type="time"),
                ],
            ),
            FormElement(
                name="custody",
                type="group",
                children=[
                    FormElement(name="lawyer_access", type="select_one", list_name="yn"),
                    FormElement(name="reasons", type="select_multiple", list_name="reasons"),
                ],
            ),
            FormElement(name="detainees", type="integer"),
            FormElement(
                name="cells",
                type="repeat",
                children=[
                    FormElement(name="cell_label", type="text", required=True),
                    FormElement(name="area", type="decimal"),
                ],
            ),
        ],
        choices={
            "yn": [("yes", {}), ("no", {})],
            "reasons": [("a", {}), ("b", {}), ("c", {})],
        },
    )


EXPECTED = {
    "visit/station": "Station 1",
    "visit/visit_date": "2026-01-05",
    "visit/arrival": "09:30",
    "custody/lawyer_access": "yes",
    "custody/reasons": "a c",
    "detainees": "7",
}


def test_odk_central_rows_map_to_question_paths():
    headers = [
        "SubmissionDate",
        "visit-station",
        "visit-visit_date",
        "visit-arrival",
        "custody-lawyer_access",
        "custody-reasons",
        "detainees",
        "SET-OF-cells",
        "notes_from_another_form",
        "meta-instanceID",
        "KEY",
        "SubmitterID",
        "SubmitterName",
        "AttachmentsPresent",
        "AttachmentsExpected",
        "Status",
        "ReviewState",
        "DeviceID",
        "Edits",
        "FormVersion",
    ]
    row = [
        "2026-01-05T10:00:00.000Z",
        "Station 1",
        "2026-01-05",
        "09:30:00.000+08:00",
        "yes",
        "a c",
        "7",
        "uuid:abc/cells",
        "x",
        "uuid:abc",
        "uuid:abc",
        "5",
        "monitor",
        "0",
        "0",
        "",
        "",
        "",
        "0",
        "2026.1",
    ]
    answers, unmatched = submission_rows_to_answers(submission_form(), headers, row)
    assert answers == EXPECTED
    assert unmatched == ["notes_from_another_form"]
    meta = submission_row_meta(headers, row)
    assert (meta.instance_id, meta.version, meta.source) == ("abc", "2026.1", "odk_central")
    assert meta.submitted_at == "2026-01-05T10:00:00.000Z"


KOBO_META = [
    "start",
    "end",
    "meta/instanceID",
    "_id",
    "_uuid",
    "_submission_time",
    "_validation_status",
    "_notes",
    "_status",
    "_submitted_by",
    "__version__",
    "_tags",
    "_index",
    "formhub/uuid",
]
KOBO_META_VALUES = [
    "2026-01-05T09:00:00",
    "2026-01-05T11:00:00",
    "uuid:def",
    "17",
    "def",
    "2026-01-05T12:00:00",
    "",
    "",
    "submitted_via_web",
    "",
    "vAbC123",
    "",
    "1",
    "f00",
]


def test_kobo_rows_map_to_question_paths_with_split_select_multiple_columns():
    headers = [
        "visit/station",
        "visit/visit_date",
        "visit/arrival",
        "custody/lawyer_access",
        "custody/reasons",
        "custody/reasons/a",
        "custody/reasons/b",
        "custody/reasons/c",
        "detainees",
        "old_question",
        *KOBO_META,
    ]
    row = [
        "Station 1",
        "2026-01-05",
        "09:30",
        "yes",
        "a c",
        "1",
        "0",
        "1",
        "7",
        "",
        *KOBO_META_VALUES,
    ]
    answers, unmatched = submission_rows_to_answers(submission_form(), headers, row)
    assert answers == EXPECTED
    assert unmatched == ["old_question"]
    meta = submission_row_meta(headers, row)
    assert (meta.instance_id, meta.version, meta.source) == ("def", "vAbC123", "kobotoolbox")
    assert meta.version_column == "__version__"


def test_kobo_rows_with_only_split_columns_and_bare_names():
    headers = [
        "station",
        "visit_date",
        "arrival",
        "lawyer_access",
        "reasons/a",
        "reasons/b",
        "reasons/c",
        "detainees",
        *KOBO_META,
    ]
    row = {
        "station": "Station 1",
        "visit_date": date(2026, 1, 5),
        "arrival": "09:30:00.000+08:00",
        "lawyer_access": "yes",
        "reasons/a": 1,
        "reasons/b": 0,
        "reasons/c": "True",
        "detainees": 7.0,
        **dict(zip(KOBO_META, KOBO_META_VALUES, strict=True)),
    }
    answers, unmatched = submission_rows_to_answers(submission_form(), headers, row)
    assert answers == EXPECTED
    assert unmatched == []


def test_repeat_tables_map_to_entries_of_their_submission():
    form = submission_form()
    central, unmatched = repeat_rows_to_answers(
        form,
        "cells",
        ["cell_label", "area", "PARENT_KEY", "KEY", "SET-OF-cells"],
        [
            ["C1", "12.5", "uuid:abc", "uuid:abc/cells[1]", "uuid:abc/cells"],
            ["C2", "", "uuid:abc", "uuid:abc/cells[2]", "uuid:abc/cells"],
        ],
    )
    assert central == {"abc": [{"cell_label": "C1", "area": "12.5"}, {"cell_label": "C2"}]}
    assert unmatched == []
    kobo, unmatched = repeat_rows_to_answers(
        form,
        "cells",
        ["cells/cell_label", "cells/area", "_index", "_parent_index", "_submission__uuid"],
        [["K1", "3", "1", "1", "def"]],
    )
    assert kobo == {"def": [{"cell_label": "K1", "area": "3"}]}
    answers = {**EXPECTED, "cells": central["abc"]}
    assert evaluate_form(form, answers, "default").is_complete
