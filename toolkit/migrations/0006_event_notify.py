"""NOTIFY reelfake_events with the world's schema after each statement that writes events,
so that the streams of that world wake at once instead of polling (toolkit/wakeups.py,
docs/toolkit.md "Live events"). PostgreSQL delivers it at commit and folds the identical
notifications of one transaction into one."""

from django.db import migrations

NOTIFY = """
CREATE OR REPLACE FUNCTION toolkit_event_notify() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    PERFORM pg_notify('reelfake_events', TG_TABLE_SCHEMA);
    RETURN NULL;
END
$fn$;
DROP TRIGGER IF EXISTS toolkit_event_notify ON toolkit_event;
CREATE TRIGGER toolkit_event_notify AFTER INSERT ON toolkit_event
    FOR EACH STATEMENT EXECUTE FUNCTION toolkit_event_notify();
"""

BACK = """
DROP TRIGGER IF EXISTS toolkit_event_notify ON toolkit_event;
DROP FUNCTION IF EXISTS toolkit_event_notify();
"""


class Migration(migrations.Migration):
    dependencies = [("toolkit", "0005_upload_events")]
    operations = [migrations.RunSQL(NOTIFY, BACK)]
