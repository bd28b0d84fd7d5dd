"""The OpenAPI document describes the toolkit: `fail`, the delay forms and its routes (in the
description for `fail`/`delay`, so that the fuzzer does not inject failures and sleeps)."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def schema(django_db_setup, django_db_blocker):
    from rest_framework.test import APIClient

    with django_db_blocker.unblock():
        return APIClient().get("/openapi.json").json()


def test_description_documents_fail_and_its_header(schema):
    description = schema["info"]["description"]
    assert "`?fail=<status>`" in description
    assert "X-Reelfake-Fail" in description
    assert "`fail=timeout`" in description


def test_description_documents_the_delay_forms(schema):
    description = schema["info"]["description"]
    assert "`delay=200-1500`" in description
    assert "`random`" in description


@pytest.mark.parametrize(
    "path",
    ["/api/_toolkit/settings", "/api/_inspector/requests", "/api/_inspector/stream", "/api/events"],
)
def test_toolkit_routes_are_documented(schema, path):
    assert path in schema["paths"]


def test_fail_is_not_a_fuzzable_parameter(schema):
    names = {
        parameter.get("name")
        for methods in schema["paths"].values()
        for operation in methods.values()
        if isinstance(operation, dict)
        for parameter in operation.get("parameters", [])
    }
    assert "fail" not in names
