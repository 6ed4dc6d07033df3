"""The repeat-detention check across extracts: the same person detained again within the
limit is found when the two detentions are in different uploads of the same authority,
whichever is uploaded first; the same detention in two overlapping extracts is not a
repeat; another authority's extracts are not linked."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from vigil.core.models import Job
from vigil.core.tests.factories import client_for
from vigil.places.tests.factories import AuthorityFactory, PlaceFactory
from vigil.registers import services
from vigil.registers.models import CustodyRegister, RegisterMonth
from vigil.registers.tests.helpers import upload_register

pytestmark = pytest.mark.django_db(transaction=True)

HEAD = "No,Name,ID,Arrested,Registered\n"


def _upload(personas: Any, place: Any, rows: str) -> CustodyRegister:
    job, _page = upload_register(
        client_for(personas.monitor), HEAD + rows, authority=place.authority, place=place
    )
    assert job.status == Job.Status.SUCCEEDED and job.result["ok"] is True, job.result
    return CustodyRegister.objects.get(pk=job.result["register"])


def _repeats(register: CustodyRegister) -> dict[str, int]:
    months = RegisterMonth.objects.filter(register=register, repeat__gt=0)
    return {f"{m.month:%Y-%m}": m.repeat for m in months}


def test_a_person_detained_again_in_a_later_extract_is_found(personas, checked, place):
    # Bold Bat (ID222), last arrested on 20 March in the first extract, again 21 days later;
    # Alice Altan's detention of 1 March is in both extracts: one detention, not a repeat.
    second = _upload(
        personas, place,
        "10,B. Bat,ID222,2026-04-10 10:00,2026-04-10 10:30\n"
        "1,Alice Altan,ID111,2026-03-01 10:00,2026-03-01 11:00\n",
    )  # fmt: skip
    assert _repeats(second) == {"2026-04": 1}
    rows = services.read_rows(second, code="repeat", place_id=place.pk, month=date(2026, 4, 1))
    assert [r["row_number"] for r in rows] == [2]
    assert _repeats(checked) == {"2026-03": 1}  # unchanged: nothing of its is later


def test_an_earlier_detention_uploaded_afterwards_updates_the_later_extract(
    personas, checked, place
):
    # Chuluun Dorj (ID333), arrested on 5 March in the first extract, had been held on 20
    # February: the first extract now counts him as detained again, with Bold Bat.
    _upload(personas, place, "20,C. Dorj,ID333,2026-02-20 09:00,2026-02-20 09:30\n")
    assert _repeats(checked) == {"2026-03": 2}
    rows = services.read_rows(checked, code="repeat", place_id=place.pk, month=date(2026, 3, 1))
    assert [r["row_number"] for r in rows] == [4, 6]


def test_a_detention_beyond_the_limit_or_at_another_authority_is_not_a_repeat(
    personas, checked, place
):
    far = _upload(personas, place, "30,B. Bat,ID222,2026-05-01 10:00,2026-05-01 10:30\n")
    assert _repeats(far) == {}  # 42 days after 20 March: beyond the 30 days
    other = AuthorityFactory.create(institution=personas.institution_a, name="Prisons")
    prison = PlaceFactory.create(institution=personas.institution_a, authority=other)
    elsewhere = _upload(personas, prison, "1,B. Bat,ID222,2026-04-01 10:00,2026-04-01 10:30\n")
    assert _repeats(elsewhere) == {}
    assert _repeats(checked) == {"2026-03": 1}
