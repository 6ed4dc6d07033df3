"""The home page: the commissioner's overview (issue 20), a new institution's getting-started
steps and no shortcut list repeating the navigation (issue 24)."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from vigil.core.models import Membership
from vigil.core.overview import getting_started_for, overview_for
from vigil.core.roles import Role
from vigil.core.tests.factories import InstitutionFactory, MembershipFactory, client_for
from vigil.people.models import CaseStage
from vigil.people.tests.factories import CaseFactory
from vigil.places.tests.factories import PlaceFactory
from vigil.recommendations.models import Recommendation
from vigil.risk.models import RiskConfiguration
from vigil.risk.services.configuration import configuration_ensure
from vigil.visits.models import PlannedVisit, Severity
from vigil.visits.tests.factories import FindingFactory, VisitFactory, VisitPlanFactory

pytestmark = pytest.mark.django_db


def _commissioner(personas) -> Membership:
    return MembershipFactory.create(institution=personas.institution_a, role=Role.COMMISSIONER)


def _figures(actor: Membership, today: datetime.date) -> dict[str, tuple[int, int | None]]:
    return {f.key: (f.value, f.previous) for f in overview_for(actor, today)}


def test_the_commissioner_sees_figures_with_their_trend(personas):
    today = timezone.localdate()
    a = personas.institution_a
    commissioner = _commissioner(personas)
    place = PlaceFactory.create(institution=a)
    last_year = today.replace(year=today.year - 1, day=1)
    visit = VisitFactory.create(place=place, starts_on=today.replace(day=1))
    VisitFactory.create(place=place, starts_on=today.replace(day=1))
    VisitFactory.create(place=place, starts_on=last_year)
    plan = VisitPlanFactory.create(institution=a)
    for _ in range(3):
        PlannedVisit.objects.create(
            institution=a, plan=plan, place=place, month=today.replace(day=1), visit_type="full"
        )
    old = FindingFactory.create(visit=visit, severity=Severity.URGENT)
    old.created_at = timezone.now() - datetime.timedelta(days=60)
    old.save(update_fields=["created_at"])
    FindingFactory.create(visit=visit, severity=Severity.URGENT)  # new this month
    Recommendation.objects.create(
        institution=a,
        reference="R-1",
        text="Fix the cells.",
        source="visit_report",
        issued_on=today - datetime.timedelta(days=200),
        addressee="ministry",
        priority="medium",
        due_on=today - datetime.timedelta(days=100),
        status="not_started",
        created_by=personas.admin.user,
    )
    CaseFactory.create(
        institution=a, stage=CaseStage.RECEIVED, stage_since=today - datetime.timedelta(days=400)
    )

    figures = _figures(commissioner, today)
    assert figures["visits-done"] == (2, 1)
    assert figures["urgent-open"] == (2, 1)
    assert figures["recommendations-overdue"] == (1, 1)
    assert figures["cases-overdue"] == (1, 1)

    page = client_for(commissioner).get(reverse("core:home")).content.decode()
    overview = page.index('id="overview-heading"')
    assert overview < page.index('id="attention-heading"')  # above the attention list
    for url in (
        reverse("visits:visit_dashboard"),
        reverse("recommendations:recommendation_list") + "?overdue=on",
        reverse("people:case_overdue"),
    ):
        assert f'href="{url}' in page
    assert "1 more than a year ago" in page
    assert "3 planned" in page


def test_the_riskiest_places_not_visited_are_counted(personas):
    from vigil.risk.services.scores import scores_refresh

    a = personas.institution_a
    for n in range(12):
        PlaceFactory.create(institution=a, name=f"Lock-up {n}")
    scores_refresh(institution=a)
    figures = _figures(_commissioner(personas), timezone.localdate())
    assert figures["risk-unvisited"] == (2, None)  # the riskiest tenth of 12, never visited


@pytest.mark.parametrize("role", [r for r in Role if r != Role.COMMISSIONER])
def test_other_roles_see_no_overview(personas, role):
    member = MembershipFactory.create(institution=personas.institution_a, role=role)
    assert overview_for(member) == []
    page = client_for(member).get(reverse("core:home")).content.decode()
    assert 'id="overview-heading"' not in page


def test_the_overview_counts_only_the_institution(personas):
    other = PlaceFactory.create(institution=personas.institution_b)
    FindingFactory.create(visit__place=other, severity=Severity.URGENT)
    figures = _figures(_commissioner(personas), timezone.localdate())
    assert figures["urgent-open"] == (0, 0)


def test_no_shortcut_list_repeats_the_navigation(personas):
    page = client_for(_commissioner(personas)).get(reverse("core:home")).content.decode()
    assert "shortcuts-heading" not in page and "Shortcuts" not in page


def test_a_new_institution_shows_its_first_administrator_the_steps(personas):
    institution = InstitutionFactory.create(name="New NPM")
    admin = MembershipFactory.create(institution=institution, role=Role.ADMIN)
    page = client_for(admin).get(reverse("core:home")).content.decode()
    assert "Getting started" in page
    assert "Nothing needs your attention right now." not in page
    keys = re.findall(r'id="step-([a-z-]+)"', page)
    assert keys == ["places", "staff", "mail", "visit-plan", "risk"]
    assert 'class="step step--done" id="step-mail"' in page  # tests send mail (locmem)
    assert f'href="{reverse("core:import_upload", args=["places"])}"' in page

    # Each step is ticked when done.
    PlaceFactory.create(institution=institution)
    MembershipFactory.create(institution=institution, role=Role.MONITOR)
    VisitPlanFactory.create(institution=institution)
    done = {s.key for s in getting_started_for(admin) if s.done}
    assert done == {"places", "staff", "mail", "visit-plan"}
    page = client_for(admin).get(reverse("core:home")).content.decode()
    assert 'class="step step--done" id="step-places"' in page
    assert 'class="step" id="step-risk"' in page

    # When all are done, the steps go and the attention list comes back.
    current = configuration_ensure(institution=institution)
    RiskConfiguration.objects.filter(pk=current.pk).update(created_by=admin.user)
    assert getting_started_for(admin) == []
    page = client_for(admin).get(reverse("core:home")).content.decode()
    assert "Getting started" not in page and "Needs your attention" in page


def test_the_steps_are_for_those_who_set_up_the_institution(personas):
    institution = InstitutionFactory.create(name="New NPM")
    viewer = MembershipFactory.create(institution=institution, role=Role.VIEWER)
    assert getting_started_for(viewer) == []
    page = client_for(viewer).get(reverse("core:home")).content.decode()
    assert "Getting started" not in page and "Nothing needs your attention right now." in page


def test_mail_unset_in_production_is_a_step_to_do(personas, settings):
    settings.EMAIL_BACKEND = "vigil.core.mail.NoMailBackend"
    institution = InstitutionFactory.create(name="New NPM")
    admin = MembershipFactory.create(institution=institution, role=Role.ADMIN)
    assert {s.key: s.done for s in getting_started_for(admin)}["mail"] is False
