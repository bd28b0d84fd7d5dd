"""The admin and the API docs pages carry a Content-Security-Policy; the docs' inline script
carries the page's nonce (docs/security.md "Caching and page policies"). The browser tests in
tests/e2e/test_docs_pages.py prove the pages still render under it."""

import re

import pytest

pytestmark = pytest.mark.django_db


def nonce_of(policy: str) -> str:
    return re.search(r"'nonce-([^']+)'", policy).group(1)


@pytest.mark.parametrize("url", ["/api/docs", "/api/redocs"])
def test_docs_pages_allow_only_their_own_scripts_and_the_nonced_inline_one(anon_client, url):
    response = anon_client.get(url)
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert re.search(r"script-src 'self' 'nonce-[^']+';", policy)
    assert "frame-ancestors 'none'" in policy


@pytest.mark.parametrize("url", ["/api/docs", "/api/redocs"])
def test_the_inline_script_of_a_docs_page_carries_the_policy_nonce(anon_client, url):
    response = anon_client.get(url)
    nonce = nonce_of(response["Content-Security-Policy"])
    html = response.content.decode()
    inline_scripts = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    assert inline_scripts == [f' nonce="{nonce}"']


def test_each_docs_page_gets_a_fresh_nonce(anon_client):
    first = anon_client.get("/api/docs")["Content-Security-Policy"]
    second = anon_client.get("/api/docs")["Content-Security-Policy"]
    assert nonce_of(first) != nonce_of(second)


def test_the_admin_sign_in_page_allows_only_its_own_scripts(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "script-src 'self';" in policy
    assert "default-src 'self'" in policy


def test_json_routes_carry_no_page_policy(anon_client):
    assert "Content-Security-Policy" not in anon_client.get("/api/genres")
