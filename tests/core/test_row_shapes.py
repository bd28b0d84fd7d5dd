"""Every compiled row shape (reelfake/rows.py RowShape) answers what its serializer answers.

The shapes are found in the apps' serializers modules (`NAME = RowShape(Serializer)`), so a new
one is compared here as soon as it exists: over the same rows, the serializer's JSON from model
instances (or the selector's rows) and the shape's JSON from values() rows are equal."""

import ast
import importlib
import inspect

import pytest
from django.db.models import Prefetch
from rest_framework.test import APIRequestFactory

from movies.selectors import movie_values, movie_with_names
from people.models import Customer
from reelfake.rows import RowShape
from rentals import stats
from rentals.models import Cart, Wishlist
from stores.models import Inventory
from tests.factories import (
    ActorFactory,
    CartFactory,
    GenreFactory,
    MovieFactory,
    RentalFactory,
    StaffFactory,
    WishlistFactory,
)

MODULES = (
    "movies.serializers",
    "places.serializers",
    "people.serializers",
    "stores.serializers",
    "rentals.serializers",
)

# Compared in the route's own tests: a movie with its cast (the cast rows are a JSON column
# the detail query builds).
COMPARED_ELSEWHERE = {
    "MOVIE_WITH_ACTORS_ROW": "tests/movies/test_movie_detail.py "
    "test_detail_is_what_the_shared_detail_serializers_give",
}


def row_shapes() -> list[tuple[str, type]]:
    """(NAME, serializer class) of every `NAME = RowShape(Serializer)` in MODULES."""
    found = []
    for name in MODULES:
        module = importlib.import_module(name)
        for node in ast.parse(inspect.getsource(module)).body:
            call = node.value if isinstance(node, ast.Assign) else None
            if isinstance(call, ast.Call) and getattr(call.func, "id", None) == "RowShape":
                found.append((node.targets[0].id, getattr(module, call.args[0].id)))
    return found


def _with_movie(model):
    """Rows of `model` whose `movie` the serializer reads with its names (genres, countries,
    language), and the values() arguments that name them for the shape."""

    def instances(shape):
        return model.objects.order_by("id").prefetch_related(
            Prefetch("movie", queryset=movie_with_names())
        )

    def rows(shape):
        columns, annotations = movie_values(shape, by_id=False, prefix="movie__")
        return model.objects.order_by("id").values(*columns, **annotations)

    return instances, rows


def _movies():
    def rows(shape):
        columns, annotations = movie_values(shape, by_id=False)
        return movie_with_names().values(*columns, **annotations)

    return lambda shape: movie_with_names(), rows


def _selector(read):
    """A selector's queryset (model instances or values() rows) for both sides."""
    return (lambda shape: read(), lambda shape: read().values(*shape.columns))


SOURCES = {
    "MOVIE_SUMMARY_ROW": _movies(),
    "MOVIE_DETAIL_ROW": _movies(),
    "STORE_MOVIE_ROW": _with_movie(Inventory),
    "CART_ROW": _with_movie(Cart),
    "WISHLIST_ROW": _with_movie(Wishlist),
    "PERSON_SUMMARY_ROW": _selector(lambda: Customer.objects.order_by("id")),
    "MOST_RENTED_MOVIE_ROW": _selector(stats.most_rented_movies),
    "STORE_SALES_ROW": _selector(stats.sales_by_store),
    "CITY_SALES_ROW": _selector(stats.sales_by_city),
    "MONTH_SALES_ROW": _selector(stats.sales_by_month),
}


def _model_rows(serializer_class):
    def instances(shape):
        return serializer_class.Meta.model.objects.order_by("pk")

    return instances, lambda shape: instances(shape).values(*shape.columns)


@pytest.fixture
def world(db):
    """At least one row of every table the shapes read, relations filled."""
    GenreFactory()
    ActorFactory(profile_picture_url="/api/images/actors/1.svg")
    MovieFactory(poster_url="/api/images/posters/1.svg")
    RentalFactory(inventory__store__store_manager=StaffFactory(), discount_amount="1.50")
    RentalFactory(return_date=None)
    CartFactory()
    WishlistFactory()


def test_the_shapes_are_found_in_the_serializers_modules():
    names = {name for name, _ in row_shapes()}
    assert {"MOVIE_SUMMARY_ROW", "CUSTOMER_ROW", "STORE_ROW", "RENTAL_ROW", "STATS_ROW"} <= names
    assert len(names) == len(row_shapes())


@pytest.mark.parametrize(
    ("name", "serializer_class"),
    [
        pytest.param(name, serializer_class, id=name)
        for name, serializer_class in row_shapes()
        if name not in COMPARED_ELSEWHERE
    ],
)
def test_a_row_shape_answers_what_its_serializer_answers(world, name, serializer_class):
    shape = RowShape(serializer_class)
    request = APIRequestFactory().get("/api/x", HTTP_HOST="localhost")
    context = {"request": request}
    if name == "STATS_ROW":
        totals = stats.stats_totals()
        assert shape.one(totals, request) == serializer_class(totals, context=context).data
        return
    instances, rows = SOURCES.get(name) or _model_rows(serializer_class)
    expected = [
        dict(item) for item in serializer_class(instances(shape), many=True, context=context).data
    ]
    assert expected  # the world holds rows for it
    assert shape.many(rows(shape), request) == expected


def test_every_shape_compared_elsewhere_exists():
    names = {name for name, _ in row_shapes()}
    assert set(COMPARED_ELSEWHERE) <= names
