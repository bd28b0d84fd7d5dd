"""Hot single-row reads compiled to SQL once per process.

Building and compiling a queryset costs a detail route more Python time than PostgreSQL
spends answering it (about 1 ms against 0.3 ms for a movie with its cast). A CompiledRow
keeps the ORM as the one description of the query: `build(value)` returns the values()
queryset for one parameter (an id); it is compiled on first use with a marker value, and
later calls only execute that SQL with the real value. Rows come back as values() gives them
(the same keys, in values()' column order, as PostgreSQL cuts longer column aliases at 63
characters; psycopg loads the same Python types, as these queries use no field
converters)."""

from __future__ import annotations

import itertools
import re
from collections import OrderedDict
from collections.abc import Callable, Sequence

from django.conf import settings
from django.db import connections, router
from django.db.backends.signals import connection_created
from django.db.models import QuerySet

_MARKER = 987_654_321


def values_names(query) -> tuple[str, ...]:
    """The keys django.db.models.query.ValuesIterable gives a values() query's columns, in
    the SQL's order (since Django 5.2, values() keeps the order it was given, annotations
    included: `query.selected`)."""
    names = tuple(query.selected or ())
    return names or (*query.extra_select, *query.values_select, *query.annotation_select)


class CompiledRow:
    def __init__(self, build: Callable[[int], QuerySet], *, using: str | None = None):
        """`using` pins the database alias; by default the router's choice for reads."""
        self._build = build
        self._using = using
        self._compiled: tuple[PreparedQuery, type, tuple[str, ...]] | None = None

    def _compile(self) -> tuple[PreparedQuery, type, tuple[str, ...]]:
        if self._compiled is None:
            queryset = self._build(_MARKER)
            query = queryset.order_by()[:1].query
            sql, params = query.sql_with_params()
            if tuple(params) != (_MARKER,):
                raise ValueError(f"a CompiledRow query takes exactly one parameter: {params!r}")
            self._compiled = (PreparedQuery(sql, 1), queryset.model, values_names(query))
        return self._compiled

    def first(self, value: int) -> dict | None:
        """The row for `value`, or None. The SQL runs as a prepared statement (PreparedQuery,
        below): planning a movie with its cast cost PostgreSQL more than running it."""
        prepared, model, names = self._compile()
        using = self._using or router.db_for_read(model)
        with connections[using].cursor() as cursor:
            prepared.execute(cursor, [value])
            row = cursor.fetchone()
            if row is None:
                return None
            return dict(zip(names, row, strict=True))


class CompiledList(CompiledRow):
    """Every row for one parameter (a customer's rentals), in the queryset's order, compiled
    and prepared like a CompiledRow: building a values() list with its joins cost more Python
    time than shaping its rows (docs/performance.md "Rental lists: compiled once")."""

    def _compile(self) -> tuple[PreparedQuery, type, tuple[str, ...]]:
        if self._compiled is None:
            queryset = self._build(_MARKER)
            query = queryset.query
            if not query.order_by or query.low_mark or query.high_mark is not None:
                raise ValueError("a CompiledList query is ordered and not sliced")
            sql, params = query.sql_with_params()
            if tuple(params) != (_MARKER,):
                raise ValueError(f"a CompiledList query takes exactly one parameter: {params!r}")
            self._compiled = (PreparedQuery(sql, 1), queryset.model, values_names(query))
        return self._compiled

    def all(self, value: int) -> list[dict]:
        prepared, model, names = self._compile()
        using = self._using or router.db_for_read(model)
        with connections[using].cursor() as cursor:
            prepared.execute(cursor, [value])
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


class CompiledRows:
    """An ordered values() list compiled to SQL once per process, like CompiledRow: `build()`
    returns the queryset (its parameters, if any, are constants). Iterating gives every row;
    `[:n]` runs the same SQL with `LIMIT n` (a paginator's slice). Rows are values()' dicts."""

    def __init__(self, build: Callable[[], QuerySet], *, using: str | None = None):
        self._build = build
        self._using = using
        self._compiled: tuple[str, tuple, type, tuple[str, ...]] | None = None

    @property
    def model(self) -> type:
        return self._build().model

    def _compile(self) -> tuple[str, tuple, type, tuple[str, ...]]:
        if self._compiled is None:
            queryset = self._build()
            query = queryset.query
            if query.low_mark or query.high_mark is not None:
                raise ValueError("a CompiledRows query is sliced by its caller, not by build()")
            sql, params = query.sql_with_params()
            self._compiled = (sql, tuple(params), queryset.model, values_names(query))
        return self._compiled

    def _rows(self, limit: int | None) -> list[dict]:
        sql, params, model, names = self._compile()
        if limit is not None:
            sql, params = f"{sql} LIMIT %s", (*params, limit)
        using = self._using or router.db_for_read(model)
        with connections[using].cursor() as cursor:
            cursor.execute(sql, params)
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def __iter__(self):
        return iter(self._rows(None))

    def __getitem__(self, window: slice) -> list[dict]:
        if not isinstance(window, slice) or window.start or window.step:
            raise TypeError("CompiledRows takes [:n] only")
        return self._rows(window.stop)


_PLACEHOLDER = re.compile(r"%%|%s")
_prepared_names = itertools.count(1)


def _numbered(sql: str) -> str:
    """Django's SQL (`%s` parameters, `%%` for a percent sign) with PostgreSQL's numbered
    parameters, for PREPARE."""
    numbers = itertools.count(1)
    return _PLACEHOLDER.sub(lambda m: "%" if m.group() == "%%" else f"${next(numbers)}", sql)


class PreparedQuery:
    """Compiled SQL that PostgreSQL plans once per database connection: the first execution
    on a connection sends `PREPARE`, later ones only `EXECUTE` with the parameters, so the
    server skips parsing and (once its plan is generic) planning, which cost a list page
    more than running it (docs/people.md "List speed"). A prepared statement lives as long
    as its connection, through commits and rollbacks; PostgreSQL re-plans it by itself when
    a table it reads changes.

    PostgreSQL also re-plans a prepared statement whenever the connection's search_path differs
    from the one it was planned with: a connection serving a different sandbox on each
    request would plan every statement again (0.2-0.9 ms each, more than running it). So each
    sandbox world gets its own statement on the connection, named afresh when prepared; the
    connection keeps at most REELFAKE_PREPARED_SANDBOX_STATEMENTS of them, the least recently
    used deallocated in the same round trip as the next PREPARE (docs/sandboxes.md "Many live
    sandboxes"). The main world's statements keep their fixed names.

    REELFAKE_PREPARED_STATEMENTS=false runs the SQL as is: behind a transaction-mode pooler
    (PgBouncer) consecutive statements may reach different server connections."""

    def __init__(self, sql: str, param_count: int):
        self.sql = sql
        self.name = f"reelfake_prepared_{next(_prepared_names)}"
        self._numbered_sql = _numbered(sql)
        self._prepare = f"PREPARE {self.name} AS {self._numbered_sql}"
        self._arguments = f"({', '.join(['%s'] * param_count)})" if param_count else ""
        self._execute = f"EXECUTE {self.name}{self._arguments}"

    def execute(self, cursor, params: Sequence) -> None:
        """Runs the query on `cursor` (a Django cursor, so it is logged and counted)."""
        if not settings.REELFAKE_PREPARED_STATEMENTS:
            cursor.execute(self.sql, params)
            return
        db = cursor.db
        world = getattr(db, "reelfake_search_path", None)  # reelfake/db/worlds.py activate()
        if world is not None:
            self._execute_in_world(cursor, db, world, params)
            return
        prepared = getattr(db, "reelfake_prepared", None)
        if prepared is None:  # a connection opened before this module was imported
            prepared = db.reelfake_prepared = set()
        if self.name not in prepared:
            cursor.execute(self._prepare)
            prepared.add(self.name)
        cursor.execute(self._execute, params)

    def _execute_in_world(self, cursor, db, world: str, params: Sequence) -> None:
        limit = settings.REELFAKE_PREPARED_SANDBOX_STATEMENTS
        if limit <= 0:
            cursor.execute(self.sql, params)
            return
        kept = getattr(db, "reelfake_prepared_worlds", None)
        if kept is None:
            kept = db.reelfake_prepared_worlds = OrderedDict()
        key = (self.name, world)
        # The statement's EXECUTE text is kept with its name: no string built per query.
        entry = kept.get(key)
        if entry is None:
            # Forgotten before the round trip: should it fail, a statement that may still exist
            # is never named again (names are never reused), so none is prepared twice.
            evicted = [kept.popitem(last=False)[1][0] for _ in range(len(kept) + 1 - limit)]
            name = f"{self.name}_w{next(_prepared_names)}"
            deallocate = "".join(f"DEALLOCATE {old}; " for old in evicted)
            cursor.execute(f"{deallocate}PREPARE {name} AS {self._numbered_sql}")
            entry = kept[key] = (name, f"EXECUTE {name}{self._arguments}")
        else:
            kept.move_to_end(key)
        cursor.execute(entry[1], params)


def _forget_prepared(sender, connection, **kwargs):
    connection.reelfake_prepared = set()
    connection.reelfake_prepared_worlds = OrderedDict()


connection_created.connect(_forget_prepared)
