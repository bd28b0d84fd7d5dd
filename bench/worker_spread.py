"""How keep-alive connections opened at once spread over gunicorn's workers, and what a
lopsided spread costs (docs/deployment.md "How connections spread over the workers").

Starts gunicorn with the project's gunicorn.conf.py (2 workers x 16 threads unless
WEB_CONCURRENCY / GUNICORN_THREADS say otherwise) on the configured database, as
bench/routes.py does, then:

  1. --trials times for each of --connections (default 8 and 6, like a browser or wrk -c8):
     opens that many connections at once, sends one request on each (so every one is
     accepted), reads from `ss -tnp` which process holds each, closes them all. Prints how
     often each split ("4/4", "8/0") came up.
  2. --wrk-runs runs of wrk -c8 on --path (a cheap route), each with its split read a quarter
     into the run: req/s grouped by split.

    .venv/bin/python bench/worker_spread.py                       # this checkout's config
    .venv/bin/python bench/worker_spread.py --gunicorn-args="--worker-class gthread"  # stock
    .venv/bin/python bench/worker_spread.py --gunicorn-args="--reuse-port"

--gunicorn-args are added to gunicorn's command line (they win over gunicorn.conf.py).
Needs ss (iproute2) and, for part 2, wrk.
"""

from __future__ import annotations

import argparse
import shlex
import socket
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from routes import Gunicorn, connection_split, server_env, wrk_split  # noqa: E402


def open_at_once(port: int, count: int, path: str) -> list[socket.socket]:
    """`count` connections made back to back, then one keep-alive request on each, answered."""
    sockets = [socket.create_connection(("127.0.0.1", port), timeout=30) for _ in range(count)]
    request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n\r\n"
    for sock in sockets:
        sock.sendall(request.encode())
    for sock in sockets:
        read_response(sock)
    return sockets


def read_response(sock: socket.socket) -> None:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            raise SystemExit("the server closed a connection")
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = next(
        int(line.split(b":", 1)[1])
        for line in head.split(b"\r\n")
        if line.lower().startswith(b"content-length:")
    )
    while len(body) < length:
        body += sock.recv(65536)


def established(port: int) -> str:
    return connection_split(port)


def wait_closed(port: int) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if connection_split(port).replace("/", "").strip("0") == "":
            return
        time.sleep(0.02)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--trials", type=int, default=30)
    parser.add_argument("--connections", default="8,6", help="comma-separated counts")
    parser.add_argument("--path", default="/api/genres", help="a cheap route")
    parser.add_argument("--wrk-runs", type=int, default=10, help="0: no wrk part")
    parser.add_argument("--seconds", type=float, default=3, help="per wrk run")
    parser.add_argument("--gunicorn-args", default="", help="added to gunicorn's command line")
    args = parser.parse_args()

    env = server_env()
    log_dir = Path(tempfile.mkdtemp(prefix="reelfake-spread-"))
    server = Gunicorn("api", shlex.split(args.gunicorn_args), env, log_dir)
    try:
        server.wait("/api/health/ready")
        deadline = time.monotonic() + 30
        while True:  # warm every thread, until every worker has booted and holds some
            sockets = open_at_once(server.port, 16, args.path)
            booted = not established(server.port).endswith("/0")
            for sock in sockets:
                sock.close()
            wait_closed(server.port)
            if booted or time.monotonic() > deadline:
                break
        print(
            f"gunicorn {env.get('WEB_CONCURRENCY', '2')} workers x "
            f"{env.get('GUNICORN_THREADS', '16')} threads {args.gunicorn_args}; "
            f"logs in {log_dir}"
        )
        for count in (int(n) for n in args.connections.split(",")):
            splits, order = Counter(), []
            for _ in range(args.trials):
                sockets = open_at_once(server.port, count, args.path)
                order.append(established(server.port))
                splits[order[-1]] += 1
                for sock in sockets:
                    sock.close()
                wait_closed(server.port)
            shown = ", ".join(f"{split} x{n}" for split, n in sorted(splits.items()))
            print(f"{count} connections at once, {args.trials} trials: {shown}")
            print(f"  in order: {' '.join(order)}")
        if args.wrk_runs:
            by_split = defaultdict(list)
            url = f"http://127.0.0.1:{server.port}{args.path}"
            for _ in range(args.wrk_runs):
                rps, split = wrk_split(url, args.seconds, 8, 2, ["Accept: application/json"])
                by_split[split].append(rps)
                wait_closed(server.port)
            print(f"wrk -t2 -c8 -d{args.seconds:g}s {args.path}, {args.wrk_runs} runs:")
            for split, values in sorted(by_split.items()):
                listed = " ".join(f"{v:,.0f}" for v in values)
                print(
                    f"  {split}: {len(values)} runs, median {statistics.median(values):,.0f}"
                    f" req/s ({listed})"
                )
    finally:
        server.stop()


if __name__ == "__main__":
    main()
