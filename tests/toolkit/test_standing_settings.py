"""PUT/GET/DELETE /api/_toolkit/settings and their effect on matching requests
(docs/toolkit.md "Standing settings")."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from people.models import Customer
from tests.conftest import error
from toolkit.middleware import FailureMiddleware
from toolkit.models import StandingSettings
from toolkit.views import StandingSettingsView

pytestmark = pytest.mark.django_db

URL = "/api/_toolkit/settings"
NOT_HERE = (
    "Standing settings exist only in a sandbox, or on a server without sandboxes that allows "
    "the local reset (DEBUG or REELFAKE_RESET)"
)
DEFAULTS = {"failRate": 0.0, "failStatuses": [], "latency": None, "routes": ["/api/*"]}


def put(client, body):
    return client.put(URL, body, format="json")


@pytest.mark.parametrize("method", ["get", "put", "delete"])
def test_settings_are_404_where_the_local_reset_is_not_allowed(anon_client, settings, method):
    settings.REELFAKE_RESET = False
    settings.DEBUG = False
    response = getattr(anon_client, method)(URL, {}, format="json")
    assert response.status_code == 404
    assert response.json() == error(NOT_HERE)


def test_settings_are_404_in_the_main_world_when_sandboxes_are_on(anon_client, local_reset):
    local_reset.REELFAKE_SANDBOXES = True
    response = anon_client.get(URL)
    assert response.status_code == 404
    assert response.json() == error(NOT_HERE)


def test_setting_them_in_the_read_only_main_world_is_403(anon_client, local_reset):
    local_reset.REELFAKE_SANDBOXES = True
    response = put(anon_client, {"failRate": 1, "failStatuses": [503]})
    assert response.status_code == 403
    assert response.json()["message"].endswith("create a sandbox: POST /api/sandboxes")
    assert not StandingSettings.objects.exists()


def test_settings_work_in_a_sandbox_on_a_sandboxed_server(settings):
    settings.REELFAKE_SANDBOXES = True
    settings.REELFAKE_RESET = False
    request = RequestFactory().put(
        URL, {"failRate": 0.5, "failStatuses": [500]}, content_type="application/json"
    )
    request.sandbox_id = "sbx1"
    response = StandingSettingsView.as_view()(request)
    assert response.status_code == 200
    assert StandingSettings.objects.get().fail_rate == 0.5


def test_get_without_settings_answers_the_defaults(anon_client, local_reset):
    response = anon_client.get(URL)
    assert response.status_code == 200
    assert response.json() == DEFAULTS


def test_put_stores_the_settings_and_get_reads_them_back(anon_client, local_reset):
    body = {
        "failRate": 0.1,
        "failStatuses": [500, 503],
        "latency": "200-1500",
        "routes": ["/api/movies*"],
    }
    response = put(anon_client, body)
    assert response.status_code == 200
    assert response.json() == body
    row = StandingSettings.objects.get()
    assert (row.fail_rate, row.fail_statuses, row.latency, row.routes) == (
        0.1,
        [500, 503],
        "200-1500",
        ["/api/movies*"],
    )
    assert anon_client.get(URL).json() == body


def test_put_replaces_every_setting(anon_client, local_reset):
    put(anon_client, {"failRate": 1, "failStatuses": [500], "latency": "100"})
    response = put(anon_client, {"latency": "random"})
    assert response.json() == {**DEFAULTS, "latency": "random"}
    assert StandingSettings.objects.count() == 1


def test_delete_removes_the_settings(anon_client, local_reset):
    put(anon_client, {"latency": "100"})
    response = anon_client.delete(URL)
    assert response.status_code == 204
    assert not StandingSettings.objects.exists()


@pytest.mark.parametrize(
    "body, message",
    [
        ({"failRate": 2, "failStatuses": [503]}, "failRate must be a number from 0 to 1"),
        ({"failRate": -0.1, "failStatuses": [503]}, "failRate must be a number from 0 to 1"),
        ({"failRate": "0.5", "failStatuses": [503]}, "failRate must be a number from 0 to 1"),
        ({"failRate": True, "failStatuses": [503]}, "failRate must be a number from 0 to 1"),
        (
            {"failRate": 0.5},
            "failStatuses must list at least one status when failRate is above 0",
        ),
        ({"failStatuses": [302]}, "Ensure this value is greater than or equal to 400."),
        ({"failStatuses": ["503"]}, "A valid integer is required."),
        ({"latency": "soon"}, "Delay query must be number less than 60000"),
        (
            {"latency": "900-100"},
            "Delay range must be <min>-<max> in milliseconds with 0 <= min <= max <= 60000",
        ),
        (
            {"routes": ["api/movies"]},
            "routes must be paths starting with / (* matches any characters)",
        ),
        ({"routes": []}, "Ensure this field has at least 1 elements."),
        ({"failrate": 0.5}, "Unknown settings: failrate"),
    ],
)
def test_invalid_settings_answer_400_and_store_nothing(anon_client, local_reset, body, message):
    response = put(anon_client, body)
    assert response.status_code == 400
    assert response.json()["message"] == message
    assert not StandingSettings.objects.exists()


def test_standing_failure_hits_matching_routes(anon_client, local_reset):
    put(anon_client, {"failRate": 1, "failStatuses": [503], "routes": ["/api/genres*"]})
    response = anon_client.get("/api/genres")
    assert response.status_code == 503
    assert response.json() == error("Injected failure (fail=503)")
    assert response["X-Reelfake-Injected"] == "fail=503"
    assert response["Retry-After"] == "1"


def test_standing_failure_spares_other_routes(anon_client, local_reset):
    put(anon_client, {"failRate": 1, "failStatuses": [503], "routes": ["/api/genres*"]})
    response = anon_client.get("/api/countries")
    assert response.status_code == 200
    assert "X-Reelfake-Injected" not in response


def test_standing_failure_never_locks_out_the_settings_route(anon_client, local_reset):
    put(anon_client, {"failRate": 1, "failStatuses": [500], "routes": ["/*"]})
    response = anon_client.delete(URL)
    assert response.status_code == 204
    genres = anon_client.get("/api/genres")
    assert genres.status_code == 200
    assert "X-Reelfake-Injected" not in genres


def test_standing_latency_sleeps_and_names_the_delay(anon_client, local_reset, sleeps):
    put(anon_client, {"latency": "250"})
    response = anon_client.get("/api/genres")
    assert response.status_code == 200
    assert sleeps == [pytest.approx(0.25)]
    assert response["X-Reelfake-Injected"] == "latency=250"


def test_standing_latency_and_failure_are_named_together(anon_client, local_reset, sleeps):
    put(anon_client, {"latency": "40", "failRate": 1, "failStatuses": [500]})
    response = anon_client.get("/api/genres")
    assert response["X-Reelfake-Injected"] == "latency=40, fail=500"


def test_request_delay_replaces_the_standing_latency(anon_client, local_reset, sleeps):
    put(anon_client, {"latency": "250"})
    response = anon_client.get("/api/genres?delay=10")
    assert sleeps == [pytest.approx(0.01)]
    assert "X-Reelfake-Injected" not in response


def test_request_fail_replaces_the_standing_failure(anon_client, local_reset):
    put(anon_client, {"failRate": 1, "failStatuses": [500]})
    response = anon_client.get("/api/genres?fail=503@0")
    assert response.status_code == 200
    assert "X-Reelfake-Injected" not in response


def test_standing_settings_are_read_once_per_ttl(
    local_reset, stopped_settings_clock, django_assert_num_queries
):
    local_reset.REELFAKE_TOOLKIT_SETTINGS_TTL_MS = 60000
    middleware = FailureMiddleware(lambda request: HttpResponse("served"))
    with django_assert_num_queries(1):
        for _ in range(3):
            middleware(RequestFactory().get("/api/genres"))


def test_standing_settings_are_read_again_after_the_ttl(local_reset, django_assert_num_queries):
    local_reset.REELFAKE_TOOLKIT_SETTINGS_TTL_MS = 0
    middleware = FailureMiddleware(lambda request: HttpResponse("served"))
    with django_assert_num_queries(3):
        for _ in range(3):
            middleware(RequestFactory().get("/api/genres"))


def test_no_query_where_standing_settings_cannot_exist(settings, django_assert_num_queries):
    settings.REELFAKE_RESET = False
    settings.DEBUG = False
    middleware = FailureMiddleware(lambda request: HttpResponse("served"))
    with django_assert_num_queries(0):
        middleware(RequestFactory().get("/api/genres"))


def test_sandboxes_keep_separate_cache_entries(
    settings, stopped_settings_clock, django_assert_num_queries
):
    settings.REELFAKE_SANDBOXES = True
    settings.REELFAKE_TOOLKIT_SETTINGS_TTL_MS = 60000
    middleware = FailureMiddleware(lambda request: HttpResponse("served"))
    with django_assert_num_queries(2):
        for sandbox in ("a", "b", "a", "b"):
            request = RequestFactory().get("/api/genres")
            request.sandbox_id = sandbox
            middleware(request)


def test_standing_failure_writes_nothing(anon_client, local_reset):
    put(anon_client, {"failRate": 1, "failStatuses": [500], "routes": ["/api/customers/*"]})
    body = {"firstName": "N", "lastName": "N", "email": "n1@example.com", "password": "longenough"}
    response = anon_client.post("/api/customers/register", body, format="json")
    assert response.status_code == 500
    assert response.json() == error("Injected failure (fail=500)")
    assert not Customer.objects.exists()
