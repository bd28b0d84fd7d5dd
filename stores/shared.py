"""Pieces the store and rental routes share: ids in paths and bodies, the optional `page` on
lists the contract leaves unpaginated (P23), and constraint violations turned into the
contract's answers (P12)."""

from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, inline_serializer
from rest_framework import serializers

from reelfake.exceptions import ApplicationError
from reelfake.ids import int_from_json
from reelfake.pagination import LenientPagination, ListPage, items_response
from reelfake.rows import RowShape

MSG_NUL = "Text values cannot contain NUL characters"


def reject_nul(value) -> None:
    """PostgreSQL text cannot hold NUL: a body string with one is a 400, not a driver error
    (500). Checks nested objects and lists."""
    if isinstance(value, str):
        if "\x00" in value:
            raise ApplicationError(MSG_NUL)
    elif isinstance(value, dict):
        for item in value.values():
            reject_nul(item)
    elif isinstance(value, list):
        for item in value:
            reject_nul(item)


def path_id(raw: str, message: str) -> int:
    """An id from the path; not an integer → 400 `message`. Unknown ids (0, negative, too
    large) are left to the lookup, which finds nothing."""
    value = int_from_json(raw)
    if value is None:
        raise ApplicationError(message)
    return value


def id_parameter(name: str = "id", description: str = "") -> OpenApiParameter:
    return OpenApiParameter(name, int, OpenApiParameter.PATH, description=description)


PAGE_PARAMETER = OpenApiParameter(
    "page",
    str,
    description=(
        "Optional (P23): without it the whole list comes back as before; with it, that page "
        "of 50 (integer >= 1, `first` or `last`) plus a `pagination` object."
    ),
)


def optional_page_response(
    request, queryset: QuerySet, shape: RowShape, *, key: str = "items", view=None
):
    """The contract's unpaginated `{key: [...], "length": n}` body; with a `page` parameter,
    that page of 50 plus the shared `pagination` object (P23: the default shape stays).
    Items are `shape`'s (reelfake/rows.py), built from values() rows of its columns."""
    if "page" not in request.GET:
        return items_response(shape.of(queryset, request), key=key)
    paginator = LenientPagination()
    # The page's ids first (filters and order only), then those rows with their joins.
    rows = ListPage(keys=queryset, rows=shape.rows_like(queryset))
    page = paginator.paginate_queryset(rows, request, view)
    response = paginator.get_paginated_response(shape.many(page, request))
    if key != "items":
        body = response.data
        response.data = {key: body.pop("items"), **body}
    return response


def optional_page_schema(name: str, item_serializer, *, key: str = "items"):
    """OpenAPI shape of optional_page_response: `pagination` is present only with `page`."""
    return inline_serializer(
        name,
        {
            key: item_serializer(many=True),
            "length": serializers.IntegerField(),
            "pagination": serializers.DictField(
                required=False, help_text="Only when `page` is sent: the shared pagination."
            ),
        },
    )
