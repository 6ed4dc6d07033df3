"""Pages go out gzipped; pages that show a secret never do (BREACH, ADR 0019)."""

from __future__ import annotations

import gzip
import re

from django.http import HttpResponse
from django.urls import reverse

from vigil.core.compression import CompressionMiddleware, uncompressed
from vigil.core.tests.factories import client_for

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}
_TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


def test_a_page_is_sent_gzipped_to_a_browser_that_accepts_it(personas):
    client = client_for(personas.admin)
    plain = client.get(reverse("places:place_list"))
    packed = client.get(reverse("places:place_list"), **GZIP)

    assert packed.status_code == 200
    assert packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    html = gzip.decompress(packed.content)
    assert b"</html>" in html
    assert len(packed.content) < len(plain.content)
    assert "Content-Encoding" not in plain


def test_json_is_gzipped_but_a_short_answer_is_not_worth_it(personas, client):
    health = client.get(reverse("core:healthz"), **GZIP)
    assert health.status_code == 200
    assert "Content-Encoding" not in health  # under 200 bytes
    assert health.json()["status"] == "ok"


def test_the_csrf_token_is_masked_afresh_in_every_response(personas):
    """Nothing stable to guess: the token's bytes differ between two renders of a form."""
    client = client_for(personas.admin)
    tokens = [
        _TOKEN.search(gzip.decompress(client.get(reverse("places:place_create"), **GZIP).content))
        for _ in range(2)
    ]
    assert tokens[0] and tokens[1]
    assert tokens[0].group(1) != tokens[1].group(1)


def test_pages_that_show_a_secret_are_never_compressed(personas):
    client = client_for(personas.admin, mfa_done=False)
    totp = client.get(reverse("mfa_activate_totp"), **GZIP)
    assert totp.status_code == 200
    assert "Content-Encoding" not in totp
    assert b"</html>" in totp.content

    member = client_for(personas.admin).get(
        reverse("core:member_detail", args=[personas.monitor.pk]), **GZIP
    )
    assert member.status_code == 200
    assert "Content-Encoding" not in member


def test_the_random_padding_makes_two_compressed_bodies_of_one_page_differ_in_size(personas):
    """Heal the BREACH: over a few requests the compressed size of one page varies."""
    client = client_for(personas.admin)
    sizes = {len(client.get(reverse("places:place_list"), **GZIP).content) for _ in range(6)}
    assert len(sizes) > 1


def test_a_view_marked_uncompressed_is_sent_as_it_is(rf):
    """A new page that shows a secret is marked with `uncompressed`, not listed by name."""
    page = "<html>" + "a one-time secret and some text " * 50 + "</html>"

    @uncompressed
    def shows_a_secret(request):  # type: ignore[no-untyped-def]
        return HttpResponse(page)

    middleware = CompressionMiddleware(shows_a_secret)
    answer = middleware(rf.get("/secret", **GZIP))
    assert "Content-Encoding" not in answer and answer.content.decode() == page
    plain = CompressionMiddleware(lambda request: HttpResponse(page))(rf.get("/page", **GZIP))
    assert plain["Content-Encoding"] == "gzip"
