from django.core.management.base import BaseCommand
from django.db import connection, transaction


class Command(BaseCommand):
    help = (
        "Recount the stats summary tables (rentals per movie, store and month; row counts of "
        "movies, actors, customers, staff and stores) from the data. Triggers keep them "
        "current on their own; run this only after writing to the tables with the triggers "
        "disabled (e.g. session_replication_role = replica) or to check them. Writers wait "
        "while it counts."
    )

    def handle(self, *args, **options):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT rental_stats_rebuild()")
            cursor.execute("SELECT stats_row_delta_rebuild()")
        self.stdout.write("Stats summary tables recounted.")
