"""Fixed API paths resolve once per process and are remembered (reelfake/routing.py)."""

import types

from django.urls import Resolver404, URLResolver, get_resolver, resolve
from django.urls.resolvers import RegexPattern

from reelfake import urls
from reelfake.routing import _leaves, literal_prefix


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


# Paths with ids resolve over the patterns that can match them (reelfake/routing.py,
# docs/performance.md "URL resolution of paths with ids"): the match must be Django's own.

IDS = ["1", "4242", "0", "-1", "abc", "1.5", "9" * 40, "%20", "Ab-c_d"]
MATCH_FIELDS = [
    "func",
    "args",
    "kwargs",
    "url_name",
    "app_names",
    "namespaces",
    "route",
    "captured_kwargs",
    "extra_kwargs",
    "view_name",
    "_func_path",
]


def django_resolver() -> URLResolver:
    """The project's root resolver with a plain include() in place of MemoizedResolver."""
    module = types.ModuleType("plain_urls")
    module.urlpatterns = [
        URLResolver(p.pattern, p.url_patterns, p.default_kwargs, p.app_name, p.namespace)
        if isinstance(p, urls.MemoizedResolver)
        else p
        for p in urls.urlpatterns
    ]
    return URLResolver(RegexPattern(r"^/"), module)


def id_templates() -> list[str]:
    """`/api/...` with `{}` for each captured part, for every API pattern that captures."""
    templates = []
    for pattern, _ in _leaves(api_resolver().url_patterns):
        regex = pattern.pattern.regex.pattern
        if "(?P<" not in regex:
            continue
        text, depth, i = [], 0, 1
        while i < len(regex):
            if depth == 0 and regex.startswith("(?P<", i):
                depth, i = 1, regex.index(">", i) + 1
                text.append("{}")
            elif depth and regex[i] == "\\":
                i += 2
            elif depth:
                depth += {"(": 1, ")": -1}.get(regex[i], 0)
                i += 1
            else:
                text.append(regex[i])
                i += 1
        route = "".join(text).removesuffix("/?\\Z").removesuffix("/?$").replace("\\.", ".")
        templates.append("/api/" + route)
    return templates


def outcome(resolver, path):
    try:
        match = resolver.resolve(path)
    except Resolver404:
        return "404"
    return {field: getattr(match, field) for field in MATCH_FIELDS}


def paths_with_ids() -> list[str]:
    paths = []
    for template in id_templates():
        for value in IDS:
            path = template.format(*[value] * template.count("{}"))
            paths += [path, path + "/", path + "//", path + "/x"]
    return paths


def test_every_api_pattern_with_an_id_has_a_template():
    templates = id_templates()
    assert "/api/movies/{}" in templates
    assert "/api/customers/{}/preferred_store/{}" in templates
    assert "/api/images/posters/{}.svg" in templates
    assert len(templates) >= 25


def test_paths_with_ids_resolve_as_django_does():
    plain = django_resolver()
    for path in paths_with_ids():
        assert outcome(get_resolver(), path) == outcome(plain, path), path


def test_a_path_with_an_id_resolves_to_its_view_and_arguments():
    match = resolve("/api/customers/12/preferred_store/3/")
    assert (match.url_name, match.kwargs) == (
        "customer-preferred-store",
        {"id": "12", "store_id": "3"},
    )


def test_unknown_paths_under_known_prefixes_reach_the_route_not_found_view():
    for path in ["/api/movies/1/nope", "/api/moviesx/1", "/api/images/posters/12345678901.svg"]:
        assert resolve(path).func is resolve("/api/no-such-route-here").func
        assert resolve(path).url_name is None


def test_paths_with_many_ids_grow_nothing_kept():
    resolve("/api/movies/1")
    resolve("/api/customers/1/activate")
    kept = (dict(api_resolver().remembered), len(api_resolver()._tries))
    for n in range(500):
        resolve(f"/api/movies/{n}")
        resolve(f"/api/customers/{n}/activate")
        resolve(f"/api/movies/{n}x{n}/stores")
    assert (api_resolver().remembered, len(api_resolver()._tries)) == kept


def test_literal_prefix_stops_before_a_quantified_character():
    assert literal_prefix(RegexPattern(r"^genres/?\Z")) == ("genres", False)
    assert literal_prefix(RegexPattern(r"^images/posters/(?P<id>[0-9]+)\.svg")) == (
        "images/posters/",
        False,
    )
    assert literal_prefix(RegexPattern(r"^a\.b\Z")) == ("a.b", False)
    assert literal_prefix(RegexPattern(r"^api/")) == ("api/", True)


def test_a_pattern_not_anchored_or_case_insensitive_has_no_prefix():
    assert literal_prefix(RegexPattern(r"movies/")) == ("", False)
    assert literal_prefix(RegexPattern(r"(?i)^movies/")) == ("", False)
