import sys
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from tqdm import tqdm

from reelfake.db.seeding import DEMO_PASSWORD
from reelfake.db.seeding.generate import SCALES, Dataset, demo_password_hash
from reelfake.db.seeding.load import TABLES, has_data, load_dataset, row_counts, schema_missing


class Command(BaseCommand):
    help = (
        "Load deterministic demo data (movies, actors, cast, stores, staff, customers, "
        "inventory, rentals, carts, wishlists) into the reelfake tables with COPY. Run it once "
        "after `migrate` on an empty database, or with --reset to reload from scratch; "
        "`make run` calls it with --if-empty. The same --seed and --scale always give the same "
        f"rows. Every seeded staff member and customer has the password {DEMO_PASSWORD}."
    )
    # Like migrate: loading data needs the tables, not the URLconf and views the system
    # checks import, so a half-edited app elsewhere cannot stop `make run` from seeding.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            choices=list(SCALES),
            default="small",
            help=(
                "small (default): ~2,000 movies and ~30,000 rentals, seconds to load; "
                "large: ~50,000 movies and ~1,000,000 rentals, a few minutes; "
                "tiny: a hundred movies, for the test suite."
            ),
        )
        parser.add_argument("--seed", type=int, default=42, help="random seed (default 42).")
        parser.add_argument(
            "--reset",
            action="store_true",
            help="empty every reelfake table (TRUNCATE ... RESTART IDENTITY CASCADE) first.",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="when the database already has data, say so and exit successfully.",
        )

    def handle(self, *args, scale, seed, reset, if_empty, **options):
        started = time.monotonic()
        self._bar = None
        with transaction.atomic(), connection.connection.cursor() as cursor:
            missing = schema_missing(cursor)
            if missing:
                raise CommandError(
                    f"tables missing: {', '.join(missing)}; run `manage.py migrate` first"
                )
            if has_data(cursor):
                if if_empty:
                    self.stdout.write("Database already has data; not seeding.")
                    return
                if not reset:
                    raise CommandError("database already has data; use --reset to reload")
            dataset = Dataset(
                scale=SCALES[scale], seed=seed, password_hash=demo_password_hash(seed)
            )
            load_dataset(cursor, dataset, progress=self._progress, done=self._done)
            counts = row_counts(cursor)
        if not connection.in_atomic_block:
            # VACUUM sets the visibility map, so counts and id lists are index-only scans from
            # the first request rather than once autovacuum gets there. It cannot run inside
            # a transaction (the tests seed inside theirs; the ANALYZE above covers them).
            with connection.cursor() as cursor:
                cursor.execute(f"VACUUM (ANALYZE) {', '.join(TABLES)}")
        self._report(dataset, counts, scale, seed, time.monotonic() - started)

    def _progress(self, table):
        # disable=None: a bar on a terminal, nothing in logs (the per-table line remains).
        self._bar = tqdm(
            total=table.expected,
            desc=f"{table.name:<12}",
            unit=" rows",
            file=sys.stderr,
            disable=None,
            leave=False,
        )
        return self._bar.update

    def _done(self, table, rows, seconds):
        self._bar.close()
        self.stdout.write(f"  {table.name:<15}{rows:>10,} rows  {seconds:6.2f} s")

    def _report(self, dataset, counts, scale, seed, seconds):
        self.stdout.write(
            self.style.SUCCESS(f"Seeded scale={scale} seed={seed} in {seconds:.1f} s.")
        )
        self.stdout.write("\n  table                rows")
        for table, count in counts.items():
            self.stdout.write(f"  {table:<15}{count:>10,}")
        self.stdout.write(f"\n  {'login':<26}{'id':>4}  {'email':<26}  password")
        for user in dataset.demo_users():
            self.stdout.write(f"  {user.role:<26}{user.id:>4}  {user.email:<26}  {DEMO_PASSWORD}")
