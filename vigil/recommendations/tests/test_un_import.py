"""Importing UN recommendations from a Universal Human Rights Index export (or a similar table)
through the real pages and background job: mechanisms and themes are recognised, a
re-import recognises what it imported before (or what was typed in by hand) and updates
instead of duplicating, unchanged rows write nothing, and bad rows are reported by row and
column with nothing imported."""

from __future__ import annotations

import io
from datetime import date, timedelta
from functools import partial

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook

from vigil.core.models import AuditEvent, Job
from vigil.core.tabular import CellError
from vigil.core.tests.factories import client_for
from vigil.core.tests.imports import events_since, import_table, last_event
from vigil.recommendations.imports.cells import parse_issued_on, parse_mechanism
from vigil.recommendations.models import (
    Mechanism,
    Priority,
    Recommendation,
    Source,
    UPRPosition,
)
from vigil.recommendations.tests.factories import UNRecommendationFactory

# The UHRI's own column names, its "- BODY" values and its misspelt "Reccomending Body".
UHRI_CSV = """Text,Reccomending Body,Document Code,Paragraph,Document Publication Date,Themes,Affected Persons
"The State party should ensure that all detained persons enjoy every fundamental legal safeguard from the outset of their deprivation of liberty.",- CAT,CAT/C/MRD/CO/2,12,2024-05-17,"Torture and other cruel, inhuman or degrading treatment; Registers and record-keeping",Persons deprived of their liberty
"Establish an independent complaints mechanism in every place of detention.",- SPT,CAT/OP/MRD/1,45 (b),2023-11-02,Complaints and inspection,
"Adopt a national action plan on detention conditions.",- UPR,A/HRC/55/12,118.25,2024,,Women; Children
"Investigate promptly every allegation of torture in police custody.",- SR on torture; - Special Procedures,A/HRC/52/30/Add.1,80,2023-03-01,,Migrants
"Investigate every death in custody.",Human Rights Committee,CCPR/C/MRD/CO/1,21,2022-07-28,Deaths in custody,
"""  # noqa: E501


@pytest.fixture
def client(personas) -> Client:
    return client_for(personas.monitor)


def _import(
    client: Client, content: bytes | str, filename: str = "uhri.csv", *, action: str = "import"
) -> tuple[Job, str]:
    return import_table(client, "un_recommendations", content, filename, action=action)


def _recs(institution) -> dict[str, Recommendation]:
    return {
        r.source_document: r
        for r in Recommendation.objects.filter(institution=institution).prefetch_related("themes")
    }


# --- reading cells ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "mechanism"),
    [
        ("CAT", Mechanism.CAT),
        ("- CAT", Mechanism.CAT),
        ("Committee against Torture", Mechanism.CAT),
        ("SPT", Mechanism.SPT),
        ("Subcommittee on Prevention of Torture", Mechanism.SPT),
        ("UPR", Mechanism.UPR),
        ("Universal Periodic Review", Mechanism.UPR),
        ("Human Rights Committee", Mechanism.HRC),
        ("- CCPR", Mechanism.HRC),
        ("Special Rapporteur on torture", Mechanism.SPECIAL_PROCEDURES),
        ("- SR on torture; - Special Procedures", Mechanism.SPECIAL_PROCEDURES),
        ("Working Group on Arbitrary Detention", Mechanism.SPECIAL_PROCEDURES),
        ("- CRC", Mechanism.OTHER),
        ("special_procedures", Mechanism.SPECIAL_PROCEDURES),  # Vigil's own code
        # The optional protocols' committees: the OPCAT's is the SPT.
        ("- CRC-OP-SC", Mechanism.OTHER),
        ("CRC-OP-AC", Mechanism.OTHER),
        ("CAT-OP", Mechanism.SPT),
        ("CCPR-OP2-DP", Mechanism.HRC),
    ],
)
def test_common_names_of_the_un_mechanisms_are_recognised(value, mechanism):
    assert parse_mechanism(value) == mechanism


def test_an_unknown_body_and_a_bad_year_are_cell_errors():
    with pytest.raises(CellError, match="not a UN mechanism Vigil knows"):
        parse_mechanism("Friends of the Court")
    with pytest.raises(CellError):
        parse_issued_on("1066")
    assert parse_issued_on("2024").day == date(2024, 1, 1)
    assert parse_issued_on("2024-05-17").year_only is False


@pytest.mark.parametrize(
    "written", ["2024-05-17", "17/05/2024", "17 May 2024", "May 17, 2024", "17-May-2024", "45429"]
)
def test_dates_are_read_as_the_un_and_excel_write_them(written):
    assert parse_issued_on(written).day == date(2024, 5, 17)


def test_a_number_that_is_no_plausible_excel_date_is_refused():
    with pytest.raises(CellError):
        parse_issued_on("99999")


# --- importing ---------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_uhri_export_creates_un_recommendations_with_mechanisms_and_themes(personas, client):
    job, report = _import(client, UHRI_CSV)
    assert job.result == {
        "ok": True,
        "rows": 5,
        "created": 5,
        "updated": 0,
        "unchanged": 0,
        "left_out": 0,
    }
    assert "<dt>Created</dt><dd>5</dd>" in report
    recs = _recs(personas.institution_a)
    assert {doc: (r.mechanism, r.paragraph) for doc, r in recs.items()} == {
        "CAT/C/MRD/CO/2": (Mechanism.CAT, "12"),
        "CAT/OP/MRD/1": (Mechanism.SPT, "45 (b)"),
        "A/HRC/55/12": (Mechanism.UPR, "118.25"),
        "A/HRC/52/30/Add.1": (Mechanism.SPECIAL_PROCEDURES, "80"),
        "CCPR/C/MRD/CO/1": (Mechanism.HRC, "21"),
    }
    assert all(r.source == Source.UN_MECHANISM for r in recs.values())
    assert {(r.addressee, r.priority, r.status) for r in recs.values()} == {
        ("ministry", Priority.MEDIUM, "not_started")
    }
    assert recs["A/HRC/55/12"].issued_on == date(2024, 1, 1)  # a year alone
    assert recs["CAT/C/MRD/CO/2"].issued_on == recs["CAT/C/MRD/CO/2"].status_on == date(2024, 5, 17)
    # Themes and affected persons that name a theme of Vigil are linked, and so are the UHRI's
    # own theme names ("Torture and other cruel…" is Vigil's treatment theme).
    themes = {doc: sorted(t.code for t in r.themes.all()) for doc, r in recs.items()}
    assert themes == {
        "CAT/C/MRD/CO/2": ["registers", "treatment"],
        "CAT/OP/MRD/1": ["complaints"],
        "A/HRC/55/12": ["children", "women"],
        "A/HRC/52/30/Add.1": ["migrants"],
        "CCPR/C/MRD/CO/1": ["deaths"],
    }
    assert sorted(r.reference for r in recs.values()) == [
        "R-2022-0001",
        "R-2023-0001",
        "R-2023-0002",
        "R-2024-0001",
        "R-2024-0002",
    ]
    events = AuditEvent.objects.filter(action="recommendation.created")
    assert events.count() == 5
    assert {(e.actor_id, e.institution_id) for e in events} == {
        (personas.monitor.user_id, personas.institution_a.pk)
    }
    assert {e.target_id for e in events} == {str(r.pk) for r in recs.values()}
    assert events.first().details == {"source": "un_mechanism", "import": True}


@pytest.mark.django_db(transaction=True)
def test_importing_the_same_export_again_changes_nothing(personas, client):
    _import(client, UHRI_CSV)
    snapshot, last = list(Recommendation.objects.order_by("pk").values()), last_event()
    job, report = _import(client, UHRI_CSV)
    assert (job.result["created"], job.result["updated"], job.result["unchanged"]) == (0, 0, 5)
    assert "<dt>Unchanged</dt><dd>5</dd>" in report
    assert list(Recommendation.objects.order_by("pk").values()) == snapshot
    assert events_since(last) == ["job.started", "upload.created"]


@pytest.mark.django_db(transaction=True)
def test_a_reimport_updates_what_changed_and_adds_what_is_new(personas, client):
    _import(client, UHRI_CSV)
    count, last = Recommendation.objects.count(), last_event()
    changed = (
        UHRI_CSV.replace("in every place of detention.", "in every place of detention, by law.")
        .replace("2022-07-28", "2022-08-01")
        .replace("Deaths in custody,", "Deaths in custody,Persons with disabilities")
        + '"Close the unofficial holding cells.",CAT,CAT/C/MRD/CO/2,14,2024-05-17,,\n'
    )
    job, _report = _import(client, changed)
    assert (job.result["created"], job.result["updated"], job.result["unchanged"]) == (1, 2, 3)
    assert Recommendation.objects.count() == count + 1
    recs = {(r.source_document, r.paragraph): r for r in Recommendation.objects.all()}
    spt = recs[("CAT/OP/MRD/1", "45 (b)")]
    assert spt.text.endswith("by law.")
    hrc = recs[("CCPR/C/MRD/CO/1", "21")]
    assert hrc.issued_on == hrc.status_on == date(2022, 8, 1)
    assert sorted(t.code for t in hrc.themes.all()) == ["deaths", "disabilities"]
    assert events_since(last) == [
        "job.started",
        "recommendation.created",
        "recommendation.updated",
        "recommendation.updated",
        "upload.created",
    ]
    updates = AuditEvent.objects.filter(action="recommendation.updated").order_by("sequence")
    assert {e.target_id: e.details["fields"] for e in updates} == {
        str(spt.pk): ["text"],
        str(hrc.pk): ["issued_on", "themes"],
    }


@pytest.mark.django_db(transaction=True)
def test_duplicates_are_recognised_by_document_and_paragraph_or_by_text(personas, client):
    # Typed in by hand before: the same CAT paragraph, and an SPT one without its paragraph.
    typed = partial(
        UNRecommendationFactory.create,
        institution=personas.institution_a,
        created_by=personas.admin.user,
    )
    by_hand = typed(
        mechanism=Mechanism.CAT,
        source_document="CAT/C/MRD/CO/2",
        paragraph="12",
        text="Ensure every fundamental legal safeguard.",
        issued_on=date(2024, 5, 17),
        priority=Priority.URGENT,
    )
    unnumbered = typed(
        mechanism=Mechanism.SPT,
        source_document="",
        paragraph="",
        text="Establish an independent complaints mechanism in every place of detention",
        issued_on=date(2023, 11, 2),
    )
    job, _report = _import(client, UHRI_CSV)
    assert (job.result["created"], job.result["updated"]) == (3, 2)
    assert Recommendation.objects.filter(source=Source.UN_MECHANISM).count() == 5
    by_hand.refresh_from_db()
    assert by_hand.text.startswith("The State party should ensure")  # the UN's own words
    assert by_hand.priority == Priority.URGENT  # what the file does not say is kept
    unnumbered.refresh_from_db()
    assert (unnumbered.source_document, unnumbered.paragraph) == ("CAT/OP/MRD/1", "45 (b)")
    # A table without documents or paragraphs matches by mechanism and text (any case, spacing).
    plain = (
        "Recommendation,Mechanism,Year\n"
        '"INVESTIGATE  every death in custody",CCPR,2022\n'
        '"Investigate every death in custody.",CAT,2022\n'
    )
    again, _report = _import(client, plain)
    assert (again.result["created"], again.result["updated"], again.result["unchanged"]) == (
        1,
        0,
        1,
    )


@pytest.mark.django_db(transaction=True)
def test_the_addressee_may_come_from_the_file(personas, client):
    table = (
        "Recommendation,Body,Symbol,Para,Date,Addressee\n"
        '"Amend the Code of Criminal Procedure.",UPR,A/HRC/55/12,118.3,2024-05-17,Parliament\n'
    )
    job, _report = _import(client, table)
    assert job.result["created"] == 1
    assert Recommendation.objects.get().addressee == "parliament"


@pytest.mark.django_db(transaction=True)
def test_an_xlsx_export_is_read_too(personas, client):
    book = Workbook()
    sheet = book.active
    sheet.append(["Text", "Body", "Document", "Paragraph", "Date"])
    sheet.append(["Reduce pre-trial detention.", "- CAT", "CAT/C/MRD/CO/2", 30, date(2024, 5, 17)])
    buffer = io.BytesIO()
    book.save(buffer)
    job, _report = _import(client, buffer.getvalue(), "uhri.xlsx")
    assert job.result["created"] == 1
    rec = Recommendation.objects.get()
    assert (rec.paragraph, rec.issued_on) == ("30", date(2024, 5, 17))


@pytest.mark.django_db(transaction=True)
def test_bad_rows_are_reported_by_row_and_column_and_nothing_is_imported(personas, client):
    future = (date.today() + timedelta(days=40)).isoformat()
    bad = (
        UHRI_CSV
        + f'"Ratify the Optional Protocol.",- UPR,A/HRC/55/12,118.1,{future},,\n'
        + '"Free all detainees.",Friends of the Court,X/1,1,2024-01-01,,\n'
        + ",- CAT,CAT/C/MRD/CO/2,13,2024-05-17,,\n"
        + '"Another text for the same paragraph.",CAT,CAT/C/MRD/CO/2, 12 ,2024-05-17,,\n'
    )
    last = last_event()
    job, report = _import(client, bad)
    assert job.result["ok"] is False
    assert [(p["row"], p["column"]) for p in job.result["problems"]] == [
        (7, "Document Publication Date"),
        (8, "Reccomending Body"),
        (9, "Text"),
        (10, "Paragraph"),
    ]
    problems = {p["row"]: p["problem"] for p in job.result["problems"]}
    assert problems[7] == "The date is in the future."
    assert problems[8].startswith("“Friends of the Court” is not a UN mechanism Vigil knows")
    assert problems[9] == "A value is required."
    assert problems[10] == "Same recommendation as row 2: a recommendation may appear once."
    assert "4 problems found; nothing was imported." in report
    assert not Recommendation.objects.exists()
    assert events_since(last) == ["job.started", "upload.created"]


@pytest.mark.django_db(transaction=True)
def test_each_institution_imports_into_its_own_recommendations_only(personas, client):
    _import(client, UHRI_CSV)
    job, _report = _import(client_for(personas.monitor_b), UHRI_CSV)
    assert job.result["created"] == 5  # A's are not B's duplicates
    assert Recommendation.objects.filter(institution=personas.institution_a).count() == 5
    assert Recommendation.objects.filter(institution=personas.institution_b).count() == 5


@pytest.mark.django_db
def test_only_those_who_manage_recommendations_import_them(personas):
    url = reverse("core:import_upload", args=["un_recommendations"])
    assert client_for(personas.viewer).get(url).status_code == 403
    assert client_for(personas.analyst).get(url).status_code == 403
    assert client_for(personas.investigator).get(url).status_code == 200


# The UHRI's export as it comes: a Type column mixing observations in, positive aspects,
# optional-protocol committees, Excel serial dates, paragraphs written into the symbol or the
# text, the UPR position, and the UHRI's own theme names.
UHRI_TYPED = """Type,Annotation,Body,Document,Paragraph,Date,Position,Themes
Recommendation,"The State party should ensure access to a lawyer from the outset of detention.",- CAT,"CAT/C/MRD/CO/2, para. 12",,45429,,"Torture and other cruel, inhuman or degrading treatment; Administration of justice & fair trial"
Concluding observation,"The Committee is concerned at reports of overcrowding.",- CAT,CAT/C/MRD/CO/2,11,45429,,Conditions of detention
Positive aspects,"The Committee welcomes the designation of the NPM.",- CAT,CAT/C/MRD/CO/2,5,45429,,
Recommendation,"118.25 Improve conditions of detention in police stations (Norway)",- UPR,A/HRC/55/12,,17 May 2024,Supported,Conditions of detention; Juvenile justice
Recommendation,"118.30 Abolish the death penalty (Mexico)",- UPR,A/HRC/55/12,,17 May 2024,Noted,Death penalty
Recommendation,"Ensure that child victims are not detained.",- CRC-OP-SC,CRC/C/OPSC/MRD/CO/1,20,2023-02-01,,Rights of the Child
"""  # noqa: E501


@pytest.mark.django_db(transaction=True)
def test_a_typed_uhri_export_imports_only_its_recommendations_whole(personas, client):
    job, report = _import(client, UHRI_TYPED)
    assert job.result["ok"] is True, job.result
    assert (job.result["created"], job.result["left_out"]) == (4, 2)
    assert "<dt>Observations and other rows left out</dt><dd>2</dd>" in report
    recs = {r.paragraph: r for r in Recommendation.objects.prefetch_related("themes")}
    assert set(recs) == {"12", "118.25", "118.30", "20"}
    assert not Recommendation.objects.filter(text__contains="concerned").exists()
    cat = recs["12"]
    assert (cat.source_document, cat.issued_on) == ("CAT/C/MRD/CO/2", date(2024, 5, 17))
    assert sorted(t.code for t in cat.themes.all()) == ["legal_safeguards", "treatment"]
    upr = recs["118.25"]
    assert (upr.upr_position, upr.issued_on) == (UPRPosition.SUPPORTED, date(2024, 5, 17))
    assert sorted(t.code for t in upr.themes.all()) == ["children", "conditions"]
    assert recs["118.30"].upr_position == UPRPosition.NOTED
    detail = client.get(reverse("recommendations:recommendation_detail", args=[upr.pk]))
    assert "<dt>UPR position</dt><dd>Supported</dd>" in detail.content.decode()
    assert not recs["118.30"].themes.exists()  # no detention theme for the death penalty
    assert recs["20"].mechanism == Mechanism.OTHER
    assert [t.code for t in recs["20"].themes.all()] == ["children"]
    assert all(r.due_on is None for r in recs.values())


@pytest.mark.django_db(transaction=True)
def test_an_unknown_type_is_refused_by_row_with_nothing_imported(personas, client):
    bad = UHRI_TYPED + 'Press release,"Something else.",- CAT,CAT/C/MRD/CO/2,30,45429,,\n'
    job, _report = _import(client, bad)
    assert job.result["ok"] is False
    assert [(p["row"], p["column"]) for p in job.result["problems"]] == [(8, "Type")]
    assert not Recommendation.objects.exists()
