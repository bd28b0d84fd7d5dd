"""The upload routes' 404 (no file) in the OpenAPI schema: {"message"} without `status`,
described by the shared message serializer."""

import pytest
from drf_spectacular.generators import SchemaGenerator


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


@pytest.mark.parametrize("path", ["/api/movies/upload", "/api/movies/upload/validate"])
def test_the_no_file_answer_refers_to_the_message_schema(schema, path):
    assert schema["paths"][path]["post"]["responses"]["404"]["content"] == {
        "application/json": {"schema": {"$ref": "#/components/schemas/Message"}}
    }
