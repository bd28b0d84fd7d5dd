"""Fixed API paths resolve once per process and are remembered (reelfake/routing.py)."""

from django.urls import resolve

from reelfake import urls


def test_a_remembered_path_resolves_to_the_same_view():
    first = resolve("/api/genres")
    second = resolve("/api/genres")
    assert (
        (second.func, second.url_name)
        == (first.func, first.url_name)
        == (
            first.func,
            "genre-list",
        )
    )


def test_a_path_keeps_its_captured_arguments():
    assert resolve("/api/movies/17").kwargs == {"pk": "17"}
    assert resolve("/api/movies/18").kwargs == {"pk": "18"}


def api_resolver():
    return next(p for p in urls.urlpatterns if isinstance(p, urls.MemoizedResolver))


def test_a_fixed_path_is_remembered():
    resolve("/api/genres")
    assert "api/genres" in api_resolver().remembered


def test_a_path_with_an_id_is_not_remembered():
    # Every id a client sends would be kept: ~5 kB each, tens of MB per worker in the soak.
    resolve("/api/movies/424242")
    assert not [path for path in api_resolver().remembered if "424242" in path]


def test_a_path_no_api_route_matches_is_not_remembered():
    before = dict(api_resolver().remembered)
    assert resolve("/api/no-such-route-here").url_name is None
    assert api_resolver().remembered == before


def test_a_remembered_path_resolves_to_the_same_route_and_names():
    first = resolve("/api/countries/")
    second = resolve("/api/countries/")
    assert (second.route, second.view_name, second.app_names, second.namespaces) == (
        first.route,
        first.view_name,
        first.app_names,
        first.namespaces,
    )
