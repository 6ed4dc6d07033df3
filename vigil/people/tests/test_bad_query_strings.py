"""Hand-edited query strings on the people and risk pages get a page or a clear refusal,
never a server error."""

from __future__ import annotations

import pytest
from django.urls import reverse

from vigil.core.roles import Role
from vigil.core.tests.factories import MembershipFactory, client_for

pytestmark = pytest.mark.django_db

JUNK = ["abc", "-1", "99999999999999999999", "1.5", "", "%00", "<script>", "2026-13-45"]
PAGES = {
    "people:interview_list": ["place", "kind", "vulnerability", "held_from", "held_until", "page"],
    "people:interview_export": ["fmt", "place", "held_from"],
    "people:case_list": ["stage", "source", "place", "type", "overdue", "page"],
    "people:case_export": ["fmt", "stage"],
    "people:case_create": ["interview"],
    "people:reprisal_list": ["type", "year", "page"],
    "people:reprisal_create": ["interview", "case", "person"],
    "people:check_back_create": ["interview", "case", "person"],
    "people:check_back_list": ["page"],
    "risk:risk_priorities": ["kind", "authority", "area", "min_score", "months", "page"],
    "risk:risk_priorities_export|csv": ["min_score", "kind", "months"],
    "risk:risk_gaps": ["dimension", "kind", "authority", "area", "years"],
    "risk:risk_gaps_cell": ["factor", "dimension", "value"],
    "risk:risk_gaps_xlsx": ["dimension", "years"],
}


def test_junk_in_query_strings_never_gives_a_server_error(personas):
    commissioner = MembershipFactory.create(
        institution=personas.institution_a, role=Role.COMMISSIONER
    )
    client = client_for(commissioner)
    for name, params in PAGES.items():
        name, _, fmt = name.partition("|")
        url = reverse(name, kwargs={"fmt": fmt} if fmt else None)
        for param in params:
            for junk in JUNK:
                response = client.get(url, {param: junk})
                assert response.status_code < 500, f"{name}?{param}={junk!r}"
