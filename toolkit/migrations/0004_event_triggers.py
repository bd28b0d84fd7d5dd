"""Triggers that write toolkit_event rows (docs/toolkit.md "Live events"). The function
names the table unqualified, so a row goes to the events table of the world (schema) whose
search path made the change."""

from django.db import migrations

KEEP = 1000
TRIM_EVERY = 1000
TABLES = ["movie", "actor", "inventory", "rental", "cart", "wishlist", "customer", "upload_job"]

FUNCTION = f"""
CREATE OR REPLACE FUNCTION toolkit_event_emit() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
    r jsonb;
    old_r jsonb;
    op text := CASE TG_OP WHEN 'INSERT' THEN 'created' WHEN 'UPDATE' THEN 'updated'
                          ELSE 'deleted' END;
    kind text;
    ids jsonb;
    payload jsonb := '{{}}'::jsonb;
    is_public boolean := false;
    wide boolean := false;
    cust integer;
    store integer;
    staff integer;
    new_id bigint;
BEGIN
    -- Bulk loads (the seed command) are not changes a frontend follows.
    IF current_setting('reelfake.events', true) = 'off' THEN RETURN NULL; END IF;
    IF TG_OP = 'DELETE' THEN r := to_jsonb(OLD); ELSE r := to_jsonb(NEW); END IF;
    IF TG_OP = 'UPDATE' THEN old_r := to_jsonb(OLD); END IF;
    IF TG_TABLE_NAME = 'movie' THEN
        kind := 'movie.' || op;
        ids := jsonb_build_object('movie', r->'id');
        payload := jsonb_build_object('title', r->'title');
        is_public := true;
    ELSIF TG_TABLE_NAME = 'actor' THEN
        kind := 'actor.' || op;
        ids := jsonb_build_object('actor', r->'id');
        payload := jsonb_build_object('name', r->'actor_name');
        is_public := true;
    ELSIF TG_TABLE_NAME = 'inventory' THEN
        IF TG_OP = 'UPDATE' AND old_r->'stock_count' = r->'stock_count' THEN RETURN NULL; END IF;
        kind := 'stock.changed';
        store := (r->>'store_id')::integer;
        ids := jsonb_build_object('store', r->'store_id', 'movie', r->'movie_id');
        payload := jsonb_build_object(
            'stock', CASE WHEN TG_OP = 'DELETE' THEN to_jsonb(0) ELSE r->'stock_count' END);
        is_public := true;
    ELSIF TG_TABLE_NAME = 'rental' THEN
        IF TG_OP = 'INSERT' THEN
            kind := 'rental.created';
        ELSIF TG_OP = 'UPDATE' AND old_r->>'return_date' IS NULL
                AND r->>'return_date' IS NOT NULL THEN
            kind := 'rental.returned';
        ELSE
            RETURN NULL;
        END IF;
        cust := (r->>'customer_id')::integer;
        store := (r->>'store_id')::integer;
        ids := jsonb_build_object(
            'rental', r->'id', 'customer', r->'customer_id', 'store', r->'store_id',
            'inventory', r->'inventory_id',
            'movie', (SELECT movie_id FROM inventory WHERE id = (r->>'inventory_id')::integer));
        payload := jsonb_build_object(
            'rentalEndDate', r->'rental_end_date', 'returnDate', r->'return_date');
    ELSIF TG_TABLE_NAME IN ('cart', 'wishlist') THEN
        kind := TG_TABLE_NAME || '.changed';
        cust := (r->>'customer_id')::integer;
        ids := jsonb_build_object('customer', r->'customer_id', 'movie', r->'movie_id');
        payload := jsonb_build_object('change', op, 'quantity', r->'quantity');
    ELSIF TG_TABLE_NAME = 'customer' THEN
        IF TG_OP <> 'INSERT' THEN RETURN NULL; END IF;
        kind := 'customer.registered';
        store := (r->>'preferred_store_id')::integer;
        wide := store IS NULL;
        ids := jsonb_build_object('customer', r->'id', 'store', r->'preferred_store_id');
    ELSIF TG_TABLE_NAME = 'upload_job' THEN
        IF NOT (TG_OP = 'UPDATE' AND old_r->>'status' = 'pending'
                AND r->>'status' <> 'pending') THEN
            RETURN NULL;
        END IF;
        kind := 'upload.finished';
        IF r->>'owner_role' <> 'CUSTOMER' THEN staff := (r->>'owner_id')::integer; END IF;
        ids := jsonb_build_object('job', r->'id');
        payload := jsonb_build_object(
            'kind', r->'kind', 'status', r->'status', 'totalRows', r->'total_rows',
            'okCount', r->'ok_count', 'failedCount', r->'failed_count');
    ELSE
        RETURN NULL;
    END IF;
    INSERT INTO toolkit_event
        (at, type, ids, payload, public, staff_wide, customer_id, store_id, staff_id)
    VALUES (now(), kind, ids, jsonb_strip_nulls(payload), is_public, wide, cust, store, staff)
    RETURNING id INTO new_id;
    -- Trimming on every row would make a bulk write quadratic (each DELETE walks the rows the
    -- previous ones deleted in the same transaction): every TRIM_EVERY-th event only.
    IF new_id % {TRIM_EVERY} = 0 THEN
        DELETE FROM toolkit_event WHERE id <= new_id - {KEEP};
    END IF;
    RETURN NULL;
END
$fn$;
"""

TRIGGERS = "\n".join(
    f"DROP TRIGGER IF EXISTS toolkit_event ON {table};\n"
    f"CREATE TRIGGER toolkit_event AFTER INSERT OR UPDATE OR DELETE ON {table} "
    f"FOR EACH ROW EXECUTE FUNCTION toolkit_event_emit();"
    for table in TABLES
)
DROP = "\n".join(f"DROP TRIGGER IF EXISTS toolkit_event ON {table};" for table in TABLES)
DROP += "\nDROP FUNCTION IF EXISTS toolkit_event_emit();"


class Migration(migrations.Migration):
    dependencies = [
        ("toolkit", "0003_event"),
        ("reelfake_schema", "0001_squashed_0013_schema"),
        ("uploads", "0001_initial"),
    ]
    operations = [migrations.RunSQL(FUNCTION + TRIGGERS, DROP)]
