"""Soak test: minutes of mixed traffic against one gunicorn server, then the numbers.

Starts its own server (gunicorn.conf.py on a free port, on the embedded database unless
DATABASE_URL is set, so REELFAKE_PGDATA picks the data folder) and drives N clients, each a
process with its own keep-alive connection, through a weighted random mix (READS and FLOWS
below): every list route (movies with filters, sort, search and pages, actors, places, people,
stores, rentals, stats), details, logins of the demo accounts, cart edits as the demo
customer, movie create → update → delete as the demo store manager, and every --upload-every
seconds one tracked CSV validation or upload read over Server-Sent Events. Writes undo
themselves: what a flow creates, it deletes (the run checks the row counts and the demo
customer's cart and wishlist before and after).

Each worker's memory (RSS, and USS/PSS from /proc/<pid>/smaps_rollup) is read after
--warmup seconds of traffic and again after --duration more. The report gives requests/s,
latency percentiles overall and per request kind, errors by kind and status, memory per
worker, and PASS/FAIL against the targets: zero errors, zero 5xx, RSS growth < 10% per
worker, p99 < 300 ms. An error is a 5xx, a connection error or timeout, or a status the kind
does not expect (filtered lists and searches may answer `404 No data found`; nothing else
may). SSE streams are timed as their own kinds and left out of the overall percentiles.

    .venv/bin/python bench/soak.py --json                       # 16 clients, 20 s + 5 min
    REELFAKE_PGDATA=/tmp/soak-pgdata .venv/bin/python bench/soak.py --duration 45 --warmup 10
    .venv/bin/python bench/soak.py --base-url http://127.0.0.1:8000 --server-pid 1234
    bench/soak --duration 60                                    # the same, via .venv

Seed the database first (`manage.py seed --scale large`). WEB_CONCURRENCY and
GUNICORN_THREADS size the server as usual. Exit code 0 on PASS, 1 on FAIL.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing as mp
import os
import queue
import random
import re
import resource
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections import Counter, defaultdict
from pathlib import Path
from typing import NamedTuple
from urllib.parse import quote, urlsplit

from upload_bench import make_csv

ROOT = Path(__file__).resolve().parent.parent
ACCOUNTS = {
    "customer": "democustomer@example.com",
    "staff": "demostaff@example.com",
    "manager": "demomanager@example.com",
}
DEMO_PASSWORD = "Demo1234!"
TARGET_P99_MS = 300.0
TARGET_GROWTH_PCT = 10.0  # RSS, per worker
# gunicorn drops a keep-alive connection after `keepalive` (5 s) of silence: a client
# reconnects before reusing one that sat idle that long (the uploader, after a stream).
IDLE_RECONNECT_S = 3.0
UPLOAD_ROWS = 20
TIMELINE_S = 15

GENRES = (
    "action adventure animation comedy crime documentary drama family fantasy history horror "
    "music mystery romance sci_fi thriller war western"
).split()
COUNTRIES = "us gb fr de au jp in it es ca".split()
LANGUAGES = "en fr de es ja hi it ko".split()
MOVIE_SORTS = "id title releaseDate popularity ratingAverage ratingCount runtime".split()
ACTOR_SORTS = "id actorName popularity birthday".split()
OK = (200,)
# Filtered lists and searches: `404 No data found with the given query`; a movie without
# inventory rows: `404 Movie is out of stock` (the contract's answers when there is no data).
OK_OR_NO_DATA = (200, 404)


# ---------------------------------------------------------------------------------------
# The mix. Reads: (weight, kind, role, expected statuses, path(rng, plan)). A role of
# "staff+" is the demo staff member or the demo manager, at random.


def _page(rng, total: int) -> int:
    return rng.randint(1, max(1, total))


def _movie_filters(rng, plan) -> str:
    params = [f"genres={','.join(rng.sample(GENRES, rng.randint(1, 2)))}"]
    if rng.random() < 0.5:
        year = rng.randint(1960, 2020)
        params.append(f"release_date={year}-01-01,{year + rng.randint(1, 10)}-12-31")
    if rng.random() < 0.3:
        params.append(f"rating={rng.randint(4, 8)},")
    if rng.random() < 0.3:
        params.append(f"countries={','.join(rng.sample(COUNTRIES, 2))}")
    if rng.random() < 0.2:
        params.append(f"languages={rng.choice(LANGUAGES)}")
    rng.shuffle(params)
    return "/api/movies?" + "&".join(params)


def _sort(rng, fields) -> str:
    return ",".join(("-" if rng.random() < 0.5 else "") + f for f in rng.sample(fields, 2))


def _typo(rng, word: str) -> str:
    """Half the time two letters swapped: the trigram search should still find the title."""
    if rng.random() < 0.5 and len(word) > 4:
        i = rng.randrange(len(word) - 1)
        word = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return quote(word)


def _fragment(rng, name: str, size: int = 3) -> str:
    i = rng.randrange(max(1, len(name) - size))
    return quote(f"%{name.lower()[i : i + size]}%")


def _maybe(rng, query: str, share: float = 0.6) -> str:
    return query if rng.random() < share else ""


def _pick(key: str, template: str = "{}"):
    """A path builder: `template` filled with a random value of plan[key]."""
    return lambda r, p: template.format(r.choice(p[key]))


def _paged(path: str, key: str, cap: int = 10**9):
    """A path builder: `path` at a random page of the plan[key] pages (at most `cap`)."""
    return lambda r, p: f"{path}{'&' if '?' in path else '?'}page={_page(r, min(cap, p[key]))}"


def _fixed(path: str):
    return lambda r, p: path


def _movie_page(r, p) -> str:
    return f"/api/movies?page={'last' if r.random() < 0.05 else _page(r, p['movie_pages'])}"


def _movie_sort(r, p) -> str:
    return f"/api/movies?sort={_sort(r, MOVIE_SORTS)}&page={_page(r, min(20, p['movie_pages']))}"


def _actor_name(r, p) -> str:
    sort = _maybe(r, f"&sort={_sort(r, ACTOR_SORTS)}", 0.3)
    return f"/api/actors?name={_fragment(r, r.choice(p['actor_names']))}{sort}"


def _customer_filters(r, p) -> str:
    name, city = _fragment(r, r.choice(p["first_names"]), 2), r.choice(p["cities"]).lower()
    return f"/api/customers?first_name={name}&city={quote(city)}"


READS = [
    (10, "GET /movies?page", None, OK, _movie_page),
    (6, "GET /movies?filters", None, OK_OR_NO_DATA, _movie_filters),
    (4, "GET /movies?sort", None, OK, _movie_sort),
    (4, "GET /movies?q", None, OK_OR_NO_DATA,
     lambda r, p: f"/api/movies?q={_typo(r, r.choice(p['title_words']))}"),
    (10, "GET /movies/{id}", None, OK,
     lambda r, p: f"/api/movies/{r.choice(p['movie_ids'])}{_maybe(r, '?include_actors=true')}"),
    (2, "GET /movies/{id}/stores", None, OK_OR_NO_DATA,  # 404 Movie is out of stock
     _pick("movie_ids", "/api/movies/{}/stores")),
    (2, "GET /images/posters/{id}.svg", None, OK, _pick("movie_ids", "/api/images/posters/{}.svg")),
    (4, "GET /actors?page", None, OK, _paged("/api/actors", "actor_pages")),
    (3, "GET /actors?name", None, OK_OR_NO_DATA, _actor_name),
    (2, "GET /actors?q", None, OK_OR_NO_DATA,
     lambda r, p: f"/api/actors?q={_typo(r, r.choice(p['actor_names']))}"),
    (5, "GET /actors/{id}", None, OK,
     lambda r, p: f"/api/actors/{r.choice(p['actor_ids'])}{_maybe(r, '?includeMovies=true')}"),
    (1, "GET /images/actors/{id}.svg", None, OK, _pick("actor_ids", "/api/images/actors/{}.svg")),
    (1, "GET /api", None, OK, _fixed("/api")),
    (1, "GET /genres", None, OK, _fixed("/api/genres")),
    (1, "GET /movie_languages", None, OK, _fixed("/api/movie_languages")),
    (1, "GET /countries", None, OK, _fixed("/api/countries")),
    (1, "GET /cities", None, OK, lambda r, p: f"/api/cities{_maybe(r, '?includeCountry=true')}"),
    (2, "GET /stats", None, OK, _fixed("/api/stats")),
    (2, "GET /addresses?page", None, OK, _paged("/api/addresses", "address_pages")),
    (1, "GET /addresses/city/{city}", None, OK,
     lambda r, p: f"/api/addresses/city/{quote(r.choice(p['cities']).lower())}"),
    (1, "GET /addresses/state/{state}", None, OK,
     lambda r, p: f"/api/addresses/state/{quote(r.choice(p['states']))}"),
    (2, "GET /stores", None, OK, _fixed("/api/stores")),
    (1, "GET /stores/{id}", None, OK, _pick("store_ids", "/api/stores/{}")),
    (3, "GET /stores/{id}/movies", None, OK,
     lambda r, p: f"/api/stores/{r.choice(p['store_ids'])}/movies?page={r.randint(1, 3)}"),
    (1, "GET /stores/{id}/movies?genres", None, OK_OR_NO_DATA,
     lambda r, p: f"/api/stores/{r.choice(p['store_ids'])}/movies?genres={r.choice(GENRES)}"),
    (1, "GET /customers/summary", None, OK_OR_NO_DATA,
     lambda r, p: f"/api/customers/summary?first_name={_fragment(r, r.choice(p['first_names']))}"),
    (1, "GET /staff/summary", None, OK, _fixed("/api/staff/summary")),
    (1, "GET /staff/managers/summary", None, OK, _fixed("/api/staff/managers/summary")),
    (2, "GET /customers?page", "staff+", OK, _paged("/api/customers", "customer_pages")),
    (1, "GET /customers?filters", "staff+", OK_OR_NO_DATA, _customer_filters),
    (1, "GET /customers/{id}", "staff+", OK, _pick("customer_ids", "/api/customers/{}")),
    (1, "GET /staff?page", "staff+", OK, _paged("/api/staff", "staff_pages")),
    (1, "GET /staff/{id}", "staff+", OK, _pick("staff_ids", "/api/staff/{}")),
    (1, "GET /staff/managers", "staff+", OK, _fixed("/api/staff/managers")),
    (2, "GET /rentals/my_store", "manager", OK, _paged("/api/rentals/my_store", "rental_pages")),
    (1, "GET /rentals?page", "staff+", OK, _fixed("/api/rentals?page=1")),
    (1, "GET /rentals/{id}", "manager", OK, _pick("rental_ids", "/api/rentals/{}")),
    (1, "GET /stores/{id}/staff", "manager", OK, lambda r, p: f"/api/stores/{p['store_id']}/staff"),
    (1, "GET /stats/most_rented_movies", "staff+", OK,
     _fixed("/api/stats/most_rented_movies?limit=10")),
    (1, "GET /stats/sales_by_store", "staff+", OK, _fixed("/api/stats/sales_by_store?limit=10")),
    (1, "GET /stats/sales_by_city", "staff+", OK, _fixed("/api/stats/sales_by_city?limit=10")),
    (1, "GET /stats/sales_by_month", "staff+", OK, _fixed("/api/stats/sales_by_month")),
    (2, "GET /cart", "customer", OK, _fixed("/api/cart")),
    (1, "GET /wishlist", "customer", OK, _fixed("/api/wishlist")),
    (1, "GET /customers/my_rentals", "customer", OK, _fixed("/api/customers/my_rentals?page=1")),
    (1, "GET /customers/{own id}", "customer", OK,
     lambda r, p: f"/api/customers/{p['customer_id']}"),
    (1, "GET /auth/me", "any", OK, _fixed("/api/auth/me")),
]  # fmt: skip
# Flows (Client methods) and their weights among the reads' (about 120 in all).
FLOWS = [("login", 1), ("cart_edit", 3), ("movie_edit", 2)]


# ---------------------------------------------------------------------------------------
# HTTP


class Http:
    """One keep-alive HTTP/1.1 connection (stdlib http.client, as bench/load.py)."""

    def __init__(self, base_url: str, timeout: float):
        parts = urlsplit(base_url)
        self.host, self.port, self.timeout = parts.hostname, parts.port or 80, timeout
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=timeout)
        self.last_used = time.monotonic()

    def request(self, method: str, path: str, body: bytes | None = None, headers=None):
        """(status, [(header, value)], body); OSError or HTTPException on failure."""
        if time.monotonic() - self.last_used > IDLE_RECONNECT_S:
            self.conn.close()  # the next request opens a fresh one
        try:
            self.conn.request(method, path, body=body, headers=headers or {})
            response = self.conn.getresponse()
            return response.status, response.getheaders(), response.read()
        except (OSError, http.client.HTTPException):
            self.conn.close()
            raise
        finally:
            self.last_used = time.monotonic()

    def stream(self, path: str, headers: dict):
        """GET on a connection of its own, for an event stream: (connection, response)."""
        conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        conn.request("GET", path, headers=headers)
        return conn, conn.getresponse()


def auth_cookie(headers: list[tuple[str, str]]) -> str | None:
    """The auth_token of a login's Set-Cookie headers (the cookie is `Secure`, so a cookie
    jar would not send it back over plain http: it is sent by hand, as bench/load.py does)."""
    for name, value in headers:
        if name.lower() == "set-cookie" and value.startswith("auth_token="):
            return value.split(";", 1)[0].split("=", 1)[1]
    return None


def multipart(content: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="soak.csv"\r\n'
        "Content-Type: text/csv\r\n\r\n"
    )
    body = head.encode() + content + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


# ---------------------------------------------------------------------------------------
# Discovery: page counts, ids and names the mix draws from, read once before the clients


class Api:
    """Plain requests for discovery and the before/after check; any failure ends the run."""

    def __init__(self, base_url: str):
        self.http = Http(base_url, timeout=60)
        self.cookies: dict[str, str] = {}
        self.profiles: dict[str, dict] = {}

    def login(self, role: str) -> None:
        body = json.dumps({"email": ACCOUNTS[role], "password": DEMO_PASSWORD}).encode()
        headers = {"Content-Type": "application/json"}
        status, response_headers, data = self.http.request("POST", "/api/auth/login", body, headers)
        cookie = auth_cookie(response_headers)
        if status != 200 or not cookie:
            raise SystemExit(f"login as {ACCOUNTS[role]}: {status} {data[:200]!r}")
        self.cookies[role], self.profiles[role] = cookie, json.loads(data)

    def get(self, path: str, role: str | None = None) -> dict:
        headers = {"Accept": "application/json"}
        if role:
            headers["Cookie"] = f"auth_token={self.cookies[role]}"
        status, _, data = self.http.request("GET", path, headers=headers)
        if status != 200:
            raise SystemExit(f"GET {path}: {status} {data[:300]!r}")
        return json.loads(data)

    def sample_pages(self, rng, path: str, role=None, key="items") -> tuple[int, list[dict]]:
        """The number of pages of a list, and the items of page 1 and five random others."""
        join = "&" if "?" in path else "?"
        first = self.get(f"{path}{join}page=1", role)
        total = max(1, first["pagination"]["totalPages"])
        items = list(first[key])
        for page in set(rng.sample(range(1, total + 1), min(total, 6))) - {1}:
            items += self.get(f"{path}{join}page={page}", role)[key]
        return total, items

    def state(self) -> dict:
        """What the soak must leave as it found it."""
        return {
            **self.get("/api/stats"),
            "demoCart": sorted(
                (r["movie"]["id"], r["quantity"])
                for r in self.get("/api/cart", "customer")["items"]
            ),
            "demoWishlist": sorted(
                r["movie"]["id"] for r in self.get("/api/wishlist", "customer")["items"]
            ),
        }


def discover(api: Api, rng: random.Random) -> dict:
    for role in ACCOUNTS:
        api.login(role)
    movie_pages, movies = api.sample_pages(rng, "/api/movies")
    actor_pages, actors = api.sample_pages(rng, "/api/actors")
    customer_pages, customers = api.sample_pages(rng, "/api/customers", "manager")
    staff_pages, staff = api.sample_pages(rng, "/api/staff", "manager")
    rental_pages, rentals = api.sample_pages(rng, "/api/rentals/my_store", "manager", "rentals")
    cities = api.get("/api/cities")["items"]
    cart = api.get("/api/cart", "customer")["items"]
    wishlist = api.get("/api/wishlist", "customer")["items"]
    taken = {row["movie"]["id"] for row in cart + wishlist}
    words = {w.strip(":,.!?'").lower() for m in movies for w in m["title"].split()}
    return {
        "cookies": dict(api.cookies),
        "customer_id": api.profiles["customer"]["id"],
        "store_id": api.profiles["manager"]["store"]["id"],
        "movie_pages": movie_pages,
        "movie_ids": sorted({m["id"] for m in movies}),
        # Movies the demo customer has in neither cart nor wishlist: cart edits use these.
        "cart_movie_ids": sorted({m["id"] for m in movies} - taken),
        "title_words": sorted(w for w in words if len(w) >= 5) or ["night"],
        "actor_pages": actor_pages,
        "actor_ids": sorted({a["id"] for a in actors}),
        "actor_names": sorted({a["actorName"] for a in actors}),
        "customer_pages": customer_pages,
        "customer_ids": sorted({c["id"] for c in customers}),
        "first_names": sorted({c["firstName"] for c in customers if c.get("firstName")}),
        "staff_pages": staff_pages,
        "staff_ids": sorted({s["id"] for s in staff}),
        "address_pages": api.get("/api/addresses")["pagination"]["totalPages"],
        "store_ids": sorted({s["id"] for s in api.get("/api/stores")["items"]}),
        "rental_pages": rental_pages,
        "rental_ids": sorted({r["id"] for r in rentals}),
        "cities": sorted({c["cityName"] for c in cities}),
        "states": sorted({c["stateName"] for c in cities if c.get("stateName")}),
    }


# ---------------------------------------------------------------------------------------
# Clients


class Reply(NamedTuple):
    status: int
    headers: list[tuple[str, str]]
    data: bytes

    def json(self):
        return json.loads(self.data)


class Client:
    """One simulated user agent: a connection, the three demo cookies, and its counters."""

    def __init__(self, index: int, base_url: str, plan: dict, options: dict, measure_from: float):
        self.plan, self.index, self.sent = plan, index, 0
        self.cookies = dict(plan["cookies"])
        self.http = Http(base_url, timeout=options["timeout"])
        self.rng = random.Random(f"{options['seed']}-{index}")
        self.measure_from = measure_from
        self.latencies: dict[str, list[float]] = defaultdict(list)
        self.statuses: dict[str, Counter] = defaultdict(Counter)
        self.errors: Counter = Counter()  # "kind|status or exception" → count
        self.warmup_requests = 0
        self.warmup_errors: Counter = Counter()
        self.samples: dict[str, str] = {}  # first example of each error
        # This client's share of the cart movies: two clients never add the same movie.
        cart = plan["cart_movie_ids"]
        self.cart_movies = cart[index :: options["connections"]] or cart

    def request_id(self, kind: str, started: float) -> str:
        """The X-Request-ID the server logs with its duration: which kind, and whether the
        request falls in the measured time (server_times() reads them back)."""
        self.sent += 1
        phase = "m" if started >= self.measure_from else "w"
        return f"soak-{phase}-{kind_slug(kind)}-{self.index}-{self.sent}"

    def error(self, kind: str, what, started: float, sample: str) -> None:
        key = f"{kind}|{what}"
        (self.errors if started >= self.measure_from else self.warmup_errors)[key] += 1
        self.samples.setdefault(key, sample[:400])

    def record(self, kind: str, started: float, status, expect, sample: str) -> None:
        if started >= self.measure_from:
            self.latencies[kind].append((time.monotonic() - started) * 1000)
            self.statuses[kind][str(status)] += 1
        else:
            self.warmup_requests += 1
        if status not in expect:
            self.error(kind, status, started, sample)

    def call(
        self,
        kind,
        method,
        path,
        *,
        role=None,
        expect=OK,
        json_body=None,
        body=None,
        content_type=None,
    ):
        """One request; its Reply when the status is one `expect`s, else None."""
        started = time.monotonic()
        headers = {"Accept": "application/json", "X-Request-ID": self.request_id(kind, started)}
        if role:
            headers["Cookie"] = f"auth_token={self.cookies[role]}"
        if json_body is not None:
            body, content_type = json.dumps(json_body).encode(), "application/json"
        if content_type:
            headers["Content-Type"] = content_type
        try:
            status, response_headers, data = self.http.request(method, path, body, headers)
        except (OSError, http.client.HTTPException) as exc:
            self.error(kind, type(exc).__name__, started, f"{method} {path}: {exc!r}")
            return None
        sample = f"{method} {path} -> {status} {data[:300].decode(errors='replace')}"
        self.record(kind, started, status, expect, sample)
        return Reply(status, response_headers, data) if status in expect else None

    def read(self, kind, role, expect, path_of) -> None:
        if role == "staff+":
            role = self.rng.choice(["staff", "manager"])
        elif role == "any":
            role = self.rng.choice(list(ACCOUNTS))
        self.call(kind, "GET", path_of(self.rng, self.plan), role=role, expect=expect)

    # Flows: each undoes its writes, also when a step fails ------------------------

    def login(self) -> None:
        role = self.rng.choice(list(ACCOUNTS))
        body = {"email": ACCOUNTS[role], "password": DEMO_PASSWORD}
        reply = self.call("POST /auth/login", "POST", "/api/auth/login", json_body=body)
        if reply is not None:
            cookie = auth_cookie(reply.headers)
            if cookie:
                self.cookies[role] = cookie  # fresh cookies for soaks longer than an hour
            else:
                self.error("POST /auth/login", "no auth_token cookie", time.monotonic(), "")

    def cart_edit(self) -> None:
        """Add a movie to the cart, change its quantity, read the cart, sometimes move the row
        to the wishlist and back, then delete it."""
        c = "customer"
        movie_id = self.rng.choice(self.cart_movies)
        row = self.call(
            "POST /cart",
            "POST",
            "/api/cart",
            role=c,
            expect=(201,),
            json_body={"movieId": movie_id, "quantity": 1},
        )
        if row is None:
            return
        cart_id, wish_id = row.json()["id"], None
        try:
            self.call(
                "PUT /cart/{id}",
                "PUT",
                f"/api/cart/{cart_id}",
                role=c,
                expect=(204,),
                json_body={"quantity": self.rng.randint(2, 4)},
            )
            self.call("GET /cart", "GET", "/api/cart", role=c)
            if self.rng.random() < 0.4:
                moved = self.call(
                    "POST /cart/{id}/move_to_wishlist",
                    "POST",
                    f"/api/cart/{cart_id}/move_to_wishlist",
                    role=c,
                    expect=(201,),
                )
                if moved is None:
                    return
                cart_id, wish_id = None, moved.json()["id"]
                moved = self.call(
                    "POST /wishlist/{id}/move_to_cart",
                    "POST",
                    f"/api/wishlist/{wish_id}/move_to_cart",
                    role=c,
                    expect=(201,),
                )
                if moved is not None:
                    cart_id, wish_id = moved.json()["id"], None
        finally:
            if cart_id is not None:
                self.call(
                    "DELETE /cart/{id}", "DELETE", f"/api/cart/{cart_id}", role=c, expect=(204,)
                )
            if wish_id is not None:
                self.call(
                    "DELETE /wishlist/{id}",
                    "DELETE",
                    f"/api/wishlist/{wish_id}",
                    role=c,
                    expect=(204,),
                )

    def movie_body(self, token: str) -> dict:
        rng = self.rng
        return {
            "tmdbId": 10**12 + uuid.uuid4().int % 10**12,
            "title": f"Soak reel {token}",
            "originalTitle": f"Soak reel {token}",
            "overview": f"A soak-test movie ({token}) that lives for a second.",
            "runtime": rng.randint(70, 180),
            "releaseDate": f"{rng.randint(1970, 2024)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
            "genres": rng.sample(GENRES, 2),
            "countriesOfOrigin": rng.sample(COUNTRIES, 1),
            "language": rng.choice(LANGUAGES),
            "movieStatus": "Released",
            "popularity": round(rng.uniform(1, 50), 2),
            "budget": str(rng.randint(10**5, 10**8)),
            "revenue": str(rng.randint(10**5, 10**9)),
            "ratingAverage": round(rng.uniform(1, 9), 1),
            "ratingCount": rng.randint(0, 5000),
            "posterUrl": f"https://image.tmdb.org/t/p/w500/{token}.jpg",
            "rentalRate": 3.99,
        }

    @staticmethod
    def actor_body(token: str, n: int) -> dict:
        return {
            "tmdbId": 10**12 + uuid.uuid4().int % 10**12,
            "actorName": f"Soak Actor {token}-{n}",
            "characterName": f"Extra {n}",
            "castOrder": n,
        }

    def movie_edit(self) -> None:
        """As the store manager: create a movie (a quarter with a cast, a quarter getting one
        through add_actors), read it, update it, delete it and the actors it created."""
        m = "manager"
        token = uuid.uuid4().hex[:12]
        body = self.movie_body(token)
        variant = self.rng.random()
        if variant < 0.25:
            body["actors"] = [self.actor_body(token, n) for n in range(2)]
        movie = self.call(
            "POST /movies", "POST", "/api/movies", role=m, json_body=body, expect=(201,)
        )
        if movie is None:
            return
        movie_id, actor_ids = movie.json()["id"], []
        try:
            if variant > 0.75:
                self.call(
                    "POST /movies/{id}/add_actors",
                    "POST",
                    f"/api/movies/{movie_id}/add_actors",
                    role=m,
                    json_body=[self.actor_body(token, 5)],
                    expect=(201,),
                )
            detail = self.call(
                "GET /movies/{new id}", "GET", f"/api/movies/{movie_id}?include_actors=true"
            )
            if detail is not None:
                actor_ids = [actor["id"] for actor in detail.json().get("actors") or []]
            self.call(
                "PUT /movies/{id}",
                "PUT",
                f"/api/movies/{movie_id}",
                role=m,
                expect=(204,),
                json_body={"title": f"Soak reel {token} (edited)", "popularity": 99.5},
            )
        finally:
            self.call(
                "DELETE /movies/{id}", "DELETE", f"/api/movies/{movie_id}", role=m, expect=(204,)
            )
            for actor_id in actor_ids:
                self.call(
                    "DELETE /actors/{id}",
                    "DELETE",
                    f"/api/actors/{actor_id}",
                    role=m,
                    expect=(204,),
                )

    def upload(self, validate_only: bool) -> None:
        """A tracked CSV validation or upload of UPLOAD_ROWS new movies, its event stream read
        to the end (the stream is one request kind, timed start to `done`); uploaded movies
        are deleted afterwards."""
        path = "/api/movies/upload/validate" if validate_only else "/api/movies/upload"
        body, content_type = multipart(make_csv(UPLOAD_ROWS, None))
        answer = self.call(
            f"POST {path[4:]}?enable_tracking",
            "POST",
            f"{path}?enable_tracking",
            role="manager",
            body=body,
            content_type=content_type,
            expect=(202,),
        )
        if answer is None:
            return
        url = answer.json()["trackingUrl"]
        kind = f"SSE {url.split('?')[0]}"
        headers = {"Accept": "text/event-stream", "Cookie": f"auth_token={self.cookies['manager']}"}
        created, final, conn = [], None, None
        started = time.monotonic()
        try:
            conn, response = self.http.stream(f"/api{url}", headers)
            for line in response if response.status == 200 else []:
                if line.startswith(b"data: "):
                    event = json.loads(line[6:])
                    if event.get("status") != "processing":
                        final = event
                        break
                    if event.get("id"):
                        created.append(event["id"])
            status = response.status
        except (OSError, http.client.HTTPException, ValueError) as exc:
            status = None
            self.error(kind, type(exc).__name__, started, f"GET {url}: {exc!r}")
        finally:
            if conn is not None:
                conn.close()
        if status is not None:
            counted = "validRowsCount" if validate_only else "successRowsCount"
            complete = (final or {}).get("status") == "done" and final.get(counted) == UPLOAD_ROWS
            # A stream that ends early or reports bad rows is an error, not a 200.
            shown = "200 (bad end)" if status == 200 and not complete else status
            self.record(kind, started, shown, OK, f"GET {url} -> {status}, final event {final}")
        for movie_id in created:
            self.call(
                "DELETE /movies/{id} (uploaded)",
                "DELETE",
                f"/api/movies/{movie_id}",
                role="manager",
                expect=(204,),
            )

    def results(self) -> dict:
        return {
            "latencies": dict(self.latencies),
            "statuses": {kind: dict(counts) for kind, counts in self.statuses.items()},
            "errors": dict(self.errors),
            "warmup_requests": self.warmup_requests,
            "warmup_errors": dict(self.warmup_errors),
            "samples": self.samples,
        }


def client_main(index, base_url, plan, options, measure_from, until, stop, out) -> None:
    # Ctrl-C reaches the whole process group: the parent decides when clients stop, and each
    # finishes (and so undoes) the flow it is in.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    client = Client(index, base_url, plan, options, measure_from)
    actions = [
        (
            lambda kind=kind, role=role, expect=expect, path_of=path_of: client.read(
                kind, role, expect, path_of
            )
        )
        for _, kind, role, expect, path_of in READS
    ] + [getattr(client, name) for name, _ in FLOWS]
    weights = [read[0] for read in READS] + [weight for _, weight in FLOWS]
    uploads = index == 0 and options["upload_every"] > 0  # one upload in flight at most
    next_upload, upload_count = time.monotonic() + 2.0, 0
    try:
        while not stop.is_set() and time.monotonic() < until:
            if uploads and time.monotonic() >= next_upload:
                client.upload(validate_only=upload_count % 2 == 0)
                upload_count += 1
                next_upload = time.monotonic() + options["upload_every"]
            else:
                action = client.rng.choices(actions, weights)[0]
                try:
                    action()
                except Exception as exc:  # an answer the flow cannot read: count it, go on
                    client.error("client", type(exc).__name__, time.monotonic(), repr(exc))
    finally:
        client.http.conn.close()
        out.put(client.results())


# ---------------------------------------------------------------------------------------
# Server and memory


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def children_of(pid: int) -> list[int]:
    found = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                stat = (proc / "stat").read_text()
            except OSError:
                continue
            # The command name may hold spaces or parentheses: fields follow the last ')'.
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(proc.name))
    return sorted(found)


def memory_of(pid: int) -> dict | None:
    """RSS, and USS (private pages) and PSS where smaps_rollup is readable, in KiB; and the
    number of threads (gthread starts its threads, each with a database connection, as load
    needs them: memory that comes with them is not a leak)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    out = {
        "rss": int(re.search(r"^VmRSS:\s+(\d+)", status, re.M).group(1)),
        "threads": int(re.search(r"^Threads:\s+(\d+)", status, re.M).group(1)),
    }
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        values = {k: int(v) for k, v in re.findall(r"^(\w+):\s+(\d+) kB", rollup, re.M)}
        out["uss"] = values["Private_Clean"] + values["Private_Dirty"]
        out["pss"] = values["Pss"]
    except (OSError, KeyError):
        pass
    return out


class Server:
    """gunicorn with the project's gunicorn.conf.py, started as `manage.py serve` does."""

    def __init__(self, port: int, log: Path):
        self.port, self.log = port, log
        self.process: subprocess.Popen | None = None
        self.stop_database = False
        self.database = ""

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, workers: int, request_log: bool) -> None:
        env = {**os.environ, "HOST": "127.0.0.1", "PORT": str(self.port)}
        # One line per request gives the server's own time per kind (server_times()); without
        # it, errors still log, with tracebacks.
        env.setdefault("REQUEST_LOG_LEVEL", "INFO" if request_log else "WARNING")
        if env.get("DATABASE_URL"):
            self.database = "DATABASE_URL"
        else:
            sys.path.insert(0, str(ROOT))
            from reelfake.db import embedded

            # Stopped again at the end only when this run started it.
            self.stop_database = not (embedded.data_dir() / "postmaster.pid").exists()
            env["DATABASE_URL"] = embedded.ensure_running()
            self.database = f"embedded {embedded.data_dir()}"
        # A session of its own: Ctrl-C must not reach the server before the clients have
        # undone their writes; stop() ends it.
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py"],
            cwd=ROOT,
            env=env,
            stdout=self.log.open("wb"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"server exited:\n{self.log.read_text()[-3000:]}")
            try:
                status, _, _ = Http(self.base_url, 5).request("GET", "/api/health/ready")
                if status == 200 and len(children_of(self.process.pid)) >= workers:
                    return
            except (OSError, http.client.HTTPException):
                pass
            time.sleep(0.2)
        raise SystemExit(f"server did not start:\n{self.log.read_text()[-3000:]}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None
        if self.stop_database:
            from reelfake.db import embedded

            embedded.stop()
            self.stop_database = False


def kind_slug(kind: str) -> str:
    """A request kind as the characters an X-Request-ID may hold."""
    return re.sub(r"[^A-Za-z0-9]+", "_", kind).strip("_")


def server_times(log: Path | None) -> dict[str, list[float]]:
    """The server's own duration (ms, the request log line's `duration_ms`: from the request
    log middleware's start to its response, so without the time a request waits for a
    worker thread) of each measured request, per kind slug (Client.request_id())."""
    times: dict[str, list[float]] = defaultdict(list)
    if log is None or not log.exists():
        return times
    with log.open(errors="replace") as lines:
        for line in lines:
            if '"soak-m-' not in line:
                continue
            try:
                entry = json.loads(line)
                slug = entry["request_id"].split("-")[2]
                times[slug].append(float(entry["duration_ms"]))
            except (ValueError, KeyError, IndexError, TypeError):
                continue
    return times


def server_log_errors(log: Path | None) -> list[str]:
    """ERROR lines of the server log (the app's JSON lines, gunicorn's own format)."""
    if log is None or not log.exists():
        return []
    found = []
    for line in log.read_text(errors="replace").splitlines():
        if '"level": "ERROR"' in line or "[ERROR]" in line or "[CRITICAL]" in line:
            try:
                entry = json.loads(line)
                found.append(f"{entry.get('logger')}: {entry.get('message')}")
            except ValueError:
                found.append(line[:300])
    return found


# ---------------------------------------------------------------------------------------
# Report


def percentile(ordered: list[float], q: float) -> float | None:
    if not ordered:
        return None
    return round(ordered[min(len(ordered) - 1, int(len(ordered) * q))], 1)


def latency(ordered: list[float]) -> dict:
    return {
        "p50": percentile(ordered, 0.50),
        "p95": percentile(ordered, 0.95),
        "p99": percentile(ordered, 0.99),
        "max": percentile(ordered, 1.0),
    }


def memory_rows(master: int, start: dict, end: dict, peak: dict) -> list[dict]:
    rows = []
    for pid in sorted(set(start) | set(end), key=lambda p: (p != master, p)):
        row = {"pid": pid, "role": "master" if pid == master else "worker"}
        for key in ("rss", "uss", "pss"):
            before, after = (start.get(pid) or {}).get(key), (end.get(pid) or {}).get(key)
            row[f"{key}_start_kib"], row[f"{key}_end_kib"] = before, after
            row[f"{key}_growth_pct"] = (
                round((after - before) * 100 / before, 2) if before and after is not None else None
            )
        row["rss_peak_kib"] = peak.get(pid)
        row["threads"] = [
            (start.get(pid) or {}).get("threads"),
            (end.get(pid) or {}).get("threads"),
        ]
        rows.append(row)
    return rows


def summarize(
    results: list[dict],
    seconds: float,
    memory: list[dict],
    run: dict,
    server: dict[str, list[float]] | None = None,
) -> dict:
    """The report. `server`: the server's own times per kind slug (server_times())."""
    server = server or {}
    latencies: dict[str, list[float]] = defaultdict(list)
    statuses: dict[str, Counter] = defaultdict(Counter)
    errors, warmup_errors, samples, warmup_requests = Counter(), Counter(), {}, 0
    for result in results:
        for kind, values in result["latencies"].items():
            latencies[kind].extend(values)
        for kind, counts in result["statuses"].items():
            statuses[kind].update(counts)
        errors.update(result["errors"])
        warmup_errors.update(result["warmup_errors"])
        warmup_requests += result["warmup_requests"]
        for key, sample in result["samples"].items():
            samples.setdefault(key, sample)
    overall = sorted(v for k, vs in latencies.items() if not k.startswith("SSE ") for v in vs)
    no_logins = sorted(
        v for k, vs in latencies.items() if not k.startswith(("SSE ", "POST /auth")) for v in vs
    )
    requests = sum(len(values) for values in latencies.values())
    kinds = {}
    for kind, values in latencies.items():
        values.sort()
        own = sorted(server.get(kind_slug(kind), ()))
        kinds[kind] = {
            "count": len(values),
            "rps": round(len(values) / seconds, 2) if seconds else 0.0,
            **latency(values),
            # The server's own time: p50, p99 and the kind's share of all of it.
            "server_ms": {
                "count": len(own),
                "p50": percentile(own, 0.5),
                "p99": percentile(own, 0.99),
                "total_s": round(sum(own) / 1000, 1),
            }
            if own
            else None,
            "errors": sum(n for key, n in errors.items() if key.rsplit("|", 1)[0] == kind),
            "statuses": dict(statuses[kind]),
        }
    every_error = errors + warmup_errors
    server_errors = sum(
        n for key, n in every_error.items() if re.fullmatch(r"5\d\d", key.rsplit("|", 1)[1])
    )
    growth = [m["rss_growth_pct"] for m in memory if m["role"] == "worker"]
    worst = max((g for g in growth if g is not None), default=None)
    p99 = percentile(overall, 0.99)
    targets = {
        "errors": {"value": sum(every_error.values()), "target": "0"},
        "5xx": {"value": server_errors, "target": "0"},
        "worker RSS growth %": {"value": worst, "target": f"< {TARGET_GROWTH_PCT:g}"},
        "p99 ms": {"value": p99, "target": f"< {TARGET_P99_MS:g}"},
    }
    targets["errors"]["pass"] = not every_error
    targets["5xx"]["pass"] = server_errors == 0
    targets["worker RSS growth %"]["pass"] = (
        bool(growth) and None not in growth and worst < TARGET_GROWTH_PCT
    )
    targets["p99 ms"]["pass"] = p99 is not None and p99 < TARGET_P99_MS
    if run["worker_changes"]:
        targets["same workers"] = {"value": run["worker_changes"], "target": "", "pass": False}
    targets["database as found"] = {
        "value": run["database_changes"] or "yes",
        "target": "",
        "pass": not run["database_changes"],
    }
    if run["interrupted"] or run["clients_reported"] < run["connections"]:
        targets["completed"] = {"value": "interrupted", "target": "", "pass": False}
    return {
        **run,
        "seconds": round(seconds, 1),
        "requests": requests,
        "rps": round(requests / seconds, 1) if seconds else 0.0,
        "latency_ms": latency(overall),
        "latency_ms_without_logins": latency(no_logins),
        "server_cpu_ms_per_request": (
            round(run["server_cpu_s"] * 1000 / requests, 2)
            if run["server_cpu_s"] is not None and requests
            else None
        ),
        "kinds": kinds,
        "errors": dict(errors),
        "warmup_requests": warmup_requests,
        "warmup_errors": dict(warmup_errors),
        "error_samples": {key: samples[key] for key in every_error if key in samples},
        "memory": memory,
        "targets": targets,
        "pass": all(target["pass"] for target in targets.values()),
    }


def print_report(s: dict) -> None:
    lat, bare = s["latency_ms"], s["latency_ms_without_logins"]
    print(
        f"\nsoak {s['base_url']}: {s['connections']} connections, seed {s['seed']}, "
        f"warm-up {s['warmup']:g} s, measured {s['seconds']} s\nserver: {s['server']}\n"
        f"{s['requests']} requests = {s['rps']} req/s\n"
        f"latency ms: p50 {lat['p50']}  p95 {lat['p95']}  p99 {lat['p99']}  max {lat['max']} "
        "(SSE streams left out)\n"
        f"  without logins: p50 {bare['p50']}  p95 {bare['p95']}  p99 {bare['p99']}  "
        f"max {bare['max']}\n"
        f"warm-up: {s['warmup_requests']} requests, {sum(s['warmup_errors'].values())} errors\n"
        f"CPU: server processes {s['server_cpu_s']} s over the measured time "
        f"({s['server_cpu_ms_per_request']} ms per request, PostgreSQL not counted); "
        f"clients {s['client_cpu_s']} s over {s['run_s']} s; "
        f"load average {' → '.join(map(str, s['load_average']))} on {os.cpu_count()} CPUs\n"
    )
    total_server_s = sum(k["server_ms"]["total_s"] for k in s["kinds"].values() if k["server_ms"])
    print(
        f"{'kind':<40} {'count':>6} {'req/s':>6} {'p50':>6} {'p95':>6} {'p99':>6} {'max':>7} "
        f"{'err':>4} {'srv p50':>7} {'srv p99':>7} {'srv %':>5}  statuses"
    )
    for kind, k in sorted(s["kinds"].items(), key=lambda item: -item[1]["count"]):
        codes = " ".join(f"{code}:{n}" for code, n in sorted(k["statuses"].items()))
        own = k["server_ms"]
        server = (
            f"{own['p50']:>7.1f} {own['p99']:>7.1f} "
            f"{100 * own['total_s'] / total_server_s if total_server_s else 0:>5.1f}"
            if own
            else f"{'-':>7} {'-':>7} {'-':>5}"
        )
        print(
            f"{kind[:40]:<40} {k['count']:>6} {k['rps']:>6.1f} {k['p50']:>6.0f} {k['p95']:>6.0f} "
            f"{k['p99']:>6.0f} {k['max']:>7.0f} {k['errors']:>4} {server}  {codes}"
        )
    if total_server_s:
        print(
            "srv: the server's own time per request, from its request log line (ms; without "
            "the wait for a worker thread); srv %: the kind's share of the server's time"
        )
    errors = Counter(s["errors"]) + Counter(s["warmup_errors"])
    if errors:
        print("\nerrors (kind|status or exception: count, then the first example):")
        for key, count in errors.most_common():
            print(f"  {key}: {count}\n      {s['error_samples'].get(key, '')}")
    if s["server_log_errors"]:
        lines = s["server_log_errors"]
        print(f"\nserver log: {len(lines)} ERROR lines; distinct ones (first 5):")
        for line in list(dict.fromkeys(lines))[:5]:
            print(f"  {line[:300]}")
    print("\nmemory (MiB, after warm-up → end, growth):")
    for m in s["memory"]:
        parts = [f"  {m['role']:<6} pid {m['pid']:<8}"]
        for key in ("rss", "uss", "pss"):
            if m[f"{key}_growth_pct"] is not None:
                parts.append(
                    f"{key.upper()} {m[f'{key}_start_kib'] / 1024:6.1f} → "
                    f"{m[f'{key}_end_kib'] / 1024:6.1f} ({m[f'{key}_growth_pct']:+5.1f}%)"
                )
        if m["rss_peak_kib"]:
            parts.append(f"RSS peak {m['rss_peak_kib'] / 1024:.1f}")
        parts.append(f"threads {m['threads'][0]} → {m['threads'][1]}")
        print("   ".join(parts))
    print(f"RSS of each worker, smallest per {TIMELINE_S} s of the measured time (MiB):")
    for pid, line in s["rss_timeline_mib"].items():
        print(f"  pid {pid:<8} {' '.join(f'{v:.0f}' for v in line)}")
    print("\ntargets:")
    for name, t in s["targets"].items():
        verdict = "PASS" if t["pass"] else "FAIL"
        print(f"  {name:<20} {t['value']!s:<12} {t['target']:<6} {verdict}")
    print(f"\nRESULT: {'PASS' if s['pass'] else 'FAIL'}", flush=True)


# ---------------------------------------------------------------------------------------
# Main


def interrupt(*_) -> None:
    """SIGTERM ends a run as Ctrl-C does: clients finish their flow, the server stops."""
    raise KeyboardInterrupt


def run(args) -> int:
    signal.signal(signal.SIGTERM, interrupt)
    # Ctrl-C even when started from a shell that ignores SIGINT for background jobs.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    server, log = None, None
    try:
        if args.base_url:
            if not args.server_pid:
                raise SystemExit("--base-url needs --server-pid (gunicorn's master process)")
            base_url, master = args.base_url.rstrip("/"), args.server_pid
            description = f"attached, master pid {master}"
        else:
            port = args.port or free_port()
            log = Path(args.server_log or f"/tmp/reelfake-soak-{port}.log")
            server = Server(port, log)
            workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
            server.start(workers, request_log=args.server_times)
            base_url, master = server.base_url, server.process.pid
            description = (
                f"gunicorn pid {master}, {workers} workers x "
                f"{os.environ.get('GUNICORN_THREADS', '16')} threads, {server.database}, "
                f"log {log}"
            )
        print(f"server: {description}", flush=True)
        api = Api(base_url)
        plan = discover(api, random.Random(args.seed))
        before = api.state()
        print(
            f"{plan['movie_pages']} movie pages, {plan['actor_pages']} actor pages; "
            f"{args.connections} clients: warm-up {args.warmup:g} s, then {args.duration:g} s",
            flush=True,
        )
        summary = drive(args, base_url, master, plan, log)
        after = api.state()
        summary["database_changes"] = {
            key: [before[key], after.get(key)] for key in before if before[key] != after.get(key)
        }
        summary = finish(summary, description, base_url, args)
    finally:
        if server:
            server.stop()
    print_report(summary)
    if args.json:
        print(json.dumps(summary, sort_keys=True))
    return 0 if summary["pass"] else 1


class Monitor:
    """Memory and CPU of the server's processes. Memory is the smallest value each process
    shows over a few seconds right after the warm-up and again at the end of the measured
    time, both under load: a second login hashing beside another (a 19 MiB block for a
    moment) or an upload in flight must not pass for growth or hide it."""

    def __init__(self, master: int):
        self.master = master
        self.start: dict[int, dict] = {}
        self.end: dict[int, dict] = {}
        self.peak: dict[int, int] = {}
        self.cpu: dict[str, dict[int, float]] = {}
        self.changes: list[dict] = []
        self.first_pids: set[int] | None = None
        # Smallest RSS (KiB) of each process per TIMELINE_S slice of the measured time: a
        # leak climbs slice after slice, warming caches level off.
        self.timeline: dict[int, dict[int, int]] = defaultdict(dict)

    def sample(self) -> dict[int, dict]:
        pids = [self.master, *children_of(self.master)]
        return {pid: m for pid in pids if (m := memory_of(pid)) is not None}

    def tick(self, window: str | None, slice_: int | None = None) -> dict[int, dict]:
        current = self.sample()
        for pid, m in current.items():
            self.peak[pid] = max(self.peak.get(pid, 0), m["rss"])
            if slice_ is not None:
                line = self.timeline[pid]
                line[slice_] = min(m["rss"], line.get(slice_, m["rss"]))
        if window:
            kept = getattr(self, window)
            for pid, m in current.items():
                kept[pid] = {k: min(v, kept.get(pid, m)[k]) for k, v in m.items()}
            self.cpu.setdefault(f"{window}_first", cpu_seconds(current))
            self.cpu[f"{window}_last"] = cpu_seconds(current)
        if self.first_pids is None and window == "start":
            self.first_pids = set(current)
        elif self.first_pids is not None:
            change = {
                "gone": sorted(self.first_pids - set(current)),
                "new": sorted(set(current) - self.first_pids),
            }
            if (change["gone"] or change["new"]) and change not in self.changes:
                self.changes.append(change)  # a worker restarted (timeout, crash) or died
        return current

    def server_cpu_seconds(self) -> float | None:
        first = self.cpu.get("start_first")
        last = self.cpu.get("end_last") or self.cpu.get("idle")
        if not first or not last:
            return None
        return sum(last[pid] - first[pid] for pid in last if pid in first)


def cpu_seconds(processes: dict[int, dict]) -> dict[int, float]:
    ticks = os.sysconf("SC_CLK_TCK")
    out = {}
    for pid in processes:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        out[pid] = (int(fields[11]) + int(fields[12])) / ticks  # utime + stime
    return out


def drive(args, base_url: str, master: int, plan: dict, log: Path | None) -> dict:
    """Run the clients and watch the server; their raw results and what the server did."""
    ctx = mp.get_context("fork")
    stop, out = ctx.Event(), ctx.Queue()
    measure_from = time.monotonic() + args.warmup
    until = measure_from + args.duration
    window = min(3.0, max(0.5, args.duration / 4))
    options = {
        "timeout": args.timeout,
        "seed": args.seed,
        "connections": args.connections,
        "upload_every": args.upload_every,
    }
    clients = [
        ctx.Process(
            target=client_main,
            args=(i, base_url, plan, options, measure_from, until, stop, out),
            daemon=True,
        )
        for i in range(args.connections)
    ]
    client_cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
    load = [os.getloadavg()[0]]
    for process in clients:
        process.start()
    monitor, results = Monitor(master), []
    interrupted, noted, next_note = False, False, measure_from + 60

    def collect(timeout: float) -> None:
        try:
            results.append(out.get(timeout=timeout))
            while True:
                results.append(out.get_nowait())
        except queue.Empty:
            pass

    try:
        while len(results) < len(clients) and any(p.is_alive() for p in clients):
            now = time.monotonic()
            phase = None
            if measure_from <= now < measure_from + window:
                phase = "start"
            elif until - window <= now < until:
                phase = "end"
            slice_ = (
                int((now - measure_from) // TIMELINE_S) if measure_from <= now < until else None
            )
            current = monitor.tick(phase, slice_)
            if master not in current:
                print("the server's master process is gone", flush=True)
                break
            if phase == "start" and not noted:
                noted = True
                load.append(os.getloadavg()[0])
                print(f"measuring from now on (load average {load[-1]:.1f})", flush=True)
            if now >= next_note and now < until:
                print(f"… {until - now:.0f} s left", flush=True)
                next_note += 60
            collect(0.25)
    except KeyboardInterrupt:
        interrupted = True
        print("\ninterrupted: the clients finish (and undo) the flow they are in", flush=True)
    stop.set()
    load.append(os.getloadavg()[0])
    deadline = time.monotonic() + args.timeout + 30
    while len(results) < len(clients) and time.monotonic() < deadline:
        collect(1.0)
        if not any(p.is_alive() for p in clients):
            collect(0.1)
            break
    for process in clients:
        process.join(5)
        if process.is_alive():
            process.terminate()
    idle = monitor.tick(None)  # after the traffic: the fallback when the run was cut short
    monitor.cpu["idle"] = cpu_seconds(idle)
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    client_seconds = used.ru_utime + used.ru_stime - client_cpu.ru_utime - client_cpu.ru_stime
    end = monitor.end or idle
    started = measure_from if monitor.start else None
    seconds = min(time.monotonic(), until) - started if started else 0.0
    return {
        "results": results,
        "seconds": seconds,
        "memory": memory_rows(master, monitor.start, end, monitor.peak),
        "rss_timeline_mib": {
            str(pid): [round(line[k] / 1024, 1) for k in sorted(line)]
            for pid, line in monitor.timeline.items()
            if pid != master
        },
        "server_cpu_s": round(cpu, 1) if (cpu := monitor.server_cpu_seconds()) else cpu,
        "client_cpu_s": round(client_seconds, 1),
        "run_s": round(time.monotonic() - measure_from + args.warmup, 1),
        "load_average": [round(x, 1) for x in load],
        "interrupted": interrupted,
        "clients_reported": len(results),
        "worker_changes": monitor.changes,
        "server_log_errors": server_log_errors(log),
        "server_times": server_times(log),
    }


def finish(raw: dict, description: str, base_url: str, args) -> dict:
    run_info = {
        "base_url": base_url,
        "server": description,
        "connections": args.connections,
        "seed": args.seed,
        "warmup": args.warmup,
        "duration": args.duration,
        **{
            k: v
            for k, v in raw.items()
            if k not in ("results", "seconds", "memory", "server_times")
        },
    }
    return summarize(
        raw["results"], raw["seconds"], raw["memory"], run_info, raw.get("server_times") or {}
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--connections", "-c", type=int, default=16, help="clients (processes)")
    parser.add_argument("--duration", "-t", type=float, default=300, help="measured seconds")
    parser.add_argument("--warmup", type=float, default=20, help="seconds before measuring")
    parser.add_argument("--seed", type=int, default=1, help="random seed of the traffic mix")
    parser.add_argument("--upload-every", type=float, default=30, help="seconds; 0: none")
    parser.add_argument("--timeout", type=float, default=30, help="seconds per request")
    parser.add_argument("--base-url", help="attach to this running server instead")
    parser.add_argument("--server-pid", type=int, help="with --base-url: gunicorn's master pid")
    parser.add_argument("--port", type=int, help="port of the started server (default: free)")
    parser.add_argument("--server-log", help="default: /tmp/reelfake-soak-<port>.log")
    parser.add_argument(
        "--no-server-times",
        dest="server_times",
        action="store_false",
        help="keep the started server's request log off (no per-kind server times)",
    )
    parser.add_argument("--json", action="store_true", help="also print the report as JSON")
    args = parser.parse_args()
    try:
        sys.exit(run(args))
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        sys.exit(130)


if __name__ == "__main__":
    main()
