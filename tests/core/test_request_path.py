"""The request path: the admin's middlewares run only outside the API
(reelfake.middleware.PageMiddleware), one layer sets the project's own headers
(reelfake.headers.ResponseHeadersMiddleware), and a kept reference list keeps its ETag
(docs/performance.md "What every request costs", docs/security.md "Caching and page
policies")."""

from hashlib import md5

import pytest
from django.core.checks import run_checks
from django.test import Client, override_settings
from django.test.client import RequestFactory
from rest_framework.response import Response

from reelfake.checks import E002
from reelfake.middleware import ConditionalGetMiddleware, is_api_path
from reelfake.renderers import JSONRenderer, KeptBody

pytestmark = pytest.mark.django_db

# Answers made by every layer of the stack: a view, the unknown route, the Origin check,
# the delay and fail parsers, an injected failure, the NUL check, a page.
ANSWERS = [
    ("get", "/api/genres", {}),
    ("get", "/api/nowhere", {}),
    ("post", "/api/genres", {"HTTP_ORIGIN": "https://evil.example"}),
    ("get", "/api/genres?delay=soon", {}),
    ("get", "/api/genres?fail=nope", {}),
    ("get", "/api/genres?fail=503", {}),
    ("get", "/api/genres?x=%00", {}),
    ("get", "/admin/login/", {}),
]


def answer(method, path, headers):
    return getattr(Client(), method)(path, **headers)


@pytest.mark.parametrize(("method", "path", "headers"), ANSWERS)
def test_every_answer_forbids_framing(method, path, headers):
    assert answer(method, path, headers)["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize(("method", "path", "headers"), ANSWERS)
def test_every_answer_forbids_content_sniffing(method, path, headers):
    assert answer(method, path, headers)["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(("method", "path", "headers"), ANSWERS)
def test_every_answer_sends_referrers_to_its_own_origin_only(method, path, headers):
    assert answer(method, path, headers)["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize(("method", "path", "headers"), ANSWERS)
def test_every_answer_isolates_its_browsing_context(method, path, headers):
    assert answer(method, path, headers)["Cross-Origin-Opener-Policy"] == "same-origin"


def test_an_api_answer_states_its_content_length(anon_client):
    response = anon_client.get("/api/genres")
    assert response["Content-Length"] == str(len(response.content))


def test_an_api_answer_sets_no_session_or_csrf_cookie():
    response = Client().get("/api/genres", HTTP_COOKIE="sessionid=abc; csrftoken=def")
    assert (response.status_code, dict(response.cookies)) == (200, {})


def test_the_swagger_page_still_gets_its_csrf_cookie():
    response = Client().get("/api/docs")
    assert response.status_code == 200
    assert "csrftoken" in response.cookies


def test_the_admin_sign_in_refuses_a_post_without_its_csrf_token():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/admin/login/", {"username": "a@example.com", "password": "x"})
    assert response.status_code == 403


def test_the_admin_sign_in_page_sets_the_csrf_cookie():
    response = Client().get("/admin/login/")
    assert response.status_code == 200
    assert "csrftoken" in response.cookies


@pytest.mark.parametrize(
    ("path", "api"),
    [
        ("/api", True),
        ("/api/", True),
        ("/api/genres", True),
        ("/api/_toolkit/settings", True),
        ("/api/docs", False),
        ("/api/docs/", False),
        ("/api/redocs", False),
        ("/apiary", False),
        ("/admin/", False),
        ("/inspector", False),
        ("/", False),
    ],
)
def test_api_paths_are_those_under_api_except_the_docs_pages(path, api):
    assert is_api_path(path) is api


def test_the_page_middleware_check_passes_with_the_settings():
    assert E002 not in {message.id for message in run_checks()}


@override_settings(
    PAGE_MIDDLEWARE=[
        "django.middleware.common.CommonMiddleware",
        "django.middleware.csrf.CsrfViewMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware",
        "reelfake.middleware.MessageMiddleware",
    ]
)
def test_the_page_middleware_check_fails_without_sessions():
    errors = [message for message in run_checks() if message.id == E002]
    assert [error.msg.split()[0] for error in errors] == [
        "django.contrib.sessions.middleware.SessionMiddleware"
    ]


def kept_response(body: KeptBody) -> Response:
    response = Response(body)
    response.accepted_renderer = JSONRenderer()
    response.accepted_media_type = "application/json"
    response.renderer_context = {}
    response.render()
    return response


def through_conditional_get(response, **headers):
    request = RequestFactory().get("/api/genres", **headers)
    return ConditionalGetMiddleware(lambda request: response)(request)


def test_a_kept_body_gets_the_md5_etag_django_would_give_it():
    response = through_conditional_get(kept_response(KeptBody({"items": [], "length": 0})))
    assert response["ETag"] == f'"{md5(response.content).hexdigest()}"'


def test_a_kept_body_keeps_its_etag_for_the_next_answers():
    body = KeptBody({"items": [1], "length": 1})
    first = through_conditional_get(kept_response(body))
    assert body.etag == first["ETag"]
    assert through_conditional_get(kept_response(body))["ETag"] == first["ETag"]


def test_a_kept_body_answers_304_to_its_etag():
    body = KeptBody({"items": [1], "length": 1})
    etag = through_conditional_get(kept_response(body))["ETag"]
    response = through_conditional_get(kept_response(body), HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304


def test_a_private_answer_of_a_kept_body_gets_no_etag():
    response = kept_response(KeptBody({"items": [], "length": 0}))
    response["Cache-Control"] = "private, no-store"
    assert "ETag" not in through_conditional_get(response)


def test_a_reference_list_answers_304_to_its_etag_through_the_stack(anon_client):
    etag = anon_client.get("/api/genres")["ETag"]
    response = anon_client.get("/api/genres", HTTP_IF_NONE_MATCH=etag)
    assert (response.status_code, response.content) == (304, b"")


def test_a_get_with_a_failing_if_match_answers_412(anon_client):
    response = anon_client.get("/api/genres", HTTP_IF_MATCH='"not-this-one"')
    assert response.status_code == 412
