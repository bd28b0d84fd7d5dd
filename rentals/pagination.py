"""The stats lists' `limit` (docs/stores.md): a required page size, the top `limit` rows of
the ordered list, answered as the contract's unpaginated `{"items": [...], "length": n}`."""

from rest_framework.pagination import BasePagination

from reelfake.pagination import items_response
from rentals.stats import MAX_LIMIT, limit_parse


class StatsLimitPagination(BasePagination):
    def paginate_queryset(self, queryset, request, view=None):
        return list(queryset[: limit_parse(request.GET.getlist("limit"))])

    def get_paginated_response(self, data):
        return items_response(data)

    def get_schema_operation_parameters(self, view):
        return [
            {
                "in": "query",
                "name": "limit",
                "schema": {"type": "string"},
                "description": f"Required; a number from 0 to {MAX_LIMIT} (fractions are rounded).",
                "required": True,
            }
        ]
