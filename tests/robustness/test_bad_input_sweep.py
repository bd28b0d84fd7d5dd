"""Bad input sweep: every operation of the OpenAPI schema receives wrong types, 1 MB strings,
SQL metacharacters and NUL bytes in every path parameter, query parameter, header parameter
and JSON body field (nested objects and array items included), one place at a time, and
deeply nested JSON (10,000 levels of `[` or `{"a":` in every path parameter; 311, 985 and
10,000 levels in every query parameter and as the whole JSON body: the parser refuses more
than 64 levels before any field is read). JSON body fields
also get an unpaired UTF-16 surrogate ("\\ud800", which has no UTF-8 form), and, since
JSON bodies stop at 100 kB (413), a 64 kB string and 5,000-digit numbers, which reach the
field's own validation.

What is asserted, per request:
- never a 5xx;
- wrong types, huge strings, deep nesting, NUL, surrogates: a 4xx with the standard error
  body: JSON, `{"status": "error", "message": "<non-empty text>"}`, field details optionally
  under `extra` (reelfake/exceptions.py: `status` is the text "error", not
  the HTTP status);
- SQL metacharacters: a 4xx with the standard body, or a 2xx where the value was data: a read,
  or a write that stored the literal text (looked up in every text column of the database);
- after every 4xx, every table of the database holds as many rows as before the request.

How the requests are built:
- Operations, parameters and body fields are read from drf-spectacular's schema, generated
  in-process, so a new route is swept without editing this file (a path parameter of a new
  kind of resource needs a value in World.path_value, and the test says so). Operations that
  take no input (GET /api/genres, …) have nothing to sweep.
- Each operation is called by the first of anonymous, customer, staff and store manager whose
  valid request is not answered 401/403, so the bad value reaches validation.
- Path parameters are ids of a small data set built once for the module. Body fields other
  than the swept one get valid values: by name for what needs a real row or a rule (ids, an
  address in the store's state, genre, country and language codes, passwords), else by type
  from the schema; a body holds its required fields and those with a value by name.
  `test_the_sweep_starts_from_a_valid_request` checks that each operation's unchanged request
  is accepted, so a refusal in the sweep is the bad value's doing.
- Multipart upload routes get a valid one-row CSV file, and the bad values in their query
  parameters and in the `file` form field (as text instead of a file).
- Every request runs in a savepoint that is rolled back afterwards (and the client's cookies
  are put back), so each one starts from the same data; the row counts are read inside the
  savepoint, before the rollback.

Answers the contract makes on purpose are listed in ALLOWED, BASE_REFUSED and
ROWS_WRITTEN_WHEN_REFUSED with their reasons; nothing else is tolerated."""

from __future__ import annotations

import json
from dataclasses import dataclass
from fnmatch import fnmatch

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.signals import request_finished
from django.db import DatabaseError, close_old_connections, connection, transaction
from rest_framework.test import APIClient

from tests.conftest import logged_in_client
from tests.factories import (
    PASSWORD,
    ActorFactory,
    CartFactory,
    CityFactory,
    CountryFactory,
    CustomerFactory,
    GenreFactory,
    InventoryFactory,
    MovieFactory,
    MovieLanguageFactory,
    RentalFactory,
    StaffFactory,
    WishlistFactory,
    make_store_manager,
)
from tests.robustness import sweep

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "customer", "staff", "manager")
UPLOAD_HEADER = (
    "tmdb_id,imdb_id,title,original_title,overview,runtime,release_date,genres,"
    "countries_of_origin,language,movie_status,popularity,budget,revenue,rating_average,"
    "rating_count,poster_url,rental_rate"
)
UPLOAD_ROW = (
    "990000005,tt990000005,Sweep Upload,Sweep Upload,An overview.,100,2020-01-02,"
    "\"['drama']\",\"['au']\",en,Released,1.5,1000,2000,7.5,10,,4.99"
)


@dataclass(frozen=True)
class Allowed:
    """An answer the contract gives on purpose to some bad value. `answer`: "2xx" (the value
    is accepted), "2xx stored" (accepted, and its text must be found in the database) or
    "contract body" (a 4xx whose body is the contract's, not the standard one)."""

    reason: str
    answer: str
    kinds: tuple[str, ...] = sweep.KINDS
    operation: str = "*"  # fnmatch on "METHOD /path"
    places: tuple[str, ...] = ("*",)  # fnmatch on place labels: "query page", "body.email"
    value: str = "*"  # fnmatch on the bad value's label
    optional_only: bool = False  # only where the schema does not require the field

    def covers(self, operation, kind, place, bad, answer) -> bool:
        return (
            self.answer == answer
            and kind in self.kinds
            and fnmatch(operation.key, self.operation)
            and any(fnmatch(place.label, pattern) for pattern in self.places)
            and fnmatch(bad.label, self.value)
            and not (self.optional_only and place.required)
        )


ALLOWED = [
    Allowed(
        "A JSON number where text is expected is kept as its decimal text, as the reference "
        "(Sequelize STRING) does, e.g. a phone number sent as a number",
        "2xx stored",
        kinds=(sweep.WRONG_TYPE,),
        value="number",
    ),
    Allowed(
        'null in an optional field counts as not sent (contract: "null counts as absent" '
        'for stores, "empty or falsy values are ignored" for customers); required fields '
        "refuse it",
        "2xx",
        kinds=(sweep.WRONG_TYPE,),
        value="null",
        optional_only=True,
    ),
    Allowed(
        "A JSON body that is not an object has no fields (reelfake/bodies.py, as a body in "
        "another content type): where every field is optional the request is "
        "valid, and changes nothing (PUT) or takes the defaults (checkout)",
        "2xx",
        kinds=(sweep.WRONG_TYPE,),
        places=("body",),
    ),
    Allowed(
        "Free text in a TEXT column with no length limit in the contract (overview, "
        "biography); the 100 kB body limit bounds it",
        "2xx",
        kinds=(sweep.HUGE,),
        places=("body.overview", "body.biography", "body*].biography"),
        value="64 kB of x",
    ),
    Allowed(
        "Passwords are stored as hashes: the literal text is never stored, and the contract "
        "sets a minimum length only",
        "2xx",
        kinds=(sweep.HUGE, sweep.SQL),
        places=("body.password",),
        operation="POST /api/customers/register",
    ),
    Allowed(
        "includeCountry is on only for true or yes; anything else silently means off, never a 400",
        "2xx",
        operation="GET /api/cities",
        places=("query includeCountry",),
    ),
    Allowed(
        "enable_tracking and stop_on_error are on when empty, yes or true; any other value is "
        "off, so the valid upload goes ahead",
        "2xx",
        operation="POST /api/movies/upload*",
        places=("query enable_tracking", "query stop_on_error"),
    ),
    Allowed(
        "delay_event_ms is only copied into the tracking URL on POST /movies/upload, not "
        "validated there; without tracking it is unused",
        "2xx",
        operation="POST /api/movies/upload",
        places=("query delay_event_ms",),
    ),
    Allowed(
        "q is a free-text search: any text is a search term, and near matches are answered",
        "2xx",
        operation="GET /api/movies",
        places=("query q",),
    ),
    Allowed(
        "The inspector's path filter is a prefix of recorded paths: any text is a prefix, "
        "and one that matches nothing answers no items (docs/toolkit.md)",
        "2xx",
        operation="GET /api/_inspector/requests",
        places=("query path",),
    ),
    Allowed(
        "City and state names in the path are text matched exactly; no match answers 200 "
        "with no items",
        "2xx",
        operation="GET /api/addresses/*/{*}",
    ),
    Allowed(
        "The image routes match digits only: any other id is an unknown route, answered with "
        "the contract's route 404 body, which has no status key",
        "contract body",
        operation="GET /api/images/*",
    ),
    Allowed(
        "A `file` field that is text, not a file, is no file: the contract's 404 "
        '{"message": "File not found in the request"} has no status key',
        "contract body",
        operation="POST /api/movies/upload*",
        places=("form file",),
    ),
]

# Operations whose unchanged request is refused, and why the sweep still reaches validation.
BASE_REFUSED = {
    "GET /api/movies/upload/track": "no tracked job is pending; parameters are checked first",
    "GET /api/movies/upload/track_validation": "no tracked job is pending; parameters are "
    "checked first",
    "DELETE /api/stores/{id}": "staff work at the store; forceDelete and the id are checked "
    "before that",
}

# Rows a refused request writes on purpose: (operation, table) → reason.
ROWS_WRITTEN_WHEN_REFUSED = {
    ("POST /api/auth/login", "accounts_loginfailure"): "every failed login is recorded for "
    'the failed-login accounting (docs/security.md "Failed logins"), whatever was sent',
    ("PUT /api/customers/change_password", "accounts_loginfailure"): "a wrong current "
    "password counts as a failed login of the account, so a stolen session cannot guess it",
    ("PUT /api/staff/change_password", "accounts_loginfailure"): "a wrong current password "
    "counts as a failed login of the account, so a stolen session cannot guess it",
}

# Tables that record every request, refused or not, by design: the request inspector keeps
# the last requests of a world with their (masked) bodies (docs/toolkit.md "Request
# inspector"), so neither its row count nor its text says anything was written.
RECORDS_OF_EVERY_REQUEST = {"toolkit_request"}


@pytest.fixture(autouse=True)
def _toolkit_routes_allowed(settings):
    """The inspector and standing-settings routes exist where the local reset is allowed
    (docs/toolkit.md): on, so the sweep reaches their validation like any other route's."""
    settings.REELFAKE_RESET = True


# The data set -------------------------------------------------------------------------------


class World:
    """A small data set around one store: its manager, a staff member, a customer with a
    rental, a cart row and a wishlist row, and the clients of each role."""

    def __init__(self):
        country = CountryFactory(country_name="Australia", iso_country_code="AU")
        city = CityFactory(city_name="Melbourne", state_name="Victoria", country=country)
        GenreFactory(genre_name="Drama")
        language = MovieLanguageFactory(language_name="English", iso_language_code="en")
        self.manager = make_store_manager(address__city=city, store__address__city=city)
        self.store = self.manager.store
        self.staff = StaffFactory(store=self.store, address__city=city)
        self.customer = CustomerFactory(preferred_store=self.store, address__city=city)
        self.inactive_customer = CustomerFactory(active=False, address__city=city)
        self.spare_customer = CustomerFactory(address__city=city)
        self.movie = MovieFactory(language=language)
        self.spare_movie = MovieFactory(language=language)
        cart_movie = MovieFactory(language=language)
        self.actor = ActorFactory()
        self.inventory = InventoryFactory(movie=self.movie, store=self.store)
        self.spare_inventory = InventoryFactory(movie=cart_movie, store=self.store)
        self.rental = RentalFactory(
            inventory=self.inventory, customer=self.customer, staff=self.manager
        )
        self.cart = CartFactory(customer=self.customer, movie=cart_movie)
        self.wishlist = WishlistFactory(customer=self.customer, movie=self.movie)
        self.city = city

        self.clients = {
            "anonymous": APIClient(),
            "customer": logged_in_client(self.customer.email, PASSWORD),
            "staff": logged_in_client(self.staff.email, PASSWORD),
            "manager": logged_in_client(self.manager.email, PASSWORD),
        }
        for client in self.clients.values():
            client.raise_request_exception = False  # a crash is a 500 to report, not a raise
        self.valid = sweep.Valid(
            path=self.path_value,
            by_name=self.body_values(),
            by_operation={("POST /api/auth/login", "email"): self.customer.email},
            upload=self.upload,
            query={"limit": "10"},
        )
        self.tables = [t for t in table_names() if t not in RECORDS_OF_EVERY_REQUEST]
        self.text_columns = [c for c in text_columns() if c[0] not in RECORDS_OF_EVERY_REQUEST]

    def address(self, line: str) -> dict:
        return {
            "addressLine": line,
            "cityName": self.city.city_name,
            "stateName": self.city.state_name,
            "country": self.city.country.country_name,
            "postalCode": "3000",
        }

    def body_values(self) -> dict:
        return {
            "address": self.address("9 Sweep Street"),
            "storeManager.address": self.address("10 Sweep Street"),
            "storeManager.phoneNumber": "0499000002",
            "storeManager.email": "sweep.manager@example.com",
            "phoneNumber": "0499000001",
            "firstName": "Sweep",
            "lastName": "Tester",
            "email": "sweep.new@example.com",
            "avatar": "https://example.com/avatar.png",
            "password": PASSWORD,
            "currentPassword": PASSWORD,
            "newPassword": "Sweep-pass-2",
            "confirmedNewPassword": "Sweep-pass-2",
            "movieId": self.spare_movie.id,
            "movie_id": self.spare_movie.id,
            "storeId": self.store.id,
            "store_id": self.store.id,
            "preferredStoreId": self.store.id,
            "stock_count": 2,
            "quantity": 1,
            "tmdbId": 990000001,
            "actorName": "Sweep Actor",
            "title": "Sweep Title",
            "originalTitle": "Sweep Title",
            "genres": ["drama"],
            "countriesOfOrigin": ["AU"],
            "language": "en",
            "movieStatus": "Released",
            "ratingAverage": 7.5,
            "characterName": "Sweep Role",
            "castOrder": 0,
        }

    def path_value(self, operation_key: str, path: str, name: str) -> str:
        special = {
            ("DELETE /api/customers/{id}", "id"): self.spare_customer.id,
            ("PATCH /api/customers/{id}/activate", "id"): self.inactive_customer.id,
            ("DELETE /api/movies/{id}", "id"): self.spare_movie.id,
            ("DELETE /api/inventory/{id}", "id"): self.spare_inventory.id,
        }
        if (operation_key, name) in special:
            return str(special[operation_key, name])
        resource = path.split("/")[2]
        values = {
            ("actors", "id"): self.actor.id,
            ("cart", "id"): self.cart.id,
            ("customers", "id"): self.customer.id,
            ("customers", "store_id"): self.store.id,
            ("inventory", "id"): self.inventory.id,
            ("movies", "id"): self.movie.id,
            ("rentals", "id"): self.rental.id,
            ("staff", "id"): self.staff.id,
            ("stores", "id"): self.store.id,
            ("wishlist", "id"): self.wishlist.id,
            ("addresses", "city"): self.city.city_name,
            ("addresses", "state"): self.city.state_name,
            ("images", "actor_id"): self.actor.id,
            ("images", "movie_id"): self.movie.id,
        }
        if (resource, name) not in values:
            raise LookupError(f"No value for path parameter {name} of {path}: add one to World")
        return str(values[resource, name])

    def upload(self) -> dict:
        csv = f"{UPLOAD_HEADER}\n{UPLOAD_ROW}\n".encode()
        return {"file": SimpleUploadedFile("movies.csv", csv, content_type="text/csv")}


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once in a transaction that is rolled back after the module; each test then runs
    in a savepoint of it (pytest-django's `db`)."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield World()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


# Database checks ----------------------------------------------------------------------------


def table_names() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1"
        )
        return [row[0] for row in cursor.fetchall()]


def text_columns() -> list[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.table_name, c.column_name FROM information_schema.columns c"
            " JOIN pg_tables t ON t.tablename = c.table_name AND t.schemaname = c.table_schema"
            " WHERE c.table_schema = current_schema()"
            " AND c.data_type IN ('text', 'character varying', 'character')"
        )
        return cursor.fetchall()


def row_counts(tables: list[str]) -> dict[str, int]:
    quote = connection.ops.quote_name
    sql = " UNION ALL ".join(f"SELECT {i}, count(*) FROM {quote(t)}" for i, t in enumerate(tables))
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return {tables[i]: count for i, count in cursor.fetchall()}


def stored(columns: list[tuple[str, str]], text: str) -> bool:
    """Whether some text column of some row holds exactly `text`."""
    quote = connection.ops.quote_name
    sql = " OR ".join(
        f"EXISTS (SELECT 1 FROM {quote(t)} WHERE {quote(c)} = %(v)s)" for t, c in columns
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {sql}", {"v": text})
        return cursor.fetchone()[0]


# Sending ------------------------------------------------------------------------------------


@dataclass
class Answer:
    status: int
    content_type: str
    body: object  # parsed JSON, or the raw bytes when they are not JSON
    counts: dict | None  # row counts right after the request; None if the transaction broke
    stored: bool | None = None


def exchange(world: World, client, request: sweep.Request, look_for: str | None = None):
    """Send `request` in a savepoint rolled back afterwards; the client's cookies too are put
    back, so a request that logs in or out changes nothing for the next one."""
    cookies = {name: morsel.value for name, morsel in client.cookies.items()}
    try:
        with transaction.atomic():
            response = request.send(client)
            if response.streaming:
                # Closing sends request_finished; with Django's close_old_connections
                # connected it would close the test's own connection (the test client only
                # disconnects it for streams it consumes itself).
                request_finished.disconnect(close_old_connections)
                try:
                    response.close()
                finally:
                    request_finished.connect(close_old_connections)
                content = b""
            else:
                content = response.content
            try:
                counts = row_counts(world.tables)
                found = stored(world.text_columns, look_for) if look_for is not None else None
            except DatabaseError:
                counts = found = None
            transaction.set_rollback(True)
    finally:
        client.cookies.clear()
        for name, value in cookies.items():
            client.cookies[name] = value
    try:
        body = json.loads(content)
    except ValueError:
        body = content[:200]
    return Answer(response.status_code, response.get("Content-Type", ""), body, counts, found)


ROLE_OF: dict[str, str] = {}


def role_for(world: World, operation: sweep.Operation) -> str:
    """The first role whose valid request is not refused for who it is (cached per run)."""
    if operation.key not in ROLE_OF:
        request = sweep.request(operation, world.valid)
        for role in ROLES:
            if exchange(world, world.clients[role], request).status not in (401, 403):
                ROLE_OF[operation.key] = role
                break
        else:
            pytest.fail(f"{operation.key}: every role is refused with 401/403")
    return ROLE_OF[operation.key]


# Checks -------------------------------------------------------------------------------------


def standard_body_problem(answer: Answer) -> str | None:
    if not answer.content_type.startswith("application/json"):
        return f"Content-Type {answer.content_type!r}"
    body = answer.body
    if not isinstance(body, dict):
        return f"body {body!r}"
    if body.get("status") != "error":
        return f"status key {body.get('status')!r}"
    if not isinstance(body.get("message"), str) or not body["message"]:
        return f"message {body.get('message')!r}"
    if set(body) - {"status", "message", "extra"} or not isinstance(body.get("extra", {}), dict):
        return f"keys {sorted(body)}"
    return None


def allowed(operation, kind, place, bad, answer: str) -> bool:
    return any(rule.covers(operation, kind, place, bad, answer) for rule in ALLOWED)


def problems_of(operation, kind, place, bad, answer: Answer, baseline) -> list[str]:
    short = str(answer.body)[:160]
    if answer.status >= 500:
        return [f"{answer.status} {short}"]
    if answer.status >= 400:
        found = []
        problem = standard_body_problem(answer)
        if problem and not allowed(operation, kind, place, bad, "contract body"):
            found.append(f"{answer.status} with a non-standard body ({problem}): {short}")
        if answer.counts is None:
            found.append(f"{answer.status}, but the transaction was left broken")
        else:
            changed = {
                table: (baseline[table], count)
                for table, count in answer.counts.items()
                if baseline[table] != count
                and (operation.key, table) not in ROWS_WRITTEN_WHEN_REFUSED
            }
            if changed:
                found.append(f"{answer.status}, but rows changed (before, after): {changed}")
        return found
    if kind == sweep.SQL and (operation.method == "GET" or answer.stored):
        return []  # a read, or a write that stored the literal text
    if allowed(operation, kind, place, bad, "2xx"):
        return []
    if allowed(operation, kind, place, bad, "2xx stored"):
        if answer.stored:
            return []
        return [f"{answer.status}: accepted, but {stored_text(bad)!r} is stored nowhere"]
    if kind == sweep.SQL:
        return [f"{answer.status}: accepted, but the literal text is stored nowhere"]
    return [f"{answer.status}: accepted: {short}"]


def stored_text(bad) -> str | None:
    """The text a value is stored as when a write keeps it: strings as they are, numbers as
    their decimal text; None for anything else."""
    if isinstance(bad.value, bool) or not isinstance(bad.value, str | int | float):
        return None
    return str(bad.value)


# Tests --------------------------------------------------------------------------------------


def look_for(operation, kind, place, bad) -> str | None:
    """The text to look up in the database after a write that may store the bad value."""
    if operation.method == "GET":
        return None
    if kind == sweep.SQL or allowed(operation, kind, place, bad, "2xx stored"):
        return stored_text(bad)
    return None


def _cases():
    for operation in sweep.operations():
        for kind in sweep.KINDS:
            if sweep.applies(operation, kind):
                yield pytest.param(operation, kind, id=f"{operation.key} · {kind}")


def _operations():
    for operation in sweep.operations():
        if operation.places():
            yield pytest.param(operation, id=operation.key)


@pytest.mark.parametrize(("operation", "kind"), list(_cases()))
def test_bad_input_is_refused_with_the_standard_error(world, operation, kind):
    client = world.clients[role_for(world, operation)]
    baseline = row_counts(world.tables)
    failures = []
    for place in operation.places():
        for bad in sweep.bad_values(place, kind):
            request = sweep.request(operation, world.valid, place, bad)
            answer = exchange(world, client, request, look_for(operation, kind, place, bad))
            for problem in problems_of(operation, kind, place, bad, answer, baseline):
                failures.append(f"{place.label} = {bad.label}: {problem}")
    assert not failures, f"{operation.key}, {kind}:\n" + "\n".join(failures)


@pytest.mark.parametrize("operation", list(_operations()))
def test_the_sweep_starts_from_a_valid_request(world, operation):
    client = world.clients[role_for(world, operation)]
    answer = exchange(world, client, sweep.request(operation, world.valid))
    if operation.key in BASE_REFUSED:
        assert 400 <= answer.status < 500, answer.body
    else:
        assert answer.status < 400, answer.body


# Page numbers past any list ------------------------------------------------------------------

# 200000000000000000 is the first round number whose offset, (n - 1) * 50, is past
# PostgreSQL's bigint; 10**30 is far past it (issue 13 item 15: both answered 500).
HUGE_PAGES = ("200000000000000000", str(2**63 // 50 + 1), "1" + "0" * 30)


def _paginated_operations():
    for operation in sweep.operations():
        if any(p.location == "query" and p.name == "page" for p in operation.params):
            yield pytest.param(operation, id=operation.key)


@pytest.mark.parametrize("operation", list(_paginated_operations()))
def test_a_page_past_any_list_is_past_the_end(world, operation):
    """Every paginated list answers a huge page as any page past its end: 404 "Page out of
    range" (or "No data found…" when nothing matches) on lists that refuse one, 200 with no
    items on the lists that allow it (addresses, the optional pages of P23)."""
    client = world.clients[role_for(world, operation)]
    page_place = next(p for p in operation.params if p.name == "page")
    failures = []
    for page in HUGE_PAGES:
        request = sweep.request(operation, world.valid, page_place, sweep.Bad(page, page))
        answer = exchange(world, client, request)
        if answer.status == 200:
            body = answer.body
            items = [v for k, v in body.items() if isinstance(v, list)]
            if items != [[]] or body["pagination"]["pageNumber"] != int(page):
                failures.append(f"page={page}: 200 with {str(body)[:160]}")
        elif answer.status != 404 or answer.body.get("message") not in (
            "Page out of range",
            "No data found with the given query",
        ):
            failures.append(f"page={page}: {answer.status} {str(answer.body)[:160]}")
    assert not failures, f"{operation.key}:\n" + "\n".join(failures)
