"""Summary tables behind the stats routes, kept current by triggers on `rental`.

Three small tables hold what the stats routes aggregate: rentals per movie, rentals and
revenue per store, rentals and revenue per payment month (UTC). Statement-level triggers with
transition tables add the rows each INSERT, UPDATE or DELETE on `rental` brings (a COPY of a
million rows is one statement, aggregated once), a row trigger on `inventory` moves the counts
when an inventory row changes movie or store, and TRUNCATE of `rental` empties them. So the
stats are exact and current as soon as the writing transaction commits, whoever writes:
the API, the admin, the seed command or plain SQL. docs/stores.md explains the choice.

Existing rentals are counted when the migration runs (`rental_stats_rebuild()`, also behind
`manage.py rental_stats_rebuild`)."""

from django.db import migrations

# Rows of one statement as (inventory_id, payment_date, n, amount): +1 per new row,
# -1 per old row.
NEW_ROWS = "SELECT inventory_id, payment_date, 1 AS n, amount_paid AS amount FROM new_rows"
OLD_ROWS = "SELECT inventory_id, payment_date, -1 AS n, -amount_paid AS amount FROM old_rows"


def delta(rows: str) -> str:
    """The change a statement brings, per movie, store and month."""
    return f"""
        SELECT i.movie_id, i.store_id,
               date_trunc('month', r.payment_date AT TIME ZONE 'UTC')::date AS month,
               r.n, r.amount
        FROM ({rows}) r JOIN inventory i ON i.id = r.inventory_id"""


def apply_delta(rows: str, *, cleanup: bool) -> str:
    """Upserts of a statement's change into the three tables, each in key order (so that
    concurrent writers lock summary rows in one order), skipping keys whose change nets to
    zero (a return changes no stats and locks no summary row); with `cleanup`, rows that
    reached zero are dropped (inserts only add, so they skip it)."""
    upserts = f"""
    WITH d AS ({delta(rows)})
    INSERT INTO rental_stats_movie AS s (movie_id, total_rentals)
    SELECT movie_id, sum(n) FROM d GROUP BY movie_id HAVING sum(n) <> 0 ORDER BY movie_id
    ON CONFLICT (movie_id)
        DO UPDATE SET total_rentals = s.total_rentals + EXCLUDED.total_rentals;

    WITH d AS ({delta(rows)})
    INSERT INTO rental_stats_store AS s (store_id, total_rentals, revenue)
    SELECT store_id, sum(n), sum(amount) FROM d
    GROUP BY store_id HAVING sum(n) <> 0 OR sum(amount) <> 0 ORDER BY store_id
    ON CONFLICT (store_id) DO UPDATE SET total_rentals = s.total_rentals + EXCLUDED.total_rentals,
                                         revenue = s.revenue + EXCLUDED.revenue;

    WITH d AS ({delta(rows)})
    INSERT INTO rental_stats_month AS s (month, total_rentals, revenue)
    SELECT month, sum(n), sum(amount) FROM d
    GROUP BY month HAVING sum(n) <> 0 OR sum(amount) <> 0 ORDER BY month
    ON CONFLICT (month) DO UPDATE SET total_rentals = s.total_rentals + EXCLUDED.total_rentals,
                                      revenue = s.revenue + EXCLUDED.revenue;"""
    if not cleanup:
        return upserts
    return f"""{upserts}
    DELETE FROM rental_stats_movie WHERE total_rentals <= 0;
    DELETE FROM rental_stats_store WHERE total_rentals <= 0;
    DELETE FROM rental_stats_month WHERE total_rentals <= 0;"""


def trigger_function(name: str, rows: str, *, cleanup: bool) -> str:
    body = apply_delta(rows, cleanup=cleanup)
    return f"""
CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    {body}
    RETURN NULL;
END;
$$;"""


FORWARD = f"""
CREATE TABLE IF NOT EXISTS rental_stats_movie (
    movie_id integer PRIMARY KEY,
    total_rentals bigint NOT NULL
);
-- most_rented_movies: the top rows of this index, no sort.
CREATE INDEX IF NOT EXISTS rental_stats_movie_rank_idx
    ON rental_stats_movie (total_rentals DESC, movie_id);

CREATE TABLE IF NOT EXISTS rental_stats_store (
    store_id integer PRIMARY KEY,
    total_rentals bigint NOT NULL,
    revenue numeric(14, 2) NOT NULL
);

CREATE TABLE IF NOT EXISTS rental_stats_month (
    month date PRIMARY KEY,
    total_rentals bigint NOT NULL,
    revenue numeric(14, 2) NOT NULL
);

{trigger_function("rental_stats_after_insert", NEW_ROWS, cleanup=False)}
{trigger_function("rental_stats_after_update", f"{NEW_ROWS} UNION ALL {OLD_ROWS}", cleanup=True)}
{trigger_function("rental_stats_after_delete", OLD_ROWS, cleanup=True)}

CREATE OR REPLACE FUNCTION rental_stats_after_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE rental_stats_movie, rental_stats_store, rental_stats_month;
    RETURN NULL;
END;
$$;

-- An inventory row that changes movie or store takes its rentals' counts along.
CREATE OR REPLACE FUNCTION rental_stats_inventory_moved() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    moved bigint;
    amount numeric;
BEGIN
    SELECT count(*), coalesce(sum(amount_paid), 0) INTO moved, amount
    FROM rental WHERE inventory_id = NEW.id;
    IF moved = 0 THEN
        RETURN NULL;
    END IF;
    IF NEW.movie_id <> OLD.movie_id THEN
        INSERT INTO rental_stats_movie AS s (movie_id, total_rentals)
        VALUES (OLD.movie_id, -moved), (NEW.movie_id, moved)
        ON CONFLICT (movie_id)
            DO UPDATE SET total_rentals = s.total_rentals + EXCLUDED.total_rentals;
        DELETE FROM rental_stats_movie WHERE total_rentals <= 0;
    END IF;
    IF NEW.store_id <> OLD.store_id THEN
        INSERT INTO rental_stats_store AS s (store_id, total_rentals, revenue)
        VALUES (OLD.store_id, -moved, -amount), (NEW.store_id, moved, amount)
        ON CONFLICT (store_id)
            DO UPDATE SET total_rentals = s.total_rentals + EXCLUDED.total_rentals,
                          revenue = s.revenue + EXCLUDED.revenue;
        DELETE FROM rental_stats_store WHERE total_rentals <= 0;
    END IF;
    RETURN NULL;
END;
$$;

-- Recount everything from `rental` (the migration runs it once; so does
-- `manage.py rental_stats_rebuild`). The lock keeps writers out while it counts.
CREATE OR REPLACE FUNCTION rental_stats_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    LOCK TABLE rental IN SHARE MODE;
    TRUNCATE rental_stats_movie, rental_stats_store, rental_stats_month;
    INSERT INTO rental_stats_movie (movie_id, total_rentals)
    SELECT i.movie_id, count(*) FROM rental r JOIN inventory i ON i.id = r.inventory_id
    GROUP BY i.movie_id;
    INSERT INTO rental_stats_store (store_id, total_rentals, revenue)
    SELECT i.store_id, count(*), sum(r.amount_paid)
    FROM rental r JOIN inventory i ON i.id = r.inventory_id
    GROUP BY i.store_id;
    INSERT INTO rental_stats_month (month, total_rentals, revenue)
    SELECT date_trunc('month', payment_date AT TIME ZONE 'UTC')::date, count(*), sum(amount_paid)
    FROM rental GROUP BY 1;
    ANALYZE rental_stats_movie, rental_stats_store, rental_stats_month;
END;
$$;

DROP TRIGGER IF EXISTS rental_stats_after_insert ON rental;
CREATE TRIGGER rental_stats_after_insert AFTER INSERT ON rental
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION rental_stats_after_insert();
DROP TRIGGER IF EXISTS rental_stats_after_update ON rental;
CREATE TRIGGER rental_stats_after_update AFTER UPDATE ON rental
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION rental_stats_after_update();
DROP TRIGGER IF EXISTS rental_stats_after_delete ON rental;
CREATE TRIGGER rental_stats_after_delete AFTER DELETE ON rental
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION rental_stats_after_delete();
DROP TRIGGER IF EXISTS rental_stats_after_truncate ON rental;
CREATE TRIGGER rental_stats_after_truncate AFTER TRUNCATE ON rental
    FOR EACH STATEMENT EXECUTE FUNCTION rental_stats_after_truncate();
DROP TRIGGER IF EXISTS rental_stats_inventory_moved ON inventory;
CREATE TRIGGER rental_stats_inventory_moved AFTER UPDATE OF movie_id, store_id ON inventory
    FOR EACH ROW
    WHEN (OLD.movie_id IS DISTINCT FROM NEW.movie_id OR OLD.store_id IS DISTINCT FROM NEW.store_id)
    EXECUTE FUNCTION rental_stats_inventory_moved();

SELECT rental_stats_rebuild();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS rental_stats_inventory_moved ON inventory;
DROP TRIGGER IF EXISTS rental_stats_after_truncate ON rental;
DROP TRIGGER IF EXISTS rental_stats_after_delete ON rental;
DROP TRIGGER IF EXISTS rental_stats_after_update ON rental;
DROP TRIGGER IF EXISTS rental_stats_after_insert ON rental;
DROP FUNCTION IF EXISTS rental_stats_rebuild();
DROP FUNCTION IF EXISTS rental_stats_inventory_moved();
DROP FUNCTION IF EXISTS rental_stats_after_truncate();
DROP FUNCTION IF EXISTS rental_stats_after_delete();
DROP FUNCTION IF EXISTS rental_stats_after_update();
DROP FUNCTION IF EXISTS rental_stats_after_insert();
DROP TABLE IF EXISTS rental_stats_month, rental_stats_store, rental_stats_movie;
"""


class Migration(migrations.Migration):
    initial = True
    dependencies = [("reelfake_schema", "0001_schema")]
    operations = [migrations.RunSQL(FORWARD, BACKWARD, elidable=False)]
