"""CSV upload throughput and memory against a running server (it starts nothing itself).

Generates a movies CSV, then runs both tracked flows end to end over HTTP — POST with
`enable_tracking`, then read every event of the stream until `done` — and prints rows/s per
flow and the peak memory growth of the server processes (Linux: RSS read from /proc).

    python bench/upload_bench.py --base-url http://127.0.0.1:8000 --rows 10000 --repeat 3
    python bench/upload_bench.py --size-mb 50      # needs REELFAKE_UPLOAD_MAX_BYTES >= 50 MB

The upload flow inserts real movies (fresh random tmdb ids each run): point it at a scratch
database. Machines are shared and noisy: --repeat N reports the median of N runs.
"""

from __future__ import annotations

import argparse
import csv
import http.client
import io
import json
import os
import random
import statistics
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

COLUMNS = (
    "tmdb_id,imdb_id,title,original_title,overview,runtime,release_date,genres,"
    "countries_of_origin,language,movie_status,popularity,budget,revenue,rating_average,"
    "rating_count,poster_url,rental_rate"
).split(",")
OVERVIEW = (
    "A retired projectionist finds a reel nobody has ever seen and follows it across the city, "
    "from one shuttered cinema to the next, until the last frame explains who filmed it. "
)


def _row(tmdb_id: int, overview: str) -> list:
    return [
        tmdb_id,
        f"tt{tmdb_id}",
        f"Bench movie {tmdb_id}",
        f"Bench movie {tmdb_id}",
        overview,
        95,
        "2024-05-17",
        "['drama','science fiction']",
        "['us','gb']",
        "en",
        "Released",
        "12.5",
        "1000000",
        "2500000",
        "6.75",
        "120",
        f"https://image.tmdb.org/t/p/w500/{tmdb_id}.jpg",
        "4.99",
    ]


def _line_length(row: list) -> int:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(row)
    return len(out.getvalue().encode())


def make_csv(rows: int, size_mb: float | None) -> bytes:
    """`rows` valid movies with fresh random ids; padded to `size_mb` when given."""
    base = random.randrange(10**11, 9 * 10**11)
    overview = OVERVIEW
    if size_mb:
        bare = _line_length(_row(base, ""))
        overview = (OVERVIEW * 1000)[: max(0, int(size_mb * 1024 * 1024 / rows) - bare)]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for n in range(rows):
        writer.writerow(_row(base + n, overview))
    return out.getvalue().encode()


class Api:
    def __init__(self, base_url: str):
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname, parts.port or 80
        self.cookie = ""

    def conn(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection(self.host, self.port, timeout=600)

    def login(self, email: str, password: str) -> None:
        conn = self.conn()
        body = json.dumps({"email": email, "password": password})
        conn.request("POST", "/api/auth/login", body, {"Content-Type": "application/json"})
        response = conn.getresponse()
        response.read()
        if response.status != 200:
            raise SystemExit(f"login as {email} failed: {response.status}")
        for name, value in response.getheaders():
            if name.lower() == "set-cookie" and value.startswith("auth_token="):
                self.cookie = value.split(";", 1)[0]
        conn.close()

    def post_csv(self, path: str, content: bytes) -> dict:
        boundary = uuid.uuid4().hex
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
                'filename="bench.csv"\r\nContent-Type: text/csv\r\n\r\n'
            ).encode()
            + content
            + f"\r\n--{boundary}--\r\n".encode()
        )
        conn = self.conn()
        conn.request(
            "POST",
            path,
            body,
            {"Content-Type": f"multipart/form-data; boundary={boundary}", "Cookie": self.cookie},
        )
        response = conn.getresponse()
        data = json.loads(response.read())
        conn.close()
        if response.status != 202:
            raise SystemExit(f"POST {path}: {response.status} {data}")
        return data

    def stream(self, path: str) -> tuple[int, dict]:
        """Read every event; (number of row events, the final event)."""
        conn = self.conn()
        conn.request("GET", path, headers={"Accept": "text/event-stream", "Cookie": self.cookie})
        response = conn.getresponse()
        if response.status != 200:
            raise SystemExit(f"GET {path}: {response.status} {response.read()!r}")
        rows, final = 0, None
        for line in response:
            if not line.startswith(b"data: "):
                continue
            event = json.loads(line[6:])
            if event["status"] == "processing":
                rows += 1
            else:
                final = event
                break
        conn.close()
        return rows, final


def listening_pids(port: int) -> list[int]:
    """Processes holding the listening socket of `port` (gunicorn's arbiter and workers)."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if fields[3] == "0A" and int(fields[1].rsplit(":", 1)[1], 16) == port:
                inodes.add(fields[9])
    pids = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            links = {os.readlink(fd) for fd in (proc / "fd").iterdir()}
        except OSError:
            continue
        if any(f"socket:[{inode}]" in links for inode in inodes):
            pids.append(int(proc.name))
    return sorted(pids)


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


class MemorySampler(threading.Thread):
    """Largest RSS growth of any of `pids` over their RSS when sampling started."""

    def __init__(self, pids: list[int]):
        super().__init__(daemon=True)
        self.base = {pid: rss_kb(pid) for pid in pids}
        self.peak = dict(self.base)
        self.running = True

    def run(self):
        while self.running:
            for pid in self.peak:
                try:
                    self.peak[pid] = max(self.peak[pid], rss_kb(pid))
                except OSError:
                    pass
            time.sleep(0.02)

    def stop(self) -> float:
        self.running = False
        self.join()
        return max((self.peak[p] - self.base[p] for p in self.peak), default=0) / 1024


def run_flow(api: Api, route: str, content: bytes, rows: int, pids: list[int]) -> dict:
    sampler = MemorySampler(pids)
    sampler.start()
    started = time.perf_counter()
    url = (
        "/api" + api.post_csv(f"/api/movies/upload/{route}?enable_tracking", content)["trackingUrl"]
    )
    posted = time.perf_counter()
    received, final = api.stream(url)
    finished = time.perf_counter()
    growth = sampler.stop()
    if received != rows or final is None or final["status"] != "done":
        raise SystemExit(f"{route}: got {received} row events and {final}")
    return {
        "post_s": posted - started,
        "stream_rows_per_s": rows / (finished - posted),
        "total_rows_per_s": rows / (finished - started),
        "peak_mb": growth,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--email", default="demomanager@example.com")
    parser.add_argument("--password", default="Demo1234!")
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--size-mb", type=float, help="pad rows so the file has this size")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--pid", type=int, action="append", help="server pid (default: by port)")
    args = parser.parse_args()

    api = Api(args.base_url)
    api.login(args.email, args.password)
    pids = args.pid or listening_pids(api.port)
    print(f"server pids: {pids or 'not found (memory not measured)'}")
    results = {"validate": [], "upload": []}
    for run in range(args.repeat):
        content = make_csv(args.rows, args.size_mb)
        size = len(content) / (1024 * 1024)
        for flow, route in (("validate", "validate"), ("upload", "")):
            if flow == "upload":
                content = make_csv(args.rows, args.size_mb)  # fresh ids: every row inserts
            result = run_flow(api, route, content, args.rows, pids)
            results[flow].append(result)
            print(
                f"run {run + 1} {flow:8} {args.rows} rows {size:.1f} MB: "
                f"stream {result['stream_rows_per_s']:.0f} rows/s, "
                f"end to end {result['total_rows_per_s']:.0f} rows/s "
                f"(POST {result['post_s']:.2f} s), peak memory +{result['peak_mb']:.0f} MB"
            )
    for flow, runs in results.items():
        print(
            f"median {flow:8}: stream {statistics.median(r['stream_rows_per_s'] for r in runs):.0f}"
            f" rows/s, end to end {statistics.median(r['total_rows_per_s'] for r in runs):.0f}"
            f" rows/s, peak memory +{statistics.median(r['peak_mb'] for r in runs):.0f} MB"
        )


if __name__ == "__main__":
    main()
