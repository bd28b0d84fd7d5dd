"""Query parameters of the catalog lists: django-filter FilterSets.

Each filter reads its one parameter through QueryValueWidget and parses it in its form
field, raising the contract's 400 for that parameter; the form cleans its fields in the
order they are declared, which is the contract's order (docs/decisions.md "Order of
checks"), so the first failure wins. A parameter sent twice (`genres=a&genres=b`) or in
bracket form (`genres[]=a`, which Express would have turned into an array) is invalid for the
parameter it names.
"""

from __future__ import annotations

import copy
import datetime
import json
import math
import re
from dataclasses import dataclass

import django_filters
from django import forms
from django.db.models import F, Q, QuerySet
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from movies.models import Actor, Movie
from movies.selectors import actor_search, movie_search
from movies.tokens import (
    country_ids_by_code,
    genre_ids_by_token,
    language_ids_by_code,
)
from reelfake.db.lookups import ILike, like_pattern
from reelfake.exceptions import ApplicationError

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


# Reading one parameter ----------------------------------------------------------------------


class QueryValueWidget(forms.Widget):
    """The raw value of one query parameter (single_value()): absent → None, repeated or
    bracketed → `message`'s 400."""

    def __init__(self, message: str):
        super().__init__()
        self.message = message

    def value_from_datadict(self, data, files, name):
        return single_value(data, name, self.message)

    def value_omitted_from_data(self, data, files, name):
        return name not in data


class ParsedField(forms.Field):
    """A form field whose `parse(raw)` gives the filter's value (None: no filter) or raises
    the contract's 400 (an ApplicationError, which the form does not catch: the first
    failing parameter answers)."""

    def __init__(self, *, parse, message: str, **kwargs):
        kwargs["widget"] = QueryValueWidget(message)
        super().__init__(**kwargs)
        self.parse = parse

    def clean(self, value):
        return None if value is None else self.parse(value)

    def __deepcopy__(self, memo):
        # Each form copies its fields; nothing here (widget included: never rendered) changes
        # per form, so a shallow copy serves.
        return copy.copy(self)


# A string parameter in the OpenAPI document (the views describe each one: schema_docs.py).
@extend_schema_field(OpenApiTypes.STR)
class QueryFilter(filters.Filter):
    """A filter on one parameter, parsed by `parse` with the contract's `message` for a
    repeated or bracketed one; `apply(queryset, value)` filters by the parsed value."""

    field_class = ParsedField

    def __init__(self, *, parse, message: str, apply=None, **kwargs):
        super().__init__(parse=parse, message=message, **kwargs)
        self.apply = apply

    def filter(self, qs, value):
        return qs if value is None else self.apply(qs, self.field_name, value)

    def __deepcopy__(self, memo):
        # Every FilterSet instance deep-copies its filters (for their `parent`); this one's
        # attributes are never changed after declaration, so a shallow copy serves, with its
        # own FilterMethod when it has a method (which must find this copy's parent).
        copied = copy.copy(self)
        if self.method is not None:
            copied.method = self.method
        return copied


# Token lists -------------------------------------------------------------------------------


@dataclass
class TokenList:
    """A comma list (`match="any"`) or a JSON array (`match="all"`) of tokens."""

    match: str
    tokens: list


def parse_token_list(raw: str, name: str, *, allow_array: bool = True) -> TokenList | None:
    if raw == "":
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


@dataclass
class Ids:
    """Resolved tokens: `match` "any" (overlap) or "all" (contains); None ids are valid
    tokens without a row."""

    match: str
    ids: list


def ids_parser(name: str, lookup, *, allow_array: bool = True):
    """Parse a token list and resolve its tokens with `lookup(tokens) → {token: id}`, in the
    same step, so an unknown token answers before the next parameter is read."""

    def parse(raw: str) -> Ids | None:
        token_list = parse_token_list(raw, name, allow_array=allow_array)
        if token_list is None:
            return None
        ids = resolve_tokens(token_list, lookup(_string_tokens(token_list)), name)
        return Ids(token_list.match, ids) if token_list.tokens else None

    return parse


def filter_id_array(queryset: QuerySet, column: str, value: Ids) -> QuerySet:
    """An integer-array column holding all the ids (`all`) or any of them (`any`). A valid
    token whose row is missing can never be contained; none present → nothing matches."""
    if value.match == "all":
        if None in value.ids:
            return queryset.none()
        return queryset.filter(**{f"{column}__contains": value.ids})
    present = [i for i in value.ids if i is not None]
    if not present:
        return queryset.none()
    return queryset.filter(**{f"{column}__overlap": present})


def filter_id_in(queryset: QuerySet, column: str, value: Ids) -> QuerySet:
    return queryset.filter(**{f"{column}__in": value.ids})


def token_filter(name: str, lookup, *, field_name: str, apply=filter_id_array, **kwargs):
    return QueryFilter(
        field_name=field_name,
        parse=ids_parser(name, lookup, **kwargs),
        message=invalid_message(name),
        apply=apply,
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
    if raw.strip() == "":
        return None
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


def _filter_range(queryset: QuerySet, column: str, value: Range) -> QuerySet:
    return queryset.filter(value.q(column))


def range_filter(field_name: str, *, parse_part, parts_message: str) -> QueryFilter:
    return QueryFilter(
        field_name=field_name,
        parse=lambda raw: parse_range(raw, parse_part=parse_part, parts_message=parts_message),
        message=parts_message,
        apply=_filter_range,
    )


def date_range_filter(field_name: str, *, label: str, format_message: str) -> QueryFilter:
    return range_filter(
        field_name, parse_part=date_parser(format_message), parts_message=invalid_message(label)
    )


def number_range_filter(field_name: str, *, label: str) -> QueryFilter:
    message = invalid_message(label)
    return range_filter(field_name, parse_part=number_parser(message), parts_message=message)


# Text patterns -----------------------------------------------------------------------------


def _filter_ilike(queryset: QuerySet, column: str, pattern: str) -> QuerySet:
    return queryset.filter(ILike(F(column), pattern))


def pattern_filter(field_name: str, *, label: str) -> QueryFilter:
    """An ILIKE pattern as sent (empty: no filter). A pattern ending in a lone backslash (the
    escape character) is an error in PostgreSQL; that backslash is taken literally instead."""
    return QueryFilter(
        field_name=field_name,
        parse=lambda raw: like_pattern(raw) if raw else None,
        message=invalid_message(label),
        apply=_filter_ilike,
    )


# Sorting and search ------------------------------------------------------------------------


MSG_INVALID_SORT = "Invalid sort provided in query"
NULLABLE_SORT_COLUMNS = {"birthday"}


def parse_sort(raw: str, allowed: dict[str, str]) -> list | None:
    """`sort=-popularity,title` → order_by expressions; `allowed` maps the wire name to the
    column. Unknown names → 400 naming the allowed ones. Nulls always sort last. The id is
    appended as the tie-breaker so pages never overlap."""
    if raw.strip() == "":
        return None
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
    return ordering or None


def _order_by(queryset: QuerySet, column: str, ordering: list) -> QuerySet:
    return queryset.order_by(*ordering)


def sort_filter(allowed: dict[str, str]) -> QueryFilter:
    return QueryFilter(
        parse=lambda raw: parse_sort(raw, allowed),
        message=MSG_INVALID_SORT,
        apply=_order_by,
    )


def parse_search(raw: str) -> str | None:
    if raw.strip() == "":
        return None
    value = " ".join(raw.split())
    if len(value) > Q_MAX_LENGTH:
        raise ApplicationError(MSG_Q_TOO_LONG.format(max=Q_MAX_LENGTH))
    return value


def search_filter(method: str) -> QueryFilter:
    return QueryFilter(parse=parse_search, message=invalid_message("q"), method=method)


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


class CatalogFilterSet(django_filters.FilterSet):
    """A FilterSet whose form class is built once per class: django-filter builds it (and a
    form field per filter) on every request, which cost a filtered list more Python time than
    parsing its parameters. The fields depend on nothing but the declarations, and each form
    instance copies them (Django's Form.__init__), so one class serves every request.
    (django_filters.FilterSet, not the rest_framework one: that one only adds crispy-forms
    layouts and defaults for generated filters, and looks up crispy-forms per request.)"""

    def get_form_class(self):
        form_class = type(self).__dict__.get("_form_class")
        if form_class is None:
            form_class = super().get_form_class()
            type(self)._form_class = form_class
        return form_class


class MovieFilter(CatalogFilterSet):
    """GET /api/movies: filters, then `sort`, then `q` (ranked by relevance unless sorted),
    validated in this order (after `page`, which the view checks first)."""

    genres = token_filter("genres", genre_ids_by_token, field_name="genre_ids")
    countries = token_filter("countries", country_ids_by_code, field_name="origin_country_ids")
    languages = token_filter(
        "languages",
        language_ids_by_code,
        field_name="language_id",
        apply=filter_id_in,
        allow_array=False,
    )
    release_date = date_range_filter(
        "release_date", label="release date", format_message=MSG_RELEASE_DATE_FORMAT
    )
    rating = number_range_filter("rating_average", label="rating")
    title = pattern_filter("title", label="title")
    sort = sort_filter(MOVIE_SORT_FIELDS)
    q = search_filter("filter_search")

    class Meta:
        model = Movie
        fields = []

    def filter_search(self, queryset, name, value):
        return movie_search(queryset, value, ranked=self.form.cleaned_data.get("sort") is None)

    @classmethod
    def matching(cls, params) -> QuerySet[Movie] | None:
        """The movies the filters of MOVIE_FILTER_PARAMS select (all of the query is
        validated, `sort` and `q` too), or None when none of them is sent: the movie filters
        of another list (GET /api/stores/{id}/movies)."""
        names = tuple(cls.base_filters)
        if not any(param.startswith(names) for param in params):
            return None  # nothing to validate (reelfake.filtering.FilterBackend's test)
        filterset = cls(params, queryset=Movie.objects.all())
        values = filterset.form.cleaned_data if filterset.form.is_valid() else {}
        queryset = filterset.queryset
        sent = False
        for name in MOVIE_FILTER_PARAMS:
            if values.get(name) is not None:
                sent = True
                queryset = filterset.filters[name].filter(queryset, values[name])
        return queryset if sent else None


class ActorFilter(CatalogFilterSet):
    """GET /api/actors: filters, then `sort`, then `q`, validated in this order (after
    `page`)."""

    name = pattern_filter("actor_name", label="name")
    place_of_birth = pattern_filter("place_of_birth", label="place of birth")
    birthday = date_range_filter("birthday", label="birth date", format_message=MSG_BIRTHDAY_FORMAT)
    deathday = date_range_filter("deathday", label="death date", format_message=MSG_DEATHDAY_FORMAT)
    popularity = number_range_filter("popularity", label="actor popularity")
    sort = sort_filter(ACTOR_SORT_FIELDS)
    q = search_filter("filter_search")

    class Meta:
        model = Actor
        fields = []

    def filter_search(self, queryset, name, value):
        return actor_search(queryset, value, ranked=self.form.cleaned_data.get("sort") is None)
