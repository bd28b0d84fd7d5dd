"""The catalog's advisory locks belong to a world: PostgreSQL's advisory locks are
database-wide, so a key without the world let one sandbox's upload (which holds the
movie-writes lock exclusively until its batch commits, docs/uploads.md) hold up POST /movies
in every other sandbox and in the main world."""

import threading

import pytest
from django.db import OperationalError, connection, connections, transaction

from movies.services import MOVIE_WRITES_KEY, _lock, _title_lock

pytestmark = pytest.mark.django_db

OTHER_WORLD = "lock_test_world"


def hold_exclusive_in_another_world(holding: threading.Event, release: threading.Event):
    """In its own connection, inside the schema OTHER_WORLD: the movie-writes lock held
    exclusively, as an upload batch holds it, until `release`."""
    try:
        with connection.cursor() as cursor:
            cursor.execute(f"CREATE SCHEMA IF NOT EXISTS {OTHER_WORLD}")
            cursor.execute(f"SET search_path = {OTHER_WORLD}, public")
        with transaction.atomic():
            _lock(MOVIE_WRITES_KEY)
            holding.set()
            release.wait(30)
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP SCHEMA IF EXISTS {OTHER_WORLD}")
        connections.close_all()


def test_a_movie_write_is_not_held_up_by_a_bulk_write_in_another_world():
    holding, release = threading.Event(), threading.Event()
    holder = threading.Thread(target=hold_exclusive_in_another_world, args=(holding, release))
    holder.start()
    try:
        assert holding.wait(30)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL lock_timeout = '2s'")
            try:
                _title_lock("A movie of the main world")
                waited = False
            except OperationalError:
                waited = True
        assert waited is False
    finally:
        release.set()
        holder.join(30)
