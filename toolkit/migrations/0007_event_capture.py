"""The live-event triggers capture what changed; Python shapes it (docs/toolkit.md "Live
events").

Until now the trigger built each event's wire `ids` and `payload` (names, nesting, null
stripping, stock 0 on delete) with jsonb_build_object. From here on it decides only what the
database alone can decide: WHICH changes are events, their `type`, their audience columns,
and what changed:

- `op`: created, updated or deleted (TG_OP);
- `data`: the changed row's columns an event needs, under their column names (NEW, or OLD on
  delete), plus what only the database knows at write time: a rental's `movie_id` (through
  its inventory row, which may change or go later), an import's `count`.

The serializers of toolkit/serializers.py ("Live events") shape `ids` and `payload` from
those, one per event type. The trigger names the columns it keeps instead of storing the
whole row: a customer row holds a password hash, an email and a phone number that have no
business in a second table, and a movie row its overview text, which every write would copy.

Existing rows are converted to the new columns (then `ids` and `payload` go): a client
resuming from any kept event id receives the same bytes as before. The conversion is a DO
block that does nothing where the table has no `ids` column: a world built from the current
models (reelfake/db/worlds.py build_world) runs this SQL too.
"""

import importlib

from django.db import migrations, models

# Backwards: the functions as 0004 and 0005 left them.
PREVIOUS = (
    importlib.import_module("toolkit.migrations.0004_event_triggers").FUNCTION
    + importlib.import_module("toolkit.migrations.0005_upload_events").IMPORTED
)

EMIT = """
CREATE OR REPLACE FUNCTION toolkit_event_emit() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
    r record;
    op text := CASE TG_OP WHEN 'INSERT' THEN 'created' WHEN 'UPDATE' THEN 'updated'
                          ELSE 'deleted' END;
    kind text;
    data jsonb;
    is_public boolean := false;
    wide boolean := false;
    cust integer;
    store integer;
    staff integer;
    new_id bigint;
BEGIN
    -- Bulk loads (the seed command) are not changes a frontend follows.
    IF current_setting('reelfake.events', true) = 'off' THEN RETURN NULL; END IF;
    IF TG_OP = 'DELETE' THEN r := OLD; ELSE r := NEW; END IF;
    -- PL/pgSQL compiles this function once per trigger, so each branch reads the columns of
    -- its own table only.
    IF TG_TABLE_NAME = 'movie' THEN
        kind := 'movie.' || op;
        data := jsonb_build_object('id', r.id, 'title', r.title);
        is_public := true;
    ELSIF TG_TABLE_NAME = 'actor' THEN
        kind := 'actor.' || op;
        data := jsonb_build_object('id', r.id, 'actor_name', r.actor_name);
        is_public := true;
    ELSIF TG_TABLE_NAME = 'inventory' THEN
        IF TG_OP = 'UPDATE' AND OLD.stock_count = NEW.stock_count THEN RETURN NULL; END IF;
        kind := 'stock.changed';
        store := r.store_id;
        data := jsonb_build_object(
            'movie_id', r.movie_id, 'store_id', r.store_id, 'stock_count', r.stock_count);
        is_public := true;
    ELSIF TG_TABLE_NAME = 'rental' THEN
        IF TG_OP = 'INSERT' THEN
            kind := 'rental.created';
        ELSIF TG_OP = 'UPDATE' AND OLD.return_date IS NULL AND NEW.return_date IS NOT NULL THEN
            kind := 'rental.returned';
        ELSE
            RETURN NULL;
        END IF;
        cust := r.customer_id;
        store := r.store_id;
        data := jsonb_build_object(
            'id', r.id, 'customer_id', r.customer_id, 'store_id', r.store_id,
            'inventory_id', r.inventory_id,
            'movie_id', (SELECT movie_id FROM inventory WHERE id = r.inventory_id),
            'rental_end_date', r.rental_end_date, 'return_date', r.return_date);
    ELSIF TG_TABLE_NAME = 'cart' THEN
        kind := 'cart.changed';
        cust := r.customer_id;
        data := jsonb_build_object(
            'customer_id', r.customer_id, 'movie_id', r.movie_id, 'quantity', r.quantity);
    ELSIF TG_TABLE_NAME = 'wishlist' THEN
        kind := 'wishlist.changed';
        cust := r.customer_id;
        data := jsonb_build_object('customer_id', r.customer_id, 'movie_id', r.movie_id);
    ELSIF TG_TABLE_NAME = 'customer' THEN
        IF TG_OP <> 'INSERT' THEN RETURN NULL; END IF;
        kind := 'customer.registered';
        store := r.preferred_store_id;
        wide := store IS NULL;
        data := jsonb_build_object('id', r.id, 'preferred_store_id', r.preferred_store_id);
    ELSIF TG_TABLE_NAME = 'upload_job' THEN
        IF NOT (TG_OP = 'UPDATE' AND OLD.status = 'pending' AND NEW.status <> 'pending') THEN
            RETURN NULL;
        END IF;
        kind := 'upload.finished';
        IF r.owner_role <> 'CUSTOMER' THEN staff := r.owner_id; END IF;
        data := jsonb_build_object(
            'id', r.id, 'kind', r.kind, 'status', r.status, 'total_rows', r.total_rows,
            'ok_count', r.ok_count, 'failed_count', r.failed_count);
    ELSE
        RETURN NULL;
    END IF;
    INSERT INTO toolkit_event
        (at, type, op, data, public, staff_wide, customer_id, store_id, staff_id)
    VALUES (now(), kind, op, data, is_public, wide, cust, store, staff)
    RETURNING id INTO new_id;
    -- Trimming on every row would make a bulk write quadratic (each DELETE walks the rows the
    -- previous ones deleted in the same transaction): every 1000th event only.
    IF new_id % 1000 = 0 THEN
        DELETE FROM toolkit_event WHERE id <= new_id - 1000;
    END IF;
    RETURN NULL;
END
$fn$;

CREATE OR REPLACE FUNCTION toolkit_event_movies_imported() RETURNS trigger
LANGUAGE plpgsql AS $fn$
DECLARE
    n integer;
BEGIN
    IF current_setting('reelfake.events', true) IS DISTINCT FROM 'upload' THEN
        RETURN NULL;
    END IF;
    SELECT count(*) INTO n FROM imported;
    IF n > 0 THEN
        INSERT INTO toolkit_event (at, type, op, data, public, staff_wide)
        VALUES (now(), 'movie.imported', 'created', jsonb_build_object('count', n), true, false);
    END IF;
    RETURN NULL;
END
$fn$;
"""

# The rows the previous functions wrote, in the new columns. A `stock.changed` delete was
# written as stock 0 (no op kept): as an update to 0 it serves the same bytes.
CONVERT = """
DO $convert$
BEGIN
    IF NOT EXISTS (SELECT FROM information_schema.columns
                   WHERE table_schema = current_schema() AND table_name = 'toolkit_event'
                     AND column_name = 'ids') THEN
        RETURN;
    END IF;
    UPDATE toolkit_event SET
        op = CASE
            WHEN type IN ('cart.changed', 'wishlist.changed') THEN payload->>'change'
            WHEN type IN ('stock.changed', 'rental.returned', 'upload.finished') THEN 'updated'
            WHEN type IN ('rental.created', 'customer.registered', 'movie.imported')
                THEN 'created'
            ELSE split_part(type, '.', 2) END,
        data = CASE
            WHEN type LIKE 'movie.%' AND type <> 'movie.imported' THEN
                jsonb_build_object('id', ids->'movie', 'title', payload->'title')
            WHEN type LIKE 'actor.%' THEN
                jsonb_build_object('id', ids->'actor', 'actor_name', payload->'name')
            WHEN type = 'stock.changed' THEN
                jsonb_build_object('movie_id', ids->'movie', 'store_id', ids->'store',
                                   'stock_count', payload->'stock')
            WHEN type LIKE 'rental.%' THEN
                jsonb_build_object(
                    'id', ids->'rental', 'customer_id', ids->'customer',
                    'store_id', ids->'store', 'inventory_id', ids->'inventory',
                    'movie_id', ids->'movie', 'rental_end_date', payload->'rentalEndDate',
                    'return_date', payload->'returnDate')
            WHEN type = 'cart.changed' THEN
                jsonb_build_object('customer_id', ids->'customer', 'movie_id', ids->'movie',
                                   'quantity', payload->'quantity')
            WHEN type = 'wishlist.changed' THEN
                jsonb_build_object('customer_id', ids->'customer', 'movie_id', ids->'movie')
            WHEN type = 'customer.registered' THEN
                jsonb_build_object('id', ids->'customer', 'preferred_store_id', ids->'store')
            WHEN type = 'upload.finished' THEN
                jsonb_build_object(
                    'id', ids->'job', 'kind', payload->'kind', 'status', payload->'status',
                    'total_rows', payload->'totalRows', 'ok_count', payload->'okCount',
                    'failed_count', payload->'failedCount')
            WHEN type = 'movie.imported' THEN
                jsonb_build_object('count', payload->'count')
            ELSE '{}'::jsonb END;
END
$convert$;
"""


class Migration(migrations.Migration):
    dependencies = [("toolkit", "0006_event_notify")]
    operations = [
        migrations.AddField(
            model_name="event",
            name="op",
            field=models.CharField(default="", max_length=8),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="event",
            name="data",
            field=models.JSONField(default=dict),
        ),
        # Backwards: the events of the new form are not converted back (the old columns
        # return empty): drop them.
        migrations.RunSQL(CONVERT, "DELETE FROM toolkit_event"),
        migrations.RemoveField(model_name="event", name="ids"),
        migrations.RemoveField(model_name="event", name="payload"),
        migrations.RunSQL(EMIT, PREVIOUS),
    ]
