"""Row validation: CSV cells → movie column values, or the contract's reasons.

A row that passes here is accepted by the insert (W13): every rule of the `movie` table
(types, lengths, ranges, numeric precision, not-null, unique ids) is checked first, and ids,
or a title and overview, already taken — in the database or by an earlier row of the same
file — are reported."""

from __future__ import annotations

import datetime
import math
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db import connection

from movies.models import Genre, Movie, MovieLanguage
from movies.services import MSG_MOVIE_DUPLICATE, movie_title_key, movie_titles_taken
from places.models import Country
from uploads.csvfile import Record

INT32_MAX = 2**31 - 1
INT64_MAX = 2**63 - 1
# numeric(4,2): at most 99.99 once rounded to cents.
NUMERIC_4_2_MAX = Decimal("99.99")
CENTS = Decimal("0.01")

# Genre tokens that are not simply a genre's name (case-insensitive), per the contract.
GENRE_ALIASES = {
    "science_fiction": "science fiction",
    "sci_fi": "science fiction",
    "tv_movie": "tv movie",
}

# re.ASCII: \d is [0-9], not every script's digits, which int(), Decimal() and float() would
# read ("٣" is 3): CSV numbers and dates are ASCII (docs/security.md "Numbers").
_INTEGER = re.compile(r"^[+-]?\d+$", re.ASCII)
_DECIMAL = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$", re.ASCII)
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$", re.ASCII)
_US_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$", re.ASCII)
_LIST = re.compile(r"^\[\s*(?:(['\"])[^'\"]*\1\s*(?:,\s*(['\"])[^'\"]*\2\s*)*)?\]$")
_LIST_ITEM = re.compile(r"(['\"])([^'\"]*)\1")
# An absolute http(s) URL with a host name (dotted, localhost or IPv6) and no spaces.
_URL = re.compile(
    r"^https?://(?:[^\s/?#@:]+(?::[^\s/?#@]*)?@)?"
    r"(?:localhost|[^\s/?#:@.]+(?:\.[^\s/?#:@.]+)+|\[[0-9a-fA-F:.]+\])"
    r"(?::\d{1,5})?(?:[/?#]\S*)?$",
    re.IGNORECASE,
)


def field_error(attribute: str, value: str, message: str) -> str:
    return f"({attribute}: {value}) {message}"


def _len_error(attribute: str, value: str) -> str:
    return field_error(attribute, value, f"Validation len on {attribute} failed")


def _min_error(attribute: str, value: str) -> str:
    return field_error(attribute, value, f"Validation min on {attribute} failed")


def _max_error(attribute: str, value: str) -> str:
    return field_error(attribute, value, f"Validation max on {attribute} failed")


def _not_numeric(attribute: str, value: str) -> str:
    return field_error(attribute, value, f"Validation isNumeric on {attribute} failed")


def _not_empty(attribute: str, value: str) -> str:
    return field_error(attribute, value, f"Validation notEmpty on {attribute} failed")


def msg_tmdb_taken(tmdb_id: int) -> str:
    return f"The tmdb_id {tmdb_id} already exist"


def msg_imdb_taken(imdb_id: str) -> str:
    return f"The imdb_id {imdb_id} already exist"


MSG_TMDB_NOT_UNIQUE = "(tmdb_id) tmdb_id must be unique"
MSG_IMDB_NOT_UNIQUE = "(imdb_id) imdb_id must be unique"


@dataclass(frozen=True)
class Lookups:
    """Genre, country and language ids by lower-case token, read once per file."""

    genres: dict[str, int]
    countries: dict[str, int]
    languages: dict[str, int]


def lookups_load() -> Lookups:
    genres = {name.lower(): id_ for id_, name in Genre.objects.values_list("id", "genre_name")}
    for alias, name in GENRE_ALIASES.items():
        if name in genres:
            genres[alias] = genres[name]
    countries = {
        code.lower(): id_ for id_, code in Country.objects.values_list("id", "iso_country_code")
    }
    languages = {
        code.lower(): id_
        for id_, code in MovieLanguage.objects.values_list("id", "iso_language_code")
    }
    return Lookups(genres=genres, countries=countries, languages=languages)


@dataclass
class RowResult:
    """What became of one row: `values` (movie columns) when it passed, else `reasons`."""

    row_number: int
    ok: bool
    reasons: list[str] | None = None
    values: dict | None = field(default=None, repr=False)
    movie_id: int | None = None

    def fail(self, reasons: list[str]) -> None:
        self.ok = False
        self.reasons = reasons
        self.values = None


class _Row:
    """Collects the cleaned values and the reasons of one row, column by column."""

    def __init__(self, cells: dict[str, str]):
        self.cells = cells
        self.values: dict = {}
        self.reasons: list[str] = []

    def raw(self, column: str) -> str:
        return self.cells[column]

    def text(self, column: str) -> str:
        return self.cells[column].strip()

    def integer(self, column, attribute, *, not_number, minimum, maximum, default=None):
        value = self.text(column)
        if value == "" and default is not None:
            return default
        if not _INTEGER.match(value):
            self.reasons.append(not_number)
            return None
        number = int(value)
        if number < minimum:
            self.reasons.append(_min_error(attribute, self.raw(column)))
            return None
        if number > maximum:
            self.reasons.append(_max_error(attribute, self.raw(column)))
            return None
        return number

    def cents(self, column, attribute, *, maximum: Decimal, default=None):
        """A numeric(4,2) value, rounded to cents as PostgreSQL stores it."""
        value = self.text(column)
        if value == "" and default is not None:
            return default
        if not _DECIMAL.match(value):
            self.reasons.append(_not_numeric(attribute, self.raw(column)))
            return None
        try:
            number = Decimal(value).quantize(CENTS, rounding=ROUND_HALF_UP)
        except InvalidOperation:  # more digits than the context holds
            self.reasons.append(_max_error(attribute, self.raw(column)))
            return None
        if number < 0:
            self.reasons.append(_min_error(attribute, self.raw(column)))
            return None
        if number > maximum:
            self.reasons.append(_max_error(attribute, self.raw(column)))
            return None
        return number

    def required_text(self, column, attribute, *, max_length):
        value = self.text(column)
        if value == "":
            self.reasons.append(_not_empty(attribute, self.raw(column)))
            return None
        if len(value) > max_length:
            self.reasons.append(_len_error(attribute, self.raw(column)))
            return None
        return value

    def token_list(self, column, known: dict[str, int], message: str):
        raw = self.raw(column)
        value = raw.strip()
        ids: list[int] = []
        if _LIST.match(value):
            for _, token in _LIST_ITEM.findall(value):
                id_ = known.get(token.strip().lower())
                if id_ is None:
                    break
                if id_ not in ids:
                    ids.append(id_)
            else:
                return ids
        self.reasons.append(field_error(column, raw, message))
        return None


def _parse_date(value: str) -> datetime.date | None:
    if match := _ISO_DATE.match(value):
        year, month, day = (int(part) for part in match.groups())
    elif match := _US_DATE.match(value):
        month, day, year = (int(part) for part in match.groups())
    else:
        return None
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def row_validate(record: Record, lookups: Lookups) -> RowResult:
    """Field validation of one row (no database access)."""
    if record.cells is None:
        return RowResult(record.row_number, False, [record.shape_error])
    row = _Row(record.cells)
    values = row.values

    values["tmdb_id"] = row.integer(
        "tmdb_id",
        "tmdbId",
        not_number=field_error("tmdbId", row.raw("tmdb_id"), "The tmdb_id is not a number"),
        minimum=1,
        maximum=INT64_MAX,
    )
    imdb_id = row.text("imdb_id")
    if len(imdb_id) > 60:
        row.reasons.append(_len_error("imdbId", row.raw("imdb_id")))
    values["imdb_id"] = imdb_id or None
    values["title"] = row.required_text("title", "title", max_length=255)
    values["original_title"] = row.required_text("original_title", "originalTitle", max_length=255)
    values["overview"] = row.text("overview")
    values["runtime"] = row.integer(
        "runtime",
        "runtime",
        not_number=field_error("runtime", row.raw("runtime"), "The runtime is not a number"),
        minimum=0,
        maximum=INT32_MAX,
        default=0,
    )
    values["release_date"] = _parse_date(row.text("release_date"))
    if values["release_date"] is None:
        row.reasons.append(
            field_error(
                "release_date", row.raw("release_date"), "Expecting a date in format YYYY-MM-DD"
            )
        )
    values["genre_ids"] = row.token_list("genres", lookups.genres, "The given genres are invalid")
    values["origin_country_ids"] = row.token_list(
        "countries_of_origin", lookups.countries, "The given countries are invalid"
    )
    values["language_id"] = lookups.languages.get(row.text("language").lower())
    if values["language_id"] is None:
        row.reasons.append(field_error("languageId", "NaN", "Validation isIn on languageId failed"))
    values["movie_status"] = row.required_text("movie_status", "movieStatus", max_length=20)
    values["popularity"] = _popularity(row)
    for column in ("budget", "revenue"):
        values[column] = row.integer(
            column,
            column,
            not_number=_not_numeric(column, row.raw(column)),
            minimum=0,
            maximum=INT64_MAX,
        )
    values["rating_average"] = row.cents(
        "rating_average", "ratingAverage", maximum=Decimal("10.00")
    )
    values["rating_count"] = row.integer(
        "rating_count",
        "ratingCount",
        not_number=_not_numeric("ratingCount", row.raw("rating_count")),
        minimum=0,
        maximum=INT32_MAX,
    )
    values["poster_url"] = _poster_url(row)
    values["rental_rate"] = row.cents(
        "rental_rate", "rentalRate", maximum=NUMERIC_4_2_MAX, default=Decimal("20.00")
    )

    if row.reasons:
        return RowResult(record.row_number, False, row.reasons)
    return RowResult(record.row_number, True, values=values)


def _popularity(row: _Row) -> float | None:
    value = row.text("popularity")
    number = float(value) if _DECIMAL.match(value) else math.nan
    if not math.isfinite(number):
        row.reasons.append(_not_numeric("popularity", row.raw("popularity")))
        return None
    if number < 0:
        row.reasons.append(_min_error("popularity", row.raw("popularity")))
        return None
    return number


def _poster_url(row: _Row) -> str:
    value = row.text("poster_url")
    if value == "":
        return value
    if not _URL.match(value):
        row.reasons.append(
            field_error("posterUrl", row.raw("poster_url"), "URL must be a valid URL or empty.")
        )
        return value
    if len(value) > 255:
        row.reasons.append(_len_error("posterUrl", row.raw("poster_url")))
    return value


class RowChecker:
    """Validates rows batch by batch, with one query for the ids and one for the titles
    already in the database.

    It remembers the ids and titles of the rows that passed, so a later row of the same file
    with the same id, or the same title and overview, is reported as taken, whether or not the
    earlier one is inserted yet: validation and upload then agree on every row. The title rule
    is the catalog's own (movies.services.movie_title_key), reported with POST /movies'
    message (docs/uploads.md "Movies written by uploads")."""

    def __init__(self, lookups: Lookups):
        self.lookups = lookups
        self.tmdb_ids: set[int] = set()
        self.imdb_ids: set[str] = set()
        self.title_keys: set[tuple[str, str | None]] = set()

    def check(self, records: list[Record]) -> list[RowResult]:
        results = [row_validate(record, self.lookups) for record in records]
        passed = [result for result in results if result.ok]
        taken_tmdb, taken_imdb = _ids_in_database(passed)
        taken_titles = movie_titles_taken([_title_key(result.values) for result in passed])
        for result in passed:
            tmdb_id, imdb_id = result.values["tmdb_id"], result.values["imdb_id"]
            title_key = _title_key(result.values)
            reasons = []
            # movie_check_unique's order: title and overview first, then the ids.
            if title_key in taken_titles or title_key in self.title_keys:
                reasons.append(MSG_MOVIE_DUPLICATE)
            if tmdb_id in taken_tmdb or tmdb_id in self.tmdb_ids:
                reasons.append(msg_tmdb_taken(tmdb_id))
            if imdb_id is not None and (imdb_id in taken_imdb or imdb_id in self.imdb_ids):
                reasons.append(msg_imdb_taken(imdb_id))
            if reasons:
                result.fail(reasons)
            else:
                self.remember(result.values)
        return results

    def remember(self, values: dict) -> None:
        self.tmdb_ids.add(values["tmdb_id"])
        if values["imdb_id"] is not None:
            self.imdb_ids.add(values["imdb_id"])
        self.title_keys.add(_title_key(values))

    def forget(self, values: dict) -> None:
        self.tmdb_ids.discard(values["tmdb_id"])
        self.imdb_ids.discard(values["imdb_id"])
        self.title_keys.discard(_title_key(values))

    def remember_record(self, record: Record) -> None:
        """An earlier row known to have passed (resuming a job): remember its ids and title."""
        result = row_validate(record, self.lookups)
        if result.ok:
            self.remember(result.values)


def _title_key(values: dict) -> tuple[str, str | None]:
    return movie_title_key(title=values["title"], overview=values["overview"])


def _ids_in_database(passed: list[RowResult]) -> tuple[set[int], set[str]]:
    if not passed:
        return set(), set()
    tmdb_ids = [result.values["tmdb_id"] for result in passed]
    imdb_ids = [result.values["imdb_id"] for result in passed if result.values["imdb_id"]]
    # Two array parameters rather than an IN list: one short statement per batch.
    table = Movie._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT tmdb_id, imdb_id FROM {table} "
            "WHERE tmdb_id = ANY(%s::bigint[]) OR imdb_id = ANY(%s::varchar[])",
            [tmdb_ids, imdb_ids],
        )
        rows = cursor.fetchall()
    return {tmdb_id for tmdb_id, _ in rows}, {imdb_id for _, imdb_id in rows}
