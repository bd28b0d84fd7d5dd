"""Writes of the catalog: movies, actors and cast rows.

Fields arrive validated and snake_cased (movies/serializers.py for the API, the admin's forms
for the admin). Every write of more than one row is one transaction; uniqueness the contract
checks in advance (tmdb/imdb ids, title + overview, actor names) is re-checked under a
transaction-scoped advisory lock, and the database's unique constraints catch the rest.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from django.db import DatabaseError, IntegrityError, connection, transaction

from movies import selectors
from movies.models import Actor, Movie, MovieActor
from reelfake.exceptions import MSG_NOT_FOUND, ApplicationError, constraint_name
from reelfake.kept_pages import forget_on_commit

logger = logging.getLogger("reelfake.movies")

MSG_MOVIE_DUPLICATE = "Movie with the same title and overview already exist"
MSG_TMDB_UNIQUE = "tmdb_id must be unique"
MSG_IMDB_UNIQUE = "imdb_id must be unique"
MSG_MOVIE_NOT_FOUND = "Movie not found"
MSG_ACTOR_ALREADY_IN_MOVIE = "Actor already exists for the given movie"
MSG_ACTOR_NAME_TAKEN = "Actor with name {name} already exist"
MSG_ACTOR_NAME_MISSING = "Actor.actorName cannot be null"
MSG_MOVIE_IN_USE = "Movie with id {id} cannot be deleted: {what} still reference it"

MOVIE_FIELDS = frozenset(
    {
        "tmdb_id",
        "imdb_id",
        "title",
        "original_title",
        "overview",
        "runtime",
        "release_date",
        "genre_ids",
        "origin_country_ids",
        "language_id",
        "movie_status",
        "popularity",
        "budget",
        "revenue",
        "rating_average",
        "rating_count",
        "poster_url",
        "rental_rate",
    }
)
ACTOR_FIELDS = frozenset(
    {
        "tmdb_id",
        "imdb_id",
        "actor_name",
        "biography",
        "birthday",
        "deathday",
        "place_of_birth",
        "popularity",
        "profile_picture_url",
    }
)
CAST_FIELDS = frozenset({"character_name", "cast_order"})

# Unique constraints of schema.sql → the contract's messages.
_UNIQUE_MESSAGES = {
    "movie_tmdb_id_key": MSG_TMDB_UNIQUE,
    "movie_imdb_id_key": MSG_IMDB_UNIQUE,
    "actor_tmdb_id_key": MSG_TMDB_UNIQUE,
    "actor_imdb_id_key": MSG_IMDB_UNIQUE,
    "movie_actor_movie_actor_key": MSG_ACTOR_ALREADY_IN_MOVIE,
}


def _unique_violation(error: IntegrityError) -> ApplicationError:
    """A unique violation the pre-checks missed (a concurrent write) → the contract's 400.

    The writes it guards run in `atomic(savepoint=False)` inside the service's transaction:
    no SAVEPOINT round trips, as nothing runs after the error but this mapping and the
    rollback of the whole transaction."""
    constraint = constraint_name(error)
    message = _UNIQUE_MESSAGES.get(constraint)
    if message is None:
        raise error
    return ApplicationError(message)


# Every movie write that checks titles (movie_create, movie_update) holds this key shared
# with its title key; a bulk write (movies_create_many) holds it alone, exclusively: one lock
# however many titles it writes (an all-or-nothing upload of 100,000 rows would not fit
# PostgreSQL's lock table with one lock per title), and the title checks of single writes
# still see every movie a bulk write created (docs/uploads.md "Movies written by uploads").
MOVIE_WRITES_KEY = "movie-writes"


def _lock(*keys: str, shared: tuple[str, ...] = ()) -> None:
    """Serialize check-then-insert on these keys until the transaction ends (one query;
    `shared` keys first, then the others sorted, so two requests locking overlapping keys
    cannot deadlock). Advisory locks are database-wide: the keys are the world's
    (current_schema(), docs/sandboxes.md), so one sandbox's upload never holds up another's
    writes."""
    if not keys and not shared:
        return
    exclusive = sorted(set(keys))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT CASE WHEN t.shared "
            "THEN pg_advisory_xact_lock_shared(hashtextextended(current_schema() || t.key, 0)) "
            "ELSE pg_advisory_xact_lock(hashtextextended(current_schema() || t.key, 0)) END "
            "FROM unnest(%s::text[], %s::boolean[]) WITH ORDINALITY AS t(key, shared, n) "
            "ORDER BY t.n",
            [[*shared, *exclusive], [True] * len(shared) + [False] * len(exclusive)],
        )


def _title_lock(title: str) -> None:
    _lock(f"movie-title:{title.lower()}", shared=(MOVIE_WRITES_KEY,))


def _identity_conflicts(model, *, fields: dict, exclude_id: int | None = None) -> list[str]:
    messages = []
    for column, message in (("tmdb_id", MSG_TMDB_UNIQUE), ("imdb_id", MSG_IMDB_UNIQUE)):
        value = fields.get(column)
        if value is None:
            continue
        rows = model.objects.filter(**{column: value})
        if exclude_id is not None:
            rows = rows.exclude(id=exclude_id)
        if rows.exists():
            messages.append(message)
    return messages


def movie_title_key(*, title: str, overview: str | None) -> tuple[str, str | None]:
    """What makes two movies the same movie for the contract's "Movie with the same title and
    overview already exist": the title, case-insensitive, and the overview, exactly (a null
    overview matches only a null one). POST/PUT /movies, the admin and uploads all compare
    these keys (docs/uploads.md "Movies written by uploads")."""
    return (title.lower(), overview)


def movie_titles_taken(
    keys: list[tuple[str, str | None]], *, exclude_id: int | None = None
) -> set[tuple[str, str | None]]:
    """The keys (movie_title_key) among `keys` that a movie in the database already has, in
    one query however many keys (a batch of an upload, or one movie)."""
    if not keys:
        return set()
    titles = [title for title, _ in keys]
    overviews = [overview for _, overview in keys]
    table = Movie._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT t.n FROM unnest(%s::text[], %s::text[]) "
            "WITH ORDINALITY AS t(title, overview, n) "
            f"WHERE EXISTS (SELECT 1 FROM {table} m WHERE lower(m.title) = t.title "
            "AND m.overview IS NOT DISTINCT FROM t.overview AND m.id IS DISTINCT FROM %s)",
            [titles, overviews, exclude_id],
        )
        return {keys[n - 1] for (n,) in cursor.fetchall()}


def movie_check_unique(*, fields: dict, movie: Movie | None = None) -> None:
    """The contract's uniqueness rules for a movie about to be written (400 on conflict)."""
    exclude_id = movie.id if movie is not None else None
    title = fields.get("title", movie.title if movie else None)
    overview = fields["overview"] if "overview" in fields else (movie.overview if movie else None)
    if title is not None and (movie is None or {"title", "overview"} & fields.keys()):
        key = movie_title_key(title=title, overview=overview)
        if movie_titles_taken([key], exclude_id=exclude_id):
            raise ApplicationError(MSG_MOVIE_DUPLICATE)
    conflicts = _identity_conflicts(Movie, fields=fields, exclude_id=exclude_id)
    if conflicts:
        raise ApplicationError("\n".join(conflicts))


# Movies ------------------------------------------------------------------------------------


@dataclass
class CastResult:
    """What linking a list of cast members did."""

    new_actors: list[Actor] = field(default_factory=list)
    duplicates: list[dict] = field(default_factory=list)
    links: list[MovieActor] = field(default_factory=list)


@transaction.atomic
def movie_create(*, fields: dict, cast: list[dict] | None = None) -> Movie:
    """Insert a movie and, when given, link its cast (W17): actors found by tmdbId are
    reused, others are created; any failure rolls everything back."""
    fields = {key: value for key, value in fields.items() if key in MOVIE_FIELDS}
    _title_lock(fields["title"])
    movie_check_unique(fields=fields)
    try:
        with transaction.atomic(savepoint=False):
            movie = Movie.objects.create(**fields)
    except IntegrityError as error:
        raise _unique_violation(error) from error
    if cast:
        _cast_link(movie=movie, cast=cast, strict=True)
    forget_on_commit()  # the kept list pages (docs/performance.md "Kept movie pages")
    return movie


# Columns a bulk write carries, with the SQL type of their unnest() array.
_BULK_TYPES = {
    "tmdb_id": "bigint",
    "imdb_id": "text",
    "title": "text",
    "original_title": "text",
    "overview": "text",
    "runtime": "integer",
    "release_date": "date",
    "genre_ids": "text",  # '{1,2}': arrays of arrays do not unnest row by row
    "origin_country_ids": "text",
    "language_id": "integer",
    "movie_status": "text",
    "popularity": "double precision",
    "budget": "bigint",
    "revenue": "bigint",
    "rating_average": "numeric",
    "rating_count": "integer",
    "poster_url": "text",
    "rental_rate": "numeric",
}
_BULK_ARRAYS = ("genre_ids", "origin_country_ids")


def _bulk_insert_sql() -> str:
    """One INSERT for many movies: each column is one array parameter, so the statement
    stays short however many rows it carries. A row whose tmdb or imdb id another movie holds
    is skipped (ON CONFLICT), not an error."""
    meta = Movie._meta
    names = list(_BULK_TYPES)
    columns = ", ".join(meta.get_field(name).column for name in names)
    selected = ", ".join(
        f"t.{name}::integer[]" if name in _BULK_ARRAYS else f"t.{name}" for name in names
    )
    arrays = ", ".join(f"%s::{sql_type}[]" for sql_type in _BULK_TYPES.values())
    return (
        f"INSERT INTO {meta.db_table} ({columns}) SELECT {selected} "
        f"FROM unnest({arrays}) AS t({', '.join(names)}) "
        "ON CONFLICT DO NOTHING RETURNING id, tmdb_id"
    )


_BULK_INSERT_SQL = _bulk_insert_sql()


def _bulk_params(rows: list[dict]) -> list[list]:
    params = []
    for name in _BULK_TYPES:
        if name in _BULK_ARRAYS:
            arrays = (row[name] for row in rows)
            params.append(
                [None if ids is None else "{" + ",".join(map(str, ids)) + "}" for ids in arrays]
            )
        else:
            params.append([row[name] for row in rows])
    return params


def _bulk_insert(rows: list[dict]) -> dict[int, int]:
    """tmdb_id → id of the movies the INSERT created."""
    with connection.cursor() as cursor:
        cursor.execute(_BULK_INSERT_SQL, _bulk_params(rows))
        return {tmdb_id: movie_id for movie_id, tmdb_id in cursor.fetchall()}


@dataclass
class MovieWrite:
    """What movies_create_many did with one row: the new movie's id, or why it wrote none
    (movie_create's messages for a tmdb/imdb id another movie holds, else the database's)."""

    movie_id: int | None = None
    reasons: list[str] = field(default_factory=list)


@transaction.atomic
def movies_create_many(*, rows: list[dict]) -> list[MovieWrite]:
    """Insert many movies (validated fields of MOVIE_FIELDS, each key present; ids unique
    among the rows) in one statement, under the movie-writes lock held exclusively (see
    MOVIE_WRITES_KEY); one outcome per row, in order. movie_create's rules in its order: a
    row whose title and overview a movie already has, or an earlier row of `rows`, gets
    MSG_MOVIE_DUPLICATE; a row whose tmdb or imdb id is taken gets the unique messages; the
    other rows are still written. Should a row break the statement anyway, the rows are
    inserted one by one, so only that row fails."""
    if not rows:
        return []
    _lock(MOVIE_WRITES_KEY)
    forget_on_commit()  # the kept list pages (docs/performance.md "Kept movie pages")
    writes = _title_duplicates(rows)
    fresh = [row for row, write in zip(rows, writes, strict=True) if write is None]
    created = iter(_insert_many(fresh))
    return [write or next(created) for write in writes]


def _title_duplicates(rows: list[dict]) -> list[MovieWrite | None]:
    """movie_check_unique's title rule for many rows: a failed MovieWrite for each row whose
    key is taken in the database or by an earlier row, None for the others."""
    keys = [movie_title_key(title=row["title"], overview=row["overview"]) for row in rows]
    taken = movie_titles_taken(keys)
    seen: set[tuple[str, str | None]] = set()
    writes: list[MovieWrite | None] = []
    for key in keys:
        if key in taken or key in seen:
            writes.append(MovieWrite(reasons=[MSG_MOVIE_DUPLICATE]))
        else:
            seen.add(key)
            writes.append(None)
    return writes


def _insert_many(rows: list[dict]) -> list[MovieWrite]:
    if not rows:
        return []
    try:
        with transaction.atomic():
            ids = _bulk_insert(rows)
    except DatabaseError:
        logger.exception("Bulk movie insert failed; retrying row by row")
        return [_create_one(row) for row in rows]
    return [
        MovieWrite(movie_id=ids[row["tmdb_id"]])
        if row["tmdb_id"] in ids
        else MovieWrite(reasons=_identity_conflicts(Movie, fields=row) or [MSG_TMDB_UNIQUE])
        for row in rows
    ]


def _create_one(row: dict) -> MovieWrite:
    try:
        with transaction.atomic():
            ids = _bulk_insert([row])
    except IntegrityError as error:
        message = _UNIQUE_MESSAGES.get(constraint_name(error))
        return MovieWrite(reasons=[message or str(error).strip().splitlines()[0]])
    except DatabaseError as error:
        return MovieWrite(reasons=[str(error).strip().splitlines()[0]])
    if row["tmdb_id"] not in ids:
        return MovieWrite(reasons=_identity_conflicts(Movie, fields=row) or [MSG_TMDB_UNIQUE])
    return MovieWrite(movie_id=ids[row["tmdb_id"]])


@transaction.atomic
def movie_update(*, movie_id: int, fields: dict) -> Movie:
    """Write the whitelisted fields sent (W8). Unknown movie → 404 "Resources not found"."""
    movie = (
        Movie.objects.select_for_update().filter(id=movie_id).first()
        if (0 < movie_id <= selectors.MAX_ID)
        else None
    )
    if movie is None:
        raise ApplicationError(MSG_NOT_FOUND, status=404)
    fields = {key: value for key, value in fields.items() if key in MOVIE_FIELDS}
    if not fields:
        return movie
    _title_lock(fields.get("title", movie.title))
    movie_check_unique(fields=fields, movie=movie)
    for key, value in fields.items():
        setattr(movie, key, value)
    try:
        with transaction.atomic(savepoint=False):
            movie.save(update_fields=list(fields))
    except IntegrityError as error:
        raise _unique_violation(error) from error
    forget_on_commit()  # its kept details (docs/performance.md "Kept movie details")
    return movie


@transaction.atomic
def movie_delete(*, movie_id: int) -> None:
    """Delete a movie with its cast rows and inventory (the actors stay). Rentals, carts or
    wishlists that still reference it → 409 and nothing changes (W10)."""
    movie = (
        Movie.objects.select_for_update().filter(id=movie_id).first()
        if (0 < movie_id <= selectors.MAX_ID)
        else None
    )
    if movie is None:
        raise ApplicationError(MSG_NOT_FOUND, status=404)
    references = selectors.movie_references(movie_id)
    if any(references.values()):
        raise _movie_in_use(movie_id, references)
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            # movie_actor and inventory go by ON DELETE CASCADE in the same statement.
            cursor.execute("DELETE FROM movie WHERE id = %s", [movie_id])
    except IntegrityError as error:  # a rental/cart/wishlist row arrived meanwhile
        raise _movie_in_use(movie_id, selectors.movie_references(movie_id)) from error
    forget_on_commit()


def _movie_in_use(movie_id: int, references: dict[str, int]) -> ApplicationError:
    what = [name for name, count in references.items() if count] or ["other rows"]
    listed = ", ".join(what[:-1]) + f" and {what[-1]}" if len(what) > 1 else what[0]
    return ApplicationError(MSG_MOVIE_IN_USE.format(id=movie_id, what=listed), status=409)


@transaction.atomic
def movie_add_actors(*, movie_id: int, cast: list[dict]) -> CastResult:
    """Link actors to an existing movie (W17). New tmdbIds become actors (`newRecords`);
    items matching an existing actor by tmdbId or imdbId are `duplicateRecords` and are
    linked to that actor. Links that already exist are kept as they are."""
    movie = (
        Movie.objects.filter(id=movie_id).first() if (0 < movie_id <= selectors.MAX_ID) else None
    )
    if movie is None:
        raise ApplicationError(MSG_MOVIE_NOT_FOUND, status=404)
    return _cast_link(movie=movie, cast=cast, strict=False)


def _cast_link(*, movie: Movie, cast: list[dict], strict: bool) -> CastResult:
    """Find or create each cast member's actor, then link them in cast order: a lookup of
    the actors by tmdbId and by imdbId, one INSERT of the new actors, one of the links.

    strict (POST /movies): an imdbId that belongs to another actor is an error.
    not strict (add_actors): such an item is a duplicate and links that actor."""
    result = CastResult()
    _lock(*(f"actor-tmdb:{member['tmdb_id']}" for member in cast))
    imdb_ids = {member["imdb_id"] for member in cast if member.get("imdb_id")}
    by_tmdb = {a.tmdb_id: a for a in Actor.objects.filter(tmdb_id__in={m["tmdb_id"] for m in cast})}
    by_imdb = {a.imdb_id: a for a in Actor.objects.filter(imdb_id__in=imdb_ids)}
    linked = set(MovieActor.objects.filter(movie=movie).values_list("actor_id", flat=True))
    parts = []  # (actor, member, position), actors new ones included (saved below)
    for position, member in enumerate(cast):
        imdb_id = member.get("imdb_id")
        actor = by_tmdb.get(member["tmdb_id"])
        if actor is None and imdb_id and imdb_id in by_imdb:
            if strict:
                raise ApplicationError(MSG_IMDB_UNIQUE)
            actor = by_imdb[imdb_id]
        if actor is not None:
            result.duplicates.append(_actor_fields(member))
        else:
            if not member.get("actor_name"):
                raise ApplicationError(MSG_ACTOR_NAME_MISSING)
            actor = Actor(**_actor_fields(member))
            result.new_actors.append(actor)
            by_tmdb[actor.tmdb_id] = actor
            if imdb_id:
                by_imdb[imdb_id] = actor
        parts.append((actor, member, position))
    try:
        with transaction.atomic(savepoint=False):
            Actor.objects.bulk_create(result.new_actors)  # sets their ids (PostgreSQL)
            for actor, member, position in parts:
                if actor.id in linked:
                    continue
                linked.add(actor.id)
                result.links.append(
                    MovieActor(
                        movie=movie,
                        actor=actor,
                        character_name=member.get("character_name"),
                        cast_order=member.get("cast_order", position),
                    )
                )
            MovieActor.objects.bulk_create(result.links)
    except IntegrityError as error:
        raise _unique_violation(error) from error
    if result.links:
        forget_on_commit()  # the movie's kept detail with its cast
    return result


def _actor_fields(member: dict) -> dict:
    return {key: value for key, value in member.items() if key in ACTOR_FIELDS}


# Actors ------------------------------------------------------------------------------------


@transaction.atomic
def actor_create(*, fields: dict) -> Actor:
    """Insert an actor. A name an actor already has (case-insensitive) → 400; so do tmdb/imdb
    ids in use."""
    fields = _actor_fields(fields)
    name = fields["actor_name"]
    _lock(f"actor-name:{name.lower()}")
    if selectors.actor_names_taken([name]):
        raise ApplicationError(MSG_ACTOR_NAME_TAKEN.format(name=name))
    conflicts = _identity_conflicts(Actor, fields=fields)
    if conflicts:
        raise ApplicationError("\n".join(conflicts))
    try:
        with transaction.atomic(savepoint=False):
            return Actor.objects.create(**fields)
    except IntegrityError as error:
        raise _unique_violation(error) from error


@transaction.atomic
def actor_update(*, actor_id: int, fields: dict) -> Actor:
    """Write the whitelisted fields sent (W8). Unknown actor → 404 "Resources not found"."""
    actor = _actor_for_write(actor_id)
    fields = _actor_fields(fields)
    if not fields:
        return actor
    conflicts = _identity_conflicts(Actor, fields=fields, exclude_id=actor.id)
    if conflicts:
        raise ApplicationError("\n".join(conflicts))
    for key, value in fields.items():
        setattr(actor, key, value)
    try:
        with transaction.atomic(savepoint=False):
            actor.save(update_fields=list(fields))
    except IntegrityError as error:
        raise _unique_violation(error) from error
    forget_on_commit()  # the kept details whose cast shows the actor
    return actor


@transaction.atomic
def actor_delete(*, actor_id: int) -> None:
    """Delete an actor; its cast rows go with it (ON DELETE CASCADE)."""
    actor = _actor_for_write(actor_id)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM actor WHERE id = %s", [actor.id])
    forget_on_commit()


def _actor_for_write(actor_id: int) -> Actor:
    actor = (
        Actor.objects.select_for_update().filter(id=actor_id).first()
        if (0 < actor_id <= selectors.MAX_ID)
        else None
    )
    if actor is None:
        raise ApplicationError(MSG_NOT_FOUND, status=404)
    return actor


@transaction.atomic
def actor_add_to_movie(
    *, actor: Actor, movie_id: int, character_name: str | None, cast_order: int
) -> MovieActor:
    """Link an actor to a movie. Unknown movie → 404; already linked → 400."""
    if not selectors.movie_exists(movie_id):
        raise ApplicationError(MSG_MOVIE_NOT_FOUND, status=404)
    if selectors.cast_link_exists(movie_id=movie_id, actor_id=actor.id):
        raise ApplicationError(MSG_ACTOR_ALREADY_IN_MOVIE)
    try:
        with transaction.atomic(savepoint=False):
            cast_row = MovieActor.objects.create(
                movie_id=movie_id,
                actor_id=actor.id,
                character_name=character_name,
                cast_order=cast_order,
            )
    except IntegrityError as error:
        raise _unique_violation(error) from error
    forget_on_commit()
    return cast_row


def cast_update(*, cast_row: MovieActor, fields: dict) -> MovieActor:
    """Change a cast row's character or order (admin inline)."""
    fields = {key: value for key, value in fields.items() if key in CAST_FIELDS}
    for key, value in fields.items():
        setattr(cast_row, key, value)
    if fields:
        cast_row.save(update_fields=list(fields))
        forget_on_commit()
    return cast_row


def cast_remove(*, cast_row: MovieActor) -> None:
    MovieActor.objects.filter(id=cast_row.id).delete()
    forget_on_commit()
