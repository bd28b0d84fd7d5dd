"""HTTP load generator for a running reelfake server (it starts nothing itself).

For each endpoint in turn, N client processes send requests over keep-alive connections for
T seconds; the script prints requests/s, p50/p99 latency and the error count per endpoint.

    python bench/load.py --base-url http://127.0.0.1:8000 -c 8 -t 10
    python bench/load.py --base-url http://127.0.0.1:8000 /api/genres "/api/movies?page=3"
    python bench/load.py --file bench/endpoints-people.txt --login demostaff@example.com:Demo1234!

Endpoints default to every bench/endpoints*.txt file (one path per line, # comments); each
app keeps its own file (endpoints-movies.txt, …). Repeat a run (--repeat 3) to report the
median of the runs: these machines are shared and noisy.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing as mp
import statistics
import time
from pathlib import Path
from urllib.parse import urlsplit

BENCH_DIR = Path(__file__).parent


def read_endpoints(paths: list[Path]) -> list[str]:
    lines = [line.strip() for path in paths for line in path.read_text().splitlines()]
    return [line for line in lines if line and not line.startswith("#")]


def client(base_url: str, path: str, deadline: float, headers: dict, out: mp.Queue) -> None:
    parts = urlsplit(base_url)
    conn_class = (
        http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    )
    conn = conn_class(parts.hostname, parts.port, timeout=30)
    latencies, errors = [], 0
    while time.perf_counter() < deadline:
        started = time.perf_counter()
        try:
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            response.read()
            if response.status >= 400 and response.status != 404:
                errors += 1
        except (OSError, http.client.HTTPException):
            errors += 1
            conn.close()
            conn = conn_class(parts.hostname, parts.port, timeout=30)
            continue
        latencies.append(time.perf_counter() - started)
    conn.close()
    out.put((latencies, errors))


def run_endpoint(base_url: str, path: str, concurrency: int, seconds: float, headers: dict):
    out: mp.Queue = mp.Queue()
    deadline = time.perf_counter() + seconds
    workers = [
        mp.Process(target=client, args=(base_url, path, deadline, headers, out))
        for _ in range(concurrency)
    ]
    started = time.perf_counter()
    for worker in workers:
        worker.start()
    results = [out.get() for _ in workers]
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - started
    latencies = sorted(lat for lats, _ in results for lat in lats)
    errors = sum(err for _, err in results)
    if not latencies:
        return {"rps": 0.0, "p50": float("nan"), "p99": float("nan"), "errors": errors}
    return {
        "rps": len(latencies) / elapsed,
        "p50": latencies[len(latencies) // 2] * 1000,
        "p99": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000,
        "errors": errors,
    }


def login(base_url: str, credentials: str) -> str:
    """POST /api/auth/login and return the auth_token cookie it sets."""
    email, _, password = credentials.partition(":")
    parts = urlsplit(base_url)
    conn_class = (
        http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    )
    conn = conn_class(parts.hostname, parts.port, timeout=30)
    body = json.dumps({"email": email, "password": password})
    conn.request("POST", "/api/auth/login", body, {"Content-Type": "application/json"})
    response = conn.getresponse()
    response.read()
    for header, value in response.getheaders():
        if header.lower() == "set-cookie" and value.startswith("auth_token="):
            return value.split(";", 1)[0].partition("=")[2]
    raise SystemExit(f"login as {email} failed: HTTP {response.status}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("endpoints", nargs="*", help="paths (default: bench/endpoints*.txt)")
    parser.add_argument("--file", action="append", type=Path, help="read paths from this file")
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("-c", "--concurrency", type=int, default=8)
    parser.add_argument("-t", "--seconds", type=float, default=10.0)
    parser.add_argument("--repeat", type=int, default=1, help="runs per endpoint; medians shown")
    parser.add_argument("--cookie", help="auth_token value to send, for protected routes")
    parser.add_argument(
        "--login",
        metavar="EMAIL:PASSWORD",
        help="log in first and send the auth_token it sets (e.g. demostaff@example.com:Demo1234!)",
    )
    args = parser.parse_args()

    files = args.file or sorted(BENCH_DIR.glob("endpoints*.txt"))
    endpoints = args.endpoints or read_endpoints(files)
    headers = {"Accept": "application/json"}
    cookie = login(args.base_url, args.login) if args.login else args.cookie
    if cookie:
        headers["Cookie"] = f"auth_token={cookie}"
    print(
        f"{args.base_url}  concurrency={args.concurrency}  seconds={args.seconds}  "
        f"runs={args.repeat}"
    )
    print(f"{'endpoint':<60} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}")
    for path in endpoints:
        runs = [
            run_endpoint(args.base_url, path, args.concurrency, args.seconds, headers)
            for _ in range(args.repeat)
        ]
        rps = statistics.median(r["rps"] for r in runs)
        p50 = statistics.median(r["p50"] for r in runs)
        p99 = statistics.median(r["p99"] for r in runs)
        errors = sum(r["errors"] for r in runs)
        print(f"{path:<60} {rps:>9.1f} {p50:>8.1f} {p99:>8.1f} {errors:>7}")


if __name__ == "__main__":
    main()
