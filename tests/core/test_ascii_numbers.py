"""Numbers sent as text are ASCII digits everywhere, as path ids are (docs/security.md
"Numbers"): int(), float() and Decimal() read "٣" (Arabic-Indic), "３" (fullwidth) and "1_0"
as numbers, so JSON bodies stored "٣" as 3 (issue 13 item 16). Each refused spelling gets
the answer the same field gives to "abc". tests/robustness/test_bad_input_sweep.py sends
these values to every numeric body field and every query and path parameter."""

import pytest
from rest_framework import serializers

from movies.models import Actor, Movie
from reelfake.fields import AsciiDecimalField, AsciiFloatField, AsciiIntegerField
from reelfake.ids import is_ascii_number_text
from tests.factories import ActorFactory, MovieFactory

pytestmark = pytest.mark.django_db

ARABIC_INDIC_THREE = "\u0663"
OTHER_DIGITS = [
    pytest.param(ARABIC_INDIC_THREE, id="arabic-indic"),
    pytest.param("\uff13", id="fullwidth"),
    pytest.param("\u096d", id="devanagari"),
    pytest.param("1_0", id="underscored"),
]


@pytest.mark.parametrize("raw", OTHER_DIGITS)
def test_movie_runtime_in_other_digits_is_400_and_not_stored(manager_client, raw):
    movie = MovieFactory(runtime=120)
    url = f"/api/movies/{movie.id}"
    response = manager_client.put(url, {"runtime": raw}, format="json")
    assert response.status_code == 400
    assert response.json() == manager_client.put(url, {"runtime": "abc"}, format="json").json()
    assert Movie.objects.get(id=movie.id).runtime == 120


def test_the_issue_request_no_longer_stores_three(manager_client):
    movie = MovieFactory(runtime=120)
    body = {"runtime": ARABIC_INDIC_THREE}
    response = manager_client.put(f"/api/movies/{movie.id}", body, format="json")
    assert response.status_code == 400
    assert Movie.objects.get(id=movie.id).runtime != 3


@pytest.mark.parametrize("raw", [*OTHER_DIGITS, pytest.param("\u0663.\u0665", id="fraction")])
def test_actor_popularity_in_other_digits_is_400_and_not_stored(manager_client, raw):
    actor = ActorFactory(popularity=1.0)
    url = f"/api/actors/{actor.id}"
    response = manager_client.put(url, {"popularity": raw}, format="json")
    assert response.status_code == 400
    assert response.json() == manager_client.put(url, {"popularity": "x"}, format="json").json()
    assert Actor.objects.get(id=actor.id).popularity == 1.0


@pytest.mark.parametrize("raw", OTHER_DIGITS)
def test_stats_limit_in_other_digits_is_400(manager_client, raw):
    response = manager_client.get("/api/stats/most_rented_movies", {"limit": raw})
    assert response.status_code == 400
    assert response.json() == {"status": "error", "message": f"Invalid limit - {raw}"}


@pytest.mark.parametrize("raw", ["\uff11.5", "\u0663"])
def test_a_numeric_movie_filter_in_other_digits_is_400(anon_client, raw):
    ActorFactory()
    response = anon_client.get("/api/actors", {"popularity": raw})
    assert response.status_code == 400
    assert response.json() == anon_client.get("/api/actors", {"popularity": "x"}).json()


@pytest.mark.parametrize("raw", OTHER_DIGITS)
def test_delay_in_other_digits_is_400(anon_client, raw):
    response = anon_client.get("/api/genres", {"delay": raw})
    assert response.status_code == 400
    assert response.json() == {
        "status": "error",
        "message": "Delay query must be number less than 60000",
    }


@pytest.mark.parametrize("raw", ["\u0663", "\uff13", "1_0", "\u00a03"])
def test_other_spellings_are_not_number_text(raw):
    assert not is_ascii_number_text(raw)


@pytest.mark.parametrize(
    "field",
    [
        AsciiIntegerField(),
        AsciiFloatField(),
        AsciiDecimalField(max_digits=5, decimal_places=2),
    ],
    ids=["integer", "float", "decimal"],
)
def test_ascii_fields_refuse_other_digits_and_keep_ascii_text(field):
    with pytest.raises(serializers.ValidationError):
        field.run_validation(ARABIC_INDIC_THREE)
    assert field.run_validation(" 3 ") == 3
    assert field.run_validation(3) == 3
