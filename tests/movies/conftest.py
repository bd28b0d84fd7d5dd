"""Catalog fixtures: the TMDB genres, a few countries and languages, and movie helpers that
take genre names and country codes instead of ids."""

import pytest
from django.test import Client

from tests.factories import (
    ActorFactory,
    CountryFactory,
    GenreFactory,
    MovieActorFactory,
    MovieFactory,
    MovieLanguageFactory,
)

TMDB_GENRES = [
    "Action",
    "Adventure",
    "Animation",
    "Comedy",
    "Crime",
    "Documentary",
    "Drama",
    "Family",
    "Fantasy",
    "History",
    "Horror",
    "Music",
    "Mystery",
    "Romance",
    "Science Fiction",
    "TV Movie",
    "Thriller",
    "War",
    "Western",
]


@pytest.fixture
def genres(db):
    """The 19 genres in TMDB order, by name (their ids are whatever the sequence gives)."""
    return {name: GenreFactory(genre_name=name) for name in TMDB_GENRES}


@pytest.fixture
def countries(db):
    return {
        code: CountryFactory(country_name=name, iso_country_code=code)
        for code, name in [
            ("US", "United States"),
            ("GB", "United Kingdom"),
            ("FR", "France"),
            ("RU", "Russia"),
            ("SU", "Soviet Union"),
        ]
    }


@pytest.fixture
def languages(db):
    return {
        code: MovieLanguageFactory(language_name=name, iso_language_code=code)
        for code, name in [("en", "English"), ("fr", "French"), ("ru", "Russian"), ("xx", "None")]
    }


@pytest.fixture
def make_movie(genres, countries, languages):
    """MovieFactory with `genres=["Drama"]`, `countries=["US"]`, `lang="en"`."""

    def make(*, genres_=(), countries_=(), lang="en", **kwargs):
        return MovieFactory(
            genre_ids=[genres[name].id for name in genres_] or None,
            origin_country_ids=[countries[code].id for code in countries_],
            language=languages[lang],
            **kwargs,
        )

    return make


@pytest.fixture
def cast_member():
    """A cast row: MovieActorFactory(movie=…, actor=ActorFactory(**actor), …)."""

    def make(movie, *, character_name="Hero", cast_order=0, **actor):
        return MovieActorFactory(
            movie=movie,
            actor=ActorFactory(**actor),
            character_name=character_name,
            cast_order=cast_order,
        )

    return make


@pytest.fixture(autouse=True)
def _sequences_clear_of_fixed_codes():
    """Factory sequences hand out every two-letter code in turn, and the fixtures above
    create real ones (US, RU, en, fr…). Start the sequences where the next few hundred codes
    cannot reach those, whatever earlier tests consumed."""
    CountryFactory.reset_sequence(7 * 26)  # "HA" … "QZ" before "RU"
    MovieLanguageFactory.reset_sequence(6 * 26)  # "ga" … "qz" before "ru"


@pytest.fixture
def superuser_client(db, django_user_model):
    """A Django test client signed in to /admin/ as a superuser (ModelBackend)."""
    user = django_user_model.objects.create_superuser("catalog-admin", "admin@example.com", "x")
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client
