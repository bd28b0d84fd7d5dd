"""Admin list filters and paginator every app's admin may use (docs/admin.md)."""

from __future__ import annotations

import datetime

from django.contrib import admin
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.functional import cached_property


class DateRangeFilter(admin.FieldListFilter):
    """A from/to pair of dates (both inclusive, days in the site's time zone) for a
    DateTimeField, as `<field>__from` and `<field>__to` in the query string. A value that is
    not a date is ignored rather than answered with the admin's "?e=1" error page."""

    template = "admin/reelfake/date_range_filter.html"

    def __init__(self, field, request, params, model, model_admin, field_path):
        self.parameter_from = f"{field_path}__from"
        self.parameter_to = f"{field_path}__to"
        super().__init__(field, request, params, model, model_admin, field_path)

    def expected_parameters(self):
        return [self.parameter_from, self.parameter_to]

    def _date(self, parameter) -> datetime.date | None:
        value = self.used_parameters.get(parameter)
        if isinstance(value, list):
            value = value[-1] if value else None
        try:
            return parse_date(value) if isinstance(value, str) else None
        except ValueError:  # well formed but not a day, such as 2025-02-30
            return None

    def _midnight(self, day: datetime.date) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))

    def queryset(self, request, queryset):
        start, end = self._date(self.parameter_from), self._date(self.parameter_to)
        if start is not None:
            queryset = queryset.filter(**{f"{self.field_path}__gte": self._midnight(start)})
        if end is not None:
            next_day = self._midnight(end + datetime.timedelta(days=1))
            queryset = queryset.filter(**{f"{self.field_path}__lt": next_day})
        return queryset

    def choices(self, changelist):
        own = set(self.expected_parameters())
        start, end = self._date(self.parameter_from), self._date(self.parameter_to)
        yield {
            "parameter_from": self.parameter_from,
            "parameter_to": self.parameter_to,
            "value_from": start.isoformat() if start else "",
            "value_to": end.isoformat() if end else "",
            "hidden": [
                (key, value)
                for key, values in changelist.params.items()
                if key not in own and key != "p"
                for value in (values if isinstance(values, list) else [values])
            ],
            "clear_url": changelist.get_query_string(remove=list(own)),
            "active": start is not None or end is not None,
        }


class CountedPaginator(Paginator):
    """Paginates without counting a million rows: `known_count` (set by the admin when it
    has an exact count for free, such as a trigger-kept total) is used as is; otherwise the
    rows are counted up to CAP, and beyond it the count is a lower bound that the pagination
    and search templates show as "more than CAP" (`count_is_lower_bound`)."""

    # Above the rentals of any one store in the large seed, so a manager's counts are exact.
    CAP = 20_000

    def __init__(self, *args, known_count: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.known_count = known_count
        self.count_is_lower_bound = False

    @cached_property
    def count(self):
        if self.known_count is not None:
            return self.known_count
        # Unordered: counting needs no sort, only the first CAP + 1 matching rows.
        counted = self.object_list.order_by()[: self.CAP + 1].count()
        if counted > self.CAP:
            self.count_is_lower_bound = True
            return self.CAP
        return counted

    def _get_page(self, object_list, number, paginator):
        """A page past the first reads its ids first (an index-only walk past the offset)
        and then only those rows with their joins, rather than joining every skipped row."""
        if isinstance(object_list, QuerySet) and object_list.query.low_mark > 0:
            ids = list(object_list.values_list("pk", flat=True))
            object_list = self.object_list.filter(pk__in=ids)
        return super()._get_page(object_list, number, paginator)
