"""The sandbox routes and POST /api/reset in the OpenAPI schema: every answer with a body
refers to the serializer that writes it (docs/sandboxes.md "Routes")."""

import pytest
from drf_spectacular.generators import SchemaGenerator


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def responses(schema, path, method):
    return schema["paths"][path][method]["responses"]


@pytest.mark.parametrize(
    ("path", "method", "status", "component"),
    [
        ("/api/sandboxes", "post", "201", "SandboxCreated"),
        ("/api/sandbox", "get", "200", "Sandbox"),
        ("/api/sandbox/reset", "post", "200", "Sandbox"),
        ("/api/reset", "post", "200", "Message"),
    ],
)
def test_the_answer_refers_to_the_schema_of_its_serializer(schema, path, method, status, component):
    assert responses(schema, path, method)[status]["content"] == {
        "application/json": {"schema": {"$ref": f"#/components/schemas/{component}"}}
    }


def test_deleting_a_sandbox_answers_no_body(schema):
    assert "content" not in responses(schema, "/api/sandbox", "delete")["204"]


def test_the_message_answer_is_one_message_string(schema):
    assert schema["components"]["schemas"]["Message"] == {
        "type": "object",
        "properties": {"message": {"type": "string"}},
        "required": ["message"],
    }
