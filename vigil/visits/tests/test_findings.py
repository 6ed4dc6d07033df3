"""Findings: what the team concludes, against a theme and standards, with a severity, resting on
evidence of the same visit; urgent ones wait on the home page until someone acts."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse

from vigil.core.models import AuditEvent
from vigil.core.tests.factories import client_for
from vigil.places.tests.factories import PlaceFactory
from vigil.visits.models import (
    ChecklistSubmission,
    ChecklistVersion,
    Finding,
    RegisterCheck,
    Severity,
    StandardReference,
    Theme,
    Visit,
)
from vigil.visits.services import visits as services
from vigil.visits.tests.factories import (
    FindingFactory,
    ObservationFactory,
    RegisterCheckFactory,
    VisitFactory,
    theme,
)


def _standard(reference: str) -> StandardReference:
    return StandardReference.objects.get(instrument="Nelson Mandela Rules", reference=reference)


def _checklist(visit: Visit, answers: dict[str, str]) -> ChecklistSubmission:
    version = ChecklistVersion.objects.get(
        template__institution__isnull=True, template__form_id="vigil_police_custody"
    )
    return ChecklistSubmission.objects.create(
        institution=visit.institution,
        visit=visit,
        version=version,
        answers=answers,
        started_by=visit.created_by,
    )


def _other_visit(visit: Visit) -> Visit:
    return VisitFactory.create(place=visit.place, created_by=visit.created_by)


def _attention(membership) -> list[str]:  # type: ignore[no-untyped-def]
    response = client_for(membership).get(reverse("core:home"))
    assert response.status_code == 200
    return [str(item.title) for item in response.context["attention"]]


# --- recording a finding -----------------------------------------------------------


def test_a_finding_rests_on_observations_register_checks_and_checklist_answers_of_its_visit(
    team_visit, team_monitor
):
    observation = ObservationFactory.create(visit=team_visit, text="Cell 2 has no window.")
    check = RegisterCheckFactory.create(visit=team_visit)
    submission = _checklist(
        team_visit, {"visit/station_name": "Harbour", "visit/official_capacity": "12"}
    )
    client = client_for(team_monitor)
    form = client.get(reverse("visits:finding_create", args=[team_visit.pk]))
    evidence_choices = dict(form.context["form"].fields["checklist_evidence"].choices)
    form_title = "Police custody: first-hours safeguards"
    assert evidence_choices == {
        f"{submission.pk}:visit/official_capacity": (
            f"{form_title} · Official capacity of the cells (persons): 12"
        ),
        f"{submission.pk}:visit/station_name": (
            f"{form_title} · Name of the police station or lock-up: Harbour"
        ),
    }

    response = client.post(
        reverse("visits:finding_create", args=[team_visit.pk]),
        {
            "title": "Cells without natural light",
            "theme": theme("conditions").pk,
            "severity": Severity.SERIOUS,
            "standards": [_standard("Rules 12-17").pk, _standard("Rule 43").pk],
            "description": "Persons are held for days in cells without any window.",
            "observations": [observation.pk],
            "register_checks": [check.pk],
            "checklist_evidence": [f"{submission.pk}:visit/official_capacity"],
        },
    )
    finding = Finding.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"#finding-{finding.pk}")
    assert (finding.theme.code, finding.severity, finding.created_by) == (
        "conditions",
        Severity.SERIOUS,
        team_monitor.user,
    )
    assert {s.reference for s in finding.standards.all()} == {"Rules 12-17", "Rule 43"}
    assert list(finding.observations.all()) == [observation]
    assert list(finding.register_checks.all()) == [check]
    assert finding.checklist_evidence == [
        {"submission": submission.pk, "path": "visit/official_capacity"}
    ]
    assert AuditEvent.objects.filter(action="finding.created", target_id=str(finding.pk)).exists()
    page = client.get(reverse("visits:visit_detail", args=[team_visit.pk])).content.decode()
    assert "Cells without natural light" in page
    assert "Nelson Mandela Rules Rule 43" in page


def test_the_finding_form_offers_only_evidence_of_the_same_visit(team_visit, team_monitor):
    other = _other_visit(team_visit)
    foreign_observation = ObservationFactory.create(visit=other)
    foreign_check = RegisterCheckFactory.create(visit=other)
    foreign_checklist = _checklist(other, {"visit/station_name": "Elsewhere"})
    response = client_for(team_monitor).post(
        reverse("visits:finding_create", args=[team_visit.pk]),
        {
            "title": "Borrowed evidence",
            "theme": theme().pk,
            "severity": Severity.CONCERN,
            "description": "d",
            "observations": [foreign_observation.pk],
            "register_checks": [foreign_check.pk],
            "checklist_evidence": [f"{foreign_checklist.pk}:visit/station_name"],
        },
    )
    assert response.status_code == 400  # a refused POST (ADR 0013)
    errors = response.context["form"].errors
    assert set(errors) == {"observations", "register_checks", "checklist_evidence"}
    assert not Finding.objects.exists()


@pytest.mark.parametrize("kind", ["observation", "register_check", "checklist_answer"])
def test_the_service_refuses_evidence_of_another_visit(team_visit, team_monitor, kind):
    other = _other_visit(team_visit)
    evidence = {
        "observation": lambda: {"observations": [ObservationFactory.create(visit=other)]},
        "register_check": lambda: {"register_checks": [RegisterCheckFactory.create(visit=other)]},
        "checklist_answer": lambda: {
            "checklist_evidence": [
                {
                    "submission": _checklist(other, {"visit/station_name": "x"}).pk,
                    "path": "visit/station_name",
                }
            ]
        },
    }[kind]()
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError, match="Evidence must come from the same visit"):
        services.finding_create(
            actor=team_monitor,
            visit=team_visit,
            theme=theme(),
            severity=Severity.CONCERN,
            title="t",
            description="d",
            **evidence,
        )
    assert not Finding.objects.exists()
    assert AuditEvent.objects.count() == events


def test_a_theme_of_another_institution_or_an_unknown_severity_is_refused(
    personas, team_visit, team_monitor
):
    b_theme = Theme.objects.create(institution=personas.institution_b, code="b_only", name="B")
    with pytest.raises(ValidationError, match="That choice does not exist"):
        services.finding_create(
            actor=team_monitor,
            visit=team_visit,
            theme=b_theme,
            severity=Severity.URGENT,
            title="t",
            description="d",
        )
    with pytest.raises(ValidationError, match="Choose a severity"):
        services.finding_create(
            actor=team_monitor,
            visit=team_visit,
            theme=theme(),
            severity="catastrophic",
            title="t",
            description="d",
        )
    assert not Finding.objects.exists()


def test_an_institution_may_add_its_own_theme(personas, team_visit, team_monitor):
    own = Theme.objects.create(institution=personas.institution_a, code="heat", name="Heat")
    form = client_for(team_monitor).get(reverse("visits:finding_create", args=[team_visit.pk]))
    themes = list(form.context["form"].fields["theme"].queryset)
    assert own in themes
    assert not any(t.institution_id == personas.institution_b.pk for t in themes)


# --- urgent findings on the home page ------------------------------------------------


def test_an_urgent_finding_needs_the_attention_of_the_team_commissioners_and_admins(
    personas, team_visit, team_monitor, commissioner
):
    FindingFactory.create(visit=team_visit, severity=Severity.URGENT, title="Detainee unconscious")
    FindingFactory.create(visit=team_visit, severity=Severity.SERIOUS, title="No mattress")
    wanted = ["Urgent finding: Detainee unconscious"]
    assert _attention(team_monitor) == wanted
    assert _attention(commissioner) == wanted
    assert _attention(personas.admin) == wanted
    for outsider in (
        personas.monitor,
        personas.investigator,
        personas.analyst,
        personas.viewer,
        personas.monitor_b,
    ):
        assert _attention(outsider) == [], outsider


def test_the_urgent_finding_links_to_the_finding_on_the_visit_page(team_visit, team_monitor):
    finding = FindingFactory.create(visit=team_visit, severity=Severity.URGENT)
    response = client_for(team_monitor).get(reverse("core:home"))
    (item,) = response.context["attention"]
    assert (
        item.url == reverse("visits:visit_detail", args=[team_visit.pk]) + f"#finding-{finding.pk}"
    )
    assert item.detail == "Harbour Lock-up"
    assert f'href="{item.url}"' in response.content.decode()


def test_recording_the_action_taken_clears_the_urgent_finding(
    personas, team_visit, team_monitor, commissioner
):
    finding = FindingFactory.create(visit=team_visit, severity=Severity.URGENT, title="Beaten")
    client = client_for(commissioner)
    url = reverse("visits:finding_act", args=[finding.pk])

    for empty in ("", "   "):
        response = client.post(url, {"note": empty}, follow=True)
        assert [str(m) for m in get_messages(response.wsgi_request)] == ["Say what was done."]
        finding.refresh_from_db()
        assert finding.acted_on_at is None
    assert _attention(team_monitor) == ["Urgent finding: Beaten"]

    response = client.post(url, {"note": "Told the prosecutor; the man was taken to hospital."})
    assert response.status_code == 302
    finding.refresh_from_db()
    assert finding.acted_on_by == commissioner.user
    assert finding.action_note == "Told the prosecutor; the man was taken to hospital."
    assert AuditEvent.objects.filter(action="finding.acted_on", target_id=str(finding.pk)).exists()
    for person in (team_monitor, commissioner, personas.admin):
        assert _attention(person) == []
    page = client_for(personas.viewer).get(reverse("visits:visit_detail", args=[team_visit.pk]))
    assert "Told the prosecutor" in page.content.decode()


def test_the_service_refuses_an_empty_action_note(team_visit, team_monitor):
    finding = FindingFactory.create(visit=team_visit, severity=Severity.URGENT)
    with pytest.raises(ValidationError, match="Say what was done"):
        services.finding_mark_acted_on(actor=team_monitor, finding=finding, note=" \n ")
    assert Finding.objects.get(pk=finding.pk).acted_on_at is None


def test_a_team_member_sees_urgent_findings_of_their_visits_only(
    personas, team_visit, team_monitor
):
    elsewhere = VisitFactory.create(
        place=PlaceFactory.create(institution=personas.institution_a),
        created_by=personas.admin.user,
    )
    FindingFactory.create(visit=elsewhere, severity=Severity.URGENT, title="Elsewhere")
    FindingFactory.create(visit=team_visit, severity=Severity.URGENT, title="Here")
    assert _attention(team_monitor) == ["Urgent finding: Here"]
    assert sorted(_attention(personas.admin)) == [
        "Urgent finding: Elsewhere",
        "Urgent finding: Here",
    ]


# --- register checks ------------------------------------------------------------------


def _register_post(client, visit: Visit, **values):  # type: ignore[no-untyped-def]
    data = {
        "register": "custody",
        "period_from": "2026-01-01",
        "period_to": "2026-02-28",
        "entries_examined": "40",
        "irregularity_count": "3",
        "irregularities": "Times missing",
    }
    data.update(values)
    return client.post(reverse("visits:visit_register_add", args=[visit.pk]), data)


def test_a_register_check_is_recorded(team_visit, team_monitor):
    response = _register_post(client_for(team_monitor), team_visit, irregularity_count="40")
    assert response.status_code == 302
    check = RegisterCheck.objects.get()
    assert (check.period_from, check.period_to) == (date(2026, 1, 1), date(2026, 2, 28))
    assert (check.entries_examined, check.irregularity_count) == (40, 40)
    assert check.created_by == team_monitor.user


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"period_to": "2025-12-31"}, "period_to", "The period ends before it starts."),
        (
            {"irregularity_count": "41"},
            "irregularity_count",
            "More irregularities than entries examined.",
        ),
        ({"irregularity_count": "-1"}, "irregularity_count", None),
        ({"register": "diary"}, "register", None),
    ],
    ids=["period-backwards", "more-irregularities-than-entries", "negative", "unknown-register"],
)
def test_a_wrong_register_check_is_refused_with_the_field_named(
    team_visit, team_monitor, values, field, message
):
    events = AuditEvent.objects.count()
    response = _register_post(client_for(team_monitor), team_visit, **values)
    assert response.status_code == 400
    errors = response.context["register_form"].errors
    assert field in errors
    if message:
        assert errors[field] == [message]
    assert not RegisterCheck.objects.exists()
    assert AuditEvent.objects.count() == events


def test_irregularities_need_no_entry_count_when_the_register_was_not_counted(
    team_visit, team_monitor
):
    response = _register_post(
        client_for(team_monitor), team_visit, entries_examined="", irregularity_count="7"
    )
    assert response.status_code == 302
    assert RegisterCheck.objects.get().entries_examined is None
