"""A small hand-made register whose violations are known, and its trip through the pages."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from vigil.core.models import Job
from vigil.core.tests.factories import run_background_jobs

HEADER = (
    "No,Name,ID,Born,Sex,Arrested,Registered,Lawyer informed,Family informed,Doctor,Judge,"
    "Released,Move,Injuries"
)
# Times without an offset are in the institution's time zone (Asia/Ulaanbaatar, UTC+8).
ROWS = [
    # 1: every safeguard respected (an ISO time with its offset, the same local time)
    "1,Alice Altan,ID111,1990-01-01,F,2026-03-01T10:00:00+08:00,2026-03-01 11:00,"
    "2026-03-01 12:00,2026-03-01 12:00,2026-03-01 13:00,2026-03-02 09:00,2026-03-02 12:00,"
    "release,no",
    # 2: registered six hours after arrest (written day first with dots)
    "2,Bold Bat,ID222,1985-05-05,M,2026-03-03 08:00,03.03.2026 14:00,2026-03-03 09:00,"
    "2026-03-03 09:00,2026-03-03 10:00,2026-03-04 08:00,2026-03-04 10:00,release,no",
    # 3: no lawyer, family told 12 hours late, no doctor, 72 hours without a judge, injured
    "3,Chuluun Dorj,ID333,1980-02-02,M,2026-03-05 08:00,2026-03-05 09:00,,2026-03-05 20:00,,,"
    "2026-03-08 08:00,transfer,yes",
    # 4 (entry 5: number 4 missing): a child of 15, released at 23:30
    "5,Delger Erdene,ID444,2010-06-01,M,2026-03-10 10:00,2026-03-10 10:30,2026-03-10 11:00,"
    "2026-03-10 11:00,2026-03-10 12:00,2026-03-11 09:00,2026-03-11 23:30,release,no",
    # 5: Bold Bat again, 17 days later
    "6,Bold Bat,ID222,1985-05-05,M,2026-03-20 10:00,2026-03-20 11:00,2026-03-20 11:00,"
    "2026-03-20 11:00,2026-03-20 12:00,2026-03-21 08:00,2026-03-21 12:00,release,no",
    # 6: entry 6 again, and no registration time
    "6,Enkh Ganbold,ID555,1992-09-09,F,2026-04-02 10:00,,2026-04-02 11:00,2026-04-02 11:00,"
    "2026-04-02 12:00,2026-04-03 08:00,2026-04-03 09:00,release,no",
]
REGISTER_CSV = "\n".join([HEADER, *ROWS]) + "\n"
IDENTIFIERS = ["Alice Altan", "Bold Bat", "Chuluun", "Delger", "Enkh Ganbold", "ID111", "ID222",
               "ID333", "ID444", "ID555"]  # fmt: skip

# check -> month -> entries found; (entries per month: March 5, April 1)
EXPECTED = {
    ("late_registration", "2026-03"): 1,
    ("no_judge", "2026-03"): 1,
    ("lawyer_late", "2026-03"): 1,
    ("family_late", "2026-03"): 1,
    ("no_doctor", "2026-03"): 1,
    ("minor", "2026-03"): 1,
    ("night_move", "2026-03"): 1,
    ("repeat", "2026-03"): 1,
    ("injuries", "2026-03"): 1,
    ("numbering", "2026-03"): 2,
    ("numbering", "2026-04"): 1,
    ("blank", "2026-04"): 1,
    ("entries", "2026-03"): 5,
    ("entries", "2026-04"): 1,
}
# check -> the rows of the file behind it (the header is row 1)
EXPECTED_ROWS = {
    "late_registration": [3],
    "no_judge": [4],
    "lawyer_late": [4],
    "family_late": [4],
    "no_doctor": [4],
    "minor": [5],
    "night_move": [5],
    "repeat": [6],
    "injuries": [4],
}


def upload_register(
    client: Client, content: bytes | str, *, authority: Any, place: Any = None,
    visit: Any = None, filename: str = "register.csv", mapping: dict[str, str] | None = None,
) -> tuple[Job, Any]:  # fmt: skip
    """Upload, keep the offered mapping (with `mapping`'s changes), run the job."""
    if isinstance(content, str):
        content = content.encode()
    data: dict[str, Any] = {
        "file": SimpleUploadedFile(filename, content),
        "authority": authority.pk,
    }
    if place is not None:
        data["place"] = place.pk
    if visit is not None:
        data["visit"] = visit.pk
    uploaded = client.post(reverse("registers:register_upload"), data)
    assert uploaded.status_code == 302, uploaded.context["form"].errors
    page = client.get(uploaded["Location"])
    assert page.status_code == 200
    chosen = {f"map_{column.key}": header for column, header in page.context["columns"]}
    chosen.update({f"map_{key}": header for key, header in (mapping or {}).items()})
    started = client.post(uploaded["Location"], {**chosen, "action": "check"})
    assert started.status_code == 302, started.context and started.context["problems"]
    run_background_jobs()
    job = Job.objects.get(pk=int(started["Location"].rstrip("/").split("/")[-1]))
    return job, page


MAPPING = {
    "entry_number": "No",
    "person": "Name",
    "id_number": "ID",
    "birth_date": "Born",
    "sex": "Sex",
    "arrested_at": "Arrested",
    "registered_at": "Registered",
    "lawyer_informed_at": "Lawyer informed",
    "family_informed_at": "Family informed",
    "doctor_seen_at": "Doctor",
    "judge_at": "Judge",
    "released_at": "Released",
    "release_kind": "Move",
    "injuries": "Injuries",
}
