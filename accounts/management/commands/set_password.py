from getpass import getpass

from django.core.management.base import BaseCommand, CommandError

from accounts.services import MIN_PASSWORD_LENGTH, password_set, staff_or_customer_by_email


class Command(BaseCommand):
    help = (
        "Set the password of a customer or staff member by email (customers first, as at "
        "login). Prompts for it unless --password is given. Use it to give a seeded or "
        "imported account a known password."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--password", help="the new password (prompted when omitted)")

    def handle(self, *args, email, password=None, **options):
        record = staff_or_customer_by_email(email)
        if record is None:
            raise CommandError(f"No customer or staff member has the email {email!r}.")
        if password is None:
            password = getpass("New password: ")
            if getpass("New password (again): ") != password:
                raise CommandError("The two passwords differ.")
        if len(password) < MIN_PASSWORD_LENGTH:
            raise CommandError(f"Password must be at least {MIN_PASSWORD_LENGTH} characters long.")
        password_set(record=record, password=password)
        kind = type(record).__name__.lower()
        self.stdout.write(self.style.SUCCESS(f"Password set for {kind} {record.id} ({email})."))
