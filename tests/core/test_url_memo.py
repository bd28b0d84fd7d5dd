"""API paths resolve once per process and are remembered (reelfake/routing.py)."""

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


def test_a_path_no_api_route_matches_is_not_remembered():
    api = next(p for p in urls.urlpatterns if isinstance(p, urls.MemoizedResolver))
    before = api.resolve.cache_info().currsize
    assert resolve("/api/no-such-route-here").url_name is None
    assert api.resolve.cache_info().currsize == before
