"""`delay=<min>-<max>` and `delay=random` (docs/toolkit.md "Latency profiles"), under the same
bounds as `delay=<ms>`."""

import random
import statistics

import pytest

import reelfake.middleware
from reelfake.latency import Latency, parse_latency

pytestmark = pytest.mark.django_db

RANGE_MESSAGE = {
    "status": "error",
    "message": "Delay range must be <min>-<max> in milliseconds with 0 <= min <= max <= 60000",
}


@pytest.fixture
def sleeps(monkeypatch):
    calls = []
    monkeypatch.setattr(reelfake.middleware.time, "sleep", calls.append)
    return calls


def test_range_delay_sleeps_a_uniform_draw_between_its_bounds(anon_client, sleeps, monkeypatch):
    drawn = []
    monkeypatch.setattr(random, "uniform", lambda a, b: drawn.append((a, b)) or b)
    response = anon_client.get("/api/genres?delay=100-300")
    assert response.status_code == 200
    assert drawn == [(100.0, 300.0)]
    assert sleeps == [pytest.approx(0.3)]


def test_range_draws_stay_within_the_bounds():
    profile = parse_latency("100-300")
    draws = [profile.draw_ms() for _ in range(2000)]
    assert min(draws) >= 100 and max(draws) <= 300


@pytest.mark.parametrize("raw", ["500-100", "0-60001", "10-99999"])
def test_range_out_of_order_or_over_the_limit_answers_400(anon_client, sleeps, raw):
    response = anon_client.get("/api/genres", {"delay": raw})
    assert response.status_code == 400
    assert response.json() == RANGE_MESSAGE
    assert sleeps == []


def test_random_delay_sleeps_a_draw_of_the_long_tailed_profile(anon_client, sleeps, monkeypatch):
    monkeypatch.setattr(random, "lognormvariate", lambda mu, sigma: 734.0)
    response = anon_client.get("/api/genres?delay=random")
    assert response.status_code == 200
    assert sleeps == [pytest.approx(0.734)]


def test_random_delay_is_capped_at_ten_seconds(anon_client, sleeps, monkeypatch):
    monkeypatch.setattr(random, "lognormvariate", lambda mu, sigma: 99999.0)
    anon_client.get("/api/genres?delay=random")
    assert sleeps == [pytest.approx(10.0)]


def test_random_profile_has_the_documented_median_and_tail():
    random.seed(15)
    draws = sorted(Latency("random").draw_ms() for _ in range(20000))
    assert 235 <= statistics.median(draws) <= 265
    assert 640 <= draws[int(0.90 * len(draws))] <= 760
    assert 1400 <= draws[int(0.99 * len(draws))] <= 1850
    assert draws[-1] <= 10000


def test_range_delay_is_refused_429_over_the_bounds_like_a_fixed_one(anon_client, monkeypatch):
    refusals = []

    def refuse(request, seconds):
        refusals.append(seconds)
        return reelfake.middleware.JsonUtf8Response({"status": "error"}, status=429)

    monkeypatch.setattr(reelfake.middleware, "bounded_sleep", refuse)
    monkeypatch.setattr(random, "uniform", lambda a, b: a)
    response = anon_client.get("/api/genres?delay=200-400")
    assert response.status_code == 429
    assert refusals == [pytest.approx(0.2)]
