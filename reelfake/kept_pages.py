"""Unfiltered list pages and public item bodies (movie details and movie list pages,
kept_item()) kept in memory per world, exact by notification (docs/performance.md "Kept
customer pages", "Kept movie details", "Kept movie pages").

An unfiltered page of a list whose rows change far less often than they are read (the
customers: a rental, a login or a logout writes no column the lists show) is the same body
for every request until one of its tables changes. Each server process keeps such bodies per
world (schema), list and page, and drops a world's pages when PostgreSQL says one of the
list's tables changed there: schema.sql's statement triggers send
`pg_notify('reelfake_kept_pages', <schema>)` on the writes that can change a kept page
(INSERT, DELETE, TRUNCATE, and an UPDATE of a column a list shows), delivered to every
listening process when the writing transaction commits. A sandbox's write drops that
sandbox's pages only. The reference lists' channel (a world filled with triggers off,
reelfake/db/worlds.py; a city or country renamed) drops that world's pages too.

The rules are the reference lists' (reelfake/reference.py):

- until both channels are listened to on the process's one listening connection
  (reelfake/db/listener.py), or while it is lost, nothing is kept and every request reads
  the database; on each (re)connection everything kept is dropped;
- inside a transaction a page is neither kept nor answered from memory (it may hold
  uncommitted rows); a page read while any notification arrives is not kept (the generation
  check);
- at most REELFAKE_KEPT_PAGES pages per process (least recently used out; 0 turns this off);
  off with a read replica, which may still show the old rows after the notification.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.db import transaction
from rest_framework.response import Response

from reelfake import reference
from reelfake.db import worlds
from reelfake.fields import site_base
from reelfake.filtering import filters_named
from reelfake.kept import KeptPerWorld
from reelfake.pagination import parse_page
from reelfake.renderers import KeptBody, RenderedBody, bytes_only

CHANNEL = "reelfake_kept_pages"
CHANNELS = (CHANNEL, reference.CHANNEL)

B = TypeVar("B", KeptBody, RenderedBody)

# A notification naming no world drops every world's pages.
_kept = KeptPerWorld(CHANNELS, limit="REELFAKE_KEPT_PAGES")
# Filtered pages (kept_filtered_item()) in a store of their own: a stranger's stream of
# distinct filters never pushes out the unfiltered pages and details above, nor, past its
# per-world bound, another world's filtered pages.
_kept_filtered = KeptPerWorld(
    CHANNELS,
    limit="REELFAKE_KEPT_FILTERED_PAGES",
    world_limit="REELFAKE_KEPT_FILTERED_PAGES_PER_WORLD",
)


# Characters of a filtered page's query string, at most, for the page to be kept.
FILTERED_QUERY_MAX = 1024


def _active() -> bool:
    return _kept.active()


def _filtered_active() -> bool:
    return _kept_filtered.active()


def _answer(store: KeptPerWorld, key: tuple, build: Callable[[], object]):
    """`store`'s answer under `key` in the current world, or `build()`'s, kept. A sandbox
    still holding the rows of the template it was copied from (none of its data set's tables
    written since: reelfake/db/worlds.py pristine_source(), checked when its route was looked
    up; no notification naming it since, checked now) shares the template's answers, built
    by reading the template itself: every other such sandbox reads the same ones, and none is
    ever built from a sandbox's rows (docs/sandboxes.md "Pages shared by unchanged
    sandboxes")."""
    world = worlds.current_world()
    if world.copy_of is not None and not changed_since(world):
        return store.answer((world.copy_of, *key), lambda: _in_template(world, build))
    return store.answer((world.schema, *key), build)


def changed_since(world: worlds.World) -> bool:
    """Whether a notification named `world` (or every world) since its changes_seen mark."""
    return _kept.changed_since(world.schema, world.changes_seen)


def _in_template(world: worlds.World, build: Callable[[], object]):
    worlds.activate(worlds.TEMPLATE_WORLD)
    try:
        return build()
    finally:
        worlds.activate(world)


def listening() -> bool:
    """Whether the kept pages have listened to their channels (a plain attribute read)."""
    return _kept.ready


def changes_mark() -> int | None:
    """For a sandbox's route looked up now: the mark its world's changes_seen holds (None
    while kept pages are off or not listening: no world then shares the template's)."""
    return _kept.mark() if _kept.active() else None


def kept_page(key: tuple, build: Callable[[], B], *, using: str = "default") -> B:
    """The page `key` names (the list, the page, anything else its body depends on) in the
    current world: the kept one, or `build()`'s, kept while this process listens. A body that
    may be kept is kept as bytes only (reelfake/renderers.py bytes_only(): its items dropped
    once rendered, before any other thread can see it). The caller must not change what it
    gets: the same object answers later requests."""
    if not _kept.usable(using):
        return build()
    return _answer(_kept, (using, *key), lambda: bytes_only(build()))


def kept_item(
    request, key: tuple, build: Callable[[], dict], *, params: tuple[str, ...] = ()
) -> dict:
    """A public item's body (the same for every caller: a movie's detail, docs/performance.md
    "Kept movie details") named by `key` in the current world: kept as a KeptBody of bytes
    only (its bytes, ETag and gzip bytes made once, its items dropped) by kept_page()'s rules,
    when the request sends no query parameter but `params` (whose values `key` must hold). Any
    other parameter: `build()`'s body, not kept. An error `build()` raises (a 404) is never
    kept. The site's base URL is part of the key: the body's absolute URLs are built on it
    (reelfake/fields.py)."""
    for name in request.GET:
        if name not in params:
            return build()
    return kept_page((*key, site_base(request)), lambda: KeptBody(build()))


def kept_filtered_item(
    request, key: tuple, build: Callable[[], dict], *, params: tuple[str, ...]
) -> dict:
    """A public list page's body for a query of `params` only (its filters and sort: a search
    `q` is not one, its answer depends on the database's search indexes, which notify
    nothing), named by `key` and the query string as sent (the body's links repeat it, in
    its order) in the current world: kept as a KeptBody of bytes only by kept_page()'s rules
    (docs/performance.md "Kept filtered movie pages"), in a store of its own, at most
    REELFAKE_KEPT_FILTERED_PAGES in all and REELFAKE_KEPT_FILTERED_PAGES_PER_WORLD per
    world. Any other parameter, or a query string longer than FILTERED_QUERY_MAX (its key and
    its body's four links would hold it): `build()`'s body, not kept; an error `build()`
    raises (a bad filter's 400, no match's 404) is never kept."""
    query = request.META.get("QUERY_STRING", "")
    if len(query) > FILTERED_QUERY_MAX:
        return build()
    for name in request.GET:
        if name not in params:
            return build()
    if not _kept_filtered.usable():
        return build()
    return _answer(
        _kept_filtered, (*key, query, site_base(request)), lambda: bytes_only(KeptBody(build()))
    )


def forget_on_commit(using: str = "default") -> None:
    """For a write the kept pages show: once its transaction commits (at once in autocommit),
    drop the current world's pages in this process, without waiting for the notification. A
    client's next request usually reaches the same process (a kept-alive connection): it
    never gets a page older than the write it saw succeed. Other processes drop theirs when
    the notification arrives."""
    schema = worlds.current_world().schema

    def forget() -> None:
        _kept.invalidate(schema=schema)
        _kept_filtered.invalidate(schema=schema)

    transaction.on_commit(forget, using=using)


def stop_listening() -> None:
    """Cancel this process's subscriptions and drop every kept page (tests)."""
    _kept.stop()
    _kept_filtered.stop()


class KeptPagesMixin:
    """For a list view with RowShapeListMixin and a FilterSet, whose tables notify
    CHANNEL (schema.sql): an unfiltered page's body (the contract's envelope, its totals and
    links) is kept per world and page, and answered without a query while kept. Filtered
    requests, and pages the list refuses (400, 404), go through the list as before. The items
    must not depend on the request (no absolute URL in the row shape).

    `kept_body = True` keeps a public body (the same for every caller) as a KeptBody: rendered
    once, its ETag and gzip bytes kept too (reelfake/renderers.py), as the reference lists'.
    A private body is a RenderedBody: rendered once too, but compressed per answer (Django's
    gzip adds its random bytes against BREACH to every answer a caller's credentials
    unlock). Either is kept as bytes only (reelfake/renderers.py bytes_only())."""

    kept_body = False

    def list(self, request, *args, **kwargs):
        if self.row_shape.uses_request or filters_named(request, self.filterset_class):
            return super().list(request, *args, **kwargs)
        parent = super()

        def build():
            body = parent.list(request, *args, **kwargs).data
            return KeptBody(body) if self.kept_body else RenderedBody(body)

        return Response(kept_page((type(self), parse_page(request)), build))
