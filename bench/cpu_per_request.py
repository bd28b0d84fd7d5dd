"""CPU time per request through the whole WSGI application, in this process, one at a time.

wrk's req/s moves a lot on a shared machine; the CPU this process spends per request moves
far less, so this is the measurement for deciding whether a change to the request path pays.
For each path, `--requests` requests go through reelfake.wsgi's application (every
middleware, the URL resolver, the view, the renderer, the request log line) with a plain WSGI
environ, after a warm-up and gc.freeze() (as gunicorn.conf.py's workers do); the process CPU
time (time.process_time: user + system, every thread of this process) is divided by the
number of requests. `--runs` runs per path,
interleaved; printed: the median and the spread of the runs, in microseconds, and the floor's
(bench/floor_wsgi.py's bare DRF view, measured in a child process on the same paths'
schedule) for comparison. Log lines go to a null stream (their formatting still counts).
When the database server runs on this machine, the CPU time its process serving these
requests spent meanwhile is printed beside (`+ database`, from /proc; 10 ms ticks, so
use a few thousand requests): on a small machine the two share the same cores.

Reads only; against the database the settings name (DATABASE_URL, or the embedded server):

    .venv/bin/python bench/cpu_per_request.py
    .venv/bin/python bench/cpu_per_request.py --paths /api/genres,/api/cities --requests 5000
    .venv/bin/python bench/cpu_per_request.py --profile /api/genres   # cProfile, top 40
    .venv/bin/python bench/cpu_per_request.py --staff demostaff@example.com \
        --paths '/api/customers?page=3'          # with that staff member's token cookie

`--staff` mints an access token for the staff member in process (no login request, no
write; `--login EMAIL` does the same for a staff member or a customer, as
`--login democustomer@example.com --paths /api/customers/my_rentals`) and sends it as the
`auth_token` cookie on every request, as bench/routes.py's staff
routes do.
"""

from __future__ import annotations

import argparse
import gc
import io
import json
import logging
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PATHS = [
    "/api/genres",
    "/api/movie_languages",
    "/api/countries",
    "/api/cities",
    "/api/movies/4242",
    "/api/nowhere",
]


# The `auth_token` cookie every request sends (--staff), as "auth_token=…".
COOKIE: str | None = None


def environ_for(path: str) -> dict:
    path_info, _, query = path.partition("?")
    environ = {
        "REQUEST_METHOD": "GET",
        "SCRIPT_NAME": "",
        "PATH_INFO": path_info,
        "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "127.0.0.1:8000",
        "HTTP_ACCEPT": "application/json",
        "HTTP_USER_AGENT": "wrk",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    if COOKIE:
        environ["HTTP_COOKIE"] = COOKIE
    return environ


def one(application, path: str) -> int:
    status = []

    def start_response(code, headers, exc_info=None):
        status.append(code)

    result = application(environ_for(path), start_response)
    try:
        for _ in result:
            pass
    finally:
        if hasattr(result, "close"):
            result.close()
    return int(status[0].split()[0])


def freeze() -> None:
    """As gunicorn.conf.py's post_worker_init: the loaded app out of the collector's reach."""
    gc.collect()
    gc.freeze()


def cpu_per_request_us(application, path: str, requests: int) -> float:
    started = time.process_time()
    for _ in range(requests):
        one(application, path)
    return (time.process_time() - started) / requests * 1e6


def database_backend_pid() -> int | None:
    """The PostgreSQL server process serving this thread's connection, when it runs on this
    machine (its CPU time readable in /proc); None otherwise."""
    from django.db import connection

    if connection.connection is None:
        return None
    pid = connection.connection.info.backend_pid
    return pid if os.path.exists(f"/proc/{pid}/stat") else None


def process_cpu_seconds(pid: int) -> float:
    """user + system CPU time of a process, from /proc/<pid>/stat (clock ticks)."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measured_run(application, path: str, requests: int) -> tuple[float, float | None]:
    """CPU µs per request of this process, and of the database server process that answered
    its queries (None when not measurable: a remote server, or a new connection)."""
    pid = database_backend_pid()
    before = process_cpu_seconds(pid) if pid else None
    ours = cpu_per_request_us(application, path, requests)
    if pid is None or database_backend_pid() != pid:
        return ours, None
    return ours, (process_cpu_seconds(pid) - before) / requests * 1e6


def load_application(floor: bool):
    if floor:
        sys.path.insert(0, str(ROOT / "bench"))
        import floor_wsgi

        return floor_wsgi.application
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reelfake.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key")
    os.environ.setdefault("JWT_SECRET", "bench-only-jwt-secret")
    from reelfake.wsgi import application

    # The request log's formatting counts, its writes to a terminal would not be comparable.
    for handler in logging.getLogger().handlers:
        if isinstance(handler, logging.StreamHandler):
            handler.setStream(open(os.devnull, "w"))  # noqa: SIM115
    return application


def staff_cookie(email: str, *, customers: bool = False) -> str:
    """The access-token cookie a login of this staff member (or, with `customers`, of a
    customer when no staff member has that email) would set, minted in process."""
    from django.conf import settings

    from accounts.identity import user_from_customer, user_from_staff
    from accounts.tokens import access_token_for
    from people.selectors import customer_by_email, staff_by_email

    staff = staff_by_email(email)
    if staff is not None:
        user = user_from_staff(staff)
    elif customers and (customer := customer_by_email(email)) is not None:
        user = user_from_customer(customer)
    else:
        raise SystemExit(f"no {'user' if customers else 'staff member'} {email}")
    return f"{settings.AUTH_COOKIE_NAME}={access_token_for(user)}"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--paths", help="comma-separated paths (default: reference lists...)")
    parser.add_argument("--requests", type=int, default=3000, help="requests per run")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--profile", metavar="PATH", help="cProfile PATH instead")
    parser.add_argument("--sort", default="cumulative", help="cProfile sort key")
    parser.add_argument("--top", type=int, default=40, help="cProfile lines")
    parser.add_argument("--staff", metavar="EMAIL", help="send this staff member's token cookie")
    parser.add_argument(
        "--login", metavar="EMAIL", help="send this staff member's or customer's token cookie"
    )
    parser.add_argument("--floor", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.floor:  # the child measuring bench/floor_wsgi.py
        application = load_application(floor=True)
        for _ in range(300):
            one(application, "/floor")
        freeze()
        runs = [cpu_per_request_us(application, "/floor", args.requests) for _ in range(args.runs)]
        print(json.dumps(runs))
        return

    application = load_application(floor=False)
    global COOKIE
    if args.staff:
        COOKIE = staff_cookie(args.staff)
    elif args.login:
        COOKIE = staff_cookie(args.login, customers=True)
    if args.profile:
        import cProfile
        import pstats

        for _ in range(300):
            one(application, args.profile)
        freeze()
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.requests):
            one(application, args.profile)
        freeze()
        profiler.disable()
        pstats.Stats(profiler).sort_stats(args.sort).print_stats(args.top)
        return

    paths = args.paths.split(",") if args.paths else DEFAULT_PATHS
    for path in paths:  # warm-up: connections, kept lists, compiled queries, URL memo
        statuses = {one(application, path) for _ in range(300)}
        print(f"{path}: HTTP {sorted(statuses)}", file=sys.stderr)
    freeze()
    runs: dict[str, list[float]] = {path: [] for path in paths}
    database: dict[str, list[float]] = {path: [] for path in paths}
    for _ in range(args.runs):
        for path in paths:
            ours, server = measured_run(application, path, args.requests)
            runs[path].append(ours)
            if server is not None:
                database[path].append(server)
    floor_out = subprocess.run(
        [sys.executable, __file__, "--floor", "--requests", str(args.requests)]
        + ["--runs", str(args.runs)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    floor_runs = json.loads(floor_out)
    floor = statistics.median(floor_runs)
    print(f"{args.requests} requests x {args.runs} runs; CPU µs per request, median (min–max)")
    spread = f"({min(floor_runs):.0f}–{max(floor_runs):.0f})"
    print(f"{'floor (bare DRF APIView)':<40} {floor:8.0f} {spread}")
    for path, values in runs.items():
        median = statistics.median(values)
        server = database[path]
        server_text = f"  + database {statistics.median(server):5.0f}" if server else ""
        print(
            f"{path:<40} {median:8.0f} ({min(values):.0f}–{max(values):.0f})"
            f"  {median / floor:5.2f}x floor{server_text}"
        )


if __name__ == "__main__":
    main()
