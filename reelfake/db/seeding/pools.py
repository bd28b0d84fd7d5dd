"""Pools of names, places and words drawn once from a seeded Faker.

Faker costs tens of microseconds per call, far too slow for a million rows, so the generators
pick from these pools with their own seeded `random.Random` instead. Every string is made
COPY-safe here (no tab, newline or backslash), so generators can interpolate them as they are.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from faker import Faker

from reelfake.db.seeding import reference

STREET_NAMES = 3000

# Faker scans every provider package on start-up unless told which ones to load.
PEOPLE_PROVIDERS = ["faker.providers.person", "faker.providers.address"]


@dataclass(frozen=True)
class People:
    """Names and birthplaces of one Faker locale."""

    spec: reference.PeopleLocale
    male: tuple[str, ...]
    female: tuple[str, ...]
    last: tuple[str, ...]
    birthplaces: tuple[str, ...]


@dataclass(frozen=True)
class Pools:
    actors: tuple[People, ...]
    residents: tuple[People, ...]
    streets: tuple[str, ...]
    places: tuple[str, ...]  # for titles ("Midnight in Kestrel Bay")
    jobs: tuple[str, ...]  # lower case: "nurse", "architect"
    first_names: tuple[str, ...]  # any locale, for character names
    last_names: tuple[str, ...]
    title_words: dict[str, tuple[str, ...]]  # language code -> words


def _clean(text: str) -> str:
    return " ".join(text.replace("\\", " ").split())


def _unique(values) -> tuple[str, ...]:
    return tuple(dict.fromkeys(_clean(value) for value in values if _clean(value)))


def article(word: str) -> str:
    return f"an {word}" if word[:1].lower() in "aeiou" else f"a {word}"


def _faker(locale: str, seed: int, providers: list[str]) -> Faker:
    fake = Faker(locale, providers=providers)
    # A string seed is hashed with SHA-512 by `random`, so it is stable across processes.
    fake.seed_instance(f"{seed}:{locale}")
    return fake


def _birthplace(fake: Faker, spec: reference.PeopleLocale) -> str:
    if spec.places:
        return f"{fake.random_element(spec.places)}, {spec.country}"
    if spec.locale in ("en_US", "en_AU"):
        return f"{fake.city()}, {fake.state()}, {spec.country}"
    if spec.locale == "en_CA":
        return f"{fake.city()}, {fake.province()}, {spec.country}"
    return f"{fake.city()}, {spec.country}"


def _people(spec: reference.PeopleLocale, seed: int) -> People:
    fake = _faker(spec.locale, seed, PEOPLE_PROVIDERS)
    # Rare locales need fewer names to look varied.
    count = min(250, 40 + int(8 * spec.weight))
    if spec.romanized:
        male = [fake.first_romanized_name() for _ in range(count)]
        female = [fake.first_romanized_name() for _ in range(count)]
        last = [fake.last_romanized_name() for _ in range(count)]
    else:
        male = [fake.first_name_male() for _ in range(count)]
        female = [fake.first_name_female() for _ in range(count)]
        last = [fake.last_name() for _ in range(count)]
    places = [_birthplace(fake, spec) for _ in range(count // 2)]
    return People(spec, _unique(male), _unique(female), _unique(last), _unique(places))


def _jobs(seed: int) -> tuple[str, ...]:
    fake = _faker("en_US", seed, ["faker.providers.job"])
    jobs = (fake.job() for _ in range(1500))
    # Faker's "Engineer, civil" style titles do not read well inside a sentence.
    return _unique(job.lower() for job in jobs if not set(job) & set(",/()"))


def _places(seed: int) -> tuple[str, ...]:
    fake = _faker("en_GB", seed, PEOPLE_PROVIDERS)
    invented = [f"{a} {b}" for a in reference.PLACE_FIRST for b in reference.PLACE_SECOND]
    return _unique(invented + [fake.city() for _ in range(400)])


def _title_words(seed: int) -> dict[str, tuple[str, ...]]:
    words = {}
    for language, locale in reference.TITLE_WORD_LOCALES.items():
        fake = _faker(locale, seed, ["faker.providers.lorem"])
        words[language] = _unique(fake.word() for _ in range(300))
    return words


@functools.lru_cache(maxsize=4)
def build_pools(seed: int) -> Pools:
    """All pools for a seed; cached, since building them is the slow part of a tiny seed."""
    actors = tuple(_people(spec, seed) for spec in reference.ACTOR_LOCALES)
    residents = tuple(_people(spec, seed) for spec in reference.RESIDENT_LOCALES)
    streets = _faker("en_AU", seed, PEOPLE_PROVIDERS)
    return Pools(
        actors=actors,
        residents=residents,
        streets=_unique(streets.street_name() for _ in range(STREET_NAMES)),
        places=_places(seed),
        jobs=_jobs(seed),
        first_names=_unique(name for p in actors for name in p.male + p.female),
        last_names=_unique(name for p in actors for name in p.last),
        title_words=_title_words(seed),
    )
