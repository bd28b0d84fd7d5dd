"""Query parameters of the catalog lists, parsed and validated.

Each parser raises the contract's 400 for its parameter; the views call them in the
contract's order, so the first failure wins. A parameter sent twice (`genres=a&genres=b`) or
in bracket form (`genres[]=a`, which Express would have turned into an array) is invalid for
the parameter it names.
"""

from __future__ import annotations

import datetime
import json
import math
import re
from dataclasses import dataclass, field

from django.db.models import F, Q, QuerySet
from django.db.models.functions import Lower

from movies.models import Genre, MovieLanguage
from places.models import Country
from reelfake.db.lookups import ILike, like_pattern
from reelfake.exceptions import ApplicationError

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

MSG_RELEASE_DATE_FORMAT = "Release date must be in format YYYY-MM-DD"
MSG_BIRTHDAY_FORMAT = "Birth date must be in format YYYY-MM-DD"
MSG_DEATHDAY_FORMAT = "Death date must be in format YYYY-MM-DD"
MSG_Q_TOO_LONG = "Search query q must be at most {max} characters long"
Q_MAX_LENGTH = 100
TRUTHY = {"true", "yes", "1"}
FALSY = {"false", "no", "0"}

# re.ASCII: \d is [0-9], not every script's digits (docs/security.md "Numbers").
_DATE_RE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$", re.ASCII)
_NUMBER_RE = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$", re.ASCII)


def invalid_message(label: str) -> str:
    return f"Invalid {label} provided in query"


def single_value(params, name: str, message: str) -> str | None:
    """The one value of a query parameter, None when absent. Repeated or bracketed → 400.
    (A NUL never gets here: reelfake.middleware.RejectNulMiddleware answers it first.)"""
    values = params.getlist(name)
    if len(values) > 1 or any(key.startswith(f"{name}[") for key in params):
        raise ApplicationError(message)
    return values[0] if values else None


def parse_flag(params, name: str, message: str) -> bool:
    """`true|yes|1` → True, `false|no|0` or absent → False (case-insensitive, trimmed)."""
    raw = single_value(params, name, message)
    if raw is None:
        return False
    value = raw.strip().lower()
    if value in TRUTHY:
        return True
    if value in FALSY:
        return False
    raise ApplicationError(message)


# Token lists -------------------------------------------------------------------------------


@dataclass
class TokenList:
    """A comma list (`match="any"`) or a JSON array (`match="all"`) of tokens."""

    match: str
    tokens: list


def parse_token_list(params, name: str, *, allow_array: bool = True) -> TokenList | None:
    raw = single_value(params, name, invalid_message(name))
    if raw is None or raw == "":
        return None
    starts, ends = raw.startswith("["), raw.endswith("]")
    if starts != ends:
        raise ApplicationError(invalid_message(name))
    if starts:
        if not allow_array:
            raise ApplicationError(invalid_message(name))
        try:
            items = json.loads(raw)
        except (ValueError, RecursionError):  # RecursionError: thousands of nested [
            raise ApplicationError(invalid_message(name)) from None
        if not isinstance(items, list):
            raise ApplicationError(invalid_message(name))
        return TokenList("all", items)
    return TokenList("any", [token.strip() for token in raw.split(",") if token.strip()])


def _token_text(token) -> str:
    return token if isinstance(token, str) else json.dumps(token)


def resolve_tokens(token_list: TokenList, known: dict[str, int | None], name: str) -> list:
    """Ids for the tokens (`known` maps lower-case token → id, None when the token is valid
    but has no row). Unknown or non-string tokens → 400 "[a,b] are invalid <name>"."""
    invalid = [
        _token_text(token)
        for token in token_list.tokens
        if not isinstance(token, str) or token.strip().lower() not in known
    ]
    if invalid:
        raise ApplicationError(f"[{','.join(invalid)}] are invalid {name}")
    ids = []
    for token in token_list.tokens:
        value = known[token.strip().lower()]
        if value not in ids:
            ids.append(value)
    return ids


def _string_tokens(token_list: TokenList) -> list[str]:
    return [t.strip().lower() for t in token_list.tokens if isinstance(t, str)]


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


# Ranges ------------------------------------------------------------------------------------


@dataclass
class Range:
    """`v` → equal to v; `a,b` → between, inclusive; `a,` → ≥ a; `,b` → ≤ b."""

    low: object = None
    high: object = None
    equal: object = None

    def q(self, column: str) -> Q:
        if self.equal is not None:
            return Q(**{column: self.equal})
        q = Q()
        if self.low is not None:
            q &= Q(**{f"{column}__gte": self.low})
        if self.high is not None:
            q &= Q(**{f"{column}__lte": self.high})
        return q


def parse_range(raw: str, *, parse_part, parts_message: str) -> Range | None:
    parts = raw.split(",")
    if len(parts) > 2:
        raise ApplicationError(parts_message)
    if len(parts) == 1:
        value = parts[0].strip()
        return Range(equal=parse_part(value)) if value else None
    low, high = (part.strip() for part in parts)
    if not low and not high:
        return None
    return Range(
        low=parse_part(low) if low else None,
        high=parse_part(high) if high else None,
    )


def date_parser(message: str):
    def parse(value: str) -> datetime.date:
        if not _DATE_RE.match(value):
            raise ApplicationError(message)
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:  # 2021-02-30 and other impossible dates
            raise ApplicationError(message) from None

    return parse


def number_parser(message: str):
    def parse(value: str) -> float:
        if not _NUMBER_RE.match(value) or not math.isfinite(float(value)):
            raise ApplicationError(message)
        return float(value)

    return parse


def range_param(params, name: str, *, parse_part, parts_message: str) -> Range | None:
    raw = single_value(params, name, parts_message)
    if raw is None or raw.strip() == "":
        return None
    return parse_range(raw, parse_part=parse_part, parts_message=parts_message)


def text_param(params, name: str, label: str) -> str | None:
    """An ILIKE pattern. A pattern ending in a lone backslash (the escape character) is an
    error in PostgreSQL; that backslash is taken literally instead."""
    raw = single_value(params, name, invalid_message(label))
    return like_pattern(raw) if raw else None


# Sorting and search ------------------------------------------------------------------------


MSG_INVALID_SORT = "Invalid sort provided in query"
NULLABLE_SORT_COLUMNS = {"birthday"}


def parse_sort(params, allowed: dict[str, str]) -> list:
    """`sort=-popularity,title` → order_by expressions; `allowed` maps the wire name to the
    column. Unknown names → 400 naming the allowed ones. Nulls always sort last. The id is
    appended as the tie-breaker so pages never overlap."""
    raw = single_value(params, "sort", MSG_INVALID_SORT)
    if raw is None or raw.strip() == "":
        return []
    items = [item.strip() for item in raw.split(",") if item.strip()]
    unknown = [item for item in items if item.removeprefix("-") not in allowed]
    if unknown:
        raise ApplicationError(
            f"[{','.join(unknown)}] are invalid sort fields. Allowed fields: "
            f"{', '.join(allowed)} (prefix a field with - for descending order)"
        )
    ordering, seen = [], set()
    for item in items:
        name = item.removeprefix("-")
        if name in seen:
            continue
        seen.add(name)
        column = F(allowed[name])
        # Nulls last either way; NOT NULL columns keep the plain form so indexes match.
        nulls_last = True if allowed[name] in NULLABLE_SORT_COLUMNS else None
        ordering.append(
            column.desc(nulls_last=nulls_last)
            if item.startswith("-")
            else column.asc(nulls_last=nulls_last)
        )
    if "id" not in seen:
        ordering.append(F("id").asc())
    return ordering


def parse_search(params) -> str | None:
    raw = single_value(params, "q", invalid_message("q"))
    if raw is None or raw.strip() == "":
        return None
    value = " ".join(raw.split())
    if len(value) > Q_MAX_LENGTH:
        raise ApplicationError(MSG_Q_TOO_LONG.format(max=Q_MAX_LENGTH))
    return value


def like_escape(text: str) -> str:
    """Plain text for use inside an ILIKE pattern (search terms are text, not patterns)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


# The two lists -----------------------------------------------------------------------------

MOVIE_SORT_FIELDS = {
    "id": "id",
    "title": "title",
    "releaseDate": "release_date",
    "popularity": "popularity",
    "ratingAverage": "rating_average",
    "ratingCount": "rating_count",
    "runtime": "runtime",
}
ACTOR_SORT_FIELDS = {
    "id": "id",
    "actorName": "actor_name",
    "popularity": "popularity",
    "birthday": "birthday",
}

MOVIE_FILTER_PARAMS = ("genres", "countries", "languages", "release_date", "rating", "title")
ACTOR_FILTER_PARAMS = ("name", "place_of_birth", "birthday", "deathday", "popularity")


@dataclass
class MovieFilter:
    """GET /api/movies filters, validated in the contract's order (after `page`)."""

    conditions: list = field(default_factory=list)
    matches_nothing: bool = False
    ordering: list = field(default_factory=list)
    search: str | None = None

    @classmethod
    def from_params(cls, params) -> MovieFilter:
        found = cls()
        genres = parse_token_list(params, "genres")
        if genres is not None:
            known = genre_ids_by_token(_string_tokens(genres))
            found._add_array("genre_ids", genres, resolve_tokens(genres, known, "genres"))
        countries = parse_token_list(params, "countries")
        if countries is not None:
            known = country_ids_by_code(_string_tokens(countries))
            ids = resolve_tokens(countries, known, "countries")
            found._add_array("origin_country_ids", countries, ids)
        languages = parse_token_list(params, "languages", allow_array=False)
        if languages is not None and languages.tokens:
            known = language_ids_by_code(_string_tokens(languages))
            found.conditions.append(
                Q(language_id__in=resolve_tokens(languages, known, "languages"))
            )
        release = range_param(
            params,
            "release_date",
            parse_part=date_parser(MSG_RELEASE_DATE_FORMAT),
            parts_message=invalid_message("release date"),
        )
        if release is not None:
            found.conditions.append(release.q("release_date"))
        rating = range_param(
            params,
            "rating",
            parse_part=number_parser(invalid_message("rating")),
            parts_message=invalid_message("rating"),
        )
        if rating is not None:
            found.conditions.append(rating.q("rating_average"))
        title = text_param(params, "title", "title")
        if title is not None:
            found.conditions.append(ILike(F("title"), title))
        found.ordering = parse_sort(params, MOVIE_SORT_FIELDS)
        found.search = parse_search(params)
        return found

    def _add_array(self, column: str, token_list: TokenList, ids: list) -> None:
        if not token_list.tokens:
            return  # `[]` or only empty items: nothing to match against
        if token_list.match == "all":
            if None in ids:  # a valid token whose row is missing can never be contained
                self.matches_nothing = True
                return
            self.conditions.append(Q(**{f"{column}__contains": ids}))
        else:
            present = [i for i in ids if i is not None]
            if not present:
                self.matches_nothing = True
                return
            self.conditions.append(Q(**{f"{column}__overlap": present}))

    def apply(self, queryset: QuerySet) -> QuerySet:
        if self.matches_nothing:
            return queryset.none()
        for condition in self.conditions:
            queryset = queryset.filter(condition)
        return queryset


@dataclass
class ActorFilter:
    """GET /api/actors filters, validated in the contract's order (after `page`)."""

    conditions: list = field(default_factory=list)
    ordering: list = field(default_factory=list)
    search: str | None = None

    @classmethod
    def from_params(cls, params) -> ActorFilter:
        found = cls()
        name = text_param(params, "name", "name")
        if name is not None:
            found.conditions.append(ILike(F("actor_name"), name))
        place = text_param(params, "place_of_birth", "place of birth")
        if place is not None:
            found.conditions.append(ILike(F("place_of_birth"), place))
        birthday = range_param(
            params,
            "birthday",
            parse_part=date_parser(MSG_BIRTHDAY_FORMAT),
            parts_message=invalid_message("birth date"),
        )
        if birthday is not None:
            found.conditions.append(birthday.q("birthday"))
        deathday = range_param(
            params,
            "deathday",
            parse_part=date_parser(MSG_DEATHDAY_FORMAT),
            parts_message=invalid_message("death date"),
        )
        if deathday is not None:
            found.conditions.append(deathday.q("deathday"))
        popularity = range_param(
            params,
            "popularity",
            parse_part=number_parser(invalid_message("actor popularity")),
            parts_message=invalid_message("actor popularity"),
        )
        if popularity is not None:
            found.conditions.append(popularity.q("popularity"))
        found.ordering = parse_sort(params, ACTOR_SORT_FIELDS)
        found.search = parse_search(params)
        return found

    def apply(self, queryset: QuerySet) -> QuerySet:
        for condition in self.conditions:
            queryset = queryset.filter(condition)
        return queryset
