"""Route benchmark: the real server and a framework floor, same run, interleaved rounds.

Starts two gunicorn servers with the project's gunicorn.conf.py (2 workers x 16 threads
unless WEB_CONCURRENCY / GUNICORN_THREADS say otherwise): the API on the configured database
(DATABASE_URL, or the embedded server) and bench/floor_wsgi.py, a bare DRF APIView answering
fixed bytes. Each round runs wrk once on the floor and once on every route, in that order;
the table shows per route the median req/s over the rounds, that median as a share of the
floor's median, and its ratio to reelfake-node's figure on the same data (issue 16, midpoint
of the measured range). Seed the large world first:

    .venv/bin/python manage.py seed --reset --scale large
    .venv/bin/python bench/routes.py --rounds 3 --seconds 5      # --only genres,movies
    .venv/bin/python bench/routes.py --markdown                   # the table as markdown
    .venv/bin/python bench/routes.py --baseline /path/to/other/checkout   # before/after

--baseline serves another checkout of the project (same database, same settings) beside this
one and measures its routes in the same rounds: a before/after comparison on one floor.

On a shared machine read the share of the floor: it moves far less than req/s between runs.
"× node at equal floor" divides it by reelfake-node's share of the floor measured beside it
(issue 16: reelfake-node's req/s over the bare DRF view's 4,100-4,300 in that quiet run), so
runs on a slower or busier machine compare with reelfake-node's figures fairly.
Needs wrk (apt install wrk).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STAFF_LOGIN = ("demostaff@example.com", "Demo1234!")


@dataclass(frozen=True)
class Route:
    name: str
    path: str
    node: tuple[float, float] | None  # reelfake-node req/s on the same data (issue 16)
    staff: bool = False


ROUTES = [
    Route("genres", "/api/genres", (3030, 3234)),
    Route("languages", "/api/movie_languages", None),
    Route("countries", "/api/countries", None),
    Route("cities", "/api/cities", None),
    Route("movies p3", "/api/movies?page=3", (282, 390)),
    Route("movies p900", "/api/movies?page=900", (333, 379)),
    Route("movie detail+actors", "/api/movies/4242?include_actors=true", (720, 828)),
    Route(
        "movies filtered",
        "/api/movies?genres=action,drama&release_date=2015-01-01,2020-12-31",
        (145, 149),
    ),
    Route("actors name=%ann%", "/api/actors?name=%25ann%25", (14, 15)),
    Route("actors p20", "/api/actors?page=20", (115, 126)),
    Route("store 7 movies", "/api/stores/7/movies", (81, 95)),
    Route("customers summary", "/api/customers/summary", (894, 922), staff=True),
    Route("customers p3", "/api/customers?page=3", (402, 533), staff=True),
    Route("stats", "/api/stats", (1, 1), staff=True),  # reelfake-node: < 1 req/s
]
# reelfake-node has no figure for the other reference lists: genres' is their bar.
REFERENCE_BAR = ROUTES[0].node
# The bare DRF view's req/s in the run that measured reelfake-node (issue 16: 4,100-4,300,
# same quiet machine, same gunicorn settings). reelfake-node's figure over it is reelfake-node's
# share of that floor; ours over it ("x node at equal floor") compares the two on machines
# of different speed or load: ours share of this run's floor / reelfake-node's share.
NODE_RUN_FLOOR = 4200


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gunicorn:
    def __init__(self, name: str, extra: list[str], env: dict, log_dir: Path, cwd: Path = ROOT):
        self.name, self.port = name, free_port()
        self.log = log_dir / f"{name}.log"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py", *extra],
            cwd=cwd,
            env={**env, "HOST": "127.0.0.1", "PORT": str(self.port)},
            stdout=self.log.open("wb"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def request(self, method: str, path: str, body: str | None = None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request(method, path, body, headers or {})
            response = conn.getresponse()
            return response.status, response.getheaders(), response.read()
        finally:
            conn.close()

    def wait(self, path: str) -> None:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"{self.name} exited:\n{self.log.read_text()[-3000:]}")
            try:
                if self.request("GET", path)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise SystemExit(f"{self.name} did not start:\n{self.log.read_text()[-3000:]}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def server_env() -> dict[str, str]:
    """The environment the benches' servers run with: bench-only secrets unless set, and the
    embedded database (started if needed) unless DATABASE_URL names one."""
    env = dict(os.environ)
    env.setdefault("SECRET_KEY", "bench-only-secret-key")
    env.setdefault("JWT_SECRET", "bench-only-jwt-secret")
    if not env.get("DATABASE_URL"):
        sys.path.insert(0, str(ROOT))
        from reelfake.db import embedded

        env["DATABASE_URL"] = embedded.ensure_running()
    return env


def login(server: Gunicorn) -> str:
    email, password = STAFF_LOGIN
    body = json.dumps({"email": email, "password": password})
    status, headers, _ = server.request(
        "POST", "/api/auth/login", body, {"Content-Type": "application/json"}
    )
    for name, value in headers:
        if name.lower() == "set-cookie" and value.startswith("auth_token="):
            return value.split(";", 1)[0]
    raise SystemExit(f"staff login failed: HTTP {status}")


def connection_split(port: int) -> str:
    """How the open connections to `port` spread over the server's processes, largest share
    first ("4/4", "8/0" with 2 workers): plain gthread workers race to accept on one socket, and
    wrk keeps its connections for the whole run, so a run whose connections all landed on one
    worker measures that worker's accepting thread, not the code (README "Route benchmark").
    gunicorn.conf.py's worker spreads them evenly (docs/deployment.md "How connections spread
    over the workers"): a lopsided round now comes from a baseline checkout without it."""
    try:
        out = subprocess.run(
            ["ss", "-Htnp", "state", "established", f"( sport = :{port} )"],
            capture_output=True,
            text=True,
            timeout=5,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return "?"
    counts = sorted(Counter(re.findall(r"pid=(\d+)", out)).values(), reverse=True)
    workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
    counts += [0] * (workers - len(counts))
    return "/".join(str(count) for count in counts) or "?"


def wrk(url: str, seconds: float, connections: int, threads: int, headers: list[str]) -> float:
    rps, _ = wrk_split(url, seconds, connections, threads, headers)
    return rps


def wrk_split(
    url: str, seconds: float, connections: int, threads: int, headers: list[str]
) -> tuple[float, str]:
    """wrk's req/s and, a quarter into the run, how its connections spread over the workers."""
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds:g}s"]
    for header in headers:
        command += ["-H", header]
    process = subprocess.Popen([*command, url], stdout=subprocess.PIPE, text=True)
    time.sleep(seconds / 4)
    split = connection_split(int(url.split(":")[2].split("/")[0]))
    out, _ = process.communicate()
    if process.returncode:
        raise SystemExit(f"{url}: wrk exited with {process.returncode}")
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if bad:
        raise SystemExit(f"{url}: {bad.group(1)} answers were not 2xx/3xx")
    errors = re.search(r"Socket errors: .*", out)
    if errors:
        print(f"  ({url}: {errors.group(0)})", file=sys.stderr)
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)), split


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("-c", "--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--only", help="comma-separated words: routes whose name has one")
    parser.add_argument("--markdown", action="store_true", help="print the table as markdown")
    parser.add_argument("--baseline", type=Path, help="another checkout to measure alongside")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is needed (apt install wrk)")

    routes = ROUTES
    if args.only:
        words = args.only.split(",")
        routes = [r for r in ROUTES if any(w in r.name for w in words)]
    env = server_env()
    log_dir = Path(tempfile.mkdtemp(prefix="reelfake-routes-"))
    floor = Gunicorn("floor", ["--pythonpath", "bench", "floor_wsgi:application"], env, log_dir)
    apis = {"": Gunicorn("api", [], env, log_dir)}
    if args.baseline:
        apis["baseline"] = Gunicorn("baseline", [], env, log_dir, cwd=args.baseline.resolve())
    try:
        floor.wait("/floor")
        base = ["Accept: application/json"]
        targets = [("floor", f"http://127.0.0.1:{floor.port}/floor", base)]
        cookies = {}
        for label, api in apis.items():
            api.wait("/api/health/ready")
            cookies[label] = login(api) if any(r.staff for r in routes) else None
        for route in routes:
            for label, api in apis.items():
                headers = [*base, f"Cookie: {cookies[label]}"] if route.staff else base
                url = f"http://127.0.0.1:{api.port}{route.path}"
                targets.append((f"{label}:{route.name}", url, headers))
        for _, url, headers in targets:  # warm-up: connections, caches, compiled queries
            wrk(url, 1, args.connections, args.threads, headers)
        results: dict[str, list[float]] = {name: [] for name, _, _ in targets}
        splits: dict[str, list[str]] = {name: [] for name, _, _ in targets}
        for round_no in range(1, args.rounds + 1):
            for name, url, headers in targets:
                rps, split = wrk_split(url, args.seconds, args.connections, args.threads, headers)
                results[name].append(rps)
                splits[name].append(split)
            print(f"round {round_no}/{args.rounds} done", file=sys.stderr)
    finally:
        for api in apis.values():
            api.stop()
        floor.stop()

    floor_rps = statistics.median(results["floor"])
    rows = [("floor (bare DRF APIView)", floor_rps, 1.0, None, None, None, None)]
    for route in routes:
        rps = statistics.median(results[f":{route.name}"])
        node = route.node or REFERENCE_BAR
        node_mid = (node[0] + node[1]) / 2
        before = statistics.median(results[f"baseline:{route.name}"]) if args.baseline else None
        share = rps / floor_rps
        rows.append(
            (
                route.path,
                rps,
                share,
                node,
                rps / node_mid,
                share / (node_mid / NODE_RUN_FLOOR),
                before,
            )
        )
    print(
        f"wrk -t{args.threads} -c{args.connections}, {args.seconds:g} s x {args.rounds} "
        f"interleaved rounds, medians; gunicorn {env.get('WEB_CONCURRENCY', '2')} workers x "
        f"{env.get('GUNICORN_THREADS', '16')} threads; logs in {log_dir}"
    )
    lopsided = [
        f"{name or 'api'} {' '.join(splits[name])} ({' '.join(f'{r:,.0f}' for r in results[name])})"
        for name in splits
        if any(split.endswith("/0") for split in splits[name])
    ]
    if lopsided:
        print(
            "rounds with every connection on one worker (each round's split, then req/s): "
            + "; ".join(lopsided)
        )
    extra = " | baseline req/s | baseline share" if args.baseline else ""
    if args.markdown:
        print(
            "| route | req/s | share of floor | reelfake-node req/s | × node "
            f"| × node at equal floor{extra} |"
        )
        print("|---|---:|---:|---:|---:|---:|" + ("---:|---:|" if args.baseline else ""))
    for path, rps, share, node, ratio, equal, before in rows:
        node_text = "" if node is None else f"{node[0]:,.0f}–{node[1]:,.0f}"
        ratio_text = "" if ratio is None else f"{ratio:.2f}×"
        equal_text = "" if equal is None else f"{equal:.2f}×"
        cells = [f"{rps:,.0f}", f"{share:.0%}", node_text, ratio_text, equal_text]
        if args.baseline:
            cells += ["", ""] if before is None else [f"{before:,.0f}", f"{before / floor_rps:.0%}"]
        if args.markdown:
            print(f"| `{path}` | " + " | ".join(cells) + " |")
        else:
            print(f"{path:<70} " + " ".join(f"{cell:>12}" for cell in cells))


if __name__ == "__main__":
    main()
