"""A kept-per-world store turned on for a test (reelfake/kept.py KeptPerWorld). Tests that use
it need `django_db(transaction=True)`: answers read inside a transaction are never kept."""

from django.db import connection

from tests.reference import wait_for


def kept_listening(settings, module, **values):
    """For a fixture: `module`'s store (module._kept) with `values` as settings, its channels
    listened to; its subscriptions cancelled (and every answer dropped) after."""
    for name, value in values.items():
        setattr(settings, name, value)
    module._active()  # starts the listener
    wait_for(lambda: module._kept.ready)
    yield module._kept
    module.stop_listening()


def settle(kept) -> None:
    """Waits for the notifications of the writes so far to arrive (each drops answers)."""
    generation = kept.generation
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_notify(%s, 'test')", [kept.channels[0]])
    wait_for(lambda: kept.generation != generation)


def written(kept, write) -> None:
    """Runs a committed write (autocommit) and waits for a notification after it: the
    write's own, if it sent one, arrives first."""
    write()
    settle(kept)


def worlds_kept(kept) -> set[str]:
    """The worlds (schemas) with an answer kept."""
    return {key[0] for key in kept.entries}


def page(client, path: str) -> dict:
    """A list page's JSON, asserted to be a 200."""
    response = client.get(path)
    assert response.status_code == 200, response.content
    return response.json()


def kept_and_read(client, settings, path: str, setting: str, **headers):
    """The answer from memory (the third request), then the same request with the store that
    `setting` sizes turned off (and on again after)."""
    for _ in range(3):
        kept_answer = client.get(path, **headers)
    kept_size = getattr(settings, setting)
    setattr(settings, setting, 0)
    read = client.get(path, **headers)
    setattr(settings, setting, kept_size)
    return kept_answer, read


def headers(response) -> dict:
    """Every header but the request's id."""
    return {k: v for k, v in response.headers.items() if k != "X-Request-ID"}
