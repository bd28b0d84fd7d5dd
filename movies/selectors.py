"""Reads of the catalog."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.postgres.search import TrigramSimilarity, TrigramWordSimilarity
from django.db import connection, connections
from django.db.models import (
    BooleanField,
    Case,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Greatest, Lower, Upper

from movies.models import Actor, Genre, Movie, MovieActor, MovieLanguage
from movies.serializers import (
    ACTOR_SUMMARY_ROW,
    MOVIE_DETAIL_ROW,
    MOVIE_SUMMARY_ROW,
    MOVIE_WITH_ACTORS_ROW,
)
from places.models import Country
from reelfake.db.compiled import CompiledRow, PreparedQuery, values_names
from reelfake.db.lookups import ILike
from reelfake.db.row_counts import compact_if_needed, count_expression
from reelfake.db.worlds import current_world
from reelfake.kept_counts import KeptCountPage
from reelfake.pagination import COMPILED_PAGES_MAX, PAGE_SIZE, ListPage
from reelfake.reference import reference_items, reference_kept

# Names and codes the movie shapes show instead of the id arrays, ordered as stored. The SQL
# names the table `movie`: use them in a query on movie itself (or a Prefetch), never inside
# a subquery, where Django aliases the table and `movie.` would point at the outer row.
# Rows of other tables that join `movie` use them too (rentals.selectors: cart, wishlist).
GENRE_NAMES = RawSQL(
    "SELECT array_agg(g.genre_name ORDER BY array_position(movie.genre_ids, g.id)) "
    "FROM genre g WHERE g.id = ANY(movie.genre_ids)",
    [],
)
COUNTRY_CODES = RawSQL(
    "SELECT array_agg(upper(c.iso_country_code) "
    "ORDER BY array_position(movie.origin_country_ids, c.id)) "
    "FROM country c WHERE c.id = ANY(movie.origin_country_ids)",
    [],
)


# What the movie shapes read beyond the movie's own columns, as expressions (for querysets
# of model instances: movie_with_names()).
MOVIE_ANNOTATIONS = {
    "genre_names": GENRE_NAMES,
    "country_codes": COUNTRY_CODES,
    "language_code": F("language__iso_language_code"),
}
# What movie rows read instead: the ids, named by name_movie_rows().
_NAMED_BY_ID = ("genre_ids", "origin_country_ids", "language_id")


def movie_values(shape, *, by_id: bool, prefix: str = "") -> tuple[tuple[str, ...], dict]:
    """values() arguments for the columns of a row shape holding a movie shape
    (movies/serializers.py), the movie's columns under `prefix` ("movie__" when the rows are
    another table's and their `movie` is the shape): the ids for name_movie_rows() `by_id`
    (while this process keeps the reference lists), else the SQL expressions that name
    them."""
    annotations = {prefix + column: value for column, value in MOVIE_ANNOTATIONS.items()}
    if prefix:
        annotations[prefix + "language_code"] = F(prefix + "language__iso_language_code")
    plain = tuple(c for c in shape.columns if c not in annotations and c != "cast_rows")
    if by_id:
        return (*plain, *(prefix + column for column in _NAMED_BY_ID)), {}
    return plain, {c: annotations[c] for c in shape.columns if c in annotations}


# Columns of MovieSummary: list pages load these only (rentals reads them for cart rows).
MOVIE_SUMMARY_VALUES = movie_values(MOVIE_SUMMARY_ROW, by_id=False)[0]


def _names(ids: list | None, names: dict) -> list | None:
    """What GENRE_NAMES / COUNTRY_CODES give for an id array: the names of the ids that exist,
    each once, in the order of the array; None when there is none."""
    if not ids:
        return None
    seen, out = set(), []
    for item in ids:
        if item in names and item not in seen:
            seen.add(item)
            out.append(names[item])
    return out or None


def name_movie_rows(rows: list[dict], *, prefix: str = "") -> list[dict]:
    """Rows of movie_values() (its `prefix` too) with genre_names, country_codes and
    language_code in place of the ids, named from the reference lists this process keeps per
    world (reelfake/reference.py): no join, and no subquery per row. Rows the database named
    already are returned as they are."""
    if not rows or prefix + "genre_ids" not in rows[0]:
        return rows
    genres = reference_items(
        "genre-names", lambda: dict(Genre.objects.values_list("id", "genre_name"))
    )
    countries = reference_items(
        "country-codes",
        lambda: dict(Country.objects.values_list("id", Upper("iso_country_code"))),
    )
    languages = reference_items(
        "language-codes",
        lambda: dict(MovieLanguage.objects.values_list("id", "iso_language_code")),
    )
    for row in rows:
        row[prefix + "genre_names"] = _names(row.pop(prefix + "genre_ids"), genres)
        row[prefix + "country_codes"] = _names(row.pop(prefix + "origin_country_ids"), countries)
        row[prefix + "language_code"] = languages.get(row.pop(prefix + "language_id"))
    return rows


# Postgres integer columns: a larger id can never match (and must not reach the database).
MAX_ID = 2_147_483_647

# Search (q=): word similarity on titles and names (typo-tolerant, pg_trgm's GIN indexes),
# full-text on overviews. Each branch is a separate indexed scan; the UNION keeps the
# expensive per-row work (similarity, to_tsvector) off rows that no index found.
_MOVIE_SEARCH_TITLES = (
    "SELECT id FROM movie WHERE title %%> %s "
    "UNION ALL SELECT id FROM movie WHERE original_title %%> %s "
)
_MOVIE_SEARCH_OVERVIEW_FULLTEXT = (
    "UNION ALL SELECT id FROM movie "
    "WHERE to_tsvector('english', coalesce(overview, '')) @@ plainto_tsquery('english', %s)"
)
# Without its index (schema.sql may predate it) full-text would compute to_tsvector for every
# movie; a substring match on the overview costs a tenth of that.
_MOVIE_SEARCH_OVERVIEW_SUBSTRING = "UNION ALL SELECT id FROM movie WHERE overview ILIKE %s"
OVERVIEW_FULLTEXT_INDEX = "movie_overview_fts_idx"


def genre_list() -> QuerySet[Genre]:
    return Genre.objects.order_by("id")


def movie_language_list() -> QuerySet[MovieLanguage]:
    return MovieLanguage.objects.order_by("id")


def movie_with_names() -> QuerySet[Movie]:
    """Movies with what MovieSummarySerializer / MovieDetailSerializer read: genre names,
    country codes and the language, in the same query. Use it directly, or as the queryset
    of a Prefetch("movie", …) when movies hang off other rows (cart, inventory)."""
    return Movie.objects.select_related("language").annotate(**MOVIE_ANNOTATIONS).order_by("id")


@dataclass(frozen=True)
class SearchSupport:
    """What the database offers `q=`: pg_trgm (optional in schema.sql) and the full-text
    index on movie overviews."""

    trigram: bool
    overview_fulltext: bool


def search_support() -> SearchSupport:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'), "
            "to_regclass(%s) IS NOT NULL",
            [OVERVIEW_FULLTEXT_INDEX],
        )
        trigram, overview_fulltext = cursor.fetchone()
    return SearchSupport(trigram=trigram, overview_fulltext=overview_fulltext)


def trigram_available() -> bool:
    """Whether pg_trgm is installed in this database (it is optional, see schema.sql)."""
    return search_support().trigram


def like_escape(text: str) -> str:
    """Plain text for use inside an ILIKE pattern (search terms are text, not patterns)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _contains(text: str) -> str:
    return f"%{like_escape(text)}%"


def _movie_search_condition(q: str, *, support: SearchSupport):
    pattern = _contains(q)
    if support.trigram:
        if support.overview_fulltext:
            sql, params = _MOVIE_SEARCH_TITLES + _MOVIE_SEARCH_OVERVIEW_FULLTEXT, [q, q, q]
        else:
            sql, params = _MOVIE_SEARCH_TITLES + _MOVIE_SEARCH_OVERVIEW_SUBSTRING, [q, q, pattern]
        return Q(id__in=RawSQL(sql, params))
    # overview is nullable; ILIKE on NULL is NULL, which the OR treats as false
    return (
        ILike(F("title"), pattern)
        | ILike(F("original_title"), pattern)
        | ILike(F("overview"), pattern)
    )


def _movie_search_rank(q: str, *, trigram: bool) -> tuple[dict, list]:
    """Annotations and ordering for `q` without `sort`: best title match first."""
    if trigram:
        annotations = {
            "search_rank": Greatest(
                TrigramWordSimilarity(Value(q), "title"),
                TrigramWordSimilarity(Value(q), "original_title"),
            ),
            "search_similarity": TrigramSimilarity("title", Value(q)),
        }
        return annotations, ["-search_rank", "-search_similarity", "id"]
    pattern = _contains(q)
    rank = Case(
        When(ILike(F("title"), like_escape(q)), then=Value(3)),
        When(ILike(F("title"), f"{like_escape(q)}%"), then=Value(2)),
        When(ILike(F("title"), pattern) | ILike(F("original_title"), pattern), then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )
    return {"search_rank": rank}, ["-search_rank", "id"]


def movie_search(movies: QuerySet[Movie], q: str, *, ranked: bool) -> QuerySet[Movie]:
    """The movies matching `q`; `ranked`: best title match first (the order when no sort is
    given)."""
    support = search_support()
    movies = movies.filter(_movie_search_condition(q, support=support))
    if not ranked:
        return movies
    annotations, ordering = _movie_search_rank(q, trigram=support.trigram)
    return movies.annotate(**annotations).order_by(*ordering)


def rows_ordered_like(keys: QuerySet) -> QuerySet:
    """Every row of the keys' model, ordered as the keys are (their annotations too, such as
    a search rank), for the rows of a ListPage."""
    rows = keys.model._default_manager.all()
    for alias, annotation in keys.query.annotations.items():
        rows.query.add_annotation(annotation, alias, select=False)
    return rows.order_by(*keys.query.order_by)


def _ordered(keys: QuerySet) -> QuerySet:
    return keys if keys.query.order_by else keys.order_by("id")


# (list, database alias) → an unfiltered list's keys, rows and compiled pages.
_PLAIN_LISTS: dict[tuple, tuple[QuerySet, QuerySet, dict, list, dict]] = {}

_WINDOW_START, _WINDOW_STOP = 987_654_321, 987_654_322
# The list's [total, pieces] on each row of a page read with it (count_expression()).
_COUNTED = "_list_counted"
# Pages of a list with gaps read with their total by position up to this row, as
# reelfake/rows.py CountedPage does; later ones are counted first and read from the
# nearer end.
_COUNTED_UP_TO = 50 * PAGE_SIZE
# Ids are PostgreSQL integers: no list holds a row past this position, and a window beyond it
# cannot be sent as an id range (the query would fail on its parameters, not find no row).
_POSITION_MAX = 2**31 - 1


def _pop_counted(rows: list[dict]) -> list | None:
    """The [total, pieces] each row carries, taken off the rows (None without rows)."""
    counted = None
    for row in rows:
        counted = row.pop(_COUNTED)
    return counted


class CountedListPage(ListPage):
    """A list whose page the paginator names before it counts (`first_row`,
    reelfake.pagination.first_row_of()): count() reads the page's rows by position with the
    list's total on each row (reelfake/db/row_counts.py count_expression()), in one
    statement, and the paginator's slice gets those rows without another query. Counted
    alone first, the page then read as ListPage reads it: a page past `counted_up_to` rows
    (read from the nearer end once counted), a page past the end (no row to carry the
    total), and a list that can match nothing. A filtered, sorted or searched movie list
    (docs/performance.md "Kept filtered movie pages")."""

    # By position, a page past the middle walks more rows than the same page read from the
    # other end once counted (ListPage); up to here it walks at most 500, on any list.
    counted_up_to = 10 * PAGE_SIZE

    def __init__(self, *, first_row: int | None = None, **kwargs):
        super().__init__(**kwargs)
        self.first_row = first_row
        self._read: tuple[int, int, list[dict]] | None = None

    def count(self) -> int:
        start = self.first_row
        if start is None or start > self.counted_up_to or self.keys.query.is_empty():
            return super().count()
        rows, counted = self._position_rows(start, start + PAGE_SIZE)
        if not rows:  # past the end (or nothing): counted alone
            return super().count()
        return self._counted(start, start + PAGE_SIZE, rows, counted)

    def _counted(self, start: int, stop: int, rows: list[dict], counted: list) -> int:
        total, pieces = counted
        compact_if_needed(pieces, using=self.rows.db)
        self.total = int(total)
        self._read = (start, stop, rows)
        return self.total

    def _position_rows(self, start: int, stop: int) -> tuple[list[dict], list | None]:
        """The window's rows by position (ListPage's query) and the list's [total, pieces]:
        its SQL built once per window when the list keeps its SQL (ListPage `compiled`)."""
        key = ("counted", start, stop)
        found = None if self.compiled is None else self.compiled.get(key)
        if found is None:
            counted = {_COUNTED: count_expression(self.keys)}
            query = self._window(start, stop, None).annotate(**counted).query
            sql, params = query.sql_with_params()
            found = (sql, params, values_names(query))
            if self.compiled is not None:
                if len(self.compiled) >= COMPILED_PAGES_MAX:
                    self.compiled.clear()
                self.compiled[key] = found
        sql, params, names = found
        with connections[self.rows.db].cursor() as cursor:
            cursor.execute(sql, params)
            rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        return rows, _pop_counted(rows)

    def __getitem__(self, window: slice):
        if self._read is not None and self._read[:2] == (window.start or 0, window.stop):
            return self._read[2]
        return super().__getitem__(window)


class DenseListPage(CountedListPage):
    """An unfiltered list in id order whose ids leave no gap (the seeded catalog: movies
    1–50,000): the row at position p has id min(id) + p, so a page is an id range, read
    without walking the index entries before it, by one prepared statement whatever the page
    (docs/performance.md "Pages of the catalog as id ranges"). Exact in one statement: the
    range's rows count only if, in that same snapshot, max(id) − min(id) + 1 equals the
    table's row count (the trigger-kept count the paginator shows, reelfake/db/row_counts.py):
    n distinct integers spanning n values leave no gap. Otherwise the query gives no row and
    the page is read as ListPage reads it (and the range is not tried again while the list
    keeps that total).

    Each row carries that count too (reelfake/db/row_counts.py count_expression()): given
    the page's `first_row` before the paginator counts, count() reads the page and its total
    in one round trip, and the page is not read again."""

    def __init__(self, *, dense_sql: list, gapped: dict, **kwargs):
        super().__init__(**kwargs)
        self.dense_sql = dense_sql  # [(prepared query, params, names)] once compiled
        self.gapped = gapped  # (world schema) → the total at which the ids had a gap

    def count(self) -> int:
        if self.first_row is None:
            return ListPage.count(self)
        start, stop = self.first_row, self.first_row + PAGE_SIZE
        if stop > _POSITION_MAX:  # past the end of any list: counted alone
            return ListPage.count(self)
        schema = current_world().schema
        gapped_at = self.gapped.get(schema)
        if gapped_at is None:
            rows, counted = self._dense_rows(start, stop)
            if rows:
                return self._counted(start, stop, rows, counted)
        if start > _COUNTED_UP_TO:  # counted alone, then read from the nearer end
            return ListPage.count(self)
        # Ids with a gap: the page's rows by position (the first pages, whose OFFSET walks
        # few index entries), with the total, in one query.
        rows, counted = self._position_rows(start, stop)
        if not rows:  # past the end (or nothing): counted alone
            return ListPage.count(self)
        total = self._counted(start, stop, rows, counted)
        if gapped_at is None:  # the range gave no row while this page has rows: a gap
            if len(self.gapped) >= 1024:
                self.gapped.clear()
            self.gapped[schema] = total
        elif gapped_at != total:  # a new total: the next page tries the range again
            self.gapped.pop(schema, None)
        return total

    def __getitem__(self, window: slice):
        start, stop, total = window.start or 0, window.stop, self.total
        if self._read is not None and self._read[:2] == (start, stop):
            return self._read[2]
        if total is None or stop is None or self.gapped.get(current_world().schema) == total:
            return super().__getitem__(window)
        rows, _ = self._dense_rows(start, stop)
        if rows:
            return rows
        if len(self.gapped) >= 1024:
            self.gapped.clear()
        self.gapped[current_world().schema] = total
        return super().__getitem__(window)

    def _dense_rows(self, start: int, stop: int) -> tuple[list[dict], list | None]:
        """The rows of the window, and the list's [total, pieces] (None without rows)."""
        if not self.dense_sql:
            self.dense_sql.append(self._compile_dense())
        prepared, params, names = self.dense_sql[0]
        values = {_WINDOW_START: start, _WINDOW_STOP: stop}
        with connections[self.rows.db].cursor() as cursor:
            prepared.execute(cursor, [values.get(p, p) for p in params])
            rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        return rows, _pop_counted(rows)

    def _compile_dense(self) -> tuple[PreparedQuery, list, tuple[str, ...]]:
        """The range query, prepared (reelfake/db/compiled.py PreparedQuery): the same SQL
        for every window, so PostgreSQL plans it once per connection."""
        model = self.rows.model
        table = connections[self.rows.db].ops.quote_name(model._meta.db_table)
        pk = connections[self.rows.db].ops.quote_name(model._meta.pk.column)
        no_gap = RawSQL(
            f"(SELECT max(w.{pk}) - min(w.{pk}) + 1 FROM {table} w) = "
            f"(SELECT coalesce(sum(d.delta), 0) FROM stats_row_delta d "
            f"WHERE d.table_name = %s)",
            [model._meta.db_table],
            output_field=BooleanField(),
        )
        lowest = RawSQL(f"(SELECT min(w.{pk}) FROM {table} w)", [], output_field=IntegerField())
        query = (
            self.rows.filter(no_gap)
            .filter(pk__gte=lowest + Value(_WINDOW_START))
            .filter(pk__lt=lowest + Value(_WINDOW_STOP))
            .annotate(**{_COUNTED: count_expression(self.keys)})
            .query
        )
        sql, params = query.sql_with_params()
        if sorted(p for p in params if p in (_WINDOW_START, _WINDOW_STOP)) != [
            _WINDOW_START,
            _WINDOW_STOP,
        ]:
            raise ValueError(f"the window's bounds are not parameters: {params!r}")
        return PreparedQuery(sql, len(params)), list(params), values_names(query)


def _list_page(
    items: QuerySet,
    rows_of,
    *,
    name: tuple,
    filtered: Callable[..., ListPage] = ListPage,
    first_row: int | None = None,
) -> ListPage:
    """The ListPage of `items` (filtered, searched, sorted by a FilterSet; ascending id by
    default), its rows `rows_of(keys)`; a `filtered` one when a filter, sort or `q` applies.
    An unfiltered list (`name`: the list and what its rows depend on) is built once per
    process and its pages run SQL compiled once (ListPage `compiled`): the hottest lists of
    the catalog."""
    if not _is_plain(items):
        keys = _ordered(items)
        return filtered(keys=keys, rows=rows_of(keys))
    key = (*name, items.db)
    plain = _PLAIN_LISTS.get(key)
    if plain is None:
        keys = items.order_by("id")
        plain = _PLAIN_LISTS[key] = (keys, rows_of(keys), {}, [], {})
    keys, rows, compiled, dense_sql, gapped = plain
    return DenseListPage(
        keys=keys,
        rows=rows,
        compiled=compiled,
        dense_sql=dense_sql,
        gapped=gapped,
        first_row=first_row,
    )


def movie_list(movies: QuerySet[Movie], *, first_row: int | None = None) -> ListPage:
    """The movie list of the (filtered, searched, sorted: MovieFilter) movies, ascending id
    by default. Rows are dicts with what MovieSummary shows, once name_movie_rows() has named
    them. `first_row` (reelfake.pagination.first_row_of()): the page the paginator will read,
    known before it counts (an unfiltered list then reads both in one query)."""
    by_id = reference_kept()
    columns, named = movie_values(MOVIE_SUMMARY_ROW, by_id=by_id)
    return _list_page(
        movies,
        lambda keys: rows_ordered_like(keys).values(*columns, **named),
        name=("movies", by_id),
        filtered=functools.partial(CountedListPage, first_row=first_row),
        first_row=first_row,
    )


def _is_plain(queryset: QuerySet) -> bool:
    """Whether a list's queryset is its whole table in id order (no filter, sort or q)."""
    query = queryset.query
    return not query.where and not query.annotations and query.order_by in ((), ("id",))


def _movie_detail_query(movie_id: int, *, with_cast: bool, by_id: bool) -> QuerySet:
    shape = MOVIE_WITH_ACTORS_ROW if with_cast else MOVIE_DETAIL_ROW
    columns, annotations = movie_values(shape, by_id=by_id)
    if with_cast:
        # The cast in cast order, in the movie's own query: one round trip.
        cast = MovieActor.objects.filter(movie_id=OuterRef("id")).order_by("cast_order", "id")
        annotations["cast_rows"] = shape.rows_of("cast_rows", cast)
    return Movie.objects.filter(id=movie_id).values(*columns, **annotations)


# (with_cast, by_id) -> the compiled query.
_MOVIE_DETAIL = {
    (with_cast, by_id): CompiledRow(
        lambda movie_id, with_cast=with_cast, by_id=by_id: _movie_detail_query(
            movie_id, with_cast=with_cast, by_id=by_id
        )
    )
    for with_cast in (False, True)
    for by_id in (False, True)
}


def movie_detail(*, movie_id: int, with_cast: bool = False) -> dict | None:
    """One movie as a row of MOVIE_DETAIL_ROW, or of MOVIE_WITH_ACTORS_ROW (its cast in
    "cast_rows", in cast order, from the same query) `with_cast`; None if there is none.
    The hottest read of the catalog, so its SQL is compiled once (reelfake/db/compiled.py)."""
    if not 0 < movie_id <= MAX_ID:
        return None
    row = _MOVIE_DETAIL[with_cast, reference_kept()].first(movie_id)
    return None if row is None else name_movie_rows([row])[0]


def movie_poster_facts(*, movie_id: int) -> dict | None:
    """What a generated poster shows: title, release year and genre names."""
    if not 0 < movie_id <= MAX_ID:
        return None
    return (
        Movie.objects.filter(id=movie_id)
        .annotate(genre_names=GENRE_NAMES)
        .values("id", "title", "release_date", "genre_names")
        .first()
    )


def movie_exists(movie_id: int) -> bool:
    return 0 < movie_id <= MAX_ID and Movie.objects.filter(id=movie_id).exists()


def actor_search(actors: QuerySet[Actor], q: str, *, ranked: bool) -> QuerySet[Actor]:
    """`q` on names: the matching actors; `ranked`: best match first (the order when no sort
    is given)."""
    if trigram_available():
        actors = actors.filter(actor_name__trigram_word_similar=q)
        if not ranked:
            return actors
        return actors.annotate(
            search_rank=TrigramWordSimilarity(Value(q), "actor_name"),
            search_similarity=TrigramSimilarity("actor_name", Value(q)),
        ).order_by("-search_rank", "-search_similarity", "id")
    actors = actors.filter(ILike(F("actor_name"), _contains(q)))
    if not ranked:
        return actors
    rank = Case(
        When(ILike(F("actor_name"), like_escape(q)), then=Value(2)),
        When(ILike(F("actor_name"), f"{like_escape(q)}%"), then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )
    return actors.annotate(search_rank=rank).order_by("-search_rank", "id")


def actor_list(actors: QuerySet[Actor]) -> ListPage:
    """The actor list of the (filtered, searched, sorted: ActorFilter) actors, ascending id
    by default. Rows are dicts with what ActorSummary shows."""
    return _list_page(
        actors,
        lambda keys: rows_ordered_like(keys).values(*ACTOR_SUMMARY_ROW.columns),
        name=("actors",),
        # Filters read actor's own columns only: their totals are kept until actor changes
        # (docs/performance.md "Kept search totals").
        filtered=KeptCountPage,
    )


def actor_detail(*, actor_id: int) -> Actor | None:
    if not 0 < actor_id <= MAX_ID:
        return None
    return Actor.objects.filter(id=actor_id).first()


def actor_movies(*, actor_id: int) -> QuerySet[Movie]:
    """The movies an actor plays in, each with its credit (character, cast order), oldest
    release first."""
    return (
        Movie.objects.annotate(genre_names=GENRE_NAMES)
        .filter(cast__actor_id=actor_id)
        .only(
            "id",
            "title",
            "release_date",
            "runtime",
            "rating_average",
            "rating_count",
            "poster_url",
        )
        .annotate(
            credit_character_name=F("cast__character_name"),
            credit_cast_order=F("cast__cast_order"),
        )
        .order_by("release_date", "id")
    )


def cast_link_exists(*, movie_id: int, actor_id: int) -> bool:
    return MovieActor.objects.filter(movie_id=movie_id, actor_id=actor_id).exists()


def movie_references(movie_id: int) -> dict[str, int]:
    """How many rentals, cart rows and wishlist rows point at a movie (they block a delete).
    Raw SQL: the tables belong to the stores/rentals apps, which depend on movies."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT "
            "(SELECT count(*) FROM rental r JOIN inventory i ON i.id = r.inventory_id "
            " WHERE i.movie_id = %s), "
            "(SELECT count(*) FROM cart WHERE movie_id = %s), "
            "(SELECT count(*) FROM wishlist WHERE movie_id = %s)",
            [movie_id, movie_id, movie_id],
        )
        rentals, carts, wishlists = cursor.fetchone()
    return {"rentals": rentals, "carts": carts, "wishlists": wishlists}


def actor_names_taken(names: list[str]) -> set[str]:
    """Lower-cased names among `names` that an actor already has."""
    lowered = {name.lower() for name in names}
    return set(
        Actor.objects.annotate(name=Lower("actor_name"))
        .filter(name__in=lowered)
        .values_list("name", flat=True)
    )
