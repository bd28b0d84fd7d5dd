-- The reelfake schema, owned by this project.
--
-- The current schema of every table, index, constraint, function and trigger on these
-- tables, in one readable file. Applied by the migration
-- reelfake/db/migrations/0001_squashed_0013_schema.py to a database with no migration
-- history (an empty one, or an existing reelfake database), for the app and for the test
-- database alike; a change here comes with a new migration carrying its own SQL
-- (docs/testing.md "Schema and migrations"). Every statement is idempotent, so the same
-- file also runs against an existing reelfake database: it adds what is missing
-- (constraints, indexes, triggers) and leaves existing tables and rows alone.
--
-- No citext: the embedded server does not ship it. Case-insensitive matching goes through
-- the ORM (iexact / icontains / ILIKE), served by lower() and pg_trgm indexes.

-- pg_trgm where the server has it; everything else works without it.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm') THEN
        CREATE EXTENSION IF NOT EXISTS pg_trgm;
    END IF;
END $$;

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_type WHERE typname = 'rental_type') THEN
        CREATE TYPE rental_type AS ENUM ('in-store', 'online');
    END IF;
END $$;

CREATE OR REPLACE FUNCTION reelfake_set_updated_at() RETURNS trigger AS $$
BEGIN
    NEW.updated_at = now();
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

-- Reference data ---------------------------------------------------------------------------

CREATE TABLE IF NOT EXISTS genre (
    id serial PRIMARY KEY,
    genre_name varchar(25) NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS movie_language (
    id serial PRIMARY KEY,
    language_name varchar(60) NOT NULL,
    iso_language_code varchar(2) NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS country (
    id serial PRIMARY KEY,
    country_name varchar(60) NOT NULL,
    iso_country_code varchar(2) NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS city (
    id serial PRIMARY KEY,
    city_name varchar(60) NOT NULL,
    state_name varchar(60) NOT NULL,
    country_id integer NOT NULL REFERENCES country (id) ON DELETE RESTRICT,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS address (
    id serial PRIMARY KEY,
    address_line varchar(120) NOT NULL,
    city_id integer NOT NULL REFERENCES city (id) ON DELETE RESTRICT,
    postal_code varchar(10),
    in_use_by varchar(10) CHECK (in_use_by IN ('customer', 'staff', 'store')),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- Catalog -----------------------------------------------------------------------------------

CREATE TABLE IF NOT EXISTS movie (
    id serial PRIMARY KEY,
    tmdb_id bigint NOT NULL UNIQUE,
    imdb_id varchar(60) UNIQUE,
    title varchar(255) NOT NULL,
    original_title varchar(255) NOT NULL,
    overview text,
    runtime integer NOT NULL DEFAULT 0,
    release_date date NOT NULL,
    genre_ids integer[],
    origin_country_ids integer[] NOT NULL DEFAULT '{}',
    language_id integer NOT NULL REFERENCES movie_language (id) ON DELETE RESTRICT,
    movie_status varchar(20) NOT NULL,
    popularity double precision NOT NULL DEFAULT 0,
    budget bigint NOT NULL DEFAULT 0,
    revenue bigint NOT NULL DEFAULT 0,
    rating_average numeric(4, 2) NOT NULL DEFAULT 0 CHECK (rating_average BETWEEN 0 AND 10),
    rating_count integer NOT NULL DEFAULT 0,
    poster_url varchar(255),
    rental_rate numeric(4, 2) NOT NULL DEFAULT 20.00,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS actor (
    id serial PRIMARY KEY,
    tmdb_id bigint NOT NULL UNIQUE,
    imdb_id varchar(60) UNIQUE,
    actor_name varchar(255) NOT NULL,
    biography text,
    birthday date,
    deathday date,
    place_of_birth varchar(255),
    popularity double precision NOT NULL DEFAULT 0,
    profile_picture_url varchar(255),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS movie_actor (
    id serial PRIMARY KEY,
    movie_id integer NOT NULL REFERENCES movie (id) ON DELETE CASCADE,
    actor_id integer NOT NULL REFERENCES actor (id) ON DELETE CASCADE,
    character_name varchar(255),
    cast_order integer NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- Stores and people -------------------------------------------------------------------------

CREATE TABLE IF NOT EXISTS store (
    id serial PRIMARY KEY,
    store_manager_id integer,
    address_id integer NOT NULL REFERENCES address (id) ON DELETE RESTRICT,
    phone_number varchar(20) NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS staff (
    id serial PRIMARY KEY,
    first_name varchar(45) NOT NULL,
    last_name varchar(45) NOT NULL,
    email varchar(100),
    address_id integer REFERENCES address (id) ON DELETE RESTRICT,
    store_id integer REFERENCES store (id) ON DELETE SET NULL,
    active boolean NOT NULL DEFAULT true,
    phone_number varchar(20) NOT NULL,
    avatar varchar(120),
    user_password varchar(255),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- store <-> staff reference each other: the manager link is added once both tables exist.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'store_store_manager_id_fkey') THEN
        ALTER TABLE store ADD CONSTRAINT store_store_manager_id_fkey
            FOREIGN KEY (store_manager_id) REFERENCES staff (id) ON DELETE SET NULL;
    END IF;
END $$;

CREATE TABLE IF NOT EXISTS customer (
    id serial PRIMARY KEY,
    first_name varchar(45) NOT NULL,
    last_name varchar(45) NOT NULL,
    email varchar(100) NOT NULL,
    address_id integer REFERENCES address (id) ON DELETE RESTRICT,
    preferred_store_id integer REFERENCES store (id) ON DELETE RESTRICT,
    active boolean NOT NULL DEFAULT true,
    phone_number varchar(20),
    avatar varchar(120),
    registered_on date NOT NULL DEFAULT current_date,
    user_password varchar(255),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS inventory (
    id serial PRIMARY KEY,
    movie_id integer NOT NULL REFERENCES movie (id) ON DELETE CASCADE,
    store_id integer NOT NULL REFERENCES store (id) ON DELETE CASCADE,
    stock_count integer NOT NULL DEFAULT 0 CHECK (stock_count >= 0),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- Rentals, cart, wishlist -------------------------------------------------------------------

CREATE TABLE IF NOT EXISTS rental (
    id serial PRIMARY KEY,
    inventory_id integer NOT NULL REFERENCES inventory (id) ON DELETE RESTRICT,
    customer_id integer NOT NULL REFERENCES customer (id) ON DELETE RESTRICT,
    staff_id integer REFERENCES staff (id) ON DELETE RESTRICT,
    rental_start_date timestamptz NOT NULL,
    rental_end_date timestamptz NOT NULL,
    return_date timestamptz,
    -- whole days between start and end; timestamptz - timestamptz is immutable, ::date is not
    rental_duration integer GENERATED ALWAYS AS
        (extract(day FROM (rental_end_date - rental_start_date))::integer) STORED,
    delayed_by_days integer,
    amount_paid numeric(5, 2) NOT NULL,
    discount_amount numeric(5, 2) NOT NULL DEFAULT 0,
    payment_date timestamptz NOT NULL,
    rental_type rental_type NOT NULL DEFAULT 'in-store',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK (rental_end_date >= rental_start_date)
);

CREATE TABLE IF NOT EXISTS cart (
    id serial PRIMARY KEY,
    customer_id integer NOT NULL REFERENCES customer (id) ON DELETE RESTRICT,
    movie_id integer NOT NULL REFERENCES movie (id) ON DELETE RESTRICT,
    quantity integer NOT NULL DEFAULT 1 CHECK (quantity >= 1),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS wishlist (
    id serial PRIMARY KEY,
    customer_id integer NOT NULL REFERENCES customer (id) ON DELETE RESTRICT,
    movie_id integer NOT NULL REFERENCES movie (id) ON DELETE RESTRICT,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- updated_at triggers -----------------------------------------------------------------------

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['genre', 'movie_language', 'country', 'city', 'address', 'movie',
                             'actor', 'movie_actor', 'store', 'staff', 'customer', 'inventory',
                             'rental', 'cart', 'wishlist'] LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_trigger
                       WHERE tgname = t || '_set_updated_at' AND tgrelid = t::regclass) THEN
            EXECUTE format('CREATE TRIGGER %I BEFORE UPDATE ON %I FOR EACH ROW '
                           'EXECUTE FUNCTION reelfake_set_updated_at()', t || '_set_updated_at', t);
        END IF;
    END LOOP;
END $$;

-- Uniqueness the contract's weaknesses call for (P12), enforced by the database ------------

CREATE UNIQUE INDEX IF NOT EXISTS customer_email_lower_key ON customer (lower(email));
CREATE UNIQUE INDEX IF NOT EXISTS customer_phone_number_key ON customer (phone_number);
CREATE UNIQUE INDEX IF NOT EXISTS staff_email_lower_key ON staff (lower(email));
CREATE UNIQUE INDEX IF NOT EXISTS staff_phone_number_key ON staff (phone_number);
CREATE UNIQUE INDEX IF NOT EXISTS store_phone_number_key ON store (phone_number);
CREATE UNIQUE INDEX IF NOT EXISTS store_address_id_key ON store (address_id);
CREATE UNIQUE INDEX IF NOT EXISTS store_store_manager_id_key ON store (store_manager_id);
CREATE UNIQUE INDEX IF NOT EXISTS inventory_movie_store_key ON inventory (movie_id, store_id);
CREATE UNIQUE INDEX IF NOT EXISTS cart_customer_movie_key ON cart (customer_id, movie_id);
CREATE UNIQUE INDEX IF NOT EXISTS wishlist_customer_movie_key ON wishlist (customer_id, movie_id);
CREATE UNIQUE INDEX IF NOT EXISTS movie_actor_movie_actor_key ON movie_actor (movie_id, actor_id);
CREATE UNIQUE INDEX IF NOT EXISTS city_name_state_country_key
    ON city (lower(city_name), lower(state_name), country_id);

-- Indexes for the filters and joins the routes use ------------------------------------------

CREATE INDEX IF NOT EXISTS city_country_id_idx ON city (country_id);
CREATE INDEX IF NOT EXISTS city_lower_city_name_idx ON city (lower(city_name));
CREATE INDEX IF NOT EXISTS city_lower_state_name_idx ON city (lower(state_name));
CREATE INDEX IF NOT EXISTS address_city_id_idx ON address (city_id);
CREATE INDEX IF NOT EXISTS movie_genre_ids_gin_idx ON movie USING gin (genre_ids);
CREATE INDEX IF NOT EXISTS movie_origin_country_ids_gin_idx ON movie USING gin (origin_country_ids);
CREATE INDEX IF NOT EXISTS movie_language_id_idx ON movie (language_id);
-- release_date with the other filter columns: date-range counts and pages are index-only.
CREATE INDEX IF NOT EXISTS movie_release_date_covering_idx
    ON movie (release_date) INCLUDE (genre_ids, origin_country_ids, language_id, rating_average);
DROP INDEX IF EXISTS movie_release_date_idx;
CREATE INDEX IF NOT EXISTS movie_rating_average_idx ON movie (rating_average);
CREATE INDEX IF NOT EXISTS movie_lower_title_idx ON movie (lower(title));
-- sort= on the lists (an incremental sort finishes the id tie-break). No plain b-tree on
-- title or actor_name: the planner would scan it for ILIKE '%x%' instead of the trigram index.
-- An existing reelfake database has one on actor_name (reelfake's idx_actor_name): its
-- index-only scan made /api/actors?name=%ann% read all 200,000 names (docs/performance.md
-- "An existing reelfake database (PostgreSQL 15, citext)"). Its idx_movie_title stays: for
-- title patterns it is as fast as the trigram index or faster.
DROP INDEX IF EXISTS idx_actor_name;
CREATE INDEX IF NOT EXISTS movie_popularity_idx ON movie (popularity);
CREATE INDEX IF NOT EXISTS movie_rating_count_idx ON movie (rating_count);
CREATE INDEX IF NOT EXISTS movie_runtime_idx ON movie (runtime);
CREATE INDEX IF NOT EXISTS actor_popularity_idx ON actor (popularity);
-- q= on overviews: full-text (movies/selectors.py uses exactly this expression).
CREATE INDEX IF NOT EXISTS movie_overview_fts_idx
    ON movie USING gin (to_tsvector('english', coalesce(overview, '')));
CREATE INDEX IF NOT EXISTS actor_lower_actor_name_idx ON actor (lower(actor_name));
CREATE INDEX IF NOT EXISTS actor_birthday_idx ON actor (birthday);
CREATE INDEX IF NOT EXISTS movie_actor_actor_id_idx ON movie_actor (actor_id);
CREATE INDEX IF NOT EXISTS staff_store_id_idx ON staff (store_id);
CREATE INDEX IF NOT EXISTS staff_address_id_idx ON staff (address_id);
CREATE INDEX IF NOT EXISTS customer_address_id_idx ON customer (address_id);
CREATE INDEX IF NOT EXISTS customer_preferred_store_id_idx ON customer (preferred_store_id);
CREATE INDEX IF NOT EXISTS inventory_store_id_idx ON inventory (store_id);
-- GET /stores/{id}/movies counts and pages a store's in-stock rows by id: an index-only scan
-- in id order, no sort and no table access (created by the stores app's 0001 migration until
-- it moved here).
CREATE INDEX IF NOT EXISTS inventory_store_in_stock_idx
    ON inventory (store_id, id) INCLUDE (movie_id, stock_count) WHERE stock_count > 0;
-- (inventory_id, id): a store's rentals in id order come from its inventory rows without
-- touching the rental table (GET /rentals/my_store?page=n); it replaced (inventory_id).
CREATE INDEX IF NOT EXISTS rental_inventory_id_id_idx ON rental (inventory_id, id);
DROP INDEX IF EXISTS rental_inventory_id_idx;
CREATE INDEX IF NOT EXISTS rental_customer_id_idx ON rental (customer_id);
CREATE INDEX IF NOT EXISTS rental_payment_date_idx ON rental (payment_date);
CREATE INDEX IF NOT EXISTS cart_movie_id_idx ON cart (movie_id);
CREATE INDEX IF NOT EXISTS wishlist_movie_id_idx ON wishlist (movie_id);

-- A rental's store, copied from its inventory row: a store's rentals (GET /rentals/my_store,
-- GET /rentals) are then one range of the (store_id, id) index instead of a join that walks
-- every rental. The composite key keeps the copy right: (inventory_id, store_id) must be an
-- inventory row, and moving an inventory row to another store carries its rentals along.
-- The column is left NULL only when the inventory row is missing, which
-- rental_inventory_id_fkey then rejects under its own name. Writers leave it out: the
-- triggers fill it in (the seed writes it itself, to skip a million lookups).
CREATE UNIQUE INDEX IF NOT EXISTS inventory_id_store_id_key ON inventory (id, store_id);
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM information_schema.columns
                   WHERE table_schema = current_schema() AND table_name = 'rental'
                     AND column_name = 'store_id') THEN
        ALTER TABLE rental ADD COLUMN store_id integer;
        UPDATE rental SET store_id = inventory.store_id
            FROM inventory WHERE inventory.id = rental.inventory_id;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_constraint
                   WHERE conname = 'rental_inventory_store_fkey'
                     AND conrelid = 'rental'::regclass) THEN
        ALTER TABLE rental ADD CONSTRAINT rental_inventory_store_fkey
            FOREIGN KEY (inventory_id, store_id) REFERENCES inventory (id, store_id)
            ON UPDATE CASCADE;
    END IF;
END $$;

CREATE OR REPLACE FUNCTION reelfake_rental_store_id() RETURNS trigger AS $$
BEGIN
    NEW.store_id := (SELECT store_id FROM inventory WHERE id = NEW.inventory_id);
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS rental_store_id_on_insert ON rental;
CREATE TRIGGER rental_store_id_on_insert BEFORE INSERT ON rental FOR EACH ROW
    WHEN (NEW.store_id IS NULL) EXECUTE FUNCTION reelfake_rental_store_id();
DROP TRIGGER IF EXISTS rental_store_id_on_update ON rental;
-- Also when an update writes NULL: a Django instance saved again after its INSERT still
-- holds None, as the database filled the column in.
CREATE TRIGGER rental_store_id_on_update BEFORE UPDATE ON rental FOR EACH ROW
    WHEN (NEW.inventory_id IS DISTINCT FROM OLD.inventory_id OR NEW.store_id IS NULL)
    EXECUTE FUNCTION reelfake_rental_store_id();

CREATE INDEX IF NOT EXISTS rental_store_id_id_idx ON rental (store_id, id);
-- The admin's rental list and dashboard (docs/admin.md "Speed"): rentals newest first and a
-- date range of them (the page's ids index-only), and the open ones (a few percent of the
-- rows) by store and due date, without a scan of all.
CREATE INDEX IF NOT EXISTS rental_rental_start_date_id_idx ON rental (rental_start_date, id);
-- The same within one store (a manager's list), and who rents at a store (their customers).
CREATE INDEX IF NOT EXISTS rental_store_id_start_date_id_idx
    ON rental (store_id, rental_start_date, id);
CREATE INDEX IF NOT EXISTS rental_store_id_customer_id_idx ON rental (store_id, customer_id);
CREATE INDEX IF NOT EXISTS rental_open_store_id_end_idx ON rental (store_id, rental_end_date)
    WHERE return_date IS NULL;
-- (staff_id, store_id, id): GET /rentals for staff (what they processed at their store), its
-- count index-only and its pages in id order; it replaced (staff_id).
CREATE INDEX IF NOT EXISTS rental_staff_id_store_id_id_idx ON rental (staff_id, store_id, id);
DROP INDEX IF EXISTS rental_staff_id_idx;
-- A staff member works at one store: without this the planner multiplies the two
-- selectivities and expects 50 rows where there are thousands.
CREATE STATISTICS IF NOT EXISTS rental_staff_id_store_id_stats (dependencies)
    ON staff_id, store_id FROM rental;

-- Stats summaries (docs/stores.md "Stats: how they stay fast and current") -----------------
-- Row counts behind GET /api/stats and the paginator (reelfake/db/row_counts.py):
-- statement-level triggers (transition tables, so a COPY is one statement) append each
-- INSERT's or DELETE's row delta to `stats_row_delta`; readers sum the few rows there.

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

-- Recount every table (when stats_row_delta is empty, below; also manage.py
-- rental_stats_rebuild).
CREATE OR REPLACE FUNCTION stats_row_delta_rebuild() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    t text;
    n bigint;
BEGIN
    FOREACH t IN ARRAY ARRAY['movie', 'actor', 'customer', 'staff', 'store'] LOOP
        EXECUTE format('LOCK TABLE %I IN SHARE MODE', t);
        EXECUTE format('SELECT count(*) FROM %I', t) INTO n;
        DELETE FROM stats_row_delta WHERE table_name = t;
        INSERT INTO stats_row_delta (table_name, delta) VALUES (t, n);
    END LOOP;
END;
$$;

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['movie', 'actor', 'customer', 'staff', 'store'] LOOP
        EXECUTE format('DROP TRIGGER IF EXISTS stats_row_delta_after_insert ON %I', t);
        EXECUTE format('CREATE TRIGGER stats_row_delta_after_insert AFTER INSERT ON %I '
                       'REFERENCING NEW TABLE AS new_rows '
                       'FOR EACH STATEMENT EXECUTE FUNCTION stats_row_delta_after_insert()', t);
        EXECUTE format('DROP TRIGGER IF EXISTS stats_row_delta_after_delete ON %I', t);
        EXECUTE format('CREATE TRIGGER stats_row_delta_after_delete AFTER DELETE ON %I '
                       'REFERENCING OLD TABLE AS old_rows '
                       'FOR EACH STATEMENT EXECUTE FUNCTION stats_row_delta_after_delete()', t);
        EXECUTE format('DROP TRIGGER IF EXISTS stats_row_delta_after_truncate ON %I', t);
        EXECUTE format('CREATE TRIGGER stats_row_delta_after_truncate AFTER TRUNCATE ON %I '
                       'FOR EACH STATEMENT EXECUTE FUNCTION stats_row_delta_after_truncate()', t);
    END LOOP;
END $$;

-- Counted once, when there is nothing to sum yet: a new database, or an existing reelfake
-- database seeing this file for the first time. (Writes keep the deltas from then on.)
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM stats_row_delta) THEN
        PERFORM stats_row_delta_rebuild();
    END IF;
END $$;

-- The stats routes' summaries (rentals/stats.py): rentals per movie, rentals and revenue per
-- store and per payment month (UTC), kept current by statement-level triggers on `rental`
-- (each statement's change, aggregated once, upserted in key order so that concurrent writers
-- lock summary rows in one order; keys whose change nets to zero are skipped), a row trigger
-- on `inventory` (a row that changes movie or store takes its rentals' counts along) and
-- TRUNCATE. Exact as soon as the writing transaction commits, whoever writes.
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

-- One function for INSERT, UPDATE and DELETE: the statement's change is read from its
-- transition tables into arrays (a rental added counts +1 and its amount, a rental removed -1
-- and minus its amount; an UPDATE is both), joined to inventory once and applied to the three
-- summaries in one statement.
CREATE OR REPLACE FUNCTION rental_stats_after_write() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    inventory_ids integer[];
    payment_dates timestamptz[];
    ns integer[];
    amounts numeric[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(inventory_id), array_agg(payment_date), array_agg(1),
               array_agg(amount_paid)
        INTO inventory_ids, payment_dates, ns, amounts FROM new_rows;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(inventory_id), array_agg(payment_date), array_agg(-1),
               array_agg(-amount_paid)
        INTO inventory_ids, payment_dates, ns, amounts FROM old_rows;
    ELSE
        SELECT array_agg(inventory_id), array_agg(payment_date), array_agg(n), array_agg(amount)
        INTO inventory_ids, payment_dates, ns, amounts
        FROM (SELECT inventory_id, payment_date, 1 AS n, amount_paid AS amount FROM new_rows
              UNION ALL
              SELECT inventory_id, payment_date, -1, -amount_paid FROM old_rows) r;
    END IF;
    IF inventory_ids IS NULL THEN
        RETURN NULL;
    END IF;

    WITH d AS MATERIALIZED (
        SELECT i.movie_id, i.store_id,
               date_trunc('month', r.payment_date AT TIME ZONE 'UTC')::date AS month,
               r.n, r.amount
        FROM unnest(inventory_ids, payment_dates, ns, amounts)
             AS r (inventory_id, payment_date, n, amount)
        JOIN inventory i ON i.id = r.inventory_id),
    movies AS (
        INSERT INTO rental_stats_movie AS s (movie_id, total_rentals)
        SELECT movie_id, sum(n) FROM d GROUP BY movie_id HAVING sum(n) <> 0 ORDER BY movie_id
        ON CONFLICT (movie_id)
            DO UPDATE SET total_rentals = s.total_rentals + EXCLUDED.total_rentals),
    stores AS (
        INSERT INTO rental_stats_store AS s (store_id, total_rentals, revenue)
        SELECT store_id, sum(n), sum(amount) FROM d
        GROUP BY store_id HAVING sum(n) <> 0 OR sum(amount) <> 0 ORDER BY store_id
        ON CONFLICT (store_id)
            DO UPDATE SET total_rentals = s.total_rentals + EXCLUDED.total_rentals,
                          revenue = s.revenue + EXCLUDED.revenue)
    INSERT INTO rental_stats_month AS s (month, total_rentals, revenue)
    SELECT month, sum(n), sum(amount) FROM d
    GROUP BY month HAVING sum(n) <> 0 OR sum(amount) <> 0 ORDER BY month
    ON CONFLICT (month) DO UPDATE SET total_rentals = s.total_rentals + EXCLUDED.total_rentals,
                                      revenue = s.revenue + EXCLUDED.revenue;

    IF TG_OP <> 'INSERT' THEN
        DELETE FROM rental_stats_movie WHERE total_rentals <= 0;
        DELETE FROM rental_stats_store WHERE total_rentals <= 0;
        DELETE FROM rental_stats_month WHERE total_rentals <= 0;
    END IF;
    RETURN NULL;
END;
$$;

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

-- Recount everything from `rental` (when the summaries are missing, below; also
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
    FOR EACH STATEMENT EXECUTE FUNCTION rental_stats_after_write();
DROP TRIGGER IF EXISTS rental_stats_after_update ON rental;
CREATE TRIGGER rental_stats_after_update AFTER UPDATE ON rental
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION rental_stats_after_write();
DROP TRIGGER IF EXISTS rental_stats_after_delete ON rental;
CREATE TRIGGER rental_stats_after_delete AFTER DELETE ON rental
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION rental_stats_after_write();
-- The per-operation functions of earlier releases.
DROP FUNCTION IF EXISTS rental_stats_after_insert();
DROP FUNCTION IF EXISTS rental_stats_after_update();
DROP FUNCTION IF EXISTS rental_stats_after_delete();
DROP TRIGGER IF EXISTS rental_stats_after_truncate ON rental;
CREATE TRIGGER rental_stats_after_truncate AFTER TRUNCATE ON rental
    FOR EACH STATEMENT EXECUTE FUNCTION rental_stats_after_truncate();
DROP TRIGGER IF EXISTS rental_stats_inventory_moved ON inventory;
CREATE TRIGGER rental_stats_inventory_moved AFTER UPDATE OF movie_id, store_id ON inventory
    FOR EACH ROW
    WHEN (OLD.movie_id IS DISTINCT FROM NEW.movie_id OR OLD.store_id IS DISTINCT FROM NEW.store_id)
    EXECUTE FUNCTION rental_stats_inventory_moved();

-- Counted once, when rentals exist but no summary does: an existing reelfake database seeing
-- this file for the first time. (Any rental has its month row: the triggers keep them.)
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM rental) AND NOT EXISTS (SELECT 1 FROM rental_stats_month) THEN
        PERFORM rental_stats_rebuild();
    END IF;
END $$;

-- Trigram indexes for ILIKE patterns and search, where pg_trgm is installed.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
        CREATE INDEX IF NOT EXISTS movie_title_trgm_idx ON movie USING gin (title gin_trgm_ops);
        CREATE INDEX IF NOT EXISTS movie_original_title_trgm_idx
            ON movie USING gin (original_title gin_trgm_ops);
        CREATE INDEX IF NOT EXISTS actor_actor_name_trgm_idx
            ON actor USING gin (actor_name gin_trgm_ops);
        CREATE INDEX IF NOT EXISTS customer_first_name_trgm_idx
            ON customer USING gin (first_name gin_trgm_ops);
        CREATE INDEX IF NOT EXISTS customer_last_name_trgm_idx
            ON customer USING gin (last_name gin_trgm_ops);
    END IF;
END $$;

-- A session generation per account (docs/security.md "Sessions and tokens"): tokens carry the
-- value they were issued under; logout, a password change and a password reset add one, so
-- every older access and refresh token of the account is refused.
ALTER TABLE customer ADD COLUMN IF NOT EXISTS session_version integer NOT NULL DEFAULT 0;
ALTER TABLE staff ADD COLUMN IF NOT EXISTS session_version integer NOT NULL DEFAULT 0;

-- Reference lists cached in memory (reelfake/reference.py, docs/performance.md "Reference
-- lists"): any write to these tables tells every server process, on commit, to drop its
-- copies. Statement-level, so a seed's bulk insert sends one notification.
CREATE OR REPLACE FUNCTION reelfake_reference_changed() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify('reelfake_reference', TG_TABLE_SCHEMA);
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['genre', 'movie_language', 'country', 'city'] LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_trigger
                       WHERE tgname = t || '_reference_changed' AND tgrelid = t::regclass) THEN
            EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I '
                           'FOR EACH STATEMENT EXECUTE FUNCTION reelfake_reference_changed()',
                           t || '_reference_changed', t);
        END IF;
    END LOOP;
END $$;

-- Search totals kept in memory (reelfake/kept_counts.py, docs/performance.md "Kept search
-- totals"): any write to actor tells every server process, on commit, to drop the totals
-- it keeps. Statement-level, so a bulk insert sends one notification.
CREATE OR REPLACE FUNCTION reelfake_counted_table_changed() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify('reelfake_counted_table', TG_TABLE_SCHEMA);
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_trigger
                   WHERE tgname = 'actor_counted_table_changed' AND tgrelid = 'actor'::regclass) THEN
        CREATE TRIGGER actor_counted_table_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
            ON actor FOR EACH STATEMENT EXECUTE FUNCTION reelfake_counted_table_changed();
    END IF;
END $$;

-- Customer list pages kept in memory (reelfake/kept_pages.py, docs/performance.md "Kept
-- customer pages"): a committed write that can change what the customer lists show tells
-- every server process to drop that world's kept pages. UPDATE only of the columns the lists
-- show: a logout or a password change (session_version, user_password) keeps them.
-- Statement-level, so a bulk write sends one notification.
CREATE OR REPLACE FUNCTION reelfake_kept_pages_changed() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify('reelfake_kept_pages', TG_TABLE_SCHEMA);
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

-- Movie details kept in memory (reelfake/kept_pages.py kept_item(), docs/performance.md "Kept
-- movie details"): a committed write that can change what GET /api/movies/{id} shows (the
-- movie's columns, its cast rows, a cast actor's id, name or picture) drops that world's kept
-- answers, on the same channel as the customer pages. No INSERT on movie or actor: a new row
-- is in no kept detail (a 404 is never kept). Genre, language and country names come by the
-- reference lists' channel, which drops them too.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_trigger
                   WHERE tgname = 'movie_kept_pages_changed' AND tgrelid = 'movie'::regclass) THEN
        CREATE TRIGGER movie_kept_pages_changed AFTER DELETE OR TRUNCATE
            ON movie FOR EACH STATEMENT EXECUTE FUNCTION reelfake_kept_pages_changed();
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_trigger
                   WHERE tgname = 'movie_kept_pages_updated' AND tgrelid = 'movie'::regclass) THEN
        CREATE TRIGGER movie_kept_pages_updated
            AFTER UPDATE OF id, title, original_title, overview, runtime, release_date,
                genre_ids, origin_country_ids, language_id, movie_status, popularity, budget,
                revenue, rating_average, rating_count, poster_url, rental_rate
            ON movie FOR EACH STATEMENT EXECUTE FUNCTION reelfake_kept_pages_changed();
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_trigger
                   WHERE tgname = 'movie_actor_kept_pages_changed'
                     AND tgrelid = 'movie_actor'::regclass) THEN
        CREATE TRIGGER movie_actor_kept_pages_changed
            AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
            ON movie_actor FOR EACH STATEMENT EXECUTE FUNCTION reelfake_kept_pages_changed();
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_trigger
                   WHERE tgname = 'actor_kept_pages_changed' AND tgrelid = 'actor'::regclass) THEN
        CREATE TRIGGER actor_kept_pages_changed AFTER DELETE OR TRUNCATE
            ON actor FOR EACH STATEMENT EXECUTE FUNCTION reelfake_kept_pages_changed();
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_trigger
                   WHERE tgname = 'actor_kept_pages_updated' AND tgrelid = 'actor'::regclass) THEN
        CREATE TRIGGER actor_kept_pages_updated
            AFTER UPDATE OF id, actor_name, profile_picture_url
            ON actor FOR EACH STATEMENT EXECUTE FUNCTION reelfake_kept_pages_changed();
    END IF;
END $$;

-- Movie list pages kept in memory (movies/views.py, docs/performance.md "Kept movie pages"):
-- an unfiltered page shows the movies' summary columns (the UPDATE trigger above covers them)
-- and the list's total, so a new movie drops that world's kept answers too. Genre, language
-- and country names come by the reference lists' channel.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_trigger
                   WHERE tgname = 'movie_kept_pages_inserted' AND tgrelid = 'movie'::regclass) THEN
        CREATE TRIGGER movie_kept_pages_inserted AFTER INSERT
            ON movie FOR EACH STATEMENT EXECUTE FUNCTION reelfake_kept_pages_changed();
    END IF;
END $$;

-- Address lists by city or state kept in memory (places/kept.py, docs/performance.md "Kept
-- address lists"): any write to address tells every server process, on commit, to drop that
-- world's kept lists. Statement-level, so a bulk insert sends one notification.
CREATE OR REPLACE FUNCTION reelfake_address_changed() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify('reelfake_address', TG_TABLE_SCHEMA);
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_trigger
                   WHERE tgname = 'customer_kept_pages_changed'
                     AND tgrelid = 'customer'::regclass) THEN
        CREATE TRIGGER customer_kept_pages_changed AFTER INSERT OR DELETE OR TRUNCATE
            ON customer FOR EACH STATEMENT EXECUTE FUNCTION reelfake_kept_pages_changed();
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_trigger
                   WHERE tgname = 'customer_kept_pages_updated'
                     AND tgrelid = 'customer'::regclass) THEN
        CREATE TRIGGER customer_kept_pages_updated
            AFTER UPDATE OF id, first_name, last_name, email, active, address_id,
                preferred_store_id, phone_number, avatar, registered_on
            ON customer FOR EACH STATEMENT EXECUTE FUNCTION reelfake_kept_pages_changed();
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_trigger
                   WHERE tgname = 'address_kept_pages_changed'
                     AND tgrelid = 'address'::regclass) THEN
        CREATE TRIGGER address_kept_pages_changed AFTER UPDATE OR DELETE OR TRUNCATE
            ON address FOR EACH STATEMENT EXECUTE FUNCTION reelfake_kept_pages_changed();
    END IF;
END $$;

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_trigger
                   WHERE tgname = 'address_changed' AND tgrelid = 'address'::regclass) THEN
        CREATE TRIGGER address_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
            ON address FOR EACH STATEMENT EXECUTE FUNCTION reelfake_address_changed();
    END IF;
END $$;
