"""OpenAPI descriptions, parameters and examples of the catalog routes (drf-spectacular)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter

from reelfake.schema import error_responses

GENRE_VOCABULARY = (
    "action, adventure, animation, comedy, crime, documentary, drama, family, fantasy, "
    "history, horror, music, mystery, romance, science fiction | science_fiction | sci_fi, "
    "tv_movie, thriller, war, western"
)


def errors(*codes: int) -> dict:
    return error_responses(*codes)


def id_parameter(what: str) -> OpenApiParameter:
    return OpenApiParameter(
        "id", OpenApiTypes.INT, OpenApiParameter.PATH, description=f"The {what} id.", examples=[]
    )


def image_id_parameter(what: str) -> OpenApiParameter:
    name = f"{what}_id"
    return OpenApiParameter(
        name, OpenApiTypes.INT, OpenApiParameter.PATH, description=f"The {what} id."
    )


def _query(name, description, *, example=None, type_=OpenApiTypes.STR):
    examples = []
    if example is not None:
        examples = [OpenApiExample(f"{name}={example}", value=example)]
    return OpenApiParameter(
        name, type_, OpenApiParameter.QUERY, description=description, examples=examples
    )


SORT_NOTE = (
    " A comma list of fields, `-` before a field for descending order. Unknown fields → 400 "
    "naming the allowed ones. Without `sort` the list is in ascending id order (or by "
    "relevance with `q`); pagination links carry `sort`."
)
Q_NOTE = (
    " Typo-tolerant search, ranked by relevance when no `sort` is given. Uses pg_trgm word "
    "similarity when the server has it, else a case-insensitive substring match. "
    "At most 100 characters."
)
RANGE_NOTE = "`v` (equal), `a,b` (between, inclusive), `a,` (from a), `,b` (up to b)."

MOVIE_LIST_PARAMETERS = [
    _query(
        "genres",
        "Genres. Comma list = any of them (`action,sci_fi`); JSON array = all of them "
        f'(`["action","sci_fi"]`). Tokens are case-insensitive: {GENRE_VOCABULARY}. '
        'Errors: "Invalid genres provided in query", "[tok] are invalid genres".',
        example="action,drama",
    ),
    _query(
        "countries",
        "ISO 3166 alpha-2 codes of the countries of origin (case-insensitive). Comma list = "
        'any; JSON array = all. Errors: "Invalid countries provided in query", '
        '"[zz] are invalid countries".',
        example="us,gb",
    ),
    _query(
        "languages",
        'ISO 639-1 language codes, comma list = any. Errors: "Invalid languages provided in '
        'query" (also for a JSON array), "[qq] are invalid languages".',
        example="en,fr",
    ),
    _query(
        "release_date",
        f'Release date (YYYY-MM-DD) or range: {RANGE_NOTE} Errors: "Invalid release date '
        'provided in query", "Release date must be in format YYYY-MM-DD".',
        example="2015-01-01,2020-12-31",
    ),
    _query(
        "rating",
        f'Average rating or range: {RANGE_NOTE} Error: "Invalid rating provided in query".',
        example="7,",
    ),
    _query(
        "title",
        "Case-insensitive ILIKE pattern on the title: `%` and `_` are wildcards; without `%` "
        "the whole title must match.",
        example="%star%",
    ),
    _query(
        "sort",
        "Sort by id, title, releaseDate, popularity, ratingAverage, ratingCount, runtime."
        + SORT_NOTE,
        example="-popularity,title",
    ),
    _query("q", "Search in title, original title and overview." + Q_NOTE, example="godfater"),
]

ACTOR_LIST_PARAMETERS = [
    _query(
        "name",
        "Case-insensitive ILIKE pattern on the name (`%an%` contains, `keanu reeves` equals).",
        example="%ann%",
    ),
    _query("place_of_birth", "Case-insensitive ILIKE pattern on the place of birth."),
    _query(
        "birthday",
        f'Birth date (YYYY-MM-DD) or range: {RANGE_NOTE} Errors: "Invalid birth date '
        'provided in query", "Birth date must be in format YYYY-MM-DD".',
        example="1980-01-01,1989-12-31",
    ),
    _query(
        "deathday",
        f'Death date (YYYY-MM-DD) or range: {RANGE_NOTE} Errors: "Invalid death date '
        'provided in query", "Death date must be in format YYYY-MM-DD".',
    ),
    _query(
        "popularity",
        f'Popularity or range: {RANGE_NOTE} Error: "Invalid actor popularity provided in query".',
        example="10,",
    ),
    _query(
        "sort", "Sort by id, actorName, popularity, birthday." + SORT_NOTE, example="-popularity"
    ),
    _query("q", "Search in actor names." + Q_NOTE, example="jenifer"),
]

INCLUDE_ACTORS = _query(
    "include_actors",
    "`true`, `yes`, `1` include the cast (ordered by castOrder); `false`, `no`, `0` do not. "
    "Case-insensitive. Anything else → 400.",
    example="true",
)
INCLUDE_MOVIES = _query(
    "includeMovies",
    "`true`, `yes`, `1` include the actor's movies, each with its `credit`; `false`, `no`, "
    "`0` do not. Case-insensitive. Anything else → 400.",
    example="true",
)

MOVIE_LIST = (
    "Public. Filters combine with AND and are validated in this order: page, genres, "
    "countries, languages, release_date, rating, title (first failure wins; a parameter sent "
    'twice or as `name[]` is invalid). No match → 404 "No data found with the given query"; '
    'a page past the end → 404 "Page out of range". When a filter, `sort` or `q` is sent, '
    "pagination links carry every non-empty query parameter."
)
MOVIE_DETAIL = (
    'Public. `id` must be a positive integer, else 400 "Invalid movie id. Movie id must be '
    'a non-zero positive number."; unknown → 404 "Movie with id <id> does not exist".'
)
MOVIE_CREATE = (
    "Store managers. Genres by token or name, countries by ISO code, language by ISO 639-1 "
    "code, all case-insensitive. `actors` (optional) are found by tmdbId — existing actors "
    "are reused, new ones created — and linked with characterName and castOrder (default: "
    "position in the list), all in one transaction: any failure creates nothing. Validation "
    'messages are joined by "\\n" (e.g. "Movie.title cannot be null"). A movie with the same '
    'title (case-insensitive) and overview → 400 "Movie with the same title and overview '
    'already exist"; ids in use → 400 "tmdb_id must be unique" / "imdb_id must be unique".'
)
MOVIE_UPDATE = (
    "Store managers. Any subset of the POST fields except `actors`; only the fields sent are "
    'validated and written, other keys are ignored. Non-numeric id → 400 "Invalid movie '
    'id"; unknown → 404 "Resources not found".'
)
MOVIE_DELETE = (
    "Store managers. Also deletes the movie's cast rows and inventory; actors stay. A movie "
    "that rentals, carts or wishlists still reference → 409 with a message naming them, and "
    "nothing is deleted."
)
ADD_ACTORS = (
    "Store managers. A JSON array of actors with characterName and castOrder. Actors with a "
    "new tmdbId are created (`newRecords`); items matching an existing actor by tmdbId or "
    "imdbId are `duplicateRecords`. Both are linked to the movie (links that exist are kept). "
    'Unknown movie → 404 "Movie not found"; a body that is not an array → 400.'
)
ACTOR_LIST = (
    "Public. Filters combine with AND, validated in this order: page, name, place_of_birth, "
    "birthday, deathday, popularity. Not found and out-of-range pages as for movies."
)
ACTOR_DETAIL = (
    'Public. `id` must be a positive integer, else 400 (the message says "movie", as in '
    'reelfake); unknown → 404 "Actor not found with id <id>".'
)
ACTOR_CREATE = (
    'Store managers. A name an actor already has (case-insensitive) → 400 "Actor with name '
    '<name> already exist"; ids in use → 400 "tmdb_id must be unique" / "imdb_id must be '
    'unique".'
)
ACTOR_UPDATE = (
    "Store managers. Any subset of the documented fields (plus tmdbId); other keys are "
    'ignored. Non-numeric id → 400 "Invalid actor id"; unknown → 404 "Resources not found".'
)
ADD_TO_MOVIE = (
    'Store managers. movieId, characterName and castOrder are required ("Missing required '
    'fields"); castOrder 0 is accepted. Unknown actor → 404 "Resources not found"; unknown '
    'movie → 404 "Movie not found"; already linked → 400 "Actor already exists for the given '
    'movie".'
)
POSTER = (
    "Public. A deterministic SVG (500×750): title, release year, colours from the first "
    "genre. Seeded movies point `posterUrl` here. Cached for a day, then revalidated by ETag."
)
PORTRAIT = (
    "Public. A deterministic SVG (300×450): initials, name and years. Seeded actors point "
    "`profilePictureUrl` here. Cached for a day, then revalidated by ETag."
)

MOVIE_SUMMARY_EXAMPLE_ITEM = {
    "id": 100,
    "title": "The Wizard",
    "runtime": 104,
    "releaseDate": "2025-01-01",
    "genres": ["Drama", "Fantasy"],
    "countriesOfOrigin": ["RU"],
    "language": "ru",
    "popularity": 5,
    "ratingAverage": 7.45,
    "ratingCount": 67,
    "posterUrl": "http://localhost:8000/api/images/posters/100.svg",
    "rentalRate": "20.00",
}
# List examples show one item: drf-spectacular wraps them in the pagination envelope.
MOVIE_LIST_EXAMPLE = OpenApiExample(
    "A list item", response_only=True, value=MOVIE_SUMMARY_EXAMPLE_ITEM
)
MOVIE_DETAIL_EXAMPLE = OpenApiExample(
    "With include_actors=true",
    value={
        "id": 100,
        "title": "The Wizard",
        "originalTitle": "Волшебник",
        "overview": "A young magician…",
        "runtime": 104,
        "releaseDate": "2025-01-01",
        "genres": ["Drama", "Fantasy"],
        "countriesOfOrigin": ["RU"],
        "movieStatus": "Released",
        "popularity": 5,
        "budget": "1000000",
        "revenue": "2500000",
        "ratingAverage": 7.45,
        "ratingCount": 67,
        "posterUrl": "http://localhost:8000/api/images/posters/100.svg",
        "rentalRate": "20.00",
        "language": "ru",
        "actors": [
            {
                "id": 7,
                "actorName": "Anna Petrova",
                "characterName": "Masha",
                "castOrder": 0,
                "profilePictureUrl": "http://localhost:8000/api/images/actors/7.svg",
            }
        ],
    },
)
MOVIE_CREATE_EXAMPLE = OpenApiExample(
    "A movie with one actor",
    request_only=True,
    value={
        "tmdbId": 442417,
        "imdbId": "tt1234567",
        "title": "The Wizard",
        "originalTitle": "Волшебник",
        "overview": "A young magician…",
        "runtime": 104,
        "releaseDate": "2025-01-01",
        "genres": ["drama", "Fantasy"],
        "countriesOfOrigin": ["ru"],
        "language": "ru",
        "movieStatus": "Released",
        "popularity": 5,
        "budget": 1000000,
        "revenue": "2500000",
        "ratingAverage": 7.45,
        "ratingCount": 67,
        "posterUrl": "https://image.tmdb.org/t/p/w500/x.jpg",
        "rentalRate": 4.99,
        "actors": [
            {
                "tmdbId": 5152285,
                "actorName": "Anna Petrova",
                "characterName": "Masha",
                "castOrder": 0,
            }
        ],
    },
)
MOVIE_UPDATE_EXAMPLE = OpenApiExample(
    "Change the rating and the genres",
    request_only=True,
    value={"ratingAverage": 8.1, "genres": ["drama", "sci_fi"]},
)
# drf-spectacular wraps a list view's request example in a list itself: one item here
# becomes `[{…}]` in the schema.
ADD_ACTORS_EXAMPLE = OpenApiExample(
    "One actor",
    request_only=True,
    value={
        "tmdbId": 5152285,
        "actorName": "Anna Petrova",
        "characterName": "Masha",
        "castOrder": 0,
    },
)
ACTOR_LIST_EXAMPLE = OpenApiExample(
    "A list item",
    response_only=True,
    value={
        "id": 7,
        "imdbId": "nm0000206",
        "actorName": "Keanu Reeves",
        "birthday": "1964-09-02",
        "deathday": None,
        "placeOfBirth": "Beirut, Lebanon",
        "popularity": 45.2,
        "profilePictureUrl": "http://localhost:8000/api/images/actors/7.svg",
    },
)
ACTOR_DETAIL_EXAMPLE = OpenApiExample(
    "With includeMovies=true",
    value={
        "id": 7,
        "imdbId": "nm0000206",
        "actorName": "Keanu Reeves",
        "biography": "…",
        "birthday": "1964-09-02",
        "deathday": None,
        "placeOfBirth": "Beirut, Lebanon",
        "popularity": 45.2,
        "profilePictureUrl": "http://localhost:8000/api/images/actors/7.svg",
        "movies": [
            {
                "id": 10,
                "title": "The Matrix",
                "releaseDate": "1999-03-31",
                "genres": ["Action", "Science Fiction"],
                "runtime": 136,
                "ratingAverage": 8.2,
                "ratingCount": 26000,
                "posterUrl": "http://localhost:8000/api/images/posters/10.svg",
                "credit": {"characterName": "Neo", "castOrder": 0},
            }
        ],
    },
)
ACTOR_CREATE_EXAMPLE = OpenApiExample(
    "A new actor",
    request_only=True,
    value={
        "tmdbId": 5152285,
        "imdbId": "nm9999999",
        "actorName": "Anna Petrova",
        "biography": "Born in Moscow…",
        "birthday": "1990-04-12",
        "deathday": None,
        "placeOfBirth": "Moscow, Russia",
        "popularity": 3.2,
        "profilePictureUrl": "",
    },
)
ADD_TO_MOVIE_EXAMPLE = OpenApiExample(
    "Lead role",
    request_only=True,
    value={"movieId": 442417, "characterName": "Sample Actor", "castOrder": 0},
)
