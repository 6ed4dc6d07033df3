"""Custody-register extracts through the real pages and background job: every check finds
exactly the known violations of a hand-made register; a malformed file is refused by row
with nothing kept; names and identity numbers never reach the database in clear; the same
person has the same pseudonym in every extract; another institution sees nothing."""

from __future__ import annotations

from datetime import date

import pytest
from django.apps import apps
from django.db import connection
from django.urls import reverse

from vigil.core import filestore
from vigil.core.models import AuditEvent, Job
from vigil.core.tests.factories import client_for
from vigil.places.tests.factories import PlaceFactory
from vigil.registers import services, workcopy
from vigil.registers.checks import CHECKS
from vigil.registers.models import CustodyRegister, RegisterMapping, RegisterMonth
from vigil.registers.tests.helpers import (
    EXPECTED,
    EXPECTED_ROWS,
    IDENTIFIERS,
    MAPPING,
    REGISTER_CSV,
    upload_register,
)

pytestmark = pytest.mark.django_db(transaction=True)


def _found(register: CustodyRegister) -> dict[tuple[str, str], int]:
    found = {}
    for month in RegisterMonth.objects.filter(register=register):
        key = month.month.strftime("%Y-%m")
        found[("entries", key)] = month.entries
        for check in CHECKS:
            if getattr(month, check.code):
                found[(check.code, key)] = getattr(month, check.code)
    return found


def test_every_check_finds_exactly_the_known_violations(checked, place):
    assert checked.status == CustodyRegister.Status.CHECKED
    assert checked.row_count == 6
    assert _found(checked) == EXPECTED
    march = RegisterMonth.objects.get(register=checked, month=date(2026, 3, 1))
    assert float(march.minor_hours) == 37.5  # 10 March 10:00 to 11 March 23:30
    for code, rows in EXPECTED_ROWS.items():
        found = services.read_rows(checked, code=code, place_id=place.pk, month=march.month)
        assert [r["row_number"] for r in found] == rows, code


def test_the_rows_behind_a_count_show_pseudonyms_to_monitors_only(personas, checked, place):
    url = reverse("registers:register_rows", args=[checked.pk])
    query = {"check": "repeat", "place": place.pk, "month": "2026-03-01"}
    page = client_for(personas.monitor).get(url, query)
    assert page.status_code == 200
    text = page.content.decode()
    assert [r["row_number"] for r in page.context["rows"]] == [6]
    pseudonym = page.context["rows"][0]["pseudonym"]
    assert pseudonym.startswith("P-") and pseudonym in text
    assert not any(identifier in text for identifier in IDENTIFIERS)
    assert AuditEvent.objects.filter(action="register.rows_read").count() == 1
    assert client_for(personas.analyst).get(url, query).status_code == 403
    detail = client_for(personas.analyst).get(
        reverse("registers:register_detail", args=[checked.pk])
    )
    assert detail.status_code == 200 and url not in detail.content.decode()


def test_the_place_page_shows_the_results_and_links_to_them(personas, checked, place):
    page = client_for(personas.monitor).get(reverse("places:place_detail", args=[place.pk]))
    text = page.content.decode()
    assert "Custody registers" in text
    assert "Held past the legal limit without a judge" in text
    assert reverse("registers:register_detail", args=[checked.pk]) in text
    detail = client_for(personas.monitor).get(
        reverse("registers:register_detail", args=[checked.pk])
    )
    rows_url = reverse("registers:register_rows", args=[checked.pk])
    link = f"{rows_url}?check=no_judge&amp;place={place.pk}&amp;month=2026-03-01"
    assert link in detail.content.decode()


def test_no_name_or_identity_number_is_kept_in_clear(checked):
    # The working copy, decrypted, holds pseudonyms only.
    with workcopy.opened(checked) as con:
        values = con.execute("SELECT * FROM register").fetchall()
    flat = " ".join(str(v) for row in values for v in row)
    assert not any(identifier in flat for identifier in IDENTIFIERS)
    assert checked.original == b"" or bytes(checked.original) == b""
    stored = filestore.file_token(checked.content, checked.stored_at)
    assert stored.startswith(b"v1:")
    # No table of the database holds a name or number in clear.
    with connection.cursor() as cursor:
        for model in apps.get_models():
            table = model._meta.db_table
            cursor.execute(f'SELECT * FROM "{table}"')
            for row in cursor.fetchall():
                text = " ".join(
                    bytes(v).decode("latin-1") if isinstance(v, bytes | memoryview) else str(v)
                    for v in row
                )
                assert not any(identifier in text for identifier in IDENTIFIERS), table


def test_the_same_person_has_the_same_pseudonym_in_two_extracts(personas, checked, place):
    again = "No,Name,ID,Arrested,Registered\n7,B. Bat,ID222,2026-05-01 10:00,2026-05-01 10:30\n"
    client = client_for(personas.monitor)
    job, page = upload_register(client, again, authority=place.authority, place=place)
    # The authority's saved matching was offered again.
    assert page.context["saved"] is True
    assert job.result["ok"] is True, job.result
    second = CustodyRegister.objects.exclude(pk=checked.pk).get()
    with workcopy.opened(checked) as con:
        first_ids = {r[0] for r in con.execute("SELECT pseudonym FROM register").fetchall()}
    with workcopy.opened(second) as con:
        (pseudonym,) = con.execute("SELECT pseudonym FROM register").fetchone()
    assert pseudonym in first_ids
    assert (
        services.pseudonym_of(
            institution_id=personas.institution_b.pk,
            person=None,
            id_number="ID222",
            birth_date=None,
        )
        != pseudonym
    )


def test_a_malformed_file_is_refused_by_row_and_nothing_is_kept(personas, place):
    bad = REGISTER_CSV.replace("2026-03-05 08:00", "yesterday").replace(
        "2026-03-11 23:30,release,no", "2026-03-11 23:30,release,maybe"
    )
    client = client_for(personas.monitor)
    events = AuditEvent.objects.count()
    job, _page = upload_register(client, bad, authority=place.authority, place=place,
                                 mapping=MAPPING)  # fmt: skip
    assert job.status == Job.Status.SUCCEEDED
    assert job.result["ok"] is False
    assert [(p["row"], p["column"]) for p in job.result["problems"]] == [
        (4, "Arrested"),
        (5, "Injuries"),
    ]
    assert "“maybe” is neither yes nor no." in job.result["problems"][1]["problem"]
    assert CustodyRegister.objects.count() == 0
    assert RegisterMonth.objects.count() == 0
    assert not RegisterMapping.objects.exists()
    assert AuditEvent.objects.filter(action="register.refused").count() == 1
    assert AuditEvent.objects.count() > events


def test_an_unreadable_file_is_refused_at_upload(personas, place):
    client = client_for(personas.monitor)
    response = client.post(
        reverse("registers:register_upload"),
        {
            "file": __import__("django.core.files.uploadedfile", fromlist=["x"]).SimpleUploadedFile(
                "register.parquet", b"PAR1 not really"
            ),
            "authority": place.authority.pk,
        },
    )
    assert response.status_code == 400
    assert "Parquet" in str(response.context["form"].errors)
    assert CustodyRegister.objects.count() == 0


def test_an_authority_extract_places_each_entry_by_its_place_column(personas, place):
    other = PlaceFactory.create(institution=personas.institution_a, authority=place.authority)
    text = (
        "Station,No,Name,Arrested,Registered\n"
        f"{place.external_ref},1,A,2026-03-01 10:00,2026-03-01 10:30\n"
        f"{other.name},1,B,2026-03-01 10:00,2026-03-01 15:00\n"
    )
    job, _page = upload_register(client_for(personas.monitor), text, authority=place.authority)
    assert job.result["ok"] is True, job.result
    late = RegisterMonth.objects.get(late_registration__gt=0)
    assert late.place_id == other.pk and late.late_registration == 1


def test_institution_b_sees_nothing_of_a(personas, checked, place):
    client = client_for(personas.monitor_b)
    for name in ("register_detail", "register_map", "register_rows"):
        url = reverse(f"registers:{name}", args=[checked.pk])
        assert client.get(url, {"check": "repeat", "place": place.pk,
                                "month": "2026-03-01"}).status_code == 404, name  # fmt: skip
    assert client.post(reverse("registers:register_delete", args=[checked.pk])).status_code == 404
    listing = client.get(reverse("registers:register_list")).content.decode()
    assert str(checked) not in listing
    assert "Lock-up 1" not in client.get(reverse("registers:safeguards")).content.decode()
    assert CustodyRegister.objects.filter(pk=checked.pk).exists()


def test_the_safeguards_view_ranks_what_is_most_often_missing(personas, checked):
    page = client_for(personas.analyst).get(reverse("registers:safeguards"), {"by": "authority"})
    rows = page.context["rows"]
    assert rows[0]["group"] == "National Police"
    # Blank fields: 1 of 1 April entry is counted against 6 entries in all.
    assert {r["code"] for r in rows} >= {"no_judge", "lawyer_late", "numbering"}


def test_register_results_are_risk_evidence_with_links(checked, place):
    from vigil.risk.selectors.inputs import gather_inputs

    inputs = gather_inputs(
        institution_id=checked.institution_id, on=date(2026, 5, 1), window_months=12
    )[place.pk]
    assert {r.register for r in inputs.registers} == {"custody"}
    factors = {a.factor for a in inputs.answers}
    assert factors == {"judge_appearance", "lawyer_access", "custody_notification", "doctor_access"}
    target = inputs.answers[0].link.target
    assert target.startswith(f"custody_register:{checked.pk}#place-{place.pk}-")
    # No evidence is dated after the extract's end.
    assert all(r.on <= checked.period_to for r in inputs.registers)
