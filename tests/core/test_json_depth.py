"""JSON bodies nested more than 64 levels deep answer 400 before any view, check or
serializer walks them (docs/security.md "Request bodies"). 311 to 985 levels used to pass
json.loads and then answer 500 (a RecursionError in the code that walked the data)."""

import json

import pytest

from movies.models import Genre
from people.models import Customer
from reelfake.parsers import MAX_JSON_DEPTH, json_too_deep
from rentals.models import Cart
from stores.models import Store
from tests.factories import MovieFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.urls")]  # + the probe write

TOO_DEEP = {"status": "error", "message": "JSON in request body is nested too deeply"}
DEPTHS = [65, 311, 500, 985]


def arrays(depth: int) -> str:
    return "[" * depth + "]" * depth


def objects(depth: int) -> str:
    return '{"a":' * depth + "1" + "}" * depth


SHAPES = [pytest.param(arrays, id="arrays"), pytest.param(objects, id="objects")]


def post(client, path, body):
    return client.generic("POST", path, body, content_type="application/json")


@pytest.mark.parametrize("depth", DEPTHS)
@pytest.mark.parametrize("shape", SHAPES)
def test_deep_login_body_is_400(anon_client, shape, depth):
    response = post(anon_client, "/api/auth/login", shape(depth))
    assert response.status_code == 400
    assert response.json() == TOO_DEEP


@pytest.mark.parametrize("depth", DEPTHS)
@pytest.mark.parametrize("shape", SHAPES)
def test_deep_register_body_is_400_and_registers_nobody(anon_client, shape, depth):
    response = post(anon_client, "/api/customers/register", shape(depth))
    assert response.status_code == 400
    assert response.json() == TOO_DEEP
    assert not Customer.objects.exists()


@pytest.mark.parametrize("depth", DEPTHS)
@pytest.mark.parametrize("shape", SHAPES)
def test_deep_cart_body_is_400(customer_client, shape, depth):
    response = post(customer_client, "/api/cart", shape(depth))
    assert response.status_code == 400
    assert response.json() == TOO_DEEP
    assert not Cart.objects.exists()


@pytest.mark.parametrize("depth", DEPTHS)
@pytest.mark.parametrize("shape", SHAPES)
def test_deep_store_body_is_400(manager_client, shape, depth):
    stores = Store.objects.count()
    response = post(manager_client, "/api/stores", shape(depth))
    assert response.status_code == 400
    assert response.json() == TOO_DEEP
    assert Store.objects.count() == stores


@pytest.mark.parametrize("depth", DEPTHS)
def test_deep_cast_list_is_400(manager_client, depth):
    movie = MovieFactory()
    response = post(manager_client, f"/api/movies/{movie.id}/add_actors", arrays(depth))
    assert response.status_code == 400
    assert response.json() == TOO_DEEP


def test_deep_value_inside_a_field_is_400(customer_client):
    body = '{"movieId": ' + arrays(400) + ', "quantity": 1}'
    response = post(customer_client, "/api/cart", body)
    assert response.status_code == 400
    assert response.json() == TOO_DEEP


def test_64_levels_are_parsed(anon_client):
    # The body object is level 1; its "x" holds 63 more.
    body = '{"name": "Noir", "x": ' + arrays(MAX_JSON_DEPTH - 1) + "}"
    response = post(anon_client, "/api/_probe/write", body)
    assert response.status_code == 201
    assert Genre.objects.get().genre_name == "Noir"


def test_65_levels_are_refused(anon_client):
    body = '{"name": "Noir", "x": ' + arrays(MAX_JSON_DEPTH) + "}"
    response = post(anon_client, "/api/_probe/write", body)
    assert response.status_code == 400
    assert response.json() == TOO_DEEP
    assert not Genre.objects.exists()


def test_brackets_inside_strings_do_not_count(anon_client):
    text = '[{\\"' * 100
    body = '{"name": "Noir", "x": "' + text + '"}'
    assert not json_too_deep(body)
    response = post(anon_client, "/api/_probe/write", body)
    assert response.status_code == 201
    assert Genre.objects.get().genre_name == json.loads(body)["name"]


@pytest.mark.parametrize(
    ("text", "deep"),
    [
        (arrays(64), False),
        (arrays(65), True),
        ("[" * 65, True),  # unclosed: still measured
        ("[]" * 1000, False),  # many, but side by side
        ('["' + "[" * 100 + '"]', False),
        ('["\\\\", ' + arrays(65) + "]", True),  # an escaped backslash ends its string
    ],
)
def test_depth_is_measured_without_recursion(text, deep):
    assert json_too_deep(text) is deep
