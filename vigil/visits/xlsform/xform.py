"""The XForm ODK Collect and Tella fill for a checklist version, as pyxform builds it.

The workbook stored with the version is converted by pyxform itself; the form id
and version are the checklist's own (they default when the settings sheet has
none), so that submissions from Collect name the version they were filled with.
"""

from __future__ import annotations

import copy

from pyxform.builder import create_survey_element_from_dict
from pyxform.errors import PyXFormError
from pyxform.xls2json import workbook_to_json

from .errors import XLSFormError
from .reader import load_workbook, problem_from_pyxform


def xform_from_xlsform(content: bytes, filename: str, *, form_id: str, version: str) -> str:
    """The XForm XML of an XLSForm workbook, with the checklist's form id and version."""
    data = load_workbook(content, filename)
    try:
        pyxform_json = workbook_to_json(copy.deepcopy(data), warnings=[])
        pyxform_json["id_string"] = form_id
        pyxform_json["version"] = version
        survey = create_survey_element_from_dict(pyxform_json)
        return str(survey.to_xml(validate=False, pretty_print=False, warnings=[]))
    except PyXFormError as error:
        raise XLSFormError([problem_from_pyxform(error)]) from error
