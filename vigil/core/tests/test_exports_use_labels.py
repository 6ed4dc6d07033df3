"""Every export says what users read on the pages, in their language: labels, never stored codes
(issue 24, point 2). Exports read by other tools keep the codes in a column beside the label."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from vigil.core.tests.factories import client_for
from vigil.people.models import CaseOutcome, CaseStage, IllTreatmentType, IntakeSource
from vigil.people.tests.factories_cases import case_of_a
from vigil.programmes.tests.factories import ProgrammeFactory
from vigil.recommendations.tests.factories import RecommendationFactory

pytestmark = pytest.mark.django_db


def _csv(response) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200
    body = response.getvalue() if not response.streaming else b"".join(response.streaming_content)
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


def test_the_case_export_writes_labels_with_the_codes_beside_them(personas):
    types = IllTreatmentType.objects.filter(
        institution__isnull=True, code__in=["beating", "electric_shocks"]
    )
    case = case_of_a(
        personas,
        source=IntakeSource.COMPLAINT,
        stage=CaseStage.OUTCOME,
        outcome=CaseOutcome.REFERRED_PROSECUTION,
    )
    case.ill_treatment_types.set(types)
    client = client_for(personas.monitor)
    (row,) = _csv(client.get(reverse("people:case_export")))
    assert row["Reference"] == case.reference
    assert (row["Source"], row["Source (code)"]) == ("Individual complaint", "complaint")
    assert row["Stage"] == str(CaseStage.OUTCOME.label) and row["Stage (code)"] == "outcome"
    assert row["Outcome"] == str(CaseOutcome.REFERRED_PROSECUTION.label)
    assert row["Outcome (code)"] == "referred_prosecution"
    assert row["Types of ill-treatment"] == "Beating, Electric shocks"
    assert row["Types of ill-treatment (codes)"] == "beating, electric_shocks"

    book = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse("people:case_export"), {"fmt": "xlsx"}).content)
    )
    header, values = list(book.active.iter_rows(values_only=True))[:2]
    assert dict(zip(header, values, strict=True))["Outcome"] == row["Outcome"]


def test_the_recommendation_export_writes_labels_with_the_codes_beside_them(personas):
    RecommendationFactory.create(
        institution=personas.institution_a, status="in_progress", priority="high"
    )
    (row,) = _csv(
        client_for(personas.monitor).get(reverse("recommendations:recommendation_export"))
    )
    assert (row["Status"], row["Status (code)"]) == ("In progress", "in_progress")
    assert (row["Priority"], row["Priority (code)"]) == ("High", "high")


def test_the_programme_export_and_page_write_labels_and_amounts_as_readers_do(personas):
    programme = ProgrammeFactory.create(
        institution=personas.institution_a, status="active", budget=Decimal("12000.00"),
        currency="USD",
    )  # fmt: skip
    client = client_for(personas.viewer)
    (row,) = _csv(client.get(reverse("programmes:prevention_export")))
    assert (row["Status"], row["Status (code)"]) == ("Active", "active")
    page = client.get(reverse("programmes:prevention_detail", args=[programme.pk]))
    assert "12,000.00\xa0USD" in page.content.decode()  # issue 24, point 4
    assert "12000.00 USD" not in page.content.decode()


def test_exports_in_french_write_french_headers_and_labels(personas):
    case_of_a(personas, source=IntakeSource.COMPLAINT)
    client = client_for(personas.monitor)
    client.post(reverse("core:language_set"), {"language": "fr"})
    response = client.get(reverse("people:case_export"), HTTP_ACCEPT_LANGUAGE="fr")
    (row,) = _csv(response)
    assert "Référence" in row and "Reference" not in row
    assert row["Source"] == "Plainte individuelle"
