"""Checklists through the real pages: the starter library, importing XLSForms, and filling a
checklist for a visit, with the server as the judge of relevance and constraints."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape

from vigil.core.models import AuditEvent
from vigil.core.tests.factories import client_for
from vigil.visits.models import ChecklistSubmission, ChecklistTemplate, ChecklistVersion, Visit
from vigil.visits.selectors.checklists import definition_of
from vigil.visits.tests.xlsform_support import workbook
from vigil.visits.xlsform import read_xlsform

EN = "English (en)"
TL = "Tagalog (tl)"
STARTERS = {
    "vigil_police_custody",
    "vigil_prison",
    "vigil_immigration_detention",
    "vigil_psychiatric_social_care",
    "vigil_juvenile_detention",
}
SETTINGS = [["form_id", "version", "form_title"], ["cell_check", "1", "Cell check"]]


def xlsform(
    survey: list[list[Any]],
    choices: list[list[Any]] | None = None,
    settings: list[list[Any]] = SETTINGS,
) -> bytes:
    """A workbook of the cell check form unless other settings are given."""
    return workbook(survey, choices, settings)


CELL_CHECK = [
    ["type", "name", "label", "required", "relevant"],
    ["text", "cell", "Cell", "yes", ""],
    ["select_one yes_no", "crowded", "Crowded?", "", ""],
    ["integer", "persons", "Persons held", "", "${crowded} = 'yes'"],
]
YES_NO = [["list_name", "name", "label"], ["yes_no", "yes", "Yes"], ["yes_no", "no", "No"]]


def _upload(client, content: bytes, name: str = "form.xlsx"):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("visits:checklist_list"), {"file": SimpleUploadedFile(name, content)}
    )


def _starter(form_id: str = "vigil_police_custody") -> ChecklistVersion:
    return ChecklistVersion.objects.filter(
        template__institution__isnull=True, template__form_id=form_id
    ).latest("imported_at", "pk")


# --- the library and imports --------------------------------------------------------


def test_the_starter_library_holds_five_forms_each_with_a_version(personas):
    starters = ChecklistTemplate.objects.filter(institution__isnull=True)
    assert set(starters.values_list("form_id", flat=True)) == STARTERS
    assert all(t.versions.exists() for t in starters)
    response = client_for(personas.viewer).get(reverse("visits:checklist_list"))
    assert response.status_code == 200
    assert {t.form_id for t in response.context["templates"]} == STARTERS
    page = response.content.decode()
    assert "Vigil starter library" in page
    assert response.context["can_manage"] is False
    assert "Import an XLSForm" not in page
    languages = {form_id: definition_of(_starter(form_id)).languages for form_id in STARTERS}
    assert any(len(found) > 1 for found in languages.values())


@pytest.mark.parametrize("form_id", sorted(STARTERS))
def test_each_starter_exports_to_an_xlsform_that_reads_back_as_the_same_definition(
    personas, form_id
):
    version = _starter(form_id)
    response = client_for(personas.viewer).get(
        reverse("visits:checklist_export", args=[version.pk])
    )
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="{form_id}-{version.version}.xlsx"'
    )
    assert read_xlsform(response.content, "export.xlsx") == definition_of(version)


def test_an_exported_starter_reimported_by_an_admin_keeps_its_definition(personas):
    starter = _starter()
    client = client_for(personas.admin)
    exported = client.get(reverse("visits:checklist_export", args=[starter.pk])).content
    response = _upload(client, exported, "vigil_police_custody.xlsx")
    assert response.status_code == 302
    own = ChecklistVersion.objects.get(template__institution=personas.institution_a)
    assert own.template.form_id == "vigil_police_custody"
    assert own.version == starter.version
    assert own.definition == starter.definition
    assert own.imported_by == personas.admin.user


def test_an_admin_imports_an_xlsform_as_a_new_checklist(personas):
    client = client_for(personas.admin)
    response = _upload(client, xlsform(CELL_CHECK, YES_NO))
    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Cell check version 1 imported."
    ]
    template = ChecklistTemplate.objects.get(form_id="cell_check")
    assert template.institution == personas.institution_a
    version = template.versions.get()
    assert definition_of(version).find("persons").relevant == "${crowded} = 'yes'"
    assert AuditEvent.objects.filter(
        action="checklist.version_imported", target_id=str(version.pk)
    ).exists()
    listed = client.get(reverse("visits:checklist_list")).context["templates"]
    assert "cell_check" in {t.form_id for t in listed}
    assert "cell_check" not in {
        t.form_id
        for t in client_for(personas.monitor_b)
        .get(reverse("visits:checklist_list"))
        .context["templates"]
    }


def test_importing_the_same_version_again_is_refused_and_a_new_version_is_added(personas):
    client = client_for(personas.admin)
    assert _upload(client, xlsform(CELL_CHECK, YES_NO)).status_code == 302
    again = _upload(client, xlsform(CELL_CHECK, YES_NO))
    assert again.status_code == 400
    assert again.context["problems"] == [
        "Version 1 of cell_check exists already; raise the version in the settings sheet."
    ]
    assert "Version 1 of cell_check exists already" in again.content.decode()
    assert ChecklistVersion.objects.filter(template__form_id="cell_check").count() == 1

    newer = [["form_id", "version", "form_title"], ["cell_check", "2", "Cell check (revised)"]]
    assert _upload(client, xlsform(CELL_CHECK, YES_NO, newer)).status_code == 302
    template = ChecklistTemplate.objects.get(form_id="cell_check")
    assert sorted(template.versions.values_list("version", flat=True)) == ["1", "2"]
    assert template.title == "Cell check (revised)"


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        pytest.param(
            xlsform([["type", "name", "label"], ["text", "cell", "Cell"], ["selfie", "me", "Me"]]),
            "survey sheet, row 3: question type 'selfie' is not supported",
            id="unknown-type",
        ),
        pytest.param(b"not a workbook at all", "could not be read", id="not-xlsx"),
    ],
)
def test_a_form_that_cannot_be_used_is_refused_with_sheet_row_and_reason(
    personas, content, problem
):
    templates, events = ChecklistTemplate.objects.count(), AuditEvent.objects.count()
    response = _upload(client_for(personas.admin), content)
    assert response.status_code == 400
    assert any(problem in p for p in response.context["problems"]), response.context["problems"]
    page = response.content.decode()
    assert "The form was not imported:" in page
    assert escape(problem) in page
    assert ChecklistTemplate.objects.count() == templates
    assert ChecklistVersion.objects.filter(template__institution__isnull=False).count() == 0
    assert AuditEvent.objects.count() == events


def test_only_admins_and_commissioners_import(personas, commissioner):
    for who in ("monitor", "investigator", "analyst", "viewer"):
        response = _upload(client_for(getattr(personas, who)), xlsform(CELL_CHECK, YES_NO))
        assert response.status_code == 403, who
    assert not ChecklistTemplate.objects.filter(form_id="cell_check").exists()
    assert _upload(client_for(commissioner), xlsform(CELL_CHECK, YES_NO)).status_code == 302
    assert ChecklistTemplate.objects.filter(form_id="cell_check").exists()


# --- filling a checklist -----------------------------------------------------------


@pytest.fixture
def submission(team_visit: Visit, team_monitor) -> ChecklistSubmission:  # type: ignore[no-untyped-def]
    response = client_for(team_monitor).post(
        reverse("visits:submission_start", args=[team_visit.pk]), {"version": _starter().pk}
    )
    started = ChecklistSubmission.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("visits:submission_fill", args=[started.pk])
    return started


def _fill(
    client,
    submission: ChecklistSubmission,
    answers: dict[str, Any],
    *,
    htmx: bool = False,
    **extra: Any,
):  # type: ignore[no-untyped-def]
    data = {"lang": EN, "action": "save", **{f"a:{k}": v for k, v in answers.items()}, **extra}
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(
        reverse("visits:submission_fill", args=[submission.pk]), data, headers=headers
    )


def _saved(submission: ChecklistSubmission) -> dict[str, Any]:
    submission.refresh_from_db()
    return submission.answers


def test_starting_a_checklist_opens_an_empty_one_for_the_visit(
    submission, team_visit, team_monitor
):
    assert (submission.visit, submission.version, submission.answers) == (
        team_visit,
        _starter(),
        {},
    )
    assert submission.started_by == team_monitor.user
    assert AuditEvent.objects.filter(action="checklist.started").count() == 1
    page = client_for(team_monitor).get(reverse("visits:visit_detail", args=[team_visit.pk]))
    assert reverse("visits:submission_fill", args=[submission.pk]) in page.content.decode()


def test_starting_needs_a_checklist_chosen(team_visit, team_monitor):
    response = client_for(team_monitor).post(
        reverse("visits:submission_start", args=[team_visit.pk])
    )
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["Choose a checklist to start."]
    response = client_for(team_monitor).post(
        reverse("visits:submission_start", args=[team_visit.pk]), {"version": "999999"}
    )
    assert response.status_code == 404
    assert not ChecklistSubmission.objects.exists()


def test_partial_answers_are_saved_by_htmx_and_by_a_plain_post_and_kept_on_reload(
    submission, team_monitor
):
    client = client_for(team_monitor)
    response = _fill(client, submission, {"visit/station_name": "Harbour Lock-up"}, htmx=True)
    assert response.status_code == 200
    assert response.templates[0].name == "visits/_checklist_form.html"
    assert "<html" not in response.content.decode()
    assert _saved(submission) == {"visit/station_name": "Harbour Lock-up"}

    response = _fill(
        client,
        submission,
        {"visit/station_name": "Harbour Lock-up", "visit/official_capacity": "12"},
    )
    assert response.status_code == 200
    assert response.templates[0].name == "visits/submission_fill.html"
    assert _saved(submission) == {
        "visit/station_name": "Harbour Lock-up",
        "visit/official_capacity": "12",
    }
    assert submission.is_complete is False

    page = client.get(reverse("visits:submission_fill", args=[submission.pk])).content.decode()
    assert 'name="a:visit/official_capacity" value="12"' in page
    assert ">Harbour Lock-up</textarea>" in page


def test_a_question_appears_only_once_the_answer_that_makes_it_relevant_is_given(
    submission, team_monitor
):
    client = client_for(team_monitor)
    page = client.get(reverse("visits:submission_fill", args=[submission.pk])).content.decode()
    assert 'name="a:closing/urgent_concern"' in page
    assert 'name="a:closing/urgent_details"' not in page

    response = _fill(client, submission, {"closing/urgent_concern": "no"}, htmx=True)
    assert 'name="a:closing/urgent_details"' not in response.content.decode()
    response = _fill(client, submission, {"closing/urgent_concern": "yes"}, htmx=True)
    assert 'name="a:closing/urgent_details"' in response.content.decode()


def test_an_answer_to_a_question_that_is_no_longer_relevant_is_dropped(submission, team_monitor):
    client = client_for(team_monitor)
    _fill(
        client,
        submission,
        {
            "closing/urgent_concern": "yes",
            "closing/urgent_details": "Man with a head wound; told the chief.",
        },
    )
    assert _saved(submission)["closing/urgent_details"].startswith("Man with a head wound")
    response = _fill(
        client,
        submission,
        {"closing/urgent_concern": "no", "closing/urgent_details": "Man with a head wound"},
    )
    assert _saved(submission) == {"closing/urgent_concern": "no"}
    assert 'name="a:closing/urgent_details"' not in response.content.decode()


def test_a_constraint_violation_shows_its_message_and_the_value_is_kept(submission, team_monitor):
    response = _fill(client_for(team_monitor), submission, {"visit/access_delay_minutes": "900"})
    page = response.content.decode()
    assert "Enter a number of minutes between 0 and 600." in page
    assert 'name="a:visit/access_delay_minutes" value="900"' in page
    assert _saved(submission) == {"visit/access_delay_minutes": "900"}


def test_required_questions_are_flagged_only_when_marking_complete(submission, team_monitor):
    client = client_for(team_monitor)
    response = _fill(client, submission, {"visit/official_capacity": "12"})
    assert "This question requires an answer." not in response.content.decode()

    typed = {"visit/official_capacity": "12", "visit/detainees_present": "15"}
    response = _fill(client, submission, typed, action="complete")
    assert response.status_code == 400  # refused: not complete
    page = response.content.decode()
    assert page.count("This question requires an answer.") == 2  # station name and date
    assert "The checklist is saved but not complete: 2 answer(s) need attention." in page
    assert _saved(submission) == typed  # what was typed with "Mark complete" is kept
    assert submission.is_complete is False

    complete = {**typed, "visit/station_name": "Harbour Lock-up", "visit/visit_date": "2026-03-10"}
    response = _fill(client, submission, complete, action="complete")
    assert response.status_code == 302
    assert response["Location"].endswith("#checklists")
    assert _saved(submission) == complete
    assert submission.is_complete is True
    assert AuditEvent.objects.filter(
        action="checklist.completed", target_id=str(submission.pk)
    ).exists()


def test_mark_complete_refuses_while_a_constraint_is_broken(submission, team_monitor):
    answers = {"visit/station_name": "Harbour Lock-up", "visit/visit_date": "2099-01-01"}
    response = _fill(client_for(team_monitor), submission, answers, action="complete")
    assert response.status_code == 400  # refused: not complete
    page = response.content.decode()
    assert "The visit date cannot be in the future." in page
    assert "1 answer(s) need attention" in page
    assert _saved(submission) == answers
    assert submission.is_complete is False


def test_the_server_judges_a_hand_crafted_post(submission, team_monitor):
    """Answers for hidden questions, values of the wrong type, unknown fields: a POST need not
    come from the page, and the server decides what is kept and whether it is complete."""
    crafted = {
        "visit/station_name": "Harbour Lock-up",
        "visit/visit_date": "2026-03-10",
        "closing/urgent_details": "Hidden: its question was never shown",
        "interrogation/objects_description": "Also hidden",
        "visit/detainees_present": "many",
        "register/register_kept": "perhaps",
        "no_such/question": "ignored",
    }
    response = _fill(client_for(team_monitor), submission, crafted, action="complete")
    assert response.status_code == 400  # refused: not complete
    page = response.content.decode()
    assert "Enter a whole number." in page
    assert "&#x27;perhaps&#x27; is not one of the choices." in page
    assert _saved(submission) == {
        "visit/station_name": "Harbour Lock-up",
        "visit/visit_date": "2026-03-10",
        "visit/detainees_present": "many",
        "register/register_kept": "perhaps",
    }
    assert submission.is_complete is False


def test_repeats_add_entries_and_keep_each_entry_answers(submission, team_monitor):
    client = client_for(team_monitor)
    response = _fill(client, submission, {"cells__count": "0"}, add_repeat="cells")
    assert _saved(submission) == {"cells": [{}]}
    assert 'name="a:cells[1]/cell_label"' in response.content.decode()

    first = {
        "cells__count": "1",
        "cells[1]/cell_label": "Cell A",
        "cells[1]/floor_area_m2": "6",
        "cells[1]/persons_in_cell": "3",
    }
    response = _fill(client, submission, first, add_repeat="cells")
    assert _saved(submission) == {
        "cells": [{"cell_label": "Cell A", "floor_area_m2": "6", "persons_in_cell": "3"}, {}]
    }
    page = response.content.decode()
    assert 'name="a:cells[2]/cell_label"' in page
    assert 'id="q-cells_1-small_cell"' in page  # 2 m² a person: the warning note is shown

    both = {
        **first,
        "cells__count": "2",
        "cells[2]/cell_label": "Cell B",
        "cells[2]/floor_area_m2": "20",
        "cells[2]/persons_in_cell": "2",
    }
    response = _fill(client, submission, both)
    assert _saved(submission)["cells"] == [
        {"cell_label": "Cell A", "floor_area_m2": "6", "persons_in_cell": "3"},
        {"cell_label": "Cell B", "floor_area_m2": "20", "persons_in_cell": "2"},
    ]
    page = client.get(reverse("visits:submission_fill", args=[submission.pk])).content.decode()
    assert 'name="a:cells[2]/floor_area_m2" value="20"' in page
    assert 'id="q-cells_1-small_cell"' in page
    assert 'id="q-cells_2-small_cell"' not in page


def test_relevance_inside_a_repeat_entry_applies_to_that_entry_only(submission, team_monitor):
    files = "safeguards/custody_files"
    answers = {
        f"{files}__count": "2",
        f"{files}[1]/file_reference": "CR-12",
        f"{files}[1]/lawyer_access": "refused",
        f"{files}[1]/lawyer_refusal_reason": "Investigation needs",
        f"{files}[2]/file_reference": "CR-13",
        f"{files}[2]/lawyer_access": "from_start",
        f"{files}[2]/lawyer_refusal_reason": "Hidden, dropped",
    }
    response = _fill(client_for(team_monitor), submission, answers)
    assert _saved(submission)[files] == [
        {
            "file_reference": "CR-12",
            "lawyer_access": "refused",
            "lawyer_refusal_reason": "Investigation needs",
        },
        {"file_reference": "CR-13", "lawyer_access": "from_start"},
    ]
    page = response.content.decode()
    assert f'name="a:{files}[1]/lawyer_refusal_reason"' in page
    assert f'name="a:{files}[2]/lawyer_refusal_reason"' not in page


def test_the_language_switch_shows_the_translated_labels(submission, team_monitor):
    client = client_for(team_monitor)
    url = reverse("visits:submission_fill", args=[submission.pk])
    english = client.get(url).content.decode()
    assert "Name of the police station or lock-up" in english
    assert f'<option value="{TL}"' in english
    tagalog = client.get(url, {"lang": TL})
    assert tagalog.context["language"] == TL
    page = tagalog.content.decode()
    assert "Pangalan ng istasyon ng pulis o kulungan" in page
    assert "Name of the police station or lock-up" not in page
    assert "Date of the visit" in page  # not translated: the default language stands in

    response = _fill(client, submission, {"visit/visit_date": "2099-01-01"}, lang=TL)
    assert "Hindi maaaring nasa hinaharap ang petsa ng pagbisita." in response.content.decode()
    assert client.get(url, {"lang": "xx"}).context["language"] == EN


def test_a_monitor_outside_the_team_reads_the_checklist_but_cannot_answer(
    personas, submission, team_monitor
):
    _fill(client_for(team_monitor), submission, {"visit/station_name": "Harbour Lock-up"})
    outsider = client_for(personas.monitor)
    url = reverse("visits:submission_fill", args=[submission.pk])
    page = outsider.get(url)
    assert page.status_code == 200
    assert page.context["editable"] is False
    content = page.content.decode()
    assert "Harbour Lock-up" in content
    assert 'class="checklist__body" disabled' in content
    assert "hx-post" not in content
    for htmx in (False, True):
        response = _fill(outsider, submission, {"visit/station_name": "Changed"}, htmx=htmx)
        assert response.status_code == 403
    assert _saved(submission) == {"visit/station_name": "Harbour Lock-up"}
    response = outsider.post(
        reverse("visits:submission_start", args=[submission.visit_id]), {"version": _starter().pk}
    )
    assert response.status_code == 403
    assert ChecklistSubmission.objects.count() == 1
