"""Memory a full store of kept movie list pages holds, with and without their items.

Reads pages 1..N of GET /api/movies (unfiltered: the pages reelfake/kept_pages.py keeps)
through the whole application with keeping off, holds each answer's body (a KeptBody with
its rendered bytes and gzip bytes, as a kept one holds them), and prints the memory
tracemalloc counts for the N bodies as they were kept before (items as Python objects, plus
orjson's bytes and gzip) and as they are kept now (an exact copy of the bytes, and gzip:
reelfake/renderers.py bytes_only()); docs/performance.md "Worker memory over a soak".

Reads only; against the database the settings name (DATABASE_URL, or the embedded server):

    DATABASE_URL='postgres://postgres@/reelfake?host=/other/.pgdata' \\
        .venv/bin/python bench/kept_memory.py --pages 64
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=64, help="pages kept (REELFAKE_KEPT_PAGES)")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reelfake.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    from reelfake.renderers import KeptBody, bytes_only

    settings.REELFAKE_KEPT_PAGES = 0  # every page read and built afresh, none kept
    client = Client(HTTP_HOST="localhost", HTTP_ACCEPT_ENCODING="gzip")
    for page in range(1, args.pages + 1):  # warm-up: imports, connection, caches per query
        client.get(f"/api/movies?page={page}")
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    bodies, rendered, gzipped = [], 0, 0
    for page in range(1, args.pages + 1):
        response = client.get(f"/api/movies?page={page}")
        assert response.status_code == 200, response.content[:200]
        body = response.data
        assert type(body) is KeptBody and body.rendered and body.gzipped
        bodies.append(body)
        rendered += len(body.rendered)
        gzipped += len(body.gzipped)
        del response
    gc.collect()
    with_items = tracemalloc.get_traced_memory()[0] - before
    for n, body in enumerate(bodies):  # the same bodies as bytes_only() keeps them now
        kept = bytes_only(KeptBody(body))
        assert kept.rendered == body.rendered
        kept.gzipped = body.gzipped
        bodies[n] = kept
    del body, kept
    gc.collect()
    now = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    mb = 1024 * 1024
    print(f"{len(bodies)} movie pages: rendered {rendered / mb:.2f} MB, gzip {gzipped / mb:.2f} MB")
    print(f"kept with items (before): {with_items / mb:.2f} MB")
    print(f"kept as bytes only (now): {now / mb:.2f} MB")
    print(f"ratio: {with_items / now:.1f}x")


if __name__ == "__main__":
    main()
