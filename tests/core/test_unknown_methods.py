"""A method a route does not have is the unknown-route 404 whoever asks: an anonymous caller or
one of the wrong role gets the contract's `Route … does not exist`, not the 401 or 403 of the
route's own methods (a stranger learns nothing of a method that does not exist)."""

import pytest
from django.urls import URLResolver, get_resolver, reverse

METHODS = ("get", "post", "put", "patch", "delete")
# Routes whose own gate answers first, for every method: the sandbox routes (a 404 outside
# sandboxes or without the feature) and the toolkit's (404 outside a sandbox).
GATED = ("/api/sandbox", "/api/reset", "/api/_toolkit/", "/api/_inspector/", "/api/events")


def _patterns(patterns):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _patterns(pattern.url_patterns)
        else:
            yield pattern


def supported_methods(pattern) -> set[str]:
    actions = getattr(pattern.callback, "actions", None)
    if actions:  # a viewset's route: the methods its router mapped
        return set(actions)
    view = pattern.callback.cls
    return {
        method for method in METHODS if method in view.http_method_names and hasattr(view, method)
    }


def unknown_methods() -> list[tuple[str, str]]:
    """(method, path) for each method each /api route lacks, the path ids all "1"."""
    cases = []
    for pattern in _patterns(get_resolver().url_patterns):
        if not pattern.name or not hasattr(pattern.callback, "cls"):
            continue
        path = reverse(pattern.name, kwargs=dict.fromkeys(pattern.pattern.regex.groupindex, "1"))
        if not path.startswith("/api") or path.startswith(GATED) or "docs" in pattern.name:
            continue
        cases.extend(
            (method, path) for method in METHODS if method not in supported_methods(pattern)
        )
    return cases


CASES = unknown_methods()


def test_the_cases_cover_the_protected_routes():
    assert ("post", "/api/rentals") in CASES
    assert ("patch", "/api/inventory/1") in CASES
    assert ("get", "/api/customers/1/activate") in CASES
    assert ("patch", "/api/movies/1") in CASES


@pytest.mark.parametrize(("method", "path"), CASES)
def test_an_anonymous_caller_gets_the_unknown_route_404(anon_client, db, method, path):
    response = getattr(anon_client, method)(path)
    assert (response.status_code, response.json()) == (
        404,
        {"message": f"Route {path} does not exist"},
    )


@pytest.mark.parametrize(("method", "path"), CASES)
def test_a_customer_gets_the_unknown_route_404(customer_client, method, path):
    response = getattr(customer_client, method)(path)
    assert (response.status_code, response.json()) == (
        404,
        {"message": f"Route {path} does not exist"},
    )
