"""Responses are gzip-compressed for clients that accept it."""

import gzip
import json

import pytest

from tests.factories import CountryFactory

pytestmark = pytest.mark.django_db


def test_json_is_gzipped_when_accepted(anon_client):
    CountryFactory.create_batch(20)
    response = anon_client.get("/api/countries", HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(response.content))["length"] == 20


def test_json_is_plain_without_accept_encoding(anon_client):
    CountryFactory.create_batch(20)
    response = anon_client.get("/api/countries")
    assert "Content-Encoding" not in response
    assert response.json()["length"] == 20


def test_event_streams_are_never_gzipped(rf):
    from django.http import StreamingHttpResponse

    from reelfake.middleware import GZipMiddleware

    stream = StreamingHttpResponse(iter([b"data: {}\n\n"] * 50), content_type="text/event-stream")
    request = rf.get("/api/movies/upload/track", HTTP_ACCEPT_ENCODING="gzip")
    response = GZipMiddleware(lambda r: stream)(request)
    assert "Content-Encoding" not in response
    assert b"".join(response.streaming_content).startswith(b"data: {}")
