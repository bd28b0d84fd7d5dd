"""A CSV upload writes no event per imported movie (thousands for a big file) but one
`movie.imported` per batch of rows it commits, with how many movies it created
(docs/toolkit.md "Live events"). The upload marks its inserts with the transaction-local
setting `reelfake.events = 'upload'` (uploads/services.py movies_insert); the row trigger
skips movie rows so marked, a statement trigger counts them."""

from django.db import migrations

IMPORTED = """
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
        INSERT INTO toolkit_event (at, type, ids, payload, public, staff_wide)
        VALUES (now(), 'movie.imported', '{}'::jsonb, jsonb_build_object('count', n),
                true, false);
    END IF;
    RETURN NULL;
END
$fn$;
DROP TRIGGER IF EXISTS toolkit_event ON movie;
CREATE TRIGGER toolkit_event AFTER INSERT OR UPDATE OR DELETE ON movie FOR EACH ROW
    WHEN (current_setting('reelfake.events', true) IS DISTINCT FROM 'upload')
    EXECUTE FUNCTION toolkit_event_emit();
DROP TRIGGER IF EXISTS toolkit_event_imported ON movie;
CREATE TRIGGER toolkit_event_imported AFTER INSERT ON movie REFERENCING NEW TABLE AS imported
    FOR EACH STATEMENT EXECUTE FUNCTION toolkit_event_movies_imported();
"""

BACK = """
DROP TRIGGER IF EXISTS toolkit_event_imported ON movie;
DROP FUNCTION IF EXISTS toolkit_event_movies_imported();
DROP TRIGGER IF EXISTS toolkit_event ON movie;
CREATE TRIGGER toolkit_event AFTER INSERT OR UPDATE OR DELETE ON movie
    FOR EACH ROW EXECUTE FUNCTION toolkit_event_emit();
"""


class Migration(migrations.Migration):
    dependencies = [("toolkit", "0004_event_triggers")]
    operations = [migrations.RunSQL(IMPORTED, BACK)]
