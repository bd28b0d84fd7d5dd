"""Content negotiation: the plain Accept headers take a shortcut that picks what DRF picks
(reelfake/negotiation.py); anything else goes through DRF."""

import pytest
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from reelfake.negotiation import LenientContentNegotiation
from reelfake.renderers import JSONRenderer


@pytest.mark.parametrize("accept", [None, "*/*", "application/json"])
def test_a_plain_accept_header_picks_what_drf_picks(accept):
    headers = {} if accept is None else {"HTTP_ACCEPT": accept}
    request = Request(APIRequestFactory().get("/api/genres", **headers))
    renderers = [JSONRenderer()]
    expected = DefaultContentNegotiation().select_renderer(request, renderers)
    assert LenientContentNegotiation().select_renderer(request, renderers) == expected


@pytest.mark.django_db
def test_an_accept_header_asking_for_an_indent_still_gets_it(anon_client):
    response = anon_client.get("/api/countries", HTTP_ACCEPT="application/json; indent=2")
    assert response.content == b'{\n  "items": [],\n  "length": 0\n}'
