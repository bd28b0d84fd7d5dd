"""Rows for every reelfake table, as COPY text lines with explicit ids.

`Dataset.tables()` yields one `Table` at a time, in foreign-key order, and each table's rows
are generated lazily while the loader streams them into COPY. A later table uses what an
earlier one decided (each movie's release day and rental rate, the actors' genders), so the
tables must be consumed in the order they are yielded, each one fully before the next.

Determinism: every table draws from its own `random.Random` seeded with "<seed>:<table>", and
all dates count from REFERENCE_DATE, never from today. The same seed and scale therefore give
the same rows wherever and whenever they run (created_at/updated_at aside), and changing how
one table is generated leaves the others alone.
"""

from __future__ import annotations

import bisect
import itertools
import random
import re
import string
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

from reelfake.db.seeding import (
    DEMO_CUSTOMER_EMAIL,
    DEMO_MANAGER_EMAIL,
    DEMO_PASSWORD,
    DEMO_STAFF_EMAIL,
    reference,
)
from reelfake.db.seeding.pools import Pools, article, build_pools

# "Today" for the seeded data: rentals happen in the RENTAL_DAYS before it, nothing after it.
REFERENCE_DATE = date(2025, 6, 30)
RENTAL_DAYS = 3 * 365
RENTALS_START = REFERENCE_DATE - timedelta(days=RENTAL_DAYS)
REGISTRATIONS_START = date(2016, 1, 4)
RELEASES_START = date(1950, 1, 1)

NULL = "\\N"
DAY = 86_400
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@dataclass(frozen=True)
class Scale:
    movies: int
    actors: int
    cast_per_movie: int  # average; each movie gets between a fifth and 1.8 times this
    stores: int
    staff: int
    customers: int
    inventory: int
    rentals: int

    def __post_init__(self):
        # Each store needs a manager, and store 1 also the demo staff member.
        if self.staff <= self.stores:
            raise ValueError("a scale needs more staff than stores")
        if self.actors < 2 * self.cast_per_movie:
            raise ValueError("a scale needs at least two casts' worth of actors")


SCALES = {
    # For the test suite only: seeds in about a second.
    "tiny": Scale(
        movies=100,
        actors=300,
        cast_per_movie=10,
        stores=3,
        staff=20,
        customers=100,
        inventory=240,
        rentals=1_000,
    ),
    "small": Scale(
        movies=2_000,
        actors=8_000,
        cast_per_movie=20,
        stores=20,
        staff=300,
        customers=3_000,
        inventory=12_000,
        rentals=30_000,
    ),
    "large": Scale(
        movies=50_000,
        actors=200_000,
        cast_per_movie=20,
        stores=100,
        staff=1_500,
        customers=16_000,
        inventory=250_000,
        rentals=1_000_000,
    ),
}


@dataclass
class Table:
    name: str
    columns: tuple[str, ...]
    rows: Iterator[str]  # COPY text lines, newline included
    expected: int  # a row-count estimate, for progress bars
    # Run after the COPY: (sql, parameter rows) for cursor.executemany.
    updates: list[tuple[str, list[tuple]]] = field(default_factory=list)


@dataclass(frozen=True)
class DemoUser:
    role: str
    id: int  # in the customer or the staff table, as the role says
    email: str


@dataclass
class Person:
    first_name: str
    last_name: str
    email: str
    phone: str | None
    avatar: str | None
    city: int | None  # index into reference.AUSTRALIAN_CITIES; None: no address
    address_id: int | None = None


def demo_password_hash(seed: int) -> str:
    """DEMO_PASSWORD hashed once, with a salt derived from the seed so reruns match."""
    from django.contrib.auth.hashers import make_password

    rng = random.Random(f"{seed}:password")
    # 22 alphanumerics = 128 bits, the entropy Django's hashers require of a salt.
    salt = "".join(rng.choices(string.ascii_letters + string.digits, k=22))
    return make_password(DEMO_PASSWORD, salt=salt)


def _text(value) -> str:
    return NULL if value is None else str(value)


def _money(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"


def _array(ids) -> str:
    return "{" + ",".join(map(str, ids)) + "}"


def _email_local(first: str, last: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", first + last).encode("ascii", "ignore").decode()
    return re.sub("[^a-z0-9]", "", ascii_name.lower())[:24]


def _mobile(number: int) -> str:
    digits = f"{number:08d}"
    return f"04{digits[:2]} {digits[2:5]} {digits[5:]}"


def _weighted_picker(rng: random.Random, items, weights):
    """A fast `rng.choices(items, weights)[0]` for hot loops."""
    cumulative = list(itertools.accumulate(weights))
    total = cumulative[-1]
    rand = rng.random
    return lambda: items[bisect.bisect(cumulative, rand() * total)]


class Dataset:
    """All seed rows for one scale and seed."""

    def __init__(self, *, scale: Scale, seed: int, password_hash: str):
        self.scale = scale
        self.seed = seed
        self.password_hash = password_hash
        self.pools: Pools = build_pools(seed)
        self.languages = reference.languages()
        self.countries = reference.countries()
        self.language_ids = {code: i for i, (code, _) in enumerate(self.languages, 1)}
        self.country_ids = {code: i for i, (code, _) in enumerate(self.countries, 1)}
        self.cities = reference.AUSTRALIAN_CITIES
        self.australia_id = self.country_ids["AU"]

    def _rng(self, name: str) -> random.Random:
        return random.Random(f"{self.seed}:{name}")

    def demo_users(self) -> list[DemoUser]:
        return [
            DemoUser("customer", 1, DEMO_CUSTOMER_EMAIL),
            DemoUser("staff", self.scale.stores + 1, DEMO_STAFF_EMAIL),
            DemoUser("store manager (store 1)", 1, DEMO_MANAGER_EMAIL),
        ]

    def tables(self) -> Iterator[Table]:
        scale = self.scale
        yield Table("genre", ("id", "genre_name"), self._genres(), len(reference.GENRES))
        yield Table(
            "movie_language",
            ("id", "iso_language_code", "language_name"),
            self._numbered(self.languages),
            len(self.languages),
        )
        yield Table(
            "country",
            ("id", "iso_country_code", "country_name"),
            self._numbered(self.countries),
            len(self.countries),
        )
        yield Table(
            "city",
            ("id", "city_name", "state_name", "country_id"),
            self._cities(),
            len(self.cities),
        )
        self._plan_people()
        yield Table(
            "address",
            ("id", "address_line", "city_id", "postal_code", "in_use_by"),
            self._addresses(),
            self._address_count,
        )
        yield Table("movie", MOVIE_COLUMNS, self._movies(), scale.movies)
        yield Table("actor", ACTOR_COLUMNS, self._actors(), scale.actors)
        yield Table(
            "movie_actor",
            ("id", "movie_id", "actor_id", "character_name", "cast_order"),
            self._cast(),
            scale.movies * scale.cast_per_movie,
        )
        # store and staff point at each other: stores go in without a manager, and the
        # staff table's update fills store_manager_id once the staff rows exist.
        yield Table(
            "store",
            ("id", "store_manager_id", "address_id", "phone_number"),
            self._stores(),
            scale.stores,
        )
        yield Table(
            "staff",
            STAFF_COLUMNS,
            self._staff(),
            scale.staff,
            updates=[("UPDATE store SET store_manager_id = %s WHERE id = %s", self.store_managers)],
        )
        yield Table("customer", CUSTOMER_COLUMNS, self._customers(), scale.customers)
        yield Table(
            "inventory",
            ("id", "movie_id", "store_id", "stock_count"),
            self._inventory(),
            scale.inventory,
        )
        yield Table("rental", RENTAL_COLUMNS, self._rentals(), scale.rentals)
        yield Table(
            "cart",
            ("id", "customer_id", "movie_id", "quantity"),
            self._cart(),
            scale.customers // 10,
        )
        yield Table(
            "wishlist",
            ("id", "customer_id", "movie_id"),
            self._wishlist(),
            scale.customers // 20,
        )

    # Reference tables --------------------------------------------------------------------

    def _genres(self) -> Iterator[str]:
        for genre_id, name in enumerate(reference.GENRES, 1):
            yield f"{genre_id}\t{name}\n"

    @staticmethod
    def _numbered(rows) -> Iterator[str]:
        for row_id, (code, name) in enumerate(rows, 1):
            yield f"{row_id}\t{code}\t{name}\n"

    def _cities(self) -> Iterator[str]:
        for city_id, city in enumerate(self.cities, 1):
            yield f"{city_id}\t{city.name}\t{city.state}\t{self.australia_id}\n"

    # People, stores and their addresses ----------------------------------------------------

    def _plan_people(self) -> None:
        """Decide stores, staff and customers up front: addresses come first in load order
        but belong to them, and rentals need to know who works and shops where."""
        scale = self.scale
        rng = self._rng("people")
        cities = self.cities
        city_ids = range(len(cities))
        state_cities: dict[str, list[int]] = {}
        for index, city in enumerate(cities):
            state_cities.setdefault(city.state, []).append(index)

        # Stores spread wider than the population: the square-ish root flattens big cities.
        store_weights = [city.weight**0.6 for city in cities]
        self.store_cities = [0] + rng.choices(city_ids, store_weights, k=scale.stores - 1)
        landlines = rng.sample(range(20_000_000, 100_000_000), scale.stores)
        self.store_phones = []
        for city, number in zip(self.store_cities, landlines, strict=True):
            digits = f"{number:08d}"
            code = reference.STATE_AREA_CODES[cities[city].state]
            self.store_phones.append(f"{code} {digits[:4]} {digits[4:]}")

        people_count = scale.staff + scale.customers
        mobiles = iter(rng.sample(range(100_000_000), people_count))
        used_emails = {DEMO_CUSTOMER_EMAIL, DEMO_MANAGER_EMAIL, DEMO_STAFF_EMAIL}
        locales = self.pools.residents
        pick_locale = _weighted_picker(rng, locales, [p.spec.weight for p in locales])

        def person(city: int | None, demo: str | None = None, phone: bool = True) -> Person:
            people = pick_locale()
            names = people.female if rng.random() < 0.5 else people.male
            first, last = rng.choice(names), rng.choice(people.last)
            if demo:
                first, last, email = "Demo", demo.capitalize(), f"demo{demo}@example.com"
            else:
                email = self._unique_email(rng, first, last, used_emails)
            number = next(mobiles)  # drawn even when unused, so later draws do not shift
            avatar = None
            if not demo and rng.random() < 0.3:
                avatar = f"https://i.pravatar.cc/150?img={rng.randint(1, 70)}"
            return Person(first, last, email, _mobile(number) if phone else None, avatar, city)

        def city_in_state(state: str) -> int:
            options = state_cities[state]
            return rng.choices(options, [cities[i].weight for i in options])[0]

        # Staff: ids 1..stores are the managers of stores 1..stores; the first staff member
        # after them is the demo staff member, at store 1. Everyone lives in their store's
        # state.
        self.staff: list[Person] = []
        self.staff_store: list[int] = []
        self.staff_active: list[bool] = []
        self.store_managers: list[tuple[int, int]] = []  # (staff id, store id)
        for staff_id in range(1, scale.staff + 1):
            if staff_id <= scale.stores:
                store = staff_id
                self.store_managers.append((staff_id, store))
            elif staff_id <= 2 * scale.stores:
                store = staff_id - scale.stores  # every store gets at least one clerk
            else:
                store = rng.randint(1, scale.stores)
            city = city_in_state(cities[self.store_cities[store - 1]].state)
            demo = "manager" if staff_id == 1 else None
            demo = "staff" if staff_id == scale.stores + 1 else demo
            self.staff.append(person(city, demo))
            self.staff_store.append(store)
            ordinary = staff_id > scale.stores + 1
            self.staff_active.append(not (ordinary and rng.random() < 0.02))

        # Customers: ids in registration order; customer 1 is the demo customer.
        weights = [city.weight for city in cities]
        stores_by_city: dict[int, list[int]] = {}
        stores_by_state: dict[str, list[int]] = {}
        for store, city in enumerate(self.store_cities, 1):
            stores_by_city.setdefault(city, []).append(store)
            stores_by_state.setdefault(cities[city].state, []).append(store)
        registration_days = (REFERENCE_DATE - REGISTRATIONS_START).days
        self.registered = sorted(rng.randrange(registration_days) for _ in range(scale.customers))
        self.registered[0] = 0  # the demo customer has been around from the first day
        self.customers: list[Person] = []
        self.customer_store: list[int | None] = []
        self.customer_active: list[bool] = []
        for customer_id in range(1, scale.customers + 1):
            demo = customer_id == 1
            city = 0 if demo else rng.choices(city_ids, weights)[0]
            has_address = demo or rng.random() >= 0.10
            has_phone = demo or rng.random() >= 0.05
            customer = person(
                city if has_address else None, "customer" if demo else None, has_phone
            )
            if demo:
                store = 1
            elif rng.random() < 0.05:
                store = None
            elif city in stores_by_city and rng.random() < 0.7:
                store = rng.choice(stores_by_city[city])
            else:
                nearby = stores_by_state.get(cities[city].state)
                store = rng.choice(nearby) if nearby else rng.randint(1, scale.stores)
            self.customers.append(customer)
            self.customer_store.append(store)
            self.customer_active.append(demo or rng.random() >= 0.03)

        # Addresses in owner order: stores, then staff, then customers.
        next_id = itertools.count(scale.stores + 1)
        for member in self.staff:
            member.address_id = next(next_id)
        for customer in self.customers:
            if customer.city is not None:
                customer.address_id = next(next_id)
        self._address_count = next(next_id) - 1

    @staticmethod
    def _unique_email(rng: random.Random, first: str, last: str, used: set[str]) -> str:
        local = _email_local(first, last) or "renter"
        while True:
            email = f"{local}{rng.randint(1, 999)}"
            while len(email) < 5:
                email += str(rng.randint(0, 9))
            email += "@example.com"
            if email not in used:
                used.add(email)
                return email

    def _addresses(self) -> Iterator[str]:
        rng = self._rng("address")
        streets = self.pools.streets
        cities = self.cities

        def line(city_index: int, owner: str) -> str:
            city = cities[city_index]
            postcode = city.postcode + rng.randrange(city.postcode_span)
            street = f"{rng.randint(1, 399)} {rng.choice(streets)}"
            if owner == "store" and rng.random() < 0.4:
                street = f"Shop {rng.randint(1, 40)}, {street}"
            elif owner != "store" and rng.random() < 0.15:
                street = f"Unit {rng.randint(1, 30)}/{street}"
            return f"{street}\t{city_index + 1}\t{postcode:04d}\t{owner}\n"

        address_id = 0
        for city in self.store_cities:
            address_id += 1
            yield f"{address_id}\t{line(city, 'store')}"
        for owner, people in (("staff", self.staff), ("customer", self.customers)):
            for member in people:
                if member.address_id is not None:
                    yield f"{member.address_id}\t{line(member.city, owner)}"

    def _stores(self) -> Iterator[str]:
        for store_id, phone in enumerate(self.store_phones, 1):
            yield f"{store_id}\t{NULL}\t{store_id}\t{phone}\n"

    def _staff(self) -> Iterator[str]:
        password = self.password_hash
        for staff_id, member in enumerate(self.staff, 1):
            active = "t" if self.staff_active[staff_id - 1] else "f"
            yield (
                f"{staff_id}\t{member.first_name}\t{member.last_name}\t{member.email}\t"
                f"{member.address_id}\t{self.staff_store[staff_id - 1]}\t{active}\t"
                f"{member.phone}\t{_text(member.avatar)}\t{password}\n"
            )

    def _customers(self) -> Iterator[str]:
        password = self.password_hash
        for index, customer in enumerate(self.customers):
            active = "t" if self.customer_active[index] else "f"
            registered = REGISTRATIONS_START + timedelta(days=self.registered[index])
            yield (
                f"{index + 1}\t{customer.first_name}\t{customer.last_name}\t{customer.email}\t"
                f"{_text(customer.address_id)}\t{_text(self.customer_store[index])}\t{active}\t"
                f"{_text(customer.phone)}\t{_text(customer.avatar)}\t{registered.isoformat()}\t"
                f"{password}\n"
            )

    # Catalog -----------------------------------------------------------------------------

    def _movies(self) -> Iterator[str]:
        scale = self.scale
        rng = self._rng("movie")
        rand, randrange, choice = rng.random, rng.randrange, rng.choice
        count = scale.movies
        tmdb_ids = rng.sample(range(2, 1_500_000), count)
        imdb_numbers = rng.sample(range(1, 40_000_000), count)
        popularity_rank = list(range(count))
        rng.shuffle(popularity_rank)

        genre_names = reference.GENRES
        pick_genre = _weighted_picker(
            rng, range(1, 20), [reference.GENRE_WEIGHTS[name] for name in genre_names]
        )
        weighted_codes = list(reference.MOVIE_COUNTRY_WEIGHTS) + [None]
        weights = list(reference.MOVIE_COUNTRY_WEIGHTS.values()) + [reference.OTHER_COUNTRY_WEIGHT]
        pick_country = _weighted_picker(rng, weighted_codes, weights)
        modern_codes = [c for c, _ in self.countries if c not in reference.HISTORICAL_COUNTRIES]
        language_codes = [code for code, _ in self.languages if code != "xx"]
        title_words = self.pools.title_words

        release_base = RELEASES_START.toordinal()
        release_span = (REFERENCE_DATE - RELEASES_START).days
        rentals_start = RENTALS_START.toordinal()
        new_release = REFERENCE_DATE.toordinal() - 365

        # Read by later tables: released movies only go into stores, and rentals must not
        # start before a movie's release or charge other than its rate.
        self.movie_release_day = [0] * (count + 1)  # days since RENTALS_START
        self.movie_rate_cents = [0] * (count + 1)
        self.released_movies: list[int] = []

        seen = set()
        for index in range(count):
            movie_id = index + 1
            title = self._title(rng)
            overview = None if rand() < 0.03 else self._overview(rng)
            while (title, overview) in seen:
                title = self._title(rng)
            seen.add((title, overview))

            if rand() < 0.02:
                status = choice(reference.MOVIE_STATUSES_UNRELEASED)
                released = REFERENCE_DATE.toordinal() + randrange(1, 180)
            else:
                status = "Released"
                # Skewed toward recent years, like the catalog of any streaming service.
                released = release_base + int(release_span * rand() ** 0.55)
                self.released_movies.append(movie_id)
            release_date = date.fromordinal(released)
            self.movie_release_day[movie_id] = released - rentals_start

            if released > new_release:
                rate = 2000 if rand() < 0.5 else 499
            else:
                r = rand()
                rate = 299 if r < 0.4 else 399 if r < 0.75 else 499 if r < 0.95 else 2000
            self.movie_rate_cents[movie_id] = rate

            genres = {pick_genre() for _ in range(1 + (rand() < 0.6) + (rand() < 0.25))}
            codes = [pick_country()]
            if rand() < 0.15:
                codes.append(pick_country())
            codes = [code or choice(modern_codes) for code in codes]
            year = release_date.year
            for i, code in enumerate(codes):
                successor = reference.HISTORICAL_SUCCESSORS.get(code)
                if successor and year < successor[1]:
                    codes[i] = successor[0]
                elif code == "DE" and year < 1990 and rand() < 0.3:
                    codes[i] = "XG"
            country_ids = list(dict.fromkeys(self.country_ids[code] for code in codes))

            language = reference.COUNTRY_LANGUAGE.get(codes[0])
            if rand() < 0.005:
                language = "xx"
            elif language is None or rand() < 0.1:
                language = "en" if rand() < 0.5 else choice(language_codes)
            original_title = title
            if language in title_words and rand() < 0.7:
                words = [choice(title_words[language]) for _ in range(randrange(1, 4))]
                joiner = "" if language in reference.UNSPACED_LANGUAGES else " "
                original_title = joiner.join(words)
                original_title = original_title[:1].upper() + original_title[1:]

            rank = popularity_rank[index]
            popularity = (1000 * (rank + 1) ** -0.7 + 0.6) * (0.85 + 0.3 * rand())
            votes = int(popularity * (10 + 60 * rand()))
            if votes < 30 and rand() < 0.3:
                votes = 0
            rating = 0.0 if votes == 0 else min(9.6, max(1.0, rng.gauss(6.3, 1.0)))
            budget = 0 if rand() < 0.35 else min(400, round(rng.lognormvariate(2.5, 1.2))) * 10**6
            revenue = int(budget * rng.lognormvariate(0.5, 1.0)) if budget and rand() < 0.8 else 0
            runtime = 0 if rand() < 0.02 else min(200, max(60, int(rng.gauss(105, 22))))
            imdb = f"tt{imdb_numbers[index]:07d}" if rand() >= 0.15 else NULL

            yield (
                f"{movie_id}\t{tmdb_ids[index]}\t{imdb}\t{title}\t{original_title}\t"
                f"{_text(overview)}\t{runtime}\t{release_date.isoformat()}\t"
                f"{_array(sorted(genres))}\t{_array(country_ids)}\t"
                f"{self.language_ids[language]}\t{status}\t{popularity:.3f}\t{budget}\t"
                f"{revenue}\t{rating:.2f}\t{votes}\t/api/images/posters/{movie_id}.svg\t"
                f"{_money(rate)}\n"
            )

    def _title(self, rng: random.Random) -> str:
        choice, r = rng.choice, rng.random()
        noun = choice(reference.TITLE_NOUNS)
        if r < 0.22:
            title = f"The {choice(reference.TITLE_ADJECTIVES)} {noun}"
        elif r < 0.38:
            title = f"{choice(reference.TITLE_ADJECTIVES)} {noun}"
        elif r < 0.42:
            title = f"The {noun}"
        elif r < 0.52:
            title = f"The {noun} of {choice(self.pools.places)}"
        elif r < 0.60:
            title = f"{choice(reference.TITLE_TIMES)} in {choice(self.pools.places)}"
        elif r < 0.68:
            title = f"{choice(self.pools.first_names)}'s {noun}"
        elif r < 0.75:
            title = f"{noun} and {choice(reference.TITLE_NOUNS)}"
        elif r < 0.82:
            verb = choice(("Return to", "Escape from", "Welcome to", "Murder in", "Nights in"))
            title = f"{verb} {choice(self.pools.places)}"
        elif r < 0.88:
            title = f"The Last {noun}"
        elif r < 0.94:
            title = choice(self.pools.places)
        else:
            title = f"A {noun} for {choice(self.pools.first_names)}"
        if rng.random() < 0.03:
            title += choice(reference.SEQUEL_SUFFIXES)
        return title

    def _overview(self, rng: random.Random) -> str:
        choice, rand = rng.choice, rng.random
        pools = self.pools
        hero = choice(pools.first_names)
        name = f"{hero} {choice(pools.last_names)}" if rand() < 0.5 else hero
        r = rand()
        if r < 0.45:
            sentences = [
                f"{name}, {article(choice(reference.PERSONAS))} {choice(pools.jobs)} from"
                f" {choice(pools.places)}, {choice(reference.HOOKS)}."
            ]
        elif r < 0.7:
            sentences = [
                f"Set in {choice(pools.places)} during {choice(reference.ERAS)}, the story "
                f"follows {article(choice(pools.jobs))} who {choice(reference.HOOKS)}."
            ]
        else:
            sentences = [f"{name} and {choice(pools.first_names)} {choice(reference.DUOS)}."]
        if rand() < 0.6:
            event = choice(reference.EVENTS)
            sentences.append(f"When {event}, {hero} must {choice(reference.GOALS)}.")
        r = rand()
        if r < 0.4:
            tale = article(choice(reference.TONES))
            sentences.append(f"{tale[0].upper()}{tale[1:]} tale of {choice(reference.THEMES)}.")
        elif r < 0.6:
            sentences.append(choice(reference.TAGLINES))
        return " ".join(sentences)

    def _actors(self) -> Iterator[str]:
        scale = self.scale
        rng = self._rng("actor")
        rand, choice = rng.random, rng.choice
        count = scale.actors
        tmdb_ids = rng.sample(range(10_000, 5_000_000), count)
        imdb_numbers = rng.sample(range(1, 10_000_000), count)
        popularity_rank = list(range(count))
        rng.shuffle(popularity_rank)
        locales = self.pools.actors
        pick_locale = _weighted_picker(rng, locales, [p.spec.weight for p in locales])

        # Read by the cast: leads are drawn from the popular end, Himself/Herself by gender.
        self.actor_by_rank = [0] * count
        self.actor_female = bytearray(count + 1)

        born_first = date(1920, 1, 1).toordinal()
        born_span = date(2005, 12, 31).toordinal() - born_first
        born_mode = date(1978, 1, 1).toordinal() - born_first
        today = REFERENCE_DATE.toordinal()
        for index in range(count):
            actor_id = index + 1
            people = pick_locale()
            female = rand() < 0.5
            self.actor_female[actor_id] = female
            first = choice(people.female if female else people.male)
            name = f"{first} {choice(people.last)}"
            rank = popularity_rank[index]
            self.actor_by_rank[rank] = actor_id

            birthday = deathday = None
            if rand() >= 0.12:
                birthday = date.fromordinal(
                    born_first + int(rng.triangular(0, born_span, born_mode))
                )
                if birthday.year < 1960 and rand() < (1960 - birthday.year) / 45:
                    earliest = birthday.toordinal() + 40 * 365
                    if earliest < today:
                        deathday = date.fromordinal(rng.randint(earliest, today))
            if rand() < (0.08 if birthday else 0.5):
                place = None
            else:
                home = people if rand() < 0.85 else pick_locale()
                place = choice(home.birthplaces)
            biography = (
                None
                if rand() < 0.25
                else self._biography(rng, name, people, female, birthday, deathday, place)
            )
            popularity = (0.6 + 80 * (rank + 1) ** -0.5) * (0.8 + 0.4 * rand())
            imdb = f"nm{imdb_numbers[index]:07d}" if rand() >= 0.2 else NULL
            yield (
                f"{actor_id}\t{tmdb_ids[index]}\t{imdb}\t{name}\t{_text(biography)}\t"
                f"{_text(birthday)}\t{_text(deathday)}\t{_text(place)}\t{popularity:.3f}\t"
                f"/api/images/actors/{actor_id}.svg\n"
            )

    @staticmethod
    def _biography(rng, name, people, female, birthday, deathday, place) -> str:
        choice = rng.choice
        he, his = ("She", "her") if female else ("He", "his")
        role = "actress" if female else "actor"
        nationality = article(people.spec.nationality)
        if birthday and place:
            month = MONTHS[birthday.month - 1]  # not strftime: its month names follow the locale
            born = f"born in {place} on {month} {birthday.day}, {birthday.year}"
            sentences = [f"{name} is {nationality} {role}, {born}."]
        else:
            sentences = [f"{name} is {nationality} {role}."]
        sentences.append(
            f"{he} began {his} career in {choice(reference.CAREER_STARTS)} before "
            f"{choice(reference.BREAKTHROUGHS)}."
        )
        if rng.random() < 0.4:
            sentences.append(f"Outside acting, {he.lower()} {choice(reference.HOBBIES)}.")
        if deathday:
            sentences.append(f"{he} died in {deathday.year}.")
        return " ".join(sentences)

    def _character_names(self, rng: random.Random) -> list[str]:
        pools = self.pools
        names = []
        for _ in range(min(20_000, 4 * self.scale.actors)):
            r = rng.random()
            last = rng.choice(pools.last_names)
            if r < 0.6:
                names.append(f"{rng.choice(pools.first_names)} {last}")
            elif r < 0.78:
                names.append(rng.choice(pools.first_names))
            elif r < 0.9:
                names.append(f"{rng.choice(reference.ROLE_TITLES)} {last}")
            else:
                names.append(rng.choice(reference.BIT_PARTS))
        return names

    def _cast(self) -> Iterator[str]:
        scale = self.scale
        rng = self._rng("movie_actor")
        rand, randrange = rng.random, rng.randrange
        characters = self._character_names(rng)
        character_count = len(characters)
        actor_count = scale.actors
        by_rank = self.actor_by_rank
        female = self.actor_female
        smallest = max(1, scale.cast_per_movie // 5)
        spread = 2 * scale.cast_per_movie - 2 * smallest + 1  # mean stays cast_per_movie
        row_id = 0
        for movie_id in range(1, scale.movies + 1):
            size = smallest + randrange(spread)
            ranks = set()
            while len(ranks) < size:
                # rand() ** 1.6 crowds the popular ranks: stars appear in many movies.
                ranks.add(int(actor_count * rand() ** 1.6))
            # The most popular actor of a cast gets top billing.
            for order, rank in enumerate(sorted(ranks)):
                actor_id = by_rank[rank]
                row_id += 1
                r = rand()
                if r < 0.03:
                    character = "Herself" if female[actor_id] else "Himself"
                elif r < 0.05:
                    character = NULL
                else:
                    character = characters[int(rand() * character_count)]
                yield f"{row_id}\t{movie_id}\t{actor_id}\t{character}\t{order}\n"

    # Stock and rentals -------------------------------------------------------------------

    def _inventory(self) -> Iterator[str]:
        scale = self.scale
        rng = self._rng("inventory")
        released = self.released_movies
        per_store = scale.inventory / scale.stores
        stock_counts = (1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 5, 6, 7, 8, 10)
        # Read by rentals: what each store can rent out.
        self.store_stock: list[list[tuple[int, int]]] = [[]]
        inventory_id = 0
        for store in range(1, scale.stores + 1):
            size = min(len(released), max(1, round(per_store * rng.uniform(0.8, 1.2))))
            stock = []
            for movie_id in sorted(rng.sample(released, size)):
                inventory_id += 1
                count = 0 if rng.random() < 0.05 else rng.choice(stock_counts)
                if count:
                    stock.append((inventory_id, movie_id))
                yield f"{inventory_id}\t{movie_id}\t{store}\t{count}\n"
            # A store whose copies are all out still has a rental history.
            self.store_stock.append(stock or [(inventory_id, movie_id)])

    def _rentals(self) -> Iterator[str]:
        """Rentals day by day over the RENTAL_DAYS before REFERENCE_DATE, so ids follow time.

        On-time returns have delayed_by_days NULL; late ones the whole days past the end date
        (at least 1). Rentals not returned yet (all recent) have both return_date and
        delayed_by_days NULL, whether or not they are overdue."""
        scale = self.scale
        rng = self._rng("rental")
        rand, randrange, choice = rng.random, rng.randrange, rng.choice
        stores = scale.stores
        store_staff: list[list[int]] = [[] for _ in range(stores + 1)]
        for staff_id, store in enumerate(self.staff_store, 1):
            store_staff[store].append(staff_id)
        store_stock = self.store_stock
        preferred = self.customer_store
        release_day = self.movie_release_day
        rates = self.movie_rate_cents
        # Registration days, shifted to the rental calendar: who can rent on a given day.
        offset = (RENTALS_START - REGISTRATIONS_START).days
        registered = [day - offset for day in self.registered]

        days = [f"{RENTALS_START + timedelta(days=d)}" for d in range(RENTAL_DAYS + 30)]
        clock = [f"{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}" for s in range(DAY)]
        durations = (3, 3, 3, 3, 3, 5, 5, 5, 7, 7)
        late_days = (1, 1, 1, 1, 2, 2, 2, 3, 3, 4, 5, 6, 7, 10, 14)
        horizon = RENTAL_DAYS * DAY
        recent = RENTAL_DAYS - 60

        # The chain grows over the three years, and Friday to Sunday are busier.
        weights = [
            (1 + 0.5 * d / RENTAL_DAYS)
            * (1.4 if (RENTALS_START + timedelta(d)).weekday() >= 4 else 1.0)
            for d in range(RENTAL_DAYS)
        ]
        total = sum(weights)
        cumulative = [round(scale.rentals * w / total) for w in itertools.accumulate(weights)]

        rental_id = 0
        done = 0
        for day, target in enumerate(cumulative):
            count, done = target - done, target
            customers = bisect.bisect_right(registered, day)
            # (seconds into the day, online?) sorted, so ids also follow time within a day;
            # in-store rentals fall in opening hours (10:00-22:00 in Melbourne, 00-12 UTC).
            times = sorted(
                (randrange(DAY), True) if rand() < 0.2 else (randrange(DAY // 2), False)
                for _ in range(count)
            )
            for second, online in times:
                rental_id += 1
                customer = randrange(customers)
                store = preferred[customer]
                if store is None or rand() < 0.15:
                    store = randrange(stores) + 1
                stock = store_stock[store]
                for _ in range(30):
                    inventory_id, movie_id = stock[randrange(len(stock))]
                    if release_day[movie_id] <= day:
                        break
                staff = choice(store_staff[store])
                duration = choice(durations)
                start = day * DAY + second
                end = start + duration * DAY
                returned = delay = None
                if day < recent or rand() >= 0.4:
                    if rand() < 0.15:
                        delay = choice(late_days)
                        returned = end + (delay - 1) * DAY + randrange(1, DAY + 1)
                    else:
                        returned = start + randrange(4 * 3600, duration * DAY + 1)
                    if returned > horizon:
                        returned = delay = None
                price = (rates[movie_id] * duration + 1) // 3
                discount = price // 10 if rand() < 0.08 else 0
                start_text = f"{days[day]} {clock[second]}+00"
                end_text = f"{days[end // DAY]} {clock[second]}+00"
                if returned is None:
                    returned_text = NULL
                else:
                    returned_text = f"{days[returned // DAY]} {clock[returned % DAY]}+00"
                yield (
                    f"{rental_id}\t{inventory_id}\t{store}\t{customer + 1}\t{staff}\t{start_text}\t"
                    f"{end_text}\t{returned_text}\t{NULL if delay is None else delay}\t"
                    f"{_money(price - discount)}\t{_money(discount)}\t{start_text}\t"
                    f"{'online' if online else 'in-store'}\n"
                )

    def _cart(self) -> Iterator[str]:
        rng = self._rng("cart")
        movies = self.released_movies
        row_id = 0
        for index, active in enumerate(self.customer_active):
            if index == 0:
                size = 2
            elif active and rng.random() < 0.05:
                size = rng.randint(1, 3)
            else:
                continue
            for movie_id in rng.sample(movies, min(size, len(movies))):
                row_id += 1
                quantity = 2 if rng.random() < 0.1 else 1
                yield f"{row_id}\t{index + 1}\t{movie_id}\t{quantity}\n"

    def _wishlist(self) -> Iterator[str]:
        rng = self._rng("wishlist")
        movie_count = self.scale.movies
        row_id = 0
        for index, active in enumerate(self.customer_active):
            if index == 0:
                size = 3
            elif active and rng.random() < 0.015:
                size = rng.randint(1, 5)
            else:
                continue
            # Any movie, announced ones included: that is what a wishlist is for.
            for movie_id in rng.sample(range(1, movie_count + 1), size):
                row_id += 1
                yield f"{row_id}\t{index + 1}\t{movie_id}\n"


MOVIE_COLUMNS = (
    "id",
    "tmdb_id",
    "imdb_id",
    "title",
    "original_title",
    "overview",
    "runtime",
    "release_date",
    "genre_ids",
    "origin_country_ids",
    "language_id",
    "movie_status",
    "popularity",
    "budget",
    "revenue",
    "rating_average",
    "rating_count",
    "poster_url",
    "rental_rate",
)
ACTOR_COLUMNS = (
    "id",
    "tmdb_id",
    "imdb_id",
    "actor_name",
    "biography",
    "birthday",
    "deathday",
    "place_of_birth",
    "popularity",
    "profile_picture_url",
)
STAFF_COLUMNS = (
    "id",
    "first_name",
    "last_name",
    "email",
    "address_id",
    "store_id",
    "active",
    "phone_number",
    "avatar",
    "user_password",
)
CUSTOMER_COLUMNS = (
    "id",
    "first_name",
    "last_name",
    "email",
    "address_id",
    "preferred_store_id",
    "active",
    "phone_number",
    "avatar",
    "registered_on",
    "user_password",
)
# rental_duration is a generated column: never written.
RENTAL_COLUMNS = (
    "id",
    "inventory_id",
    "store_id",  # the inventory row's (see schema.sql): written here, not looked up per row
    "customer_id",
    "staff_id",
    "rental_start_date",
    "rental_end_date",
    "return_date",
    "delayed_by_days",
    "amount_paid",
    "discount_amount",
    "payment_date",
    "rental_type",
)
