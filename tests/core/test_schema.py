"""reelfake/db/schema.sql, applied by the squashed schema migration, on real PostgreSQL."""

import os
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.conf import settings
from django.db import IntegrityError, connection, transaction

from tests.factories import CityFactory, CountryFactory

SCHEMA = Path(settings.BASE_DIR, "reelfake", "db", "schema.sql")
TABLES = {
    "genre",
    "movie_language",
    "country",
    "city",
    "address",
    "movie",
    "actor",
    "movie_actor",
    "store",
    "staff",
    "customer",
    "inventory",
    "rental",
    "cart",
    "wishlist",
}


def server_kwargs(dbname):
    params = connection.settings_dict
    return {
        "host": params["HOST"] or None,
        "port": params["PORT"] or None,
        "user": params["USER"] or None,
        "password": params["PASSWORD"] or None,
        "dbname": dbname,
        "autocommit": True,
    }


def database_url(dbname):
    params = connection.settings_dict
    auth = quote(params["USER"] or "")
    if params["PASSWORD"]:
        auth += ":" + quote(params["PASSWORD"])
    host = params["HOST"] or ""
    if host.startswith("/"):
        return f"postgres://{auth}@/{dbname}?host={quote(host)}"
    port = f":{params['PORT']}" if params["PORT"] else ""
    return f"postgres://{auth}@{host}{port}/{dbname}"


def table_names(conn):
    rows = conn.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
    ).fetchall()
    return {row[0] for row in rows}


@pytest.fixture
def empty_database():
    name = f"reelfake_schema_probe_{os.getpid()}"
    with psycopg.connect(**server_kwargs("postgres")) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    yield name
    with psycopg.connect(**server_kwargs("postgres")) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.django_db
def test_migrate_on_an_empty_database_creates_the_schema(empty_database):
    env = {**os.environ, "DATABASE_URL": database_url(empty_database)}
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"],
        cwd=settings.BASE_DIR,
        env=env,
        check=True,
        capture_output=True,
    )
    with psycopg.connect(**server_kwargs(empty_database)) as conn:
        assert TABLES <= table_names(conn)


@pytest.mark.django_db
def test_schema_sql_runs_again_without_error_or_data_loss(empty_database):
    with psycopg.connect(**server_kwargs(empty_database)) as conn:
        conn.execute(SCHEMA.read_text())
        conn.execute("INSERT INTO genre (genre_name) VALUES ('Action')")
        conn.execute(SCHEMA.read_text())
        assert conn.execute("SELECT genre_name FROM genre").fetchall() == [("Action",)]


@pytest.mark.django_db
def test_schema_tables_exist_in_the_test_database():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
        )
        assert TABLES <= {row[0] for row in cursor.fetchall()}


@pytest.mark.django_db
def test_rental_type_enum_has_the_two_values():
    with connection.cursor() as cursor:
        cursor.execute("SELECT unnest(enum_range(NULL::rental_type))::text")
        assert [row[0] for row in cursor.fetchall()] == ["in-store", "online"]


@pytest.mark.django_db
def test_movie_genres_and_countries_are_integer_arrays():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT column_name, data_type, udt_name FROM information_schema.columns "
            "WHERE table_name = 'movie' AND column_name IN ('genre_ids', 'origin_country_ids') "
            "ORDER BY column_name"
        )
        assert cursor.fetchall() == [
            ("genre_ids", "ARRAY", "_int4"),
            ("origin_country_ids", "ARRAY", "_int4"),
        ]


@pytest.fixture
def rental_ids():
    """One rental with everything it references, inserted in SQL (models come later)."""
    city = CityFactory(country=CountryFactory())
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO address (address_line, city_id, postal_code) "
            "VALUES ('1 Test St', %s, '3000'), ('2 Test St', %s, '3000') RETURNING id",
            [city.id, city.id],
        )
        store_address, customer_address = (row[0] for row in cursor.fetchall())
        cursor.execute(
            "INSERT INTO store (address_id, phone_number) VALUES (%s, '0390000000') RETURNING id",
            [store_address],
        )
        store = cursor.fetchone()[0]
        cursor.execute(
            "INSERT INTO customer (first_name, last_name, email, address_id) "
            "VALUES ('Ann', 'Lee', 'annlee1@example.com', %s) RETURNING id",
            [customer_address],
        )
        customer = cursor.fetchone()[0]
        cursor.execute(
            "INSERT INTO movie_language (language_name, iso_language_code) "
            "VALUES ('English', 'en') RETURNING id"
        )
        language = cursor.fetchone()[0]
        cursor.execute(
            "INSERT INTO movie (tmdb_id, title, original_title, release_date, language_id, "
            "movie_status) VALUES (1, 'T', 'T', '2020-01-01', %s, 'Released') RETURNING id",
            [language],
        )
        movie = cursor.fetchone()[0]
        cursor.execute(
            "INSERT INTO inventory (movie_id, store_id, stock_count) VALUES (%s, %s, 2) "
            "RETURNING id",
            [movie, store],
        )
        inventory = cursor.fetchone()[0]
        start = datetime(2024, 1, 10, 10, 0)
        cursor.execute(
            "INSERT INTO rental (inventory_id, customer_id, rental_start_date, rental_end_date, "
            "amount_paid, payment_date, rental_type) "
            "VALUES (%s, %s, %s, %s, 9.99, %s, 'online') RETURNING id",
            [inventory, customer, start, start + timedelta(days=3, hours=5), start],
        )
        rental = cursor.fetchone()[0]
    return {"rental": rental, "customer": customer, "movie": movie, "store": store}


@pytest.mark.django_db
def test_rental_duration_is_generated_in_whole_days(rental_ids):
    with connection.cursor() as cursor:
        cursor.execute("SELECT rental_duration FROM rental WHERE id = %s", [rental_ids["rental"]])
        assert cursor.fetchone()[0] == 3


@pytest.mark.django_db
def test_updated_at_is_refreshed_by_trigger(rental_ids):
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE rental SET updated_at = '2000-01-01' WHERE id = %s RETURNING updated_at",
            [rental_ids["rental"]],
        )
        assert cursor.fetchone()[0].year > 2000


@pytest.mark.django_db
def test_customer_email_is_unique_case_insensitively(rental_ids):
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO customer (first_name, last_name, email) "
            "VALUES ('A', 'B', 'ANNLEE1@example.com')"
        )


@pytest.mark.django_db
def test_inventory_is_unique_per_movie_and_store(rental_ids):
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO inventory (movie_id, store_id, stock_count) VALUES (%s, %s, 1)",
            [rental_ids["movie"], rental_ids["store"]],
        )


@pytest.mark.django_db
def test_cart_is_unique_per_customer_and_movie(rental_ids):
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO cart (customer_id, movie_id) VALUES (%s, %s)",
            [rental_ids["customer"], rental_ids["movie"]],
        )
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO cart (customer_id, movie_id) VALUES (%s, %s)",
            [rental_ids["customer"], rental_ids["movie"]],
        )


@pytest.mark.django_db
def test_negative_stock_is_refused(rental_ids):
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE inventory SET stock_count = -1")


@pytest.mark.django_db
def test_rental_model_reads_the_generated_duration(rental_ids):
    from rentals.models import Rental

    rental = Rental.objects.get(id=rental_ids["rental"])
    assert rental.rental_duration == 3
    assert rental.rental_type == "online"


@pytest.mark.django_db
def test_schema_sql_adds_and_fills_rental_store_id_on_an_older_database(rental_ids):
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE rental DROP COLUMN store_id CASCADE")  # as before 0004
        cursor.execute(SCHEMA.read_text())
        cursor.execute("SELECT store_id FROM rental WHERE id = %s", [rental_ids["rental"]])
        assert cursor.fetchone()[0] == rental_ids["store"]
        cursor.execute(
            "SELECT conname FROM pg_constraint WHERE conrelid = 'rental'::regclass "
            "AND conname = 'rental_inventory_store_fkey'"
        )
        assert cursor.fetchall() == [("rental_inventory_store_fkey",)]
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'rental' "
            "AND indexname IN ('rental_store_id_id_idx', 'rental_staff_id_store_id_id_idx') "
            "ORDER BY 1"
        )
        assert cursor.fetchall() == [
            ("rental_staff_id_store_id_id_idx",),
            ("rental_store_id_id_idx",),
        ]
