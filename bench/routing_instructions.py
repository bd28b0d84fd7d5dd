"""Instructions per catalog read in the main world, in a sandbox by its path and by its header,
counted by valgrind's callgrind: the same count on every run, whatever else the machine runs
(docs/sandboxes.md "Routing overhead in instructions").

Each arm reads the same catalog paths (bench/sandboxes.py's mix, kept pages and the request
inspector off) through the WSGI application inside one functools.reduce() call; callgrind
counts only inside functools_reduce and writes one profile part per call, in the order
main, path, header, main again (the last is the count's own spread: nothing differs).

    valgrind --tool=callgrind --toggle-collect=functools_reduce \\
        --dump-after=functools_reduce --callgrind-out-file=/tmp/routing.out \\
        .venv/bin/python bench/routing_instructions.py --reads 200
    for part in /tmp/routing.out.*; do grep '^totals' "$part"; done   # parts 1-4

Run with PYTHONHASHSEED=0 for the same count run after run. Without valgrind it prints the
arms' order and exits after the reads (a quick check that they all answer 200). It creates
one sandbox in the database the settings name (the embedded server unless DATABASE_URL is
set), and leaves it.
"""

from __future__ import annotations

import argparse
import functools
import gc
import importlib.util
import logging
import os
import random
import sys
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent


def _bench_sandboxes():
    """bench/sandboxes.py as a module (its name would shadow the sandboxes app)."""
    spec = importlib.util.spec_from_file_location("bench_sandboxes", ROOT / "bench/sandboxes.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reads", type=int, default=200, help="reads per arm (default 200)")
    args = parser.parse_args()
    bench = _bench_sandboxes()  # sets Django up
    from django.test import Client, override_settings

    from reelfake import kept_pages
    from reelfake.wsgi import application
    from sandboxes import services

    for handler in logging.getLogger().handlers:  # log lines formatted, not written
        if isinstance(handler, logging.StreamHandler):
            handler.setStream(open(os.devnull, "w"))  # noqa: SIM115
    unkept = mock.patch.object(kept_pages._kept, "_on", lambda: False)
    alone = mock.patch("toolkit.middleware.inspector_allowed", lambda request: False)
    with override_settings(**bench.SETTINGS), unkept, alone:
        services.pool_fill(size=1)
        key = bench.create(Client())["key"]
        paths = bench.catalog_paths(args.reads, random.Random(1))
        arms = [
            ("main", "", None),
            ("path", f"/sandbox/{key}", None),
            ("header", "", key),
            ("main again", "", None),
        ]
        for _, prefix, header in arms:  # warm: every route, statement and kept list
            for path in paths:
                bench._read_once(application, prefix + path, header)
        gc.collect()
        gc.freeze()
        for name, prefix, header in arms:
            print(f"part: {name}", flush=True)
            functools.reduce(
                lambda _, path: bench._read_once(application, prefix + path, header), paths, None
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
