"""Full-text search: phrases, prefixes, accents, access, people data, deletion (issue 26).

Runs on SQLite (FTS5) and PostgreSQL (text search) alike: `make test` runs both.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.db.models import Model
from django.urls import reverse

from vigil.core.audit import audit_record
from vigil.core.models import AuditEvent, Membership
from vigil.core.tests.factories import Personas, client_for
from vigil.people.tests.factories import InterviewFactory
from vigil.places.tests.factories import PlaceFactory
from vigil.programmes.tests.factories import GoodPracticeFactory
from vigil.recommendations.tests.factories import RecommendationFactory
from vigil.search.engine import Filters, parse
from vigil.search.models import SearchDocument
from vigil.search.selectors import highlight, search
from vigil.search.services import index_rebuild
from vigil.visits.models import Finding, Severity
from vigil.visits.services.visits import finding_create
from vigil.visits.tests.factories import FindingFactory, ObservationFactory, VisitFactory, theme

pytestmark = pytest.mark.django_db


def saved(actor: Membership, *records: Model) -> None:
    """What every service does after a write: audit the record, in the same transaction."""
    with transaction.atomic():
        for record in records:
            audit_record(
                action="test.saved", actor=actor.user, institution=actor.institution, target=record
            )


def found(actor: Membership, query: str, **filters: Any) -> set[tuple[str, int]]:
    results = search(actor=actor, query=query, filters=Filters(**filters))
    return {(hit.kind.key, hit.record.pk) for group in results.groups for hit in group.hits}


@pytest.fixture
def world(personas: Personas) -> dict[str, Any]:
    a = personas.institution_a
    place = PlaceFactory.create(institution=a, name="Bituin District Jail")
    visit = VisitFactory.create(
        place=place, starts_on=datetime.date(2025, 5, 2), summary="Night tour."
    )
    shocks = FindingFactory.create(
        visit=visit,
        title="Electric shocks in police custody",
        description="Detainees described electric shocks during questioning.",
        severity=Severity.URGENT,
    )
    cells = ObservationFactory.create(
        visit=visit, text="Cellules sans lumière naturelle, détenus entassés."
    )
    rec = RecommendationFactory.create(
        institution=a, visit=visit, text="End the use of electric devices in custody."
    )
    practice = GoodPracticeFactory.create(institution=a, title="Torture prevention training")
    saved(personas.monitor, place, visit, shocks, cells, rec, practice)
    return {
        "place": place,
        "visit": visit,
        "shocks": shocks,
        "cells": cells,
        "rec": rec,
        "practice": practice,
    }


def test_a_phrase_finds_its_records_of_each_kind(personas: Personas, world: dict[str, Any]) -> None:
    hits = found(personas.monitor, '"electric shocks"')
    assert ("finding", world["shocks"].pk) in hits
    assert ("recommendation", world["rec"].pk) not in hits  # "electric devices": not the phrase
    assert ("place", world["place"].pk) in found(personas.monitor, '"bituin district"')
    assert ("visit", world["visit"].pk) in found(personas.monitor, '"bituin district"')


def test_a_prefix_and_a_stemmed_word_match(personas: Personas, world: dict[str, Any]) -> None:
    assert ("good_practice", world["practice"].pk) in found(personas.monitor, "tortu*")
    assert ("finding", world["shocks"].pk) in found(personas.monitor, "shock")
    assert ("recommendation", world["rec"].pk) in found(personas.monitor, "electric")


def test_an_accented_word_is_found_without_its_accents_and_with_them(
    personas: Personas, world: dict[str, Any]
) -> None:
    assert ("observation", world["cells"].pk) in found(personas.monitor, "lumiere")
    assert ("observation", world["cells"].pk) in found(personas.monitor, "LUMIÈRE")
    assert ("observation", world["cells"].pk) in found(personas.monitor, "detenus")


def test_filters_narrow_by_kind_year_severity_and_place_kind(
    personas: Personas, world: dict[str, Any]
) -> None:
    monitor = personas.monitor
    assert found(monitor, "electric", kinds=["finding"]) == {("finding", world["shocks"].pk)}
    assert found(monitor, "electric", severity="concern") == set()
    in_2025 = found(
        monitor,
        "electric",
        date_from=datetime.date(2025, 1, 1),
        date_to=datetime.date(2025, 12, 31),
        kinds=["finding"],
    )
    assert in_2025 == {("finding", world["shocks"].pk)}
    assert (
        found(monitor, "electric", date_from=datetime.date(2026, 1, 1), kinds=["finding"]) == set()
    )
    place_kind = world["place"].kind_id
    assert found(monitor, "electric", place_kind_id=place_kind, kinds=["finding"])
    assert found(monitor, "electric", theme_id=world["shocks"].theme_id, kinds=["finding"])


def test_another_institution_finds_nothing_of_ours(
    personas: Personas, world: dict[str, Any]
) -> None:
    assert found(personas.monitor_b, "electric") == set()
    assert found(personas.monitor_b, "bituin") == set()
    client = client_for(personas.monitor_b)
    page = client.get(reverse("search:search"), {"q": "electric"})
    assert page.status_code == 200
    assert "Electric shocks" not in page.content.decode()


def test_a_monitor_finds_no_interview_note_and_no_case(
    personas: Personas, world: dict[str, Any]
) -> None:
    InterviewFactory.create(visit=world["visit"], notes="The guards used a zapper on him.")
    index_rebuild()
    assert found(personas.monitor, "zapper") == set()
    assert not SearchDocument.objects.filter(kind__in=["interview", "case"]).exists()
    assert not SearchDocument.objects.filter(body__icontains="zapper").exists()


def test_deleting_a_record_removes_it_from_the_results(
    personas: Personas, world: dict[str, Any]
) -> None:
    shocks = world["shocks"]
    with transaction.atomic():
        pk = shocks.pk
        Finding.objects.filter(pk=pk).delete()
        audit_record(
            action="finding.deleted",
            actor=personas.monitor.user,
            institution=personas.institution_a,
            target=Finding(pk=pk, institution=personas.institution_a),
        )
    assert ("finding", pk) not in found(personas.monitor, "shocks")
    assert not SearchDocument.objects.filter(kind="finding", object_id=pk).exists()
    # A record removed by a cascade, with no event of its own, is dropped from the results.
    world["cells"].delete()
    assert ("observation", world["cells"].pk) not in found(personas.monitor, "lumiere")


def test_a_service_indexes_in_its_transaction_and_a_rollback_leaves_nothing(
    personas: Personas, world: dict[str, Any]
) -> None:
    visit = world["visit"]
    admin = personas.admin
    finding = finding_create(
        actor=admin,
        visit=visit,
        theme=theme(),
        severity=Severity.SERIOUS,
        title="Handcuffed to radiators",
        description="Seen twice.",
    )
    assert ("finding", finding.pk) in found(admin, "radiators")
    with pytest.raises(RuntimeError), transaction.atomic():
        finding_create(
            actor=admin,
            visit=visit,
            theme=theme(),
            severity=Severity.SERIOUS,
            title="Hooded detainees",
            description="Seen once.",
        )
        raise RuntimeError
    assert found(admin, "hooded") == set()


def test_the_rebuild_command_writes_the_index_again(
    personas: Personas, world: dict[str, Any]
) -> None:
    from django.core.management import call_command

    SearchDocument.objects.all().delete()
    assert found(personas.monitor, "electric") == set()
    call_command("search", "rebuild", verbosity=0)
    assert ("finding", world["shocks"].pk) in found(personas.monitor, "electric")


def test_searches_by_roles_that_read_people_data_are_audited_without_the_query(
    personas: Personas, world: dict[str, Any]
) -> None:
    client_for(personas.investigator).get(reverse("search:search"), {"q": "Ariunaa shocks"})
    event = AuditEvent.objects.filter(action="search.run").get()
    assert "ariunaa" not in str(event.details).casefold()
    assert len(event.details["query_digest"]) == 64
    client_for(personas.analyst).get(reverse("search:search"), {"q": "shocks"})
    assert AuditEvent.objects.filter(action="search.run").count() == 1


def test_the_results_page_groups_highlights_and_links(
    personas: Personas, world: dict[str, Any]
) -> None:
    page = client_for(personas.viewer).get(reverse("search:search"), {"q": "electric"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "<mark>Electric</mark>" in html
    assert "Visits, findings and observations" in html
    assert "Recommendations and responses" in html
    assert f"#finding-{world['shocks'].pk}" in html


def test_bad_input_is_a_clear_error_not_a_500(personas: Personas, world: dict[str, Any]) -> None:
    client = client_for(personas.monitor)
    page = client.get(reverse("search:search"), {"q": "x", "date_from": "2026-13-45"})
    assert page.status_code == 200
    assert "Enter a valid date" in page.content.decode()
    for hostile in ['"', "*", "AND OR NOT", "((", "a:b", "'; DROP", "-", "NEAR(x y)", "é*"]:
        assert client.get(reverse("search:search"), {"q": hostile}).status_code == 200
    assert client.get(reverse("search:search"), {"q": "x", "page": "99999"}).status_code == 200


def test_parse_reads_phrases_prefixes_and_accents() -> None:
    terms = parse('"Electric  Shocks" détenu* x-ray')
    assert [(t.words, t.prefix) for t in terms] == [
        (("electric", "shocks"), False),
        (("detenu",), True),
        (("x",), False),
        (("ray",), False),
    ]
    assert str(highlight("Électrique & <b>", parse("electrique"))) == (
        "<mark>Électrique</mark> &amp; &lt;b&gt;"
    )


@pytest.mark.django_db(transaction=True)
def test_the_database_holds_no_interview_note_in_clear_after_indexing(
    personas: Personas,
) -> None:
    place = PlaceFactory.create(institution=personas.institution_a, name="Kalinaw Lock-up")
    visit = VisitFactory.create(place=place)
    FindingFactory.create(visit=visit, title="Overcrowded quarantineblock")
    InterviewFactory.create(visit=visit, notes="The officer named Zorvexian kicked him.")
    index_rebuild()
    if connection.vendor == "sqlite":
        connection.close()  # the WAL checkpointed into the file
        name = str(
            settings.DATABASES["default"]["TEST"].get("NAME")
            or settings.DATABASES["default"]["NAME"]
        )
        raw = b"".join(_read(name + suffix) for suffix in ("", "-wal"))
    else:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT title || ' ' || body || ' ' || vector::text FROM search_searchdocument"
            )
            raw = " ".join(row[0] for row in cursor.fetchall()).encode()
    assert b"quarantineblock" in raw.lower()  # the index is there, in clear
    assert b"zorvexian" not in raw.lower()


def _read(path: str) -> bytes:
    try:
        with open(path, "rb") as file:
            return file.read()
    except FileNotFoundError:
        return b""


def test_the_results_page_reads_as_many_queries_for_many_hits_as_for_few(
    personas: Personas, world: dict[str, Any]
) -> None:
    from django.test.utils import CaptureQueriesContext

    client = client_for(personas.viewer)
    url = reverse("search:search")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, {"q": "electric"}).status_code == 200
        return len(captured)

    queries()  # the first request also reads what is cached afterwards (the session, terms)
    few = queries()
    findings = FindingFactory.create_batch(12, visit=world["visit"], title="Electric batons")
    saved(personas.monitor, *findings)
    assert queries() == few
