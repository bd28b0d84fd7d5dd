"""Genre tokens, country codes and language codes of the query syntax and request bodies,
resolved to the ids of their tables (the list filters and the write serializers share them)."""

from __future__ import annotations

from django.db import connection
from django.db.models import QuerySet
from django.db.models.functions import Lower

from movies.models import Genre, MovieLanguage
from places.models import Country
from reelfake.reference import reference_items, reference_kept

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


def _ids_by_lower(name: str, rows: QuerySet, column: str, wanted: set[str]) -> dict[str, int]:
    """Lower-cased `column` → id of the `rows` whose lower-cased `column` is `wanted`. Outside a
    transaction, from the whole table's list this process keeps per world while it keeps the
    reference lists (reelfake/reference.py `name`, dropped on any write to the table): no
    query per request (docs/performance.md "Kept filtered movie pages"). Otherwise read."""
    if connection.in_atomic_block or not reference_kept():
        return dict(
            rows.annotate(key=Lower(column)).filter(key__in=wanted).values_list("key", "id")
        )
    every = reference_items(
        name, lambda: dict(rows.annotate(key=Lower(column)).order_by("id").values_list("key", "id"))
    )
    return {key: every[key] for key in wanted if key in every}


def genre_ids_by_token(tokens: list[str]) -> dict[str, int | None]:
    """Every valid genre token among `tokens` → its genre id (None when the table lacks it)."""
    wanted = {GENRE_TOKENS[t].lower() for t in tokens if t in GENRE_TOKENS}
    rows = _ids_by_lower("genre-ids-by-name", Genre.objects.all(), "genre_name", wanted)
    return {t: rows.get(GENRE_TOKENS[t].lower()) for t in tokens if t in GENRE_TOKENS}


def country_ids_by_code(codes: list[str]) -> dict[str, int]:
    return _ids_by_lower(
        "country-ids-by-code", Country.objects.all(), "iso_country_code", set(codes)
    )


def language_ids_by_code(codes: list[str]) -> dict[str, int]:
    return _ids_by_lower(
        "language-ids-by-code", MovieLanguage.objects.all(), "iso_language_code", set(codes)
    )
