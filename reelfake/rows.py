"""DRF serializers applied to values() rows instead of model instances.

A list of 50 nested objects costs DRF about 10-30 ms of Python: model instances for every
joined row, serializer fields deep-copied per nested serializer, attribute walks per value.
`RowShape(SerializerClass)` reads the serializer once per process and turns it into

- `columns`: the values() paths it reads (`source="inventory.movie"` → `inventory__movie__…`),
  so the ORM makes the joins, and
- `one(row, request)` / `many(rows, request)`: the same JSON as the serializer, built from
  those rows by the serializer's own fields' `to_representation`.

The serializer stays the one description of the shape (and of the OpenAPI schema). What a
row shape supports, and refuses at import time otherwise: model fields by `source` (dotted
paths through foreign keys), nested serializers (a whole object is null when the related
row's primary key is: DRF's `None` for a missing relation), AbsoluteUrlField (made absolute
on the request), and SerializerMethodFields that the serializer declares in `row_methods`:
`{"wireName": (("column", …), function)}`, columns relative to that serializer, the function
called with their values. A `many=True` nested serializer reads a column holding a list of
dicts, one per related row, keyed by that serializer's own columns: `rows_of(name, queryset)`
makes that column in the same query, from the related rows' queryset (filtered on
`OuterRef`, ordered), as an array of JSON objects.
"""

from __future__ import annotations

import datetime
import decimal
import re
from collections.abc import Callable, Iterable

from django.contrib.postgres.expressions import ArraySubquery
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Expression, F, Field, Func, QuerySet
from rest_framework import ISO_8601, serializers
from rest_framework.settings import api_settings

from reelfake.db.compiled import _MARKER, PreparedQuery, values_names
from reelfake.db.row_counts import compact_if_needed, count_expression
from reelfake.fields import AbsoluteUrlField, absolute_url
from reelfake.pagination import PAGE_SIZE, ListPage, first_row_of, items_response, parse_page

# Leaf fields whose to_representation returns a database value of their type unchanged
# (str for CharField, int, bool): these values are copied as they are.
_UNCHANGED = {serializers.CharField, serializers.IntegerField, serializers.BooleanField}

_TEXT_COLUMNS = {"CharField", "TextField", "EmailField", "SlugField", "URLField", "CICharField"}

_VALUE, _URL, _CONVERT, _METHOD, _NESTED, _MANY = range(6)


class RowShape:
    def __init__(self, serializer_class: type[serializers.BaseSerializer]):
        self._columns: dict[str, None] = {}
        self._many: dict[str, RowShape] = {}
        # Whether the JSON depends on the request (an AbsoluteUrlField, here or nested).
        self.uses_request = False
        self._steps = self._compile(serializer_class(), "")
        self.columns: tuple[str, ...] = tuple(self._columns)

    def _column(self, path: str) -> str:
        self._columns.setdefault(path)
        return path

    def _compile(self, serializer: serializers.BaseSerializer, prefix: str) -> list[tuple]:
        name = type(serializer).__name__
        methods = getattr(serializer, "row_methods", {})
        steps = []
        for field in serializer.fields.values():
            if field.write_only:
                continue
            key = field.field_name
            if isinstance(field, serializers.SerializerMethodField):
                if key not in methods:
                    raise TypeError(f"{name}.{key}: a method field needs row_methods[{key!r}]")
                paths, function = methods[key]
                columns = tuple(self._column(prefix + path) for path in paths)
                steps.append((_METHOD, key, columns, function))
                continue
            if (
                isinstance(field, serializers.ListSerializer)
                and isinstance(field.child, serializers.Serializer)
                and not prefix
                and field.source != "*"
            ):
                child = RowShape(type(field.child))
                self.uses_request |= child.uses_request
                self._many[field.source] = child
                steps.append((_MANY, key, self._column(field.source), child))
                continue
            if field.source == "*" or isinstance(field, serializers.ListSerializer):
                raise TypeError(f"{name}.{key}: not supported by RowShape")
            path = prefix + "__".join(field.source_attrs)
            if isinstance(field, serializers.BaseSerializer):
                meta = getattr(field, "Meta", None)
                if hasattr(meta, "model"):
                    pk = meta.model._meta.pk.name
                else:  # a model-free serializer: its `id` column when it reads one
                    pk = "id" if "id" in field.fields else "pk"
                present = self._column(f"{path}__{pk}")
                steps.append((_NESTED, key, present, self._compile(field, path + "__")))
            elif isinstance(field, AbsoluteUrlField):
                self.uses_request = True
                steps.append((_URL, key, self._column(path), None))
            elif type(field) in _UNCHANGED and _same_type(serializer, field):
                steps.append((_VALUE, key, self._column(path), None))
            else:
                steps.append((_CONVERT, key, self._column(path), _converter(field)))
        return steps

    def rows_of(self, column: str, related: QuerySet) -> Func:
        """The `column` a many=True nested serializer reads: the rows of `related` (filtered
        on OuterRef, ordered) as one JSON array of JSON objects of its columns, in that order
        (`[]` for none). One json value, so the driver parses it in one json.loads() rather
        than one per row (a movie's cast: 18 calls)."""
        child = self._many[column]
        rows = ArraySubquery(related.values(row=_JsonRow(child.columns)))
        return Func(rows, function="array_to_json", output_field=Field())

    def one(self, row: dict, request=None) -> dict:
        return _shape(self._steps, row, request)

    def many(self, rows: Iterable[dict], request=None) -> list[dict]:
        steps = self._steps
        return [_shape(steps, row, request) for row in rows]

    def of(self, queryset: QuerySet, request=None) -> list[dict]:
        """The items of a queryset (its filters and order), read as rows of `columns`."""
        return self.many(queryset.values(*self.columns), request)

    def rows_like(self, queryset: QuerySet) -> QuerySet:
        """Every row of the queryset's model as `columns`, in its order: the rows of a
        ListPage whose keys are the (filtered) queryset."""
        model, order = queryset.model, queryset.query.order_by
        return model._default_manager.order_by(*order).values(*self.columns)


_COUNTED = "_list_counted"
# Past this many rows a numbered page is left to ListPage, which reads late pages backwards
# instead of skipping rows with OFFSET.
ONE_QUERY_UP_TO = 50 * PAGE_SIZE


class CountedPage(ListPage):
    """A ListPage whose page is known before the count (`first_row`: a numbered page): the
    page's rows and the list's total come back in one query, the total as a scalar subquery
    (reelfake.db.row_counts.count_expression: the trigger-kept count of a whole table, or
    count(*) of the filtered ids), so a page costs one round trip to PostgreSQL. A page past
    the end has no row to carry the total: it is counted on its own, as ListPage does.

    With a `compiled_key` (the same keys and rows for every request, only `first_row`
    varies: an unfiltered list), that query's SQL is built once per key and page and then
    only executed, as a statement each database connection prepares once
    (reelfake.db.compiled.PreparedQuery). A `total` expression (an array [total, null], as
    count_expression gives) replaces the count where the keys' total is kept elsewhere."""

    def __init__(
        self,
        *,
        keys: QuerySet,
        rows: QuerySet | Callable[[], QuerySet],
        first_row: int | None,
        compiled_key: tuple | None = None,
        total: Expression | None = None,
        compiled_value: int | None = None,
        compile_with: Callable[[int], CountedPage] | None = None,
    ):
        super().__init__(keys=keys, rows=rows)
        self.first_row = first_row
        self.compiled_key = compiled_key
        self.total_expression = total
        # A compiled page whose SQL takes one varying id (the caller's store): compiled from
        # `compile_with(marker)`'s page, run with `compiled_value` in the marker's places.
        self.compiled_value = compiled_value
        self.compile_with = compile_with
        self._read: tuple[slice, list[dict]] | None = None

    # `rows` may be given as a function: a compiled page that is already built never needs
    # the queryset (building a values() queryset with its joins costs more Python time than
    # the rest of the list).
    @property
    def rows(self) -> QuerySet:
        if callable(self._rows) and not isinstance(self._rows, QuerySet):
            self._rows = self._rows()
        return self._rows

    @rows.setter
    def rows(self, rows) -> None:
        self._rows = rows

    def _page_query(self, window: slice) -> QuerySet:
        counted = {_COUNTED: self.total_expression or count_expression(self.keys)}
        if self._rows_are_the_keys():
            return self.rows.annotate(**counted)[window]
        return self.rows.filter(id__in=self.keys.values("id")[window]).annotate(**counted)

    def _rows_are_the_keys(self) -> bool:
        """Whether the page can be read straight from the rows: the keys are the whole table
        (no filter) and the rows read no other table. Then `rows[window]` walks the order's
        index once, where `id IN (the window's ids)` walks it, hashes the ids and sorts the
        page again. Rows with joins keep the IN form: it joins the page's rows only, not the
        OFFSET rows skipped before them."""
        keys, rows = self.keys.query, self.rows.query
        return (
            keys.model is rows.model
            and not keys.where
            and not rows.where
            and not keys.distinct
            and len(rows.alias_map) <= 1
            and rows.order_by == keys.order_by
        )

    def _page_rows(self, window: slice) -> list[dict]:
        if self.compiled_key is None:
            return list(self._page_query(window))
        key = (*self.compiled_key, window.start)
        compiled = _COMPILED_PAGES.get(key)
        if compiled is None:
            source = self if self.compile_with is None else self.compile_with(_MARKER)
            query = source._page_query(window).query
            sql, params = query.sql_with_params()
            prepared = PreparedQuery(sql, len(params))
            compiled = _COMPILED_PAGES[key] = (prepared, params, values_names(query))
        prepared, params, names = compiled
        if self.compile_with is not None:
            value = self.compiled_value
            params = [value if param == _MARKER else param for param in params]
        with connections[self.keys.db].cursor() as cursor:
            prepared.execute(cursor, params)
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def count(self) -> int:
        if self.first_row is None or self.first_row > ONE_QUERY_UP_TO:
            return super().count()
        window = slice(self.first_row, self.first_row + PAGE_SIZE)
        try:
            rows = self._page_rows(window)
        except EmptyResultSet:  # a filter that matches nothing (`id IN ()`)
            rows = []
        if not rows:
            return super().count()
        total, pieces = rows[0][_COUNTED]
        compact_if_needed(pieces, using=self.keys.db)
        self.total = int(total)
        self._read = (window, rows)
        return self.total

    def __getitem__(self, window: slice):
        if self._read is not None and self._read[0] == window:
            return self._read[1]
        return super().__getitem__(window)


# (view class, database alias, first row) → (query, params, column names). At most
# ONE_QUERY_UP_TO / PAGE_SIZE + 1 pages per unfiltered list view and alias.
_COMPILED_PAGES: dict[tuple, tuple[str, tuple, tuple[str, ...]]] = {}


class RowShapeListMixin:
    """`list()` for a ListAPIView whose items are `row_shape`'s: the filtered queryset finds
    the page's ids (CountedPage), the shape's rows of those ids make the items. A view whose
    get_queryset() is the same for every request sets `same_queryset_always = True`: its
    unfiltered pages then run SQL compiled once (CountedPage's `compiled_key`). A request the
    paginator leaves unpaginated (no `pagination_class`, or OptionalPagination without
    `page`) gets the whole list as the contract's `{items_key: [...], "length": n}`, read in
    one query of the queryset itself (its annotations too). A view whose unfiltered list's
    total is kept by the database returns it from `kept_total()` (CountedPage's `total`).
    A view whose queryset and kept total differ between requests only by one id (the
    caller's store) returns it from `compiled_value()` and builds both for any id in
    `queryset_for(id)` / `kept_total_for(id)`: its numbered pages then run SQL compiled once
    with a marker in the id's places (docs/performance.md "Rental lists: compiled once")."""

    row_shape: RowShape
    same_queryset_always = False
    items_key = "items"

    def kept_total(self) -> Expression | None:
        return None

    def compiled_value(self) -> int | None:
        return None

    def queryset_for(self, value: int) -> QuerySet:
        raise NotImplementedError

    def kept_total_for(self, value: int) -> Expression | None:
        return None

    def list(self, request, *args, **kwargs):
        queryset = self.get_queryset()
        keys = self.filter_queryset(queryset)
        if self.paginator is None or not self.paginator.paginates(request):
            return items_response(self.row_shape.of(keys, request), key=self.items_key)
        compiled_key, compile_with = None, None
        value = self.compiled_value() if keys is queryset else None
        if keys is queryset and (self.same_queryset_always or value is not None):
            compiled_key = (type(self), queryset.db)  # no filter applied
        first_row = first_row_of(parse_page(request))
        if value is not None:

            def compile_with(marker: int) -> CountedPage:
                marked = self.queryset_for(marker)
                return CountedPage(
                    keys=marked,
                    rows=lambda: self.row_shape.rows_like(marked),
                    first_row=first_row,
                    total=self.kept_total_for(marker),
                )

        rows = CountedPage(
            keys=keys,
            rows=lambda: self.row_shape.rows_like(keys),
            first_row=first_row,
            compiled_key=compiled_key,
            total=self.kept_total() if keys is queryset else None,
            compiled_value=value,
            compile_with=compile_with,
        )
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(self.row_shape.many(page, request))


def _shape(steps: list[tuple], row: dict, request) -> dict:
    out = {}
    for kind, key, column, extra in steps:
        if kind == _VALUE:
            out[key] = row[column]
        elif kind == _NESTED:
            out[key] = None if row[column] is None else _shape(extra, row, request)
        elif kind == _METHOD:
            out[key] = extra(*(row[c] for c in column))
        elif kind == _MANY:
            out[key] = extra.many(row[column], request)
        else:
            value = row[column]
            if value is None:
                out[key] = None
            elif kind == _URL:
                out[key] = absolute_url(value, request)
            else:
                out[key] = extra(value)
    return out


def _same_type(serializer, field) -> bool:
    """Whether the database value is already what the field sends: a CharField over a text
    column, not over a number (budget: a bigint the contract sends as a string)."""
    if not isinstance(field, serializers.CharField):
        return True
    model = getattr(getattr(serializer, "Meta", None), "model", None)
    if model is None or len(field.source_attrs) != 1:
        return True
    try:
        column = model._meta.get_field(field.source_attrs[0])
    except Exception:  # an annotation, not a model field: text by the serializer's word
        return True
    return column.get_internal_type() in _TEXT_COLUMNS


_KEY = re.compile(r"^\w+$")


class _JsonRow(Func):
    """json_build_object('column', value, …) for a row of `columns` (values() paths), as
    json (psycopg reads it into dicts; Django reads jsonb as text)."""

    def __init__(self, columns: tuple[str, ...]):
        if not all(_KEY.match(column) for column in columns):
            raise ValueError(f"not column paths: {columns!r}")
        self.keys = columns
        super().__init__(*(F(column) for column in columns), output_field=Field())

    def as_sql(self, compiler, connection, **extra_context):
        parts, params = [], []
        for key, expression in zip(self.keys, self.get_source_expressions(), strict=True):
            sql, expression_params = compiler.compile(expression)
            parts.append(f"'{key}', {sql}")
            params.extend(expression_params)
        return f"json_build_object({', '.join(parts)})", params


def _converter(field: serializers.Field):
    """The field's to_representation, or a function giving the same for every value, without
    DRF's per-call lookups: a page is 50 rows of dates, decimals and name lists. Only the
    plain configurations below; anything else is DRF's own method
    (tests/core/test_rows_converters.py holds both equal)."""
    kind = type(field)
    if kind is serializers.DateField:
        output_format = getattr(field, "format", api_settings.DATE_FORMAT)
        if output_format is not None and output_format.lower() == ISO_8601:

            def iso_date(value):
                if not value or isinstance(value, str | datetime.datetime):
                    return field.to_representation(value)
                return value.isoformat()

            return iso_date
    if (
        kind is serializers.DecimalField
        and getattr(field, "coerce_to_string", api_settings.COERCE_DECIMAL_TO_STRING)
        and not field.localize
        and not field.normalize_output
        and field.decimal_places is not None
    ):
        exponent = decimal.Decimal(".1") ** field.decimal_places
        context = decimal.getcontext().copy()
        if field.max_digits is not None:
            context.prec = field.max_digits
        rounding = field.rounding

        def fixed_point(value):
            if not isinstance(value, decimal.Decimal):
                value = decimal.Decimal(str(value).strip())
            return f"{value.quantize(exponent, rounding=rounding, context=context):f}"

        return fixed_point
    if kind is serializers.ListField and type(field.child) is serializers.CharField:
        return lambda data: [None if item is None else str(item) for item in data]
    return field.to_representation
