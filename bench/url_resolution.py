"""URL resolution time per path: the project's URLconf against the same URLconf with a plain
include() in place of reelfake.routing.MemoizedResolver (Django's own resolution), in process.

    .venv/bin/python bench/url_resolution.py
    .venv/bin/python bench/url_resolution.py --paths /api/movies/4242,/api/staff/5

Prints, per path, the fastest of `--repeats` interleaved runs of `--number` resolutions each,
in microseconds (the fastest run is the one the machine's other load disturbed least)."""

from __future__ import annotations

import argparse
import os
import sys
import timeit
import types
from pathlib import Path

PATHS = [
    "/api/movies/4242",
    "/api/actors/17",
    "/api/customers/12/preferred_store/3",
    "/api/staff/5",
    "/api/movies/abc",
    "/api/genres",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--paths", default=",".join(PATHS))
    parser.add_argument("--number", type=int, default=5000)
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reelfake.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key")
    os.environ.setdefault("JWT_SECRET", "bench-only-jwt-secret")
    import django

    django.setup()
    from django.urls import URLResolver, get_resolver
    from django.urls.resolvers import RegexPattern

    from reelfake import urls
    from reelfake.routing import MemoizedResolver

    plain_urls = types.ModuleType("plain_urls")
    plain_urls.urlpatterns = [
        URLResolver(p.pattern, p.url_patterns, p.default_kwargs, p.app_name, p.namespace)
        if isinstance(p, MemoizedResolver)
        else p
        for p in urls.urlpatterns
    ]
    ours, plain = get_resolver(), URLResolver(RegexPattern(r"^/"), plain_urls)
    print(f"{'path':40} {'ours µs':>9} {'Django µs':>10} {'ratio':>6}")
    for path in args.paths.split(","):
        mine, theirs = [], []
        for _ in range(args.repeats):
            mine.append(timeit.timeit(lambda path=path: ours.resolve(path), number=args.number))
            theirs.append(timeit.timeit(lambda path=path: plain.resolve(path), number=args.number))
        a, b = min(mine) / args.number * 1e6, min(theirs) / args.number * 1e6
        print(f"{path:40} {a:9.1f} {b:10.1f} {b / a:5.1f}x")


if __name__ == "__main__":
    main()
