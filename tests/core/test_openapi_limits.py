"""The OpenAPI document states the limits on delays, streams and tracked jobs
(docs/security.md "Delays and streams", "Upload jobs")."""

import pytest
from drf_spectacular.generators import SchemaGenerator


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def parameter(schema, path, method, name):
    parameters = schema["paths"][path][method]["parameters"]
    return next(p for p in parameters if p["name"] == name)


def test_the_api_description_states_the_delay_bounds(schema):
    description = schema["info"]["description"]
    assert "REELFAKE_DELAY_MAX_SLEEPERS" in description
    assert "REELFAKE_DELAY_MAX_SLEEPERS_PER_CLIENT" in description
    assert "`429` with `Retry-After`" in description


@pytest.mark.parametrize(
    "path, method",
    [
        ("/api/movies/upload/track", "get"),
        ("/api/movies/upload/track_validation", "get"),
        ("/api/movies/upload", "post"),
        ("/api/movies/upload/validate", "post"),
    ],
)
def test_delay_event_ms_states_the_stream_limit(schema, path, method):
    description = parameter(schema, path, method, "delay_event_ms")["description"]
    assert "REELFAKE_SSE_MAX_STREAM_SECONDS (default 300 s)" in description


@pytest.mark.parametrize("path", ["/api/movies/upload", "/api/movies/upload/validate"])
def test_tracked_posts_document_the_job_quota(schema, path):
    response = schema["paths"][path]["post"]["responses"]["429"]
    assert "REELFAKE_UPLOAD_MAX_PENDING_JOBS" in response["description"]
