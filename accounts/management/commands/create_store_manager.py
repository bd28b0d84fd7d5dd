from getpass import getpass

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.services import MIN_PASSWORD_LENGTH, password_set
from reelfake.exceptions import ApplicationError
from stores.services import store_manager_appoint


class Command(BaseCommand):
    help = (
        "Make a store manager from the command line: an existing staff member (by email) or a "
        "new one (with --first-name, --last-name and --phone) becomes the manager of --store, "
        "working at that store. Sets a password when --password is given or --prompt asked. "
        "The store's previous manager stays on its staff."
    )

    def add_arguments(self, parser):
        parser.add_argument("--store", type=int, required=True, help="store id")
        parser.add_argument("--email", required=True)
        parser.add_argument("--first-name")
        parser.add_argument("--last-name")
        parser.add_argument("--phone", help="phone number (new staff member only)")
        parser.add_argument("--password", help="set this password")
        parser.add_argument("--prompt", action="store_true", help="prompt for a password")

    def handle(self, *args, **options):
        password = options["password"]
        if options["prompt"] and password is None:
            password = getpass("Password: ")
        if password is not None and len(password) < MIN_PASSWORD_LENGTH:
            raise CommandError(f"Password must be at least {MIN_PASSWORD_LENGTH} characters long.")
        try:
            # The appointment and the password together, or neither.
            with transaction.atomic():
                staff, created = store_manager_appoint(
                    store_id=options["store"],
                    email=options["email"],
                    first_name=options["first_name"],
                    last_name=options["last_name"],
                    phone_number=options["phone"],
                )
                if password is not None:
                    password_set(record=staff, password=password)
        except ApplicationError as exc:
            raise CommandError(exc.message) from None
        verb = "Created" if created else "Appointed"
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb} staff {staff.id} ({staff.email}) as manager of store {staff.store_id}."
            )
        )
