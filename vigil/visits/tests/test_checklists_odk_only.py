"""Published XLSForms on the real database: imported without a settings sheet, marked
"fill in ODK Collect or Tella" when the web cannot evaluate them, and served as the
XForm pyxform builds (issue 23)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from vigil.core.models import AuditEvent
from vigil.core.tests.factories import client_for
from vigil.visits.models import ChecklistSubmission, ChecklistTemplate, ChecklistVersion
from vigil.visits.selectors.checklists import definition_of, xform_of
from vigil.visits.tests.xlsform_support import workbook
from vigil.visits.xlsform.reader import fallback_version

PUBLISHED: list[list[Any]] = [
    ["type", "name", "label", "comments"],
    ["start", "start", None, None],
    ["end", "end", None, None],
    ["string", "cell", "Cell", "from the register"],
    ["int", "persons", "Persons held", None],
]
WITH_CALCULATE: list[list[Any]] = [
    ["type", "name", "label", "calculation"],
    ["integer", "persons", "Persons held", None],
    ["calculate", "double", None, "${persons} * 2"],
]
STARTERS = [
    "vigil_police_custody",
    "vigil_prison",
    "vigil_immigration_detention",
    "vigil_psychiatric_social_care",
    "vigil_juvenile_detention",
]


def _upload(client, content: bytes, name: str):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("visits:checklist_list"), {"file": SimpleUploadedFile(name, content)}
    )


def test_a_form_without_settings_imports_with_the_file_name_and_a_digest(personas):
    content = workbook(PUBLISHED, None, None)
    response = _upload(client_for(personas.admin), content, "Cell check.xlsx")
    assert response.status_code == 302
    version = ChecklistVersion.objects.get(template__form_id="Cell_check")
    assert version.version == fallback_version(content)
    assert version.template.institution == personas.institution_a
    definition = definition_of(version)
    assert definition.metadata == {"start": "start", "end": "end"}
    assert [q.name for q in definition.questions()] == ["cell", "persons"]
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        f"Cell_check version {version.version} imported.",
        "Columns Vigil does not use were left out: survey: comments.",
    ]
    # The same file again is the same version: refused, nothing added.
    again = _upload(client_for(personas.admin), content, "Cell check.xlsx")
    assert again.status_code == 400
    assert ChecklistVersion.objects.filter(template__form_id="Cell_check").count() == 1


def test_the_xform_of_a_version_carries_its_form_id_and_version(personas):
    content = workbook(PUBLISHED, None, None)
    _upload(client_for(personas.admin), content, "Cell check.xlsx")
    version = ChecklistVersion.objects.get(template__form_id="Cell_check")
    xform = xform_of(version)
    assert 'id="Cell_check"' in xform
    assert f'version="{version.version}"' in xform
    assert 'jr:preloadParams="start"' in xform


@pytest.mark.parametrize("form_id", STARTERS)
def test_each_starter_checklist_is_built_into_an_xform_by_pyxform(personas, form_id):
    version = ChecklistVersion.objects.filter(
        template__institution__isnull=True, template__form_id=form_id
    ).latest("imported_at", "pk")
    xform = xform_of(version)
    assert f'id="{form_id}"' in xform
    assert f'version="{version.version}"' in xform
    for question in definition_of(version).questions():
        assert f"/{question.name}" in xform


@pytest.fixture
def calculating(personas) -> ChecklistVersion:  # type: ignore[no-untyped-def]
    content = workbook(WITH_CALCULATE, None, [["form_id", "version"], ["counts", "1"]])
    response = _upload(client_for(personas.admin), content, "counts.xlsx")
    assert response.status_code == 302
    assert (
        "Fill in ODK Collect or Tella: the web checklist cannot evaluate survey sheet, "
        "row 3: calculation, calculate." in [str(m) for m in get_messages(response.wsgi_request)]
    )
    return ChecklistVersion.objects.get(template__form_id="counts")


def test_a_form_the_web_cannot_evaluate_is_imported_and_marked_for_odk_collect(
    personas, calculating
):
    assert not calculating.web_fillable
    assert AuditEvent.objects.filter(
        action="checklist.version_imported", target_id=str(calculating.pk)
    ).exists()
    page = client_for(personas.admin).get(reverse("visits:checklist_list")).content.decode()
    assert "fill in ODK Collect or Tella" in page
    # Downloaded as imported: the calculation is not lost.
    download = client_for(personas.admin).get(
        reverse("visits:checklist_export", args=[calculating.pk])
    )
    assert b"".join(
        download.streaming_content if download.streaming else [download.content]
    ) == bytes(calculating.xlsform)
    assert "calculate=" in xform_of(calculating)


def test_starting_it_on_the_web_is_refused_with_the_reason(
    calculating, team_visit, team_monitor, personas
):
    page = client_for(team_monitor).get(reverse("visits:visit_detail", args=[team_visit.pk]))
    assert "fill in ODK Collect or Tella" in page.content.decode()
    response = client_for(team_monitor).post(
        reverse("visits:submission_start", args=[team_visit.pk]), {"version": calculating.pk}
    )
    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Fill in ODK Collect or Tella: the web checklist cannot evaluate survey sheet, row 3: "
        "calculation, calculate."
    ]
    assert not ChecklistSubmission.objects.exists()


def test_another_institution_cannot_see_the_version(calculating, personas):
    response = client_for(personas.monitor_b).get(
        reverse("visits:checklist_export", args=[calculating.pk])
    )
    assert response.status_code == 404
    assert "counts" not in {
        t.form_id
        for t in client_for(personas.monitor_b)
        .get(reverse("visits:checklist_list"))
        .context["templates"]
    }
    assert ChecklistTemplate.objects.filter(form_id="counts").count() == 1


def test_submissions_of_an_odk_only_form_keep_every_answer_odk_sent(
    personas, team_visit, team_monitor
):
    """ODK judged the relevance of `b` from the GPS point, which the web cannot read: the
    answer is kept, not dropped as irrelevant; the GPS column is listed before import."""
    from vigil.visits.services import checklists as services

    survey = [
        ["type", "name", "label", "relevant"],
        ["geopoint", "where", "Where", None],
        ["text", "b", "Seen", "${where} != ''"],
    ]
    content = workbook(survey, None, [["form_id", "version"], ["walk", "1"]])
    assert _upload(client_for(personas.admin), content, "walk.xlsx").status_code == 302
    version = ChecklistVersion.objects.get(template__form_id="walk")
    export = b"where,b,_uuid\n1 2 3 4,a cell,abc-1\n"
    with pytest.raises(services.UnmatchedColumns):
        services.submissions_import(
            actor=team_monitor,
            visit=team_visit,
            version=version,
            content=export,
            filename="walk.csv",
        )
    report = services.submissions_import(
        actor=team_monitor,
        visit=team_visit,
        version=version,
        content=export,
        filename="walk.csv",
        accept_unmatched=True,
    )
    assert report.imported == 1
    submission = ChecklistSubmission.objects.get(version=version)
    assert submission.answers == {"b": "a cell"}
    assert submission.is_complete
    page = client_for(team_monitor).get(reverse("visits:submission_fill", args=[submission.pk]))
    assert page.status_code == 200
    assert "Fill in ODK Collect or Tella" in page.content.decode()
    assert not page.context["editable"]


def test_defaults_fill_a_new_checklist_and_a_new_repeat_entry_as_in_odk(
    personas, team_visit, team_monitor
):
    survey = [
        ["type", "name", "label", "default"],
        ["begin group", "g", "G", None],
        ["select_one yn", "lawyer", "Lawyer?", "no"],
        ["end group", None, None, None],
        ["begin repeat", "cells", "Cells", None],
        ["int", "beds", "Beds", "2"],
        ["end repeat", None, None, None],
    ]
    choices = [["list_name", "name", "label"], ["yn", "yes", "Yes"], ["yn", "no", "No"]]
    content = workbook(survey, choices, [["form_id", "version"], ["defaults", "1"]])
    assert _upload(client_for(personas.admin), content, "d.xlsx").status_code == 302
    version = ChecklistVersion.objects.get(template__form_id="defaults")
    client = client_for(team_monitor)
    client.post(reverse("visits:submission_start", args=[team_visit.pk]), {"version": version.pk})
    submission = ChecklistSubmission.objects.get(version=version)
    assert submission.answers == {"g/lawyer": "no"}
    client.post(
        reverse("visits:submission_fill", args=[submission.pk]),
        {"action": "add", "add_repeat": "cells", "a:g/lawyer": "yes"},
    )
    submission.refresh_from_db()
    assert submission.answers == {"g/lawyer": "yes", "cells": [{"beds": "2"}]}


def test_an_arabic_form_is_shown_right_to_left(personas, team_visit, team_monitor):
    survey = [["type", "name", "label::Arabic (ar)", "label::English (en)"],
              ["text", "cell", "الزنزانة", "Cell"]]  # fmt: skip
    content = workbook(survey, None, [["form_id", "version"], ["rtl", "1"]])
    assert _upload(client_for(personas.admin), content, "rtl.xlsx").status_code == 302
    version = ChecklistVersion.objects.get(template__form_id="rtl")
    client = client_for(team_monitor)
    client.post(reverse("visits:submission_start", args=[team_visit.pk]), {"version": version.pk})
    submission = ChecklistSubmission.objects.get(version=version)
    url = reverse("visits:submission_fill", args=[submission.pk])
    arabic = client.get(url, {"lang": "Arabic (ar)"}).content.decode()
    assert 'lang="ar" dir="rtl"' in arabic
    english = client.get(url, {"lang": "English (en)"}).content.decode()
    assert 'lang="en" dir="ltr"' in english


def test_a_name_in_a_label_shows_the_answer_as_in_odk(personas, team_visit, team_monitor):
    survey = [
        ["type", "name", "label", "hint"],
        ["text", "cell", "Cell", None],
        ["note", "n", "You are in cell ${cell}.", None],
        ["begin repeat", "persons", "Persons", None],
        ["text", "who", "Name", None],
        ["integer", "age", "Age of ${who}", "Held in ${cell}"],
        ["end repeat", None, None, None],
    ]
    content = workbook(survey, None, [["form_id", "version"], ["refs", "1"]])
    assert _upload(client_for(personas.admin), content, "r.xlsx").status_code == 302
    version = ChecklistVersion.objects.get(template__form_id="refs")
    client = client_for(team_monitor)
    client.post(reverse("visits:submission_start", args=[team_visit.pk]), {"version": version.pk})
    submission = ChecklistSubmission.objects.get(version=version)
    page = client.post(
        reverse("visits:submission_fill", args=[submission.pk]),
        {
            "action": "save",
            "a:cell": "<b>4</b>",
            "a:persons__count": "2",
            "a:persons[1]/who": "Ana",
            "a:persons[2]/who": "Bea",
        },
    ).content.decode()
    assert "You are in cell &lt;b&gt;4&lt;/b&gt;." in page
    assert "Age of Ana" in page
    assert "Age of Bea" in page
    assert "Held in &lt;b&gt;4&lt;/b&gt;" in page
