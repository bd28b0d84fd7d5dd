"""Row counts behind GET /api/stats, kept exact by triggers.

`count(*)` over 200,000 actors and 50,000 movies costs tens of milliseconds per request on
the large data set. Instead, statement-level triggers (with transition tables, so a COPY is
one statement) append each INSERT's or DELETE's row delta to `stats_row_delta`, and the
route sums the few rows there. Appending never waits for another writer, so counting adds no
lock to the writes of the catalog and people tables (a single counter row would make
concurrent inserts queue until commit). The route folds the deltas into one row per table
once they pile up (`stats_row_delta_compact()`); TRUNCATE drops the table's deltas."""

from django.db import migrations

TABLES = ("movie", "actor", "customer", "staff", "store")
TABLE_ARRAY = "ARRAY[" + ", ".join(f"'{table}'" for table in TABLES) + "]"

FORWARD = f"""
CREATE TABLE IF NOT EXISTS stats_row_delta (
    table_name text NOT NULL,
    delta bigint NOT NULL
);

CREATE OR REPLACE FUNCTION stats_row_delta_after_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO stats_row_delta (table_name, delta)
    SELECT TG_TABLE_NAME, count(*) FROM new_rows HAVING count(*) > 0;
    RETURN NULL;
END;
$$;

CREATE OR REPLACE FUNCTION stats_row_delta_after_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO stats_row_delta (table_name, delta)
    SELECT TG_TABLE_NAME, -count(*) FROM old_rows HAVING count(*) > 0;
    RETURN NULL;
END;
$$;

-- TRUNCATE waits for every other writer of the table, so all its deltas are committed.
CREATE OR REPLACE FUNCTION stats_row_delta_after_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM stats_row_delta WHERE table_name = TG_TABLE_NAME;
    RETURN NULL;
END;
$$;

-- One row per table instead of many; rows other transactions have not committed yet are
-- invisible here and stay.
CREATE OR REPLACE FUNCTION stats_row_delta_compact() RETURNS void LANGUAGE sql AS $$
    WITH gone AS (DELETE FROM stats_row_delta RETURNING table_name, delta)
    INSERT INTO stats_row_delta (table_name, delta)
    SELECT table_name, sum(delta) FROM gone GROUP BY table_name;
$$;

-- Recount every table (the migration runs it once; so does manage.py rental_stats_rebuild).
CREATE OR REPLACE FUNCTION stats_row_delta_rebuild() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    t text;
    n bigint;
BEGIN
    FOREACH t IN ARRAY {TABLE_ARRAY} LOOP
        EXECUTE format('LOCK TABLE %I IN SHARE MODE', t);
        EXECUTE format('SELECT count(*) FROM %I', t) INTO n;
        DELETE FROM stats_row_delta WHERE table_name = t;
        INSERT INTO stats_row_delta (table_name, delta) VALUES (t, n);
    END LOOP;
END;
$$;
"""

for table in TABLES:
    FORWARD += f"""
DROP TRIGGER IF EXISTS stats_row_delta_after_insert ON {table};
CREATE TRIGGER stats_row_delta_after_insert AFTER INSERT ON {table}
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION stats_row_delta_after_insert();
DROP TRIGGER IF EXISTS stats_row_delta_after_delete ON {table};
CREATE TRIGGER stats_row_delta_after_delete AFTER DELETE ON {table}
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION stats_row_delta_after_delete();
DROP TRIGGER IF EXISTS stats_row_delta_after_truncate ON {table};
CREATE TRIGGER stats_row_delta_after_truncate AFTER TRUNCATE ON {table}
    FOR EACH STATEMENT EXECUTE FUNCTION stats_row_delta_after_truncate();
"""
FORWARD += "\nSELECT stats_row_delta_rebuild();\n"

BACKWARD = (
    "".join(
        f"""
DROP TRIGGER IF EXISTS stats_row_delta_after_truncate ON {table};
DROP TRIGGER IF EXISTS stats_row_delta_after_delete ON {table};
DROP TRIGGER IF EXISTS stats_row_delta_after_insert ON {table};"""
        for table in TABLES
    )
    + """
DROP FUNCTION IF EXISTS stats_row_delta_rebuild();
DROP FUNCTION IF EXISTS stats_row_delta_compact();
DROP FUNCTION IF EXISTS stats_row_delta_after_truncate();
DROP FUNCTION IF EXISTS stats_row_delta_after_delete();
DROP FUNCTION IF EXISTS stats_row_delta_after_insert();
DROP TABLE IF EXISTS stats_row_delta;
"""
)


class Migration(migrations.Migration):
    dependencies = [("rentals", "0001_rental_stats")]
    operations = [migrations.RunSQL(FORWARD, BACKWARD, elidable=False)]
