"""Prevention programmes: recorded and edited by programme officers, commissioners and admins
through the pages, audited; read by everyone else of the institution; never seen by another
institution; listed, searched, filtered and exported in a constant number of queries.
Activities are recorded against the programme and, optionally, a line of its logframe.

The cross-institution walk (vigil/core/tests/test_url_walk.py) covers every URL for B.
"""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from vigil.core.models import AuditEvent
from vigil.core.roles import Role
from vigil.core.tests.factories import MembershipFactory, UserFactory, client_for
from vigil.places.tests.factories import AuthorityFactory, PlaceFactory, builtin_kind
from vigil.programmes.models import Activity, Programme
from vigil.programmes.services import programmes as services
from vigil.programmes.tests.factories import (
    ActivityFactory,
    LogframeItemFactory,
    ProgrammeFactory,
)
from vigil.visits.tests.factories import theme


def _form(personas, officer, **changes):
    place = PlaceFactory.create(institution=personas.institution_a, name="Harbour Lock-up")
    authority = AuthorityFactory.create(institution=personas.institution_a, name="National Police")
    data = {
        "title": "Rights in police custody",
        "summary": "Advocacy and training.",
        "protection_gap": "Detainees are not told of their rights in lock-ups.",
        "themes": [theme("custody_safeguards").pk],
        "place_kinds": [builtin_kind("police_station").pk],
        "places": [place.pk],
        "champion": officer.user.pk,
        "mentors": "A mentor of the APT",
        "partners": "Bar association",
        "partner_authorities": [authority.pk],
        "starts_on": "2025-01-01",
        "ends_on": "2026-12-31",
        "budget": "15000",
        "currency": "usd",
        "funding": "Seed grant",
        "status": "active",
    }
    data.update(changes)
    return data


def test_a_programme_officer_records_a_programme_through_the_page_audited(personas, officer):
    client = client_for(officer)
    assert client.get(reverse("programmes:prevention_create")).status_code == 200
    response = client.post(reverse("programmes:prevention_create"), _form(personas, officer))
    programme = Programme.objects.get()
    assert response["Location"] == reverse("programmes:prevention_detail", args=[programme.pk])
    assert programme.institution == personas.institution_a
    assert programme.currency == "USD"
    assert programme.champion == officer.user
    assert [t.code for t in programme.themes.all()] == ["custody_safeguards"]
    assert programme.places.get().name == "Harbour Lock-up"
    assert programme.partner_authorities.get().name == "National Police"
    event = AuditEvent.objects.get(action="programme.created")
    assert (event.actor, event.target_id) == (officer.user, str(programme.pk))
    page = client.get(response["Location"]).content.decode()
    for text in ("Rights in police custody", "Harbour Lock-up", "National Police",
                 "Seed grant", "A mentor of the APT", "No logframe yet"):  # fmt: skip
        assert text in page


def test_editing_saves_and_audits_the_changed_fields(personas, officer):
    client = client_for(officer)
    data = _form(personas, officer)
    client.post(reverse("programmes:prevention_create"), data)
    programme = Programme.objects.get()
    url = reverse("programmes:prevention_edit", args=[programme.pk])
    assert client.get(url).status_code == 200
    data.update(
        title="Rights in custody, phase 2", status="completed", themes=[], version=programme.version
    )
    assert client.post(url, data).status_code == 302
    programme.refresh_from_db()
    assert programme.title == "Rights in custody, phase 2"
    assert not programme.themes.exists()
    event = AuditEvent.objects.get(action="programme.updated")
    assert event.details["fields"] == ["status", "themes", "title"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"ends_on": "2024-01-01"}, "ends_on"),
        ({"currency": ""}, "currency"),
    ],
)
def test_bad_input_is_refused_naming_the_field(personas, officer, changes, field):
    response = client_for(officer).post(
        reverse("programmes:prevention_create"), _form(personas, officer, **changes)
    )
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert not Programme.objects.exists()


def test_the_champion_must_be_a_member_of_the_institution(personas, officer):
    outsider = UserFactory.create()
    with pytest.raises(ValidationError) as error:
        services.programme_create(
            actor=officer, title="x", protection_gap="gap", champion=outsider,
            starts_on=datetime.date(2025, 1, 1),
        )  # fmt: skip
    assert "champion" in error.value.message_dict
    response = client_for(officer).post(
        reverse("programmes:prevention_create"),
        _form(personas, officer, champion=personas.monitor_b.user.pk),
    )
    assert response.status_code == 400 and "champion" in response.context["form"].errors


@pytest.mark.parametrize("role", [Role.ADMIN, Role.COMMISSIONER, Role.PROGRAMME_OFFICER])
def test_admins_commissioners_and_programme_officers_manage_programmes(personas, role):
    member = MembershipFactory.create(institution=personas.institution_a, role=role)
    response = client_for(member).post(
        reverse("programmes:prevention_create"), _form(personas, member)
    )
    assert response.status_code == 302


@pytest.mark.parametrize("who", ["monitor", "investigator", "analyst", "viewer"])
def test_others_read_programmes_but_get_403_on_every_write(personas, officer, who):
    member = getattr(personas, who)
    programme = ProgrammeFactory.create(institution=personas.institution_a, champion=officer.user)
    item = LogframeItemFactory.create(programme=programme)
    activity = ActivityFactory.create(programme=programme)
    client = client_for(member)
    assert client.get(reverse("programmes:programme_list")).status_code == 200
    page = client.get(reverse("programmes:prevention_detail", args=[programme.pk]))
    assert page.status_code == 200
    assert reverse("programmes:prevention_edit", args=[programme.pk]) not in page.content.decode()
    writes = [
        reverse("programmes:prevention_create"),
        reverse("programmes:prevention_edit", args=[programme.pk]),
        reverse("programmes:logframe_add", args=[programme.pk]),
        reverse("programmes:logframe_edit", args=[item.pk]),
        reverse("programmes:indicator_add", args=[item.pk]),
        reverse("programmes:activity_create", args=[programme.pk]),
        reverse("programmes:activity_edit", args=[activity.pk]),
        reverse("programmes:outcome_create", args=[programme.pk]),
        reverse("programmes:good_practice_create"),
    ]
    for url in writes:
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"title": "x"}).status_code == 403, url
    with pytest.raises(PermissionDenied):
        services.programme_update(actor=member, programme=programme, title="x")
    assert not AuditEvent.objects.filter(action__startswith="programme.").exists()


def test_institution_b_sees_nothing_of_a(personas, officer):
    programme = ProgrammeFactory.create(
        institution=personas.institution_a, title="Secret programme of A", champion=officer.user
    )
    client = client_for(personas.monitor_b)
    listing = client.get(reverse("programmes:programme_list"))
    assert "Secret programme of A" not in listing.content.decode()
    assert listing.context["page"].paginator.count == 0
    assert (
        client.get(reverse("programmes:prevention_detail", args=[programme.pk])).status_code == 404
    )
    export = b"".join(client.get(reverse("programmes:prevention_export")).streaming_content)
    assert b"Secret programme of A" not in export


def test_institution_b_cannot_choose_a_place_or_authority_of_a(personas, officer):
    b_admin = MembershipFactory.create(institution=personas.institution_b, role=Role.ADMIN)
    place_of_a = PlaceFactory.create(institution=personas.institution_a)
    with pytest.raises(ValidationError):
        services.programme_create(
            actor=b_admin, title="x", protection_gap="gap", champion=b_admin.user,
            starts_on=datetime.date(2025, 1, 1), places=[place_of_a],
        )  # fmt: skip
    response = client_for(b_admin).post(
        reverse("programmes:prevention_create"),
        {**_form(personas, officer), "champion": b_admin.user.pk, "places": [place_of_a.pk],
         "partner_authorities": []},
    )  # fmt: skip
    assert response.status_code == 400 and "places" in response.context["form"].errors
    assert not Programme.objects.exists()


# --- the list ---------------------------------------------------------------------------


def test_the_list_searches_by_words_and_filters_by_status_and_theme(personas, officer):
    a = personas.institution_a
    ProgrammeFactory.create(institution=a, title="Police training on rights",
                            status="active", themes=[theme("custody_safeguards")])  # fmt: skip
    ProgrammeFactory.create(institution=a, title="Law reform on lock-ups", status="planned",
                            protection_gap="No inspection of court cells")  # fmt: skip
    client = client_for(personas.viewer)

    def titles(**query):
        response = client.get(reverse("programmes:programme_list"), query)
        return sorted(p.title for p in response.context["page"])

    assert titles(q="court inspection") == ["Law reform on lock-ups"]
    assert titles(status="active") == ["Police training on rights"]
    assert titles(theme=theme("custody_safeguards").pk) == ["Police training on rights"]
    assert len(titles()) == 2


def test_the_list_costs_as_many_queries_for_forty_programmes_as_for_five(
    personas, officer, django_assert_num_queries
):
    def add(count: int) -> None:
        for _ in range(count):
            champion = MembershipFactory.create(institution=personas.institution_a).user
            themes = [theme("custody_safeguards"), theme("treatment")]
            ProgrammeFactory.create(
                institution=personas.institution_a, champion=champion, themes=themes
            )

    client = client_for(personas.viewer)
    url = reverse("programmes:programme_list")
    add(5)
    client.get(url)  # the session settles on the first request
    with CaptureQueriesContext(connection) as five:
        assert len(client.get(url).context["page"].object_list) == 5
    add(35)
    with django_assert_num_queries(len(five.captured_queries)):
        assert len(client.get(url).context["page"].object_list) == 40


def test_the_csv_export_follows_the_filters(personas, officer):
    ProgrammeFactory.create(institution=personas.institution_a, title="Summit", status="active")
    ProgrammeFactory.create(institution=personas.institution_a, title="Manual", status="planned")
    response = client_for(personas.viewer).get(
        reverse("programmes:prevention_export"), {"status": "active"}
    )
    body = b"".join(response.streaming_content).decode()
    assert response["Content-Type"].startswith("text/csv")
    assert body.splitlines()[0].lstrip("\ufeff").startswith("ID,Title,Status,Status (code)")
    assert "Summit,Active,active" in body and "Manual" not in body


# --- activities -------------------------------------------------------------------------


def test_an_officer_records_an_activity_linked_to_a_logframe_line(personas, officer):
    programme = ProgrammeFactory.create(institution=personas.institution_a, champion=officer.user)
    line = LogframeItemFactory.create(programme=programme, level=1)
    place = PlaceFactory.create(institution=personas.institution_a, name="Central Lock-up")
    client = client_for(officer)
    response = client.post(reverse("programmes:activity_create", args=[programme.pk]), {
        "kind": "summit", "title": "National summit with the police", "starts_on": "2025-05-02",
        "location": "Capital", "place": place.pk, "participants": "150",
        "outputs": "Four advisories", "documents": "Summit report", "logframe_item": line.pk,
    })  # fmt: skip
    assert response.status_code == 302
    activity = Activity.objects.get()
    assert (activity.kind, activity.participants, activity.logframe_item) == ("summit", 150, line)
    assert AuditEvent.objects.filter(action="activity.created").count() == 1
    page = client.get(reverse("programmes:prevention_detail", args=[programme.pk])).content.decode()
    assert "National summit with the police" in page and "Central Lock-up" in page
    response = client.post(reverse("programmes:activity_edit", args=[activity.pk]), {
        "kind": "summit", "title": "National summit", "starts_on": "2025-05-02",
        "ends_on": "2025-05-03", "participants": "160", "version": activity.version})  # fmt: skip
    assert response.status_code == 302
    activity.refresh_from_db()
    assert (activity.title, activity.participants, activity.place) == ("National summit", 160, None)


def test_an_activity_cannot_use_a_line_of_another_programme(personas, officer):
    programme = ProgrammeFactory.create(institution=personas.institution_a)
    other_line = LogframeItemFactory.create(
        programme=ProgrammeFactory.create(institution=personas.institution_a)
    )
    with pytest.raises(ValidationError) as error:
        services.activity_create(
            actor=officer, programme=programme, kind="workshop", title="w",
            starts_on=datetime.date(2025, 1, 1), logframe_item=other_line,
        )  # fmt: skip
    assert "logframe_item" in error.value.message_dict


def test_the_programme_page_costs_the_same_with_more_of_everything(personas, officer):
    programme = ProgrammeFactory.create(institution=personas.institution_a, champion=officer.user)
    client = client_for(personas.viewer)
    url = reverse("programmes:prevention_detail", args=[programme.pk])

    def add() -> None:
        from vigil.programmes.tests.factories import IndicatorFactory, OutcomeFactory

        item = LogframeItemFactory.create(programme=programme)
        IndicatorFactory.create(item=item)
        ActivityFactory.create(programme=programme, place=PlaceFactory.create(
            institution=personas.institution_a))  # fmt: skip
        OutcomeFactory.create(programme=programme)

    add()
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _ in range(4):
        add()
    with CaptureQueriesContext(connection) as five:
        client.get(url)
    assert len(five.captured_queries) == len(one.captured_queries)


def test_a_programme_names_the_risk_factors_it_addresses(personas, officer):
    from vigil.risk.models import RiskFactor

    factor = RiskFactor.objects.get(institution__isnull=True, code="lawyer_access")
    client = client_for(officer)
    response = client.post(
        reverse("programmes:prevention_create"), _form(personas, officer, risk_factors=[factor.pk])
    )
    assert response.status_code == 302
    programme = Programme.objects.get()
    assert list(programme.risk_factors.all()) == [factor]
    page = client.get(reverse("programmes:prevention_detail", args=[programme.pk])).content.decode()
    assert factor.name in page and f"#factor-{factor.code}" in page
