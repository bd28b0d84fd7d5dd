"""A kept reference list is compressed once: its gzip bytes are kept beside its plain ones
(reelfake/middleware.py GZipMiddleware, docs/performance.md "What every request costs")."""

import gzip

import pytest

from tests.factories import CountryFactory
from tests.reference import arrived, reference_cache  # noqa: F401 (a fixture)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_cache")]


@pytest.fixture
def countries():
    CountryFactory.create_batch(20)
    arrived()


def gzipped(client, **headers):
    return client.get("/api/countries", HTTP_ACCEPT_ENCODING="gzip, deflate", **headers)


def test_a_kept_list_answers_the_same_compressed_bytes_each_time(anon_client, countries):
    first, second = gzipped(anon_client), gzipped(anon_client)
    assert first.content == second.content
    assert first["Content-Length"] == str(len(first.content))


def test_a_kept_list_compressed_holds_its_plain_body(anon_client, countries):
    plain = anon_client.get("/api/countries")
    response = gzipped(anon_client)
    assert response["Content-Encoding"] == "gzip"
    assert gzip.decompress(response.content) == plain.content


def test_a_kept_list_compressed_has_the_weak_etag_and_varies_on_encoding(anon_client, countries):
    plain = anon_client.get("/api/countries")
    response = gzipped(anon_client)
    assert response["ETag"] == "W/" + plain["ETag"]
    assert "Accept-Encoding" in [part.strip() for part in response["Vary"].split(",")]


def test_a_kept_list_compressed_answers_304_to_its_etag(anon_client, countries):
    etag = gzipped(anon_client)["ETag"]
    response = gzipped(anon_client, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304


def test_an_indented_kept_list_is_compressed_as_rendered(anon_client, countries):
    response = gzipped(anon_client, HTTP_ACCEPT="application/json; indent=2")
    assert gzip.decompress(response.content).startswith(b'{\n  "items"')
