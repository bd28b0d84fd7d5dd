"""The contract's pagination envelope, built in one place for every list.

{"items": [...], "length": n, "pagination": {"pageNumber", "totalPages", "totalItems",
 "itemsPerPage", "next", "prev", "first", "last"}}

True offset pagination over the (filtered, ordered) queryset: page n holds rows
(n-1)*50 .. n*50-1, `page=last` is the real last page in ascending order, and links are bare
query strings. A page past the last one never reaches the database, however large its number
(an OFFSET past PostgreSQL's bigint was a 500): lists that refuse it answer 404, the others
200 with no items. When a filter is active, links carry every non-empty query parameter except
`page`, in request order and not URL-encoded, exactly as reelfake clients compare them.
"""

from __future__ import annotations

import math
from urllib.parse import parse_qsl

from django.db import connections
from django.db.models import QuerySet
from rest_framework.pagination import BasePagination
from rest_framework.response import Response

from reelfake.db.compiled import values_names
from reelfake.db.row_counts import count_rows
from reelfake.exceptions import ApplicationError
from reelfake.ids import int_from_text

PAGE_SIZE = 50
MSG_INVALID_PAGE = "Invalid page number"
MSG_NO_DATA = "No data found with the given query"
MSG_PAGE_OUT_OF_RANGE = "Page out of range"
MAX_OFFSET = 2**63 - 1  # PostgreSQL's OFFSET is a bigint


def parse_page(request) -> int | str:
    """The requested page: an int >= 1, or "last". Raises the contract's 400 otherwise."""
    values = request.GET.getlist("page")
    if not values:
        return 1
    if len(values) > 1:
        raise ApplicationError(MSG_INVALID_PAGE)
    raw = values[0]
    if raw == "first":
        return 1
    if raw == "last":
        return "last"
    page = int_from_text(raw)
    if page is None or page < 1:
        raise ApplicationError(MSG_INVALID_PAGE)
    return page


def first_row_of(requested: int | str) -> int | None:
    """The offset of a requested page, for lists that read a page before counting; None for
    `last` and for pages whose offset PostgreSQL cannot take (past any list's end: the list
    counts first, then answers past-the-end without reading rows)."""
    if requested == "last":
        return None
    offset = (requested - 1) * PAGE_SIZE
    return offset if offset <= MAX_OFFSET else None


def query_pairs(request) -> list[tuple[str, str]]:
    """The request's query parameters, decoded, in the order they were sent."""
    return parse_qsl(request.META.get("QUERY_STRING", ""), keep_blank_values=True)


def filter_params_of(view) -> set[str]:
    """Query parameters that count as filters for a view: `filter_params`, else the
    filterset's declared filters."""
    declared = getattr(view, "filter_params", None)
    if declared is not None:
        return set(declared)
    filterset_class = getattr(view, "filterset_class", None)
    if filterset_class is not None:
        return set(filterset_class.base_filters)
    return set()


class ListPage:
    """A list for the paginator, which calls count() and slices it.

    The filters, search and sort run once, in `keys` (ids in list order); only the rows of
    the page get the expensive columns (joined names, aggregated arrays), so the count has
    no joins it does not need and a deep page or `page=last` costs no more than page 1.
    `rows` must be ordered like `keys`. Slicing gives one query:
    rows WHERE id IN (keys ORDER BY … LIMIT 50 OFFSET n), in the same order."""

    def __init__(self, *, keys: QuerySet, rows: QuerySet, compiled: dict | None = None):
        """`compiled`: a dict this list keeps for every request (the same keys and rows
        each time, only the window varies: an unfiltered list), in which each page's SQL is
        kept once built, as reelfake/db/compiled.py does for single rows."""
        self.keys = keys
        self.rows = rows
        self.total: int | None = None
        self.compiled = compiled

    def count(self) -> int:
        self.total = count_rows(self.keys)
        return self.total

    def __getitem__(self, window: slice) -> QuerySet | list[dict]:
        """The rows of `window`. Past the middle of the list (once counted), the same ids
        are read from the other end in reverse order: an index skips at most half the
        list, so page=last costs what page 1 does. Every list order ends in a unique
        column (id), so both directions give the same rows."""
        start, stop, total = window.start or 0, window.stop, self.total
        backwards = total is not None and stop is not None and total // 2 < start < total
        if self.compiled is not None:
            return self._compiled_rows(start, stop, total if backwards else None)
        return self._window(start, stop, total if backwards else None)

    def _window(self, start: int, stop: int | None, total: int | None) -> QuerySet:
        if total is not None:
            backwards = self.keys.reverse().values("id")[total - min(stop, total) : total - start]
            return self.rows.filter(id__in=backwards)
        return self.rows.filter(id__in=self.keys.values("id")[start:stop])

    def _compiled_rows(self, start: int, stop: int | None, total: int | None) -> list[dict]:
        key = (start, stop, total)
        found = self.compiled.get(key)
        if found is None:
            query = self._window(start, stop, total).query
            sql, params = query.sql_with_params()
            if len(self.compiled) >= COMPILED_PAGES_MAX:  # totals change with every write
                self.compiled.clear()
            found = self.compiled[key] = (sql, params, values_names(query))
        sql, params, names = found
        with connections[self.rows.db].cursor() as cursor:
            cursor.execute(sql, params)
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


# Pages kept per compiled list (ListPage `compiled`): about 2 kB of SQL each.
COMPILED_PAGES_MAX = 1024


class ReelfakePagination(BasePagination):
    page_size = PAGE_SIZE
    # Movies, actors, customers, staff: no match / past the end → 404. Addresses: 200 [].
    empty_is_not_found = True

    def paginates(self, request) -> bool:
        """Whether this request gets a page (OptionalPagination: only when it sends `page`)."""
        return True

    def paginate_queryset(self, queryset, request, view=None):
        if not self.paginates(request):
            return None
        requested = parse_page(request)
        total = count_rows(queryset)
        if total == 0 and self.empty_is_not_found:
            raise ApplicationError(MSG_NO_DATA, status=404)
        total_pages = math.ceil(total / self.page_size)
        number = max(total_pages, 1) if requested == "last" else requested
        if number > total_pages and self.empty_is_not_found:
            raise ApplicationError(MSG_PAGE_OUT_OF_RANGE, status=404)

        self.request = request
        self.requested = requested
        self.number = number
        self.total = total
        self.total_pages = total_pages
        self.link_suffix = self._link_suffix(request, view)
        if number > total_pages:  # past the end (lenient lists): no rows to read
            return []
        offset = (number - 1) * self.page_size
        return list(queryset[offset : offset + self.page_size])

    def _link_suffix(self, request, view) -> str:
        pairs = [(k, v) for k, v in query_pairs(request) if k != "page" and v != ""]
        filters = filter_params_of(view) if view is not None else set()
        if not any(key in filters for key, _ in pairs):
            return ""
        return "".join(f"&{key}={value}" for key, value in pairs)

    def _link(self, page) -> str:
        return f"?page={page}{self.link_suffix}"

    def get_paginated_response(self, data):
        number = self.number
        is_last = self.requested == "last" or number == self.total_pages or self.total_pages == 0
        return Response(
            {
                "items": data,
                "length": len(data),
                "pagination": {
                    "pageNumber": number,
                    "totalPages": self.total_pages,
                    "totalItems": self.total,
                    "itemsPerPage": self.page_size,
                    "next": None if is_last else self._link(number + 1),
                    "prev": None if number <= 1 else self._link(number - 1),
                    "first": self._link("first"),
                    "last": self._link("last"),
                },
            }
        )

    def get_paginated_response_schema(self, schema):
        link = {"type": "string", "nullable": True, "example": "?page=2"}
        return {
            "type": "object",
            "required": ["items", "length", "pagination"],
            "properties": {
                "items": schema,
                "length": {"type": "integer", "example": 50},
                "pagination": {
                    "type": "object",
                    "properties": {
                        "pageNumber": {"type": "integer", "example": 1},
                        "totalPages": {"type": "integer", "example": 40},
                        "totalItems": {"type": "integer", "example": 1987},
                        "itemsPerPage": {"type": "integer", "example": PAGE_SIZE},
                        "next": link,
                        "prev": link,
                        "first": {"type": "string", "example": "?page=first"},
                        "last": {"type": "string", "example": "?page=last"},
                    },
                },
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": "page",
                "required": False,
                "in": "query",
                "description": "Page number (>= 1), or `first` / `last`. 50 items per page.",
                "schema": {"type": "string", "example": "1"},
            }
        ]


class ItemsEnvelope(BasePagination):
    """For the lists the contract leaves unpaginated: the whole list in the contract's
    {"items": [...], "length": n} body, set on the view as its pagination_class like the
    paged lists. `length_keys` names the count's keys."""

    length_keys = ("length",)

    def paginate_queryset(self, queryset, request, view=None):
        return queryset

    def get_paginated_response(self, data):
        items = list(data)
        return Response({"items": items, **dict.fromkeys(self.length_keys, len(items))})


class LenientPagination(ReelfakePagination):
    """Addresses: no 404 for an empty result or a page past the end (200 with [])."""

    empty_is_not_found = False


class OptionalPagination(LenientPagination):
    """Lists the contract leaves unpaginated (P23, docs/stores.md): without `page` the whole
    list comes back as `{items_key: [...], "length": n}` (RowShapeListMixin); with it, that
    page of 50 plus the shared `pagination` object, the items under the view's `items_key`."""

    def paginates(self, request) -> bool:
        return "page" in request.GET

    def paginate_queryset(self, queryset, request, view=None):
        self.items_key = getattr(view, "items_key", "items")
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        if self.items_key != "items":
            body = response.data
            response.data = {self.items_key: body.pop("items"), **body}
        return response

    def get_schema_operation_parameters(self, view):
        return [
            {
                "in": "query",
                "name": "page",
                "schema": {"type": "string"},
                "description": (
                    "Optional (P23): without it the whole list comes back as before; with it, "
                    "that page of 50 (integer >= 1, `first` or `last`) plus a `pagination` "
                    "object."
                ),
            }
        ]


def items_body(items, *, key: str = "items", length_key: str = "length") -> dict:
    """The contract's unpaginated list body: {"items": [...], "length": n}."""
    items = list(items)
    return {key: items, length_key: len(items)}


def items_response(items, *, key: str = "items", length_key: str = "length") -> Response:
    return Response(items_body(items, key=key, length_key=length_key))
