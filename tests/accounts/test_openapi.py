"""The accounts routes in the OpenAPI schema: the login and /auth/me answer is described by the
customer and staff detail serializers, not by a list of field names."""

import pytest
from drf_spectacular.generators import SchemaGenerator


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def answer_schema(schema, path, method):
    return schema["paths"][path][method]["responses"]["200"]["content"]["application/json"]


@pytest.mark.parametrize(("path", "method"), [("/api/auth/login", "post"), ("/api/auth/me", "get")])
def test_the_profile_answer_refers_to_the_profile_schema(schema, path, method):
    assert answer_schema(schema, path, method) == {
        "schema": {"$ref": "#/components/schemas/Profile"}
    }


def test_the_profile_is_a_customer_or_a_staff_detail(schema):
    assert schema["components"]["schemas"]["Profile"] == {
        "oneOf": [
            {"$ref": "#/components/schemas/CustomerDetail"},
            {"$ref": "#/components/schemas/StaffDetail"},
        ]
    }
