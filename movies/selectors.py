"""Reads of the catalog."""

from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from movies.models import Genre, Movie, MovieLanguage

# Names and codes the movie shapes show instead of the id arrays, ordered as stored.
_GENRE_NAMES = RawSQL(
    "SELECT array_agg(g.genre_name ORDER BY array_position(movie.genre_ids, g.id)) "
    "FROM genre g WHERE g.id = ANY(movie.genre_ids)",
    [],
)
_COUNTRY_CODES = RawSQL(
    "SELECT array_agg(upper(c.iso_country_code) "
    "ORDER BY array_position(movie.origin_country_ids, c.id)) "
    "FROM country c WHERE c.id = ANY(movie.origin_country_ids)",
    [],
)


def genre_list() -> QuerySet[Genre]:
    return Genre.objects.order_by("id")


def movie_language_list() -> QuerySet[MovieLanguage]:
    return MovieLanguage.objects.order_by("id")


def movie_with_names() -> QuerySet[Movie]:
    """Movies with what MovieSummarySerializer / MovieDetailSerializer read: genre names,
    country codes and the language, in the same query. Use it directly, or as the queryset
    of a Prefetch("movie", …) when movies hang off other rows (cart, inventory)."""
    return (
        Movie.objects.select_related("language")
        .annotate(genre_names=_GENRE_NAMES, country_codes=_COUNTRY_CODES)
        .order_by("id")
    )
