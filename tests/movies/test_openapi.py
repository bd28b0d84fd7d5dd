"""The catalog routes in the OpenAPI schema: every route, parameter and response."""

import pytest
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def operation(schema, path, method):
    return schema["paths"][path][method]


CATALOG_OPERATIONS = {
    ("/api/movies", "get"): "getMovies",
    ("/api/movies", "post"): "addMovie",
    ("/api/movies/{id}", "get"): "getMovieById",
    ("/api/movies/{id}", "put"): "updateMovie",
    ("/api/movies/{id}", "delete"): "deleteMovie",
    ("/api/movies/{id}/add_actors", "post"): "addActors",
    ("/api/actors", "get"): "getActors",
    ("/api/actors", "post"): "addActor",
    ("/api/actors/{id}", "get"): "getActorById",
    ("/api/actors/{id}", "put"): "updateActor",
    ("/api/actors/{id}", "delete"): "deleteActor",
    ("/api/actors/{id}/add_to_movie", "post"): "addToMovie",
    ("/api/images/posters/{movie_id}.svg", "get"): "getMoviePoster",
    ("/api/images/actors/{actor_id}.svg", "get"): "getActorPortrait",
}


def test_the_schema_is_valid_openapi(schema):
    validate_schema(schema)


def test_every_catalog_route_is_documented_with_its_operation_id(schema):
    found = {
        (path, method): schema["paths"][path][method]["operationId"]
        for path, method in CATALOG_OPERATIONS
        if method in schema["paths"].get(path, {})
    }
    assert found == CATALOG_OPERATIONS


def test_no_patch_is_documented_for_the_catalog(schema):
    assert "patch" not in schema["paths"]["/api/movies/{id}"]
    assert "patch" not in schema["paths"]["/api/actors/{id}"]


@pytest.mark.parametrize(
    ("path", "names"),
    [
        (
            "/api/movies",
            {
                "page",
                "genres",
                "countries",
                "languages",
                "release_date",
                "rating",
                "title",
                "sort",
                "q",
            },
        ),
        (
            "/api/actors",
            {"page", "name", "place_of_birth", "birthday", "deathday", "popularity", "sort", "q"},
        ),
    ],
)
def test_list_query_parameters_are_documented(schema, path, names):
    parameters = operation(schema, path, "get")["parameters"]
    assert {p["name"] for p in parameters} == names
    assert all(p.get("description") for p in parameters)


def test_detail_flags_are_documented(schema):
    movie = {p["name"] for p in operation(schema, "/api/movies/{id}", "get")["parameters"]}
    actor = {p["name"] for p in operation(schema, "/api/actors/{id}", "get")["parameters"]}
    assert (movie, actor) == ({"id", "include_actors"}, {"id", "includeMovies"})


@pytest.mark.parametrize(
    ("path", "method", "codes"),
    [
        ("/api/movies", "get", {"200", "400", "404", "414"}),
        ("/api/movies", "post", {"201", "400", "401", "403", "414"}),
        ("/api/movies/{id}", "put", {"204", "400", "401", "403", "404", "414"}),
        ("/api/movies/{id}", "delete", {"204", "400", "401", "403", "404", "409", "414"}),
        ("/api/movies/{id}/add_actors", "post", {"201", "400", "401", "403", "404", "414"}),
        ("/api/actors/{id}", "get", {"200", "400", "404", "414"}),
        ("/api/actors/{id}/add_to_movie", "post", {"201", "400", "401", "403", "404", "414"}),
        # 400 and 414 on every route (tests/core/test_openapi_errors.py).
        ("/api/images/posters/{movie_id}.svg", "get", {"200", "400", "404", "414"}),
    ],
)
def test_responses_are_documented(schema, path, method, codes):
    assert set(operation(schema, path, method)["responses"]) == codes


def test_list_responses_use_the_pagination_envelope(schema):
    response = operation(schema, "/api/movies", "get")["responses"]["200"]
    ref = response["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    envelope = schema["components"]["schemas"][ref]
    assert set(envelope["properties"]) == {"items", "length", "pagination"}


def test_writes_and_reads_have_examples(schema):
    create = operation(schema, "/api/movies", "post")["requestBody"]["content"]["application/json"]
    detail = operation(schema, "/api/movies/{id}", "get")["responses"]["200"]["content"]
    assert create["examples"]
    assert detail["application/json"]["examples"]


def test_posters_are_documented_as_svg(schema):
    content = operation(schema, "/api/images/posters/{movie_id}.svg", "get")["responses"]["200"]
    assert list(content["content"]) == ["image/svg+xml"]


def test_add_actors_request_example_is_a_list_of_cast_members(schema):
    body = operation(schema, "/api/movies/{id}/add_actors", "post")["requestBody"]
    examples = body["content"]["application/json"]["examples"]
    (example,) = examples.values()
    assert isinstance(example["value"], list)
    assert all(isinstance(item, dict) and "tmdbId" in item for item in example["value"])
