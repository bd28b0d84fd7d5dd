"""`manage.py seed`: deterministic, careful with existing data, and loading rows the API relies on.

Every test seeds the tiny scale inside its own test transaction, which rolls the rows back.
"""

import io
import os
import re
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth.hashers import check_password
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from reelfake.db.seeding import (
    DEMO_CUSTOMER_EMAIL,
    DEMO_MANAGER_EMAIL,
    DEMO_PASSWORD,
    DEMO_STAFF_EMAIL,
    reference,
)
from reelfake.db.seeding.generate import REFERENCE_DATE, RENTAL_DAYS
from reelfake.db.seeding.load import TABLES
from reelfake.db.seeding.pools import build_pools

pytestmark = pytest.mark.django_db

EMAIL = re.compile(r"^[a-z0-9]{5,30}@example\.com$")
ALL_EMAILS = "SELECT email FROM staff UNION ALL SELECT email FROM customer"
REFERENCE_TABLES = ("genre", "movie_language", "country", "city")


def seed(*args: str) -> str:
    out = io.StringIO()
    call_command("seed", "--scale=tiny", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def rows(sql: str, params=None) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def checksums() -> dict[str, str]:
    """One md5 per table over every column but the timestamps, in id order."""
    return {
        table: rows(
            "SELECT md5(coalesce(string_agg("
            "(to_jsonb(t) - 'created_at' - 'updated_at')::text, '|' ORDER BY id), ''))"
            f" FROM {table} t"
        )[0][0]
        for table in TABLES
    }


def counts() -> dict[str, int]:
    return {table: rows(f"SELECT count(*) FROM {table}")[0][0] for table in TABLES}


# Every generated row of the tiny scale, hashed in a fresh interpreter.
ROWS_DIGEST_SCRIPT = """
import hashlib
from reelfake.db.seeding.generate import SCALES, Dataset
digest = hashlib.md5()
for table in Dataset(scale=SCALES["tiny"], seed=42, password_hash="x").tables():
    for line in table.rows:
        digest.update(line.encode())
print(digest.hexdigest())
"""


@pytest.fixture
def seeded():
    seed()


def test_generated_rows_do_not_depend_on_the_python_hash_seed():
    # Faker or a stray set iteration could make rows follow PYTHONHASHSEED, which differs
    # per process; the in-process tests below would never notice.
    digests = {
        subprocess.run(
            [sys.executable, "-c", ROWS_DIGEST_SCRIPT],
            cwd=Path(__file__).resolve().parent.parent,
            env={**os.environ, "PYTHONHASHSEED": hash_seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for hash_seed in ("1", "2")
    }

    assert len(digests) == 1
    assert len(digests.pop().strip()) == 32


def test_seeding_twice_with_the_same_seed_gives_the_same_rows(seeded):
    first = checksums()
    build_pools.cache_clear()  # rebuild the Faker pools too, not just reuse them

    seed("--reset")

    assert checksums() == first
    assert all(count > 0 for count in counts().values())


def test_a_different_seed_gives_different_rows(seeded):
    first = checksums()

    seed("--reset", "--seed=7")

    second = checksums()
    generated = [table for table in TABLES if table not in REFERENCE_TABLES]
    assert [table for table in generated if first[table] == second[table]] == []


def test_a_different_seed_keeps_the_same_reference_rows(seeded):
    first = checksums()

    seed("--reset", "--seed=7")

    second = checksums()
    assert {t: second[t] for t in REFERENCE_TABLES} == {t: first[t] for t in REFERENCE_TABLES}


def test_seeding_a_database_with_data_without_reset_is_refused_and_changes_nothing(seeded):
    before = checksums()

    with pytest.raises(CommandError, match="already has data; use --reset"):
        seed("--seed=7")

    assert checksums() == before


def test_if_empty_leaves_a_database_with_data_unchanged(seeded):
    before = checksums()

    output = seed("--if-empty", "--seed=7")

    assert checksums() == before
    assert output.strip() == "Database already has data; not seeding."


def test_if_empty_seeds_an_empty_database():
    seed("--if-empty")

    assert counts()["movie"] == 100


def test_reset_restarts_the_id_sequences_after_the_seeded_rows(seeded):
    next_id = rows("SELECT nextval(pg_get_serial_sequence('movie', 'id'))")[0][0]

    assert next_id == 101


def test_every_store_has_exactly_one_manager_who_works_there(seeded):
    stores = rows(
        "SELECT s.id, st.store_id FROM store s LEFT JOIN staff st ON st.id = s.store_manager_id"
    )

    assert len(stores) == 3
    assert all(store_id == manager_store for store_id, manager_store in stores)


def test_store_managers_live_in_their_stores_state(seeded):
    states = rows(
        "SELECT store_city.state_name, home_city.state_name FROM store s"
        " JOIN address sa ON sa.id = s.address_id"
        " JOIN city store_city ON store_city.id = sa.city_id"
        " JOIN staff m ON m.id = s.store_manager_id JOIN address ma ON ma.id = m.address_id"
        " JOIN city home_city ON home_city.id = ma.city_id"
    )

    assert len(states) == 3
    assert all(store_state == home_state for store_state, home_state in states)


def test_store_managers_and_demo_users_are_active(seeded):
    inactive = rows(
        "SELECT id FROM staff WHERE NOT active AND (id IN (SELECT store_manager_id FROM store)"
        " OR email IN (%s, %s)) UNION ALL SELECT id FROM customer WHERE NOT active AND email = %s",
        [DEMO_MANAGER_EMAIL, DEMO_STAFF_EMAIL, DEMO_CUSTOMER_EMAIL],
    )

    assert inactive == []


def test_staff_and_customer_emails_match_the_login_pattern(seeded):
    emails = [
        email for (email,) in rows("SELECT email FROM staff UNION ALL SELECT email FROM customer")
    ]

    assert len(emails) == 120
    assert [email for email in emails if not EMAIL.match(email)] == []


def test_emails_are_unique_across_staff_and_customers(seeded):
    emails = [
        email for (email,) in rows("SELECT email FROM staff UNION ALL SELECT email FROM customer")
    ]

    assert len(set(emails)) == len(emails)


def test_genres_are_the_19_tmdb_genres_in_tmdb_order(seeded):
    genres = rows("SELECT id, genre_name FROM genre ORDER BY id")

    assert [name for _, name in genres] == list(reference.GENRES)
    assert genres[14] == (15, "Science Fiction")
    assert genres[0] == (1, "Action")
    assert genres[18] == (19, "Western")


def test_countries_include_tmdbs_historical_codes(seeded):
    codes = {code for (code,) in rows("SELECT iso_country_code FROM country")}

    assert {"SU", "YU", "XC", "XG", "AN", "CS", "XK", "XI", "AU", "US", "GB"} <= codes
    assert all(code == code.upper() and len(code) == 2 for code in codes)


def test_languages_include_no_language_and_english(seeded):
    languages = dict(rows("SELECT iso_language_code, language_name FROM movie_language"))

    assert languages["xx"] == "No Language"
    assert languages["en"] == "English"


def test_cities_are_australian_with_melbourne_first(seeded):
    first = rows("SELECT city_name, state_name FROM city WHERE id = 1")
    countries = rows(
        "SELECT DISTINCT c.iso_country_code FROM city JOIN country c ON c.id = country_id"
    )

    assert first == [("Melbourne", "Victoria")]
    assert countries == [("AU",)]


def test_no_address_has_two_owners_and_in_use_by_names_the_owner(seeded):
    owners = rows(
        "SELECT address_id, 'store' FROM store"
        " UNION ALL SELECT address_id, 'staff' FROM staff WHERE address_id IS NOT NULL"
        " UNION ALL SELECT address_id, 'customer' FROM customer WHERE address_id IS NOT NULL"
    )
    in_use_by = dict(rows("SELECT id, in_use_by FROM address"))

    assert len({address_id for address_id, _ in owners}) == len(owners)
    assert {address_id: kind for address_id, kind in owners} == in_use_by


def test_postal_codes_are_in_their_states_range(seeded):
    addresses = rows(
        "SELECT a.postal_code, c.state_name FROM address a JOIN city c ON c.id = a.city_id"
    )

    def in_range(postcode: str, state: str) -> bool:
        ranges = reference.STATE_POSTCODE_RANGES[state]
        return len(postcode) == 4 and any(lo <= int(postcode) <= hi for lo, hi in ranges)

    assert [row for row in addresses if not in_range(*row)] == []


def test_demo_users_exist_and_their_password_verifies(seeded):
    users = rows(
        "SELECT email, user_password FROM customer WHERE email = %s"
        " UNION ALL SELECT email, user_password FROM staff WHERE email IN (%s, %s)",
        [DEMO_CUSTOMER_EMAIL, DEMO_STAFF_EMAIL, DEMO_MANAGER_EMAIL],
    )

    assert {email for email, _ in users} == {
        DEMO_CUSTOMER_EMAIL,
        DEMO_STAFF_EMAIL,
        DEMO_MANAGER_EMAIL,
    }
    assert all(check_password(DEMO_PASSWORD, password) for _, password in users)


def test_the_demo_manager_manages_store_1_and_the_demo_staff_does_not_manage(seeded):
    managed = dict(
        rows(
            "SELECT st.email, s.id FROM staff st LEFT JOIN store s ON s.store_manager_id = st.id"
            " WHERE st.email IN (%s, %s)",
            [DEMO_MANAGER_EMAIL, DEMO_STAFF_EMAIL],
        )
    )

    assert managed == {DEMO_MANAGER_EMAIL: 1, DEMO_STAFF_EMAIL: None}


def test_rentals_are_served_by_staff_of_the_inventory_store(seeded):
    mismatched = rows(
        "SELECT r.id FROM rental r JOIN inventory i ON i.id = r.inventory_id"
        " JOIN staff s ON s.id = r.staff_id WHERE s.store_id <> i.store_id"
    )

    assert rows("SELECT count(*) FROM rental")[0][0] == 1000
    assert mismatched == []


def test_rentals_carry_their_inventory_rows_store(seeded):
    mismatched = rows(
        "SELECT r.id FROM rental r JOIN inventory i ON i.id = r.inventory_id"
        " WHERE r.store_id IS DISTINCT FROM i.store_id"
    )

    assert mismatched == []


def test_rentals_fall_in_the_three_years_before_the_reference_date(seeded):
    first, last = rows("SELECT min(rental_start_date), max(rental_start_date) FROM rental")[0]

    assert first.date() >= REFERENCE_DATE - timedelta(days=RENTAL_DAYS)
    assert last.date() < REFERENCE_DATE


def test_no_rental_starts_before_the_movie_release_or_the_customer_registration(seeded):
    early = rows(
        "SELECT r.id FROM rental r JOIN inventory i ON i.id = r.inventory_id"
        " JOIN movie m ON m.id = i.movie_id JOIN customer c ON c.id = r.customer_id"
        " WHERE r.rental_start_date::date < m.release_date"
        " OR r.rental_start_date::date < c.registered_on"
    )

    assert early == []


def test_late_returns_count_whole_days_and_on_time_returns_have_no_delay(seeded):
    wrong = rows(
        "SELECT id FROM rental WHERE return_date IS NOT NULL AND delayed_by_days IS DISTINCT FROM"
        " CASE WHEN return_date > rental_end_date"
        " THEN ceil(extract(epoch FROM return_date - rental_end_date) / 86400)::int END"
    )

    assert wrong == []


def test_only_recent_rentals_are_not_returned(seeded):
    oldest = rows(
        "SELECT min(rental_start_date), bool_and(delayed_by_days IS NULL) FROM rental"
        " WHERE return_date IS NULL"
    )[0]

    assert oldest[0].date() >= REFERENCE_DATE - timedelta(days=60)
    assert oldest[1] is True


def test_rental_durations_and_amounts_follow_the_movie_rate(seeded):
    wrong = rows(
        "SELECT r.id FROM rental r JOIN inventory i ON i.id = r.inventory_id"
        " JOIN movie m ON m.id = i.movie_id"
        " WHERE r.rental_duration NOT IN (3, 5, 7)"
        " OR r.amount_paid + r.discount_amount <> round(m.rental_rate * r.rental_duration / 3, 2)"
        " OR r.payment_date <> r.rental_start_date"
    )

    assert wrong == []
