"""Spreadsheets as ministries send them: "1.000" is a thousand where the institution writes
numbers with a decimal comma, "03/04/2026" is refused (naming its row) until the institution
chooses the order of dates, and the mapping page shows how the first rows will be stored
before anything is imported."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from vigil.core.models import AuditEvent, Institution
from vigil.core.tabular import (
    COMMA,
    DAY_FIRST,
    MONTH_FIRST,
    CellError,
    Conventions,
    parse_date,
    parse_decimal,
    parse_int,
    reading_conventions,
)
from vigil.core.tests.factories import client_for
from vigil.core.tests.imports import import_table
from vigil.places.models import Place, PopulationSnapshot
from vigil.places.tests.factories import PlaceFactory

# As a prison administration in Europe sends it: thousands with a point, a title row.
COUNTS = (
    "Ministry of Justice: prison population, April 2026;;\n"
    "Place reference;Date;Total\n"
    "PRI-017;03/04/2026;1.250\n"
    "PRI-017;17/04/2026;1.000\n"
)


def _conventions(institution: Institution, *, decimal_mark: str, date_order: str) -> None:
    Institution.objects.filter(pk=institution.pk).update(
        decimal_mark=decimal_mark, date_order=date_order
    )


@pytest.mark.parametrize(
    ("conventions", "text", "number"),
    [
        (Conventions(), "1,000", 1000),
        (Conventions(), "1 000", 1000),
        (Conventions(), "1.000", 1),
        (Conventions(decimal_mark=COMMA), "1.000", 1000),
        (Conventions(decimal_mark=COMMA), "1 250", 1250),
        (Conventions(decimal_mark=COMMA), "1.234.567", 1234567),
    ],
)
def test_whole_numbers_follow_the_decimal_mark(conventions, text, number):
    with reading_conventions(conventions):
        assert parse_int(text) == number


def test_decimals_follow_the_decimal_mark():
    assert parse_decimal("1,234.5", low=0, high=10_000) == Decimal("1234.5")
    with reading_conventions(Conventions(decimal_mark=COMMA)):
        assert parse_decimal("1.234,5", low=0, high=10_000) == Decimal("1234.5")
        assert parse_decimal("-12,75", low=-90, high=90) == Decimal("-12.75")


def test_a_date_that_reads_two_ways_is_refused_until_the_order_is_chosen():
    with pytest.raises(CellError, match="could be read two ways"):
        parse_date("03/04/2026")
    assert parse_date("17/04/2026") == date(2026, 4, 17)  # only one way to read it
    with reading_conventions(Conventions(date_order=DAY_FIRST)):
        assert parse_date("03/04/2026") == date(2026, 4, 3)
    with reading_conventions(Conventions(date_order=MONTH_FIRST)):
        assert parse_date("03/04/2026") == date(2026, 3, 4)
        assert parse_date("12/31/2026") == date(2026, 12, 31)
        with pytest.raises(CellError, match="is not a date"):
            parse_date("31/12/2026")


@pytest.mark.django_db(transaction=True)
def test_a_european_register_imports_as_the_institution_reads_it(personas):
    PlaceFactory.create(institution=personas.institution_a, external_ref="PRI-017")
    client = client_for(personas.admin)
    job, _report = import_table(client, "population", COUNTS, "counts.csv")
    assert job.result["ok"] is False
    problems = {p["column"]: p["problem"] for p in job.result["problems"] if p["row"] == 3}
    assert len(job.result["problems"]) == 2
    assert "could be read two ways" in problems["Date"]
    assert problems["Total"] == "“1.250” is not a whole number."  # 1.25 with a decimal point
    assert not PopulationSnapshot.objects.exists()

    _conventions(personas.institution_a, decimal_mark=COMMA, date_order=DAY_FIRST)
    job, _report = import_table(client, "population", COUNTS, "counts.csv")
    assert job.result["ok"] is True, job.result
    counts = PopulationSnapshot.objects.order_by("counted_on")
    assert [(c.counted_on, c.total) for c in counts] == [
        (date(2026, 4, 3), 1250),
        (date(2026, 4, 17), 1000),
    ]
    assert Place.objects.get(external_ref="PRI-017").population == 1000


@pytest.mark.django_db
def test_the_mapping_page_shows_the_rows_as_they_will_be_stored(personas):
    _conventions(personas.institution_a, decimal_mark=COMMA, date_order="")
    client = client_for(personas.admin)
    upload = client.post(
        reverse("core:import_upload", args=["population"]),
        {"file": SimpleUploadedFile("counts.csv", COUNTS.encode())},
    )
    page = client.get(upload["Location"])
    stored = page.context["stored"]
    first, second = ([cell.shown or cell.problem for cell in row[:3]] for row in stored)
    assert first[0] == "PRI-017" and first[2] == "1250"
    assert first[1].startswith("“03/04/2026” could be read two ways")
    assert second == ["PRI-017", "2026-04-17", "1000"]
    assert page.context["header_row"] == 2  # the title row above the names is passed over
    assert "The column names were read from row 2" in page.content.decode()
    assert "As Vigil will store them" in page.content.decode()


@pytest.mark.django_db
def test_the_administrator_sets_the_conventions_in_the_settings(personas):
    client = client_for(personas.admin)
    url = reverse("core:institution_settings")
    form = client.get(url).context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(decimal_mark=COMMA, date_order=MONTH_FIRST, version=form["version"].value())
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    institution = Institution.objects.get(pk=personas.institution_a.pk)
    assert (institution.decimal_mark, institution.date_order) == (COMMA, MONTH_FIRST)
    event = AuditEvent.objects.filter(action="institution.updated").latest("sequence")
    assert sorted(event.details["fields"]) == ["date_order", "decimal_mark"]
    refused = client.post(url, {**data, "decimal_mark": "roman"})
    assert "decimal_mark" in refused.context["form"].errors
    assert Institution.objects.get(pk=institution.pk).decimal_mark == COMMA
