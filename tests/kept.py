"""A kept-per-world store turned on for a test (reelfake/kept.py KeptPerWorld). Tests that use
it need `django_db(transaction=True)`: answers read inside a transaction are never kept."""

from tests.reference import arrived, wait_for

# The schema a sandbox's write names in its notification, for a world that is not this one.
OTHER_WORLD = "sandbox_0123456789abcdef"


def kept_listening(settings, module, *, store: str = "_kept", **values):
    """For a fixture: `module`'s store (module._kept, or the one `store` names) with `values`
    as settings, its channels listened to; the module's subscriptions cancelled (and every
    answer dropped) after."""
    for name, value in values.items():
        setattr(settings, name, value)
    kept = getattr(module, store)
    kept.active()  # starts the listener
    wait_for(lambda: kept.ready)
    yield kept
    module.stop_listening()


def notified(kept, payload: str) -> None:
    """Sends `payload` on the store's first channel and waits for it to arrive: every
    notification sent before it has arrived too."""
    arrived(kept.channels[0], payload)


def settle(kept) -> None:
    """Waits for the notifications of the writes so far to arrive (each drops answers)."""
    arrived()


def another_world_written(kept) -> None:
    """What another world's write sends (its schema as the payload), arrived."""
    notified(kept, OTHER_WORLD)


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


def assert_kept_answers_as_read(client, settings, path: str, setting: str, **request_headers):
    """The answer from memory is the one read with the store off: a 200 of the same bytes
    and headers, an ETag among them (kept_and_read())."""
    kept_answer, read = kept_and_read(client, settings, path, setting, **request_headers)
    assert kept_answer.status_code == read.status_code == 200
    assert kept_answer.content == read.content
    assert headers(kept_answer) == headers(read)
    assert "ETag" in headers(read)


def headers(response) -> dict:
    """Every header but the request's id."""
    return {k: v for k, v in response.headers.items() if k != "X-Request-ID"}
