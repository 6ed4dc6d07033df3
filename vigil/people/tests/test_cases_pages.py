"""Case intake, the case list, its export and the case page."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from vigil.core.models import AuditEvent
from vigil.core.tests.factories import InstitutionFactory, client_for
from vigil.people.models import (
    Case,
    CaseOutcome,
    CaseStage,
    IllTreatmentType,
    IntakeSource,
    Perpetrator,
    Person,
)
from vigil.people.tests.factories import InterviewFactory, PersonFactory
from vigil.people.tests.factories_cases import (
    INTERNAL_ONLY,
    case_of_a,
    commissioner_of_a,
    days_ago,
    person_with_consent,
)
from vigil.people.tests.named_exports import named_export
from vigil.places.tests.factories import PlaceFactory

pytestmark = pytest.mark.django_db


def _interview_of_investigator(personas):
    return InterviewFactory.create(
        visit__place__institution=personas.institution_a,
        visit__place__name="Central Lock-up",
        visit__created_by=personas.investigator.user,
        interviewers=[personas.investigator.user],
        held_on=days_ago(3),
    )


def test_opening_a_case_from_an_interview_fills_in_what_it_knows(personas):
    interview = _interview_of_investigator(personas)
    client = client_for(personas.investigator)
    page = client.get(reverse("people:case_create"), {"interview": interview.pk})
    assert page.status_code == 200
    form = page.context["form"]
    assert form.initial["source"] == IntakeSource.VISIT_INTERVIEW
    assert form.initial["interview"] == interview
    assert form.initial["victims"] == [interview.person]
    assert form.initial["incident_place"] == interview.visit.place
    html = page.content.decode()
    assert f'<option value="{interview.person.pk}" selected>{interview.person.pseudonym}' in html
    # Offered by pseudonym: the interviewee's name is not on the intake page.
    assert interview.person.full_name not in html

    beating = IllTreatmentType.objects.get(institution__isnull=True, code="beating")
    response = client.post(
        reverse("people:case_create") + f"?interview={interview.pk}",
        {"source": "visit_interview", "interview": interview.pk,
         "received_on": days_ago(3).isoformat(), "received_by": personas.investigator.user_id,
         "victims": [interview.person.pk], "incident_place": interview.visit.place.pk,
         "ill_treatment_types": [beating.pk], "account": "Kicked during the night count."},
    )  # fmt: skip
    assert response.status_code == 302
    case = Case.objects.get(interview=interview)
    assert list(case.victims.all()) == [interview.person]
    assert list(case.ill_treatment_types.all()) == [beating]
    assert case.assignments.get().user == personas.investigator.user
    assert response["Location"] == reverse("people:case_detail", args=[case.pk])


def test_an_interview_the_reader_may_not_see_cannot_prefill_a_case(personas):
    interview = InterviewFactory.create(
        visit__place__institution=personas.institution_a, interviewers=[personas.monitor.user]
    )
    client = client_for(personas.investigator)
    assert client.get(reverse("people:case_create"), {"interview": interview.pk}).status_code == 404


def test_a_new_victim_is_recorded_encrypted_with_a_pseudonym(personas):
    client = client_for(personas.investigator)
    response = client.post(
        reverse("people:case_create"),
        {"source": "complaint", "received_on": days_ago(1).isoformat(),
         "received_by": personas.investigator.user_id,
         "new_victim_full_name": "Oyun Fictional-Victim", "new_victim_identity_number": "QQ-99",
         "new_victim_date_of_birth": "1991-02-03", "incident_place_text": "the road to the station",
         "account": "Slapped in the van."},
    )  # fmt: skip
    assert response.status_code == 302, response.context["form"].errors
    case = Case.objects.get(institution=personas.institution_a)
    victim = case.victims.get()
    assert victim.full_name == "Oyun Fictional-Victim"
    assert victim.date_of_birth == "1991-02-03"
    assert victim.pseudonym.startswith("P-")
    with connection.cursor() as cursor:
        cursor.execute("SELECT full_name, identity_number FROM people_person WHERE id = %s",
                       [victim.pk])  # fmt: skip
        stored = " ".join(str(value) for value in cursor.fetchone())
    assert "Oyun" not in stored and "QQ-99" not in stored
    details = " ".join(str(e.details) for e in AuditEvent.objects.all())
    assert "Oyun" not in details and "station" not in details
    listing = client.get(reverse("people:case_list")).content.decode()
    assert victim.pseudonym in listing and "Oyun" not in listing


def test_a_case_without_a_victim_is_refused_naming_the_field_and_nothing_is_written(personas):
    client = client_for(personas.investigator)
    response = client.post(
        reverse("people:case_create"),
        {"source": "complaint", "received_on": days_ago(1).isoformat(),
         "received_by": personas.investigator.user_id, "new_victim_identity_number": "QQ-1"},
    )  # fmt: skip
    assert response.status_code == 400
    assert "new_victim_full_name" in response.context["form"].errors
    assert not Case.objects.exists() and not Person.objects.exists()


def test_a_refused_case_leaves_no_new_victim_behind(personas):
    response = client_for(personas.investigator).post(
        reverse("people:case_create"),
        {"source": "complaint", "received_on": days_ago(1).isoformat(),
         "received_by": personas.investigator.user_id, "new_victim_full_name": "Someone New",
         "incident_date": days_ago(0).isoformat()},
    )  # fmt: skip
    assert response.status_code == 400
    assert "incident_date" in response.context["form"].errors
    assert not Person.objects.exists()


def test_the_intake_form_offers_only_what_the_reader_may_see(personas):
    own = IllTreatmentType.objects.create(institution=personas.institution_a, code="own",
                                          name="Own type of A")  # fmt: skip
    other = InstitutionFactory.create()
    IllTreatmentType.objects.create(institution=other, code="x", name="Type of another")
    hidden_person = case_of_a(personas, team=[personas.monitor]).victims.get()
    form = client_for(personas.investigator).get(reverse("people:case_create")).context["form"]
    types = set(form.fields["ill_treatment_types"].queryset)
    assert own in types and all(t.institution_id in (None, own.institution_id) for t in types)
    assert hidden_person not in set(form.fields["victims"].queryset)
    assert not form.fields["interview"].queryset.exists()


def test_the_case_list_shows_pseudonyms_and_filters(personas):
    place = PlaceFactory.create(institution=personas.institution_a, name="North Prison")
    beating = IllTreatmentType.objects.get(institution__isnull=True, code="beating")
    first = case_of_a(personas, reference="C-2026-0101", incident_place=place)
    first.ill_treatment_types.set([beating])
    case_of_a(personas, reference="C-2026-0102", stage=CaseStage.OUTCOME,
              outcome=CaseOutcome.WITHDRAWN, source=IntakeSource.MEDIA)  # fmt: skip
    client = client_for(personas.monitor)
    listing = client.get(reverse("people:case_list")).content.decode()
    assert "C-2026-0101" in listing and "C-2026-0102" in listing
    assert first.victims.get().pseudonym in listing
    assert first.victims.get().full_name not in listing
    for query, shown in [
        ({"stage": "outcome"}, "C-2026-0102"),
        ({"outcome": "withdrawn"}, "C-2026-0102"),
        ({"source": "media"}, "C-2026-0102"),
        ({"ill_treatment_type": beating.pk}, "C-2026-0101"),
        ({"place": place.pk}, "C-2026-0101"),
        ({"reference": "0101"}, "C-2026-0101"),
    ]:
        page = client.get(reverse("people:case_list"), query).content.decode()
        hidden = {"C-2026-0101", "C-2026-0102"} - {shown}
        assert shown in page and not any(ref in page for ref in hidden), query


def test_the_case_list_runs_a_constant_number_of_queries(personas):
    commissioner = commissioner_of_a(personas)
    client = client_for(commissioner)
    place = PlaceFactory.create(institution=personas.institution_a)
    beating = IllTreatmentType.objects.get(institution__isnull=True, code="beating")

    def add_cases(n: int) -> None:
        for _ in range(n):
            victims = PersonFactory.create_batch(2, institution=personas.institution_a)
            case = case_of_a(personas, incident_place=place, victims=victims)
            case.ill_treatment_types.set([beating])

    def count() -> int:
        client.get(reverse("people:case_list"))  # warm the session and caches
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("people:case_list")).status_code == 200
        return len(queries)

    add_cases(2)
    few = count()
    add_cases(6)
    assert count() == few


def test_the_export_names_victims_only_as_their_consent_allows(personas):
    consenting = person_with_consent(personas, full_name="Named Withconsent",
                                     scopes=INTERNAL_ONLY)  # fmt: skip
    silent = PersonFactory.create(institution=personas.institution_a, full_name="Never Named")
    case = case_of_a(personas, victims=[consenting, silent], reference="C-2026-0303")
    client = client_for(personas.monitor)
    response = named_export(client, "people:case_export_named")
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    assert rows[0][0] == "Reference"
    row = next(r for r in rows if r[0] == case.reference)
    assert row[-1] == f"Named Withconsent; {silent.pseudonym}"
    assert "Never Named" not in response.getvalue().decode()
    assert AuditEvent.objects.filter(action="case.exported").exists()

    book = openpyxl.load_workbook(
        io.BytesIO(named_export(client, "people:case_export_named", fmt="xlsx").content)
    )
    cells = [c.value for row in book.active.iter_rows() for c in row]
    assert silent.pseudonym in " ".join(str(c) for c in cells)
    assert "Never Named" not in " ".join(str(c) for c in cells)


def test_the_case_page_shows_the_whole_case_to_its_team(personas):
    case = case_of_a(personas, received_on=days_ago(2))
    client = client_for(personas.monitor)
    response = client.post(
        reverse("people:perpetrator_add", args=[case.pk]),
        {"agency": "Police", "unit": "Night shift", "rank": "Sergeant", "name": "Officer Zed"},
    )
    assert response.status_code == 302
    assert Perpetrator.objects.get(case=case).name == "Officer Zed"
    response = client.post(
        reverse("people:referral_add", args=[case.pk]),
        {"body": "Ombudsperson", "sent_on": days_ago(1).isoformat()},
    )
    assert response.status_code == 302
    page = client.get(reverse("people:case_detail", args=[case.pk])).content.decode()
    for shown in ("Officer Zed", "Night shift", "Ombudsperson", "Bruises on both forearms.",
                  case.victims.get().identity_number, "Received"):  # fmt: skip
        assert shown in page, shown


def test_a_perpetrator_needs_some_description(personas):
    case = case_of_a(personas)
    response = client_for(personas.monitor).post(
        reverse("people:perpetrator_add", args=[case.pk]), {}
    )
    assert response.status_code == 400
    assert "Give at least the agency, unit, rank or name." in response.content.decode()
    assert not Perpetrator.objects.exists()


def test_the_team_edits_the_case(personas):
    case = case_of_a(personas, received_on=days_ago(5))
    client = client_for(personas.monitor)
    form = client.get(reverse("people:case_edit", args=[case.pk])).context["form"]
    data = {name: value for name, value in form.initial.items() if value not in (None, "")}
    data["victims"] = [v.pk for v in data["victims"]]
    data["ill_treatment_types"] = [t.pk for t in data["ill_treatment_types"]]
    data["received_by"] = data["received_by"].pk
    data["received_on"] = data["received_on"].isoformat()
    data["injuries"] = "Bruises and a broken finger."
    data["version"] = form["version"].value()
    response = client.post(reverse("people:case_edit", args=[case.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    case.refresh_from_db()
    assert case.injuries == "Bruises and a broken finger."


def test_roles_that_do_not_handle_cases_cannot_open_the_lists(personas):
    for who in (personas.admin, personas.analyst, personas.viewer):
        client = client_for(who)
        for name in (
            "people:case_list",
            "people:case_create",
            "people:case_export",
            "people:case_overdue",
        ):
            assert client.get(reverse(name)).status_code == 403, (who.role, name)


def test_the_case_page_links_its_examinations_and_lists_its_reprisals(personas):
    from vigil.people.tests.factories import ExaminationFactory, ReprisalFactory

    case = case_of_a(personas)
    exam = ExaminationFactory.create(case=case)
    ReprisalFactory.create(
        interview=None,
        institution=personas.institution_a,
        person=case.victims.get(),
        case=case,
        recorded_by=personas.monitor.user,
        unit_responsible="Block C guards",
    )
    page = client_for(personas.monitor).get(reverse("people:case_detail", args=[case.pk]))
    html = page.content.decode()
    assert "Block C guards" in html
    assert "Linear bruising" not in html  # findings stay on the examination's own page
    assert reverse("people:examination_detail", kwargs={"examination_id": exam.pk}) in html
    assert reverse("people:examination_create", kwargs={"case_id": case.pk}) in html
