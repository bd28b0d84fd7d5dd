"""`?delay=` cannot starve the server: sleeping requests are bounded per worker process and
per client address; beyond a bound the answer is 429, before any view runs
(reelfake/sleepers.py, docs/security.md "Delays and streams")."""

from __future__ import annotations

import json
import threading
import time
import types

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

import reelfake.sleepers
from reelfake.middleware import DelayMiddleware
from tests.core.test_settings import manage, production_env  # noqa: F401
from tests.live import Client, Server, free_port

WAIT = 10  # seconds: only reached when the code under test is broken


class HeldSleeps:
    """Stands in for time.sleep inside reelfake.sleepers: a sleeper stays asleep (holding
    its slot) until the test wakes everyone."""

    def __init__(self):
        self.asleep = threading.Semaphore(0)
        self.wake = threading.Event()

    def sleep(self, seconds):
        self.asleep.release()
        self.wake.wait(WAIT)


@pytest.fixture
def held(monkeypatch):
    held = HeldSleeps()
    fake_time = types.SimpleNamespace(monotonic=time.monotonic, sleep=held.sleep)
    monkeypatch.setattr(reelfake.sleepers, "time", fake_time)
    yield held
    held.wake.set()


@pytest.fixture
def bounds(settings):
    def set_bounds(total: int, per_client: int):
        settings.REELFAKE_DELAY_MAX_SLEEPERS = total
        settings.REELFAKE_DELAY_MAX_SLEEPERS_PER_CLIENT = per_client

    return set_bounds


class App:
    """DelayMiddleware around a view that records each request it serves."""

    def __init__(self):
        self.served = []
        self.middleware = DelayMiddleware(self.view)

    def view(self, request):
        self.served.append(request.META["REMOTE_ADDR"])
        return HttpResponse("ok")

    def get(self, address: str, query: str = "delay=1000"):
        request = RequestFactory().get(f"/api/genres?{query}", REMOTE_ADDR=address)
        return self.middleware(request)


def send_at_once(app: App, held: HeldSleeps, addresses: list[str], asleep: int) -> list:
    """Send one delayed request per address, all at once; once `asleep` of them sleep and the
    others were answered, wake the sleepers. Per address, in order: (the status answered
    while the sleepers slept, or None for a sleeper; the final response)."""
    responses = [None] * len(addresses)
    answered = threading.Semaphore(0)

    def send(index, address):
        responses[index] = app.get(address)
        answered.release()

    threads = [
        threading.Thread(target=send, args=(index, address))
        for index, address in enumerate(addresses)
    ]
    for thread in threads:
        thread.start()
    for _ in range(asleep):
        held.asleep.acquire(timeout=WAIT)
    for _ in range(len(addresses) - asleep):
        answered.acquire(timeout=WAIT)
    early = [response.status_code if response is not None else None for response in responses]
    held.wake.set()
    for thread in threads:
        thread.join(WAIT)
    return list(zip(early, responses, strict=True))


def test_delayed_requests_beyond_the_process_bound_answer_429(held, bounds):
    bounds(total=2, per_client=5)
    answers = send_at_once(App(), held, ["10.0.0.1", "10.0.0.2", "10.0.0.3"], asleep=2)
    assert [code for code, _ in answers].count(429) == 1
    assert [code for code, _ in answers].count(None) == 2


def test_a_refused_delay_says_why_and_when_to_retry(held, bounds):
    bounds(total=1, per_client=5)
    answers = send_at_once(App(), held, ["10.0.0.1", "10.0.0.2"], asleep=1)
    refused = next(response for code, response in answers if code == 429)
    assert refused["Retry-After"] == "1"
    assert refused["Content-Type"] == "application/json; charset=utf-8"
    assert json.loads(refused.content) == {
        "status": "error",
        "message": "Delay limit reached: at most 1 delayed requests may wait at once on this "
        "server process. This request was not processed; retry after 1 s or without delay.",
    }


def test_a_refused_delay_never_reaches_the_view(held, bounds):
    bounds(total=2, per_client=5)
    app = App()
    send_at_once(app, held, ["10.0.0.1", "10.0.0.2", "10.0.0.3"], asleep=2)
    assert len(app.served) == 2


def test_a_client_over_its_own_bound_is_refused(held, bounds):
    bounds(total=4, per_client=2)
    answers = send_at_once(App(), held, ["10.0.0.1"] * 3, asleep=2)
    refused = [response for code, response in answers if code == 429]
    assert len(refused) == 1
    assert json.loads(refused[0].content)["message"] == (
        "Delay limit reached: at most 2 delayed requests from one client may wait at once. "
        "This request was not processed; retry after 1 s or without delay."
    )


def test_a_client_over_its_own_bound_does_not_block_another_client(held, bounds):
    bounds(total=4, per_client=2)
    addresses = ["10.0.0.1", "10.0.0.1", "10.0.0.1", "10.0.0.2"]
    answers = send_at_once(App(), held, addresses, asleep=3)
    codes = [code for code, _ in answers]
    assert codes.count(429) == 1
    assert codes[3] is None  # the other client's request slept and was served


def test_a_plain_request_is_served_while_every_sleeper_slot_is_taken(held, bounds):
    bounds(total=1, per_client=1)
    app = App()
    sleeper = threading.Thread(target=app.get, args=("10.0.0.1",))
    sleeper.start()
    assert held.asleep.acquire(timeout=WAIT)
    response = app.get("10.0.0.1", query="")
    held.wake.set()
    sleeper.join(WAIT)
    assert response.status_code == 200


def test_a_slot_is_free_again_once_its_sleeper_woke(held, bounds):
    bounds(total=1, per_client=1)
    app = App()
    send_at_once(app, held, ["10.0.0.1", "10.0.0.2"], asleep=1)
    held.wake.set()
    assert app.get("10.0.0.3").status_code == 200


def test_a_slot_is_released_when_the_sleep_fails(bounds, monkeypatch):
    bounds(total=1, per_client=1)

    def interrupted(seconds):
        raise KeyboardInterrupt

    fake_time = types.SimpleNamespace(monotonic=time.monotonic, sleep=interrupted)
    monkeypatch.setattr(reelfake.sleepers, "time", fake_time)
    with pytest.raises(KeyboardInterrupt):
        App().get("10.0.0.1")
    monkeypatch.setattr(fake_time, "sleep", lambda seconds: None)
    assert App().get("10.0.0.1").status_code == 200


def test_the_process_bound_defaults_to_a_quarter_of_the_gunicorn_threads(production_env):  # noqa: F811
    script = "from django.conf import settings; print(settings.REELFAKE_DELAY_MAX_SLEEPERS)"
    result = manage("shell", "-c", script, **production_env, GUNICORN_THREADS="32")
    assert result.stdout.strip().splitlines()[-1] == "8", result.stderr


@pytest.mark.django_db(transaction=True)
def test_a_gunicorn_worker_flooded_with_delays_refuses_the_excess_and_serves_plain_requests():
    """The issue's request, end to end: many `?delay=` requests in flight at once against one
    gunicorn worker of 8 threads (so 2 may sleep) and a plain request beside them."""
    server = Server(free_port(), env={"GUNICORN_THREADS": "8"}).start()
    try:
        results = []

        def delayed():
            status, headers, _ = Client(server).request("GET", "/api/genres?delay=15000")
            results.append((status, headers.get("Retry-After")))

        threads = [threading.Thread(target=delayed) for _ in range(6)]
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + WAIT
        while len(results) < 4 and time.monotonic() < deadline:
            time.sleep(0.05)
        plain_status, _, _ = Client(server).request("GET", "/api/genres")
        refused = list(results)
        for thread in threads:
            thread.join(30)
    finally:
        server.stop()
    assert [status for status, _ in refused] == [429] * 4
    assert all(1 <= int(retry_after) <= 15 for _, retry_after in refused)
    assert plain_status == 200
    assert sorted(status for status, _ in results) == [200, 200, 429, 429, 429, 429]
