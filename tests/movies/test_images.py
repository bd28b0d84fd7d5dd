"""Generated posters and portraits: /api/images/posters/{id}.svg, /api/images/actors/{id}.svg."""

import datetime
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest

from movies.images import GENRE_COLOURS, poster_svg
from tests.factories import ActorFactory, MovieFactory
from tests.movies.helpers import error, not_found

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def movie(make_movie):
    return make_movie(
        title="Tom & Jerry <The Movie>",
        release_date=datetime.date(1992, 7, 30),
        genres_=["Animation", "Comedy"],
        poster_url="/api/images/posters/1.svg",
    )


def texts(svg: bytes) -> list[str]:
    root = ElementTree.fromstring(svg)
    return [" ".join(" ".join(node.itertext()).split()) for node in root.iter(f"{SVG}text")]


def test_poster_is_an_svg_with_title_year_and_genres(anon_client, movie):
    response = anon_client.get(f"/api/images/posters/{movie.id}.svg")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert texts(response.content) == [
        "Tom & Jerry <The Movie>",
        "1992",
        "Animation · Comedy",
    ]


def test_poster_colour_comes_from_the_first_genre(anon_client, movie):
    svg = anon_client.get(f"/api/images/posters/{movie.id}.svg").content.decode()
    background, accent = GENRE_COLOURS["Animation"]
    assert f'stop-color="{background}"' in svg
    assert f'stroke="{accent}"' in svg


def test_poster_is_the_same_bytes_every_time(anon_client, movie):
    url = f"/api/images/posters/{movie.id}.svg"
    assert anon_client.get(url).content == anon_client.get(url).content


def test_poster_is_cacheable_for_a_long_time(anon_client, movie):
    response = anon_client.get(f"/api/images/posters/{movie.id}.svg")
    assert response["Cache-Control"] == "public, max-age=86400, stale-while-revalidate=604800"
    etag = response["ETag"]
    again = anon_client.get(f"/api/images/posters/{movie.id}.svg", HTTP_IF_NONE_MATCH=etag)
    assert (again.status_code, again.content) == (304, b"")


def test_a_long_title_is_wrapped_and_cut(anon_client):
    svg = poster_svg(title="word " * 40, release_date=None, genres=None)
    title_lines = ElementTree.fromstring(svg).find(f"{SVG}text").findall(f"{SVG}tspan")
    assert len(title_lines) == 5
    assert title_lines[-1].text.endswith("…")


def test_a_movie_without_genres_gets_the_default_colours(anon_client):
    movie = MovieFactory(genre_ids=None)
    svg = anon_client.get(f"/api/images/posters/{movie.id}.svg").content.decode()
    assert 'stop-color="#334155"' in svg


def test_poster_of_an_unknown_movie_is_a_json_404(anon_client):
    response = anon_client.get("/api/images/posters/424242.svg")
    assert error(response) == not_found("Movie with id 424242 does not exist")
    assert response["Content-Type"] == "application/json; charset=utf-8"


@pytest.mark.parametrize("path", ["/api/images/posters/abc.svg", "/api/images/posters/1.png"])
def test_other_image_paths_are_unknown_routes(anon_client, path):
    assert error(anon_client.get(path)) == (404, {"message": f"Route {path} does not exist"})


def test_the_poster_url_of_a_seeded_movie_loads_the_poster(anon_client, movie):
    poster_url = anon_client.get(f"/api/movies/{movie.id}").json()["posterUrl"]
    assert poster_url == "http://testserver/api/images/posters/1.svg"
    MovieFactory(id=1, title="Seeded", poster_url="/api/images/posters/1.svg")
    response = anon_client.get(urlsplit(poster_url).path)
    assert "Seeded" in texts(response.content)[0]


def test_a_stored_external_poster_url_is_returned_as_stored(anon_client):
    movie = MovieFactory(poster_url="https://image.tmdb.org/t/p/w500/abc.jpg")
    body = anon_client.get(f"/api/movies/{movie.id}").json()
    assert body["posterUrl"] == "https://image.tmdb.org/t/p/w500/abc.jpg"


def test_portrait_is_an_svg_with_initials_name_and_years(anon_client):
    actor = ActorFactory(
        actor_name="Audrey Hepburn",
        birthday=datetime.date(1929, 5, 4),
        deathday=datetime.date(1993, 1, 20),
    )
    response = anon_client.get(f"/api/images/actors/{actor.id}.svg")
    assert (response.status_code, response["Content-Type"]) == (200, "image/svg+xml")
    assert texts(response.content) == ["AH", "Audrey Hepburn", "1929–1993"]


def test_portrait_of_a_living_actor_shows_the_birth_year(anon_client):
    actor = ActorFactory(actor_name="Cher", birthday=datetime.date(1946, 5, 20))
    assert texts(anon_client.get(f"/api/images/actors/{actor.id}.svg").content)[-1] == "b. 1946"


def test_portrait_is_deterministic_and_cacheable(anon_client):
    actor = ActorFactory()
    first = anon_client.get(f"/api/images/actors/{actor.id}.svg")
    second = anon_client.get(f"/api/images/actors/{actor.id}.svg")
    assert first.content == second.content
    assert first["Cache-Control"].startswith("public, max-age=")


def test_portrait_of_an_unknown_actor_is_a_json_404(anon_client):
    response = anon_client.get("/api/images/actors/424242.svg")
    assert error(response) == not_found("Actor not found with id 424242")


def test_images_load_for_logged_in_callers_too(customer_client, anon_client):
    movie = MovieFactory()
    response = customer_client.get(f"/api/images/posters/{movie.id}.svg")
    assert (response.status_code, response["Content-Type"]) == (200, "image/svg+xml")
    assert response.content == anon_client.get(f"/api/images/posters/{movie.id}.svg").content
