"""Genre tokens, country codes and language codes of the query syntax and request bodies,
resolved to the ids of their tables (the list filters and the write serializers share them)."""

from __future__ import annotations

from django.db.models.functions import Lower

from movies.models import Genre, MovieLanguage
from places.models import Country

# Genre tokens of the query syntax and request bodies → genre names of the `genre` table.
# The ids come from the table (1–19 in TMDB order when seeded), never from here.
GENRE_TOKENS = {
    "action": "Action",
    "adventure": "Adventure",
    "animation": "Animation",
    "comedy": "Comedy",
    "crime": "Crime",
    "documentary": "Documentary",
    "drama": "Drama",
    "family": "Family",
    "fantasy": "Fantasy",
    "history": "History",
    "horror": "Horror",
    "music": "Music",
    "mystery": "Mystery",
    "romance": "Romance",
    "science fiction": "Science Fiction",
    "science_fiction": "Science Fiction",
    "sci_fi": "Science Fiction",
    "tv_movie": "TV Movie",
    "tv movie": "TV Movie",
    "thriller": "Thriller",
    "war": "War",
    "western": "Western",
}


def genre_ids_by_token(tokens: list[str]) -> dict[str, int | None]:
    """Every valid genre token among `tokens` → its genre id (None when the table lacks it)."""
    wanted = {GENRE_TOKENS[t].lower() for t in tokens if t in GENRE_TOKENS}
    rows = dict(
        Genre.objects.annotate(name=Lower("genre_name"))
        .filter(name__in=wanted)
        .values_list("name", "id")
    )
    return {t: rows.get(GENRE_TOKENS[t].lower()) for t in tokens if t in GENRE_TOKENS}


def country_ids_by_code(codes: list[str]) -> dict[str, int]:
    return dict(
        Country.objects.annotate(code=Lower("iso_country_code"))
        .filter(code__in=set(codes))
        .values_list("code", "id")
    )


def language_ids_by_code(codes: list[str]) -> dict[str, int]:
    return dict(
        MovieLanguage.objects.annotate(code=Lower("iso_language_code"))
        .filter(code__in=set(codes))
        .values_list("code", "id")
    )
