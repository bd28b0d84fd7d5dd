"""Writes of customers and staff (P2, P5, P9, P10, P12–P14).

Bodies are whitelisted: only the documented fields reach the database, never a password,
a role or an id (P5). Uniqueness (emails, phone numbers) is backed by the unique indexes of
schema.sql; a violation that slips past the checks in a race becomes the same 400 (P12).
Multi-row writes run in one transaction, and blocking references are checked first (P9).

people never imports the stores app (docs/people.md "App dependencies"): a customer's
preferred store is checked by its foreign key, and the rules that need a store's rows
(hiring staff into a store, moving them, phone numbers shared with stores) are
stores.services', which call the person-level pieces here."""

from __future__ import annotations

from django.db import transaction
from django.db.models import ProtectedError, RestrictedError

from people.models import Customer, Staff
from people.selectors import with_email
from places.models import Address
from places.services import (
    address_assign,
    address_delete_if_unused,
    address_release,
)
from reelfake.emails import MSG_INVALID_EMAIL, is_email
from reelfake.exceptions import ApplicationError, constraint_errors_mapped
from reelfake.kept_pages import forget_on_commit
from reelfake.messages import MSG_NOT_FOUND, MSG_STORE_NOT_FOUND
from reelfake.validators import INT_MAX, sent_values

MSG_PREFERRED_STORE_NOT_FOUND = "Preferred store not found"
MSG_CUSTOMER_PHONE_TAKEN = "Customer with the same phone number already exist"
MSG_CUSTOMER_EMAIL_TAKEN = "Customer with the same email already exist"
MSG_ALREADY_ACTIVE = "Cannot activate already active customer"
MSG_ALREADY_INACTIVE = "Cannot deactivate already inactive customer"
MSG_CUSTOMER_HAS_RENTALS = "Customer has rentals"
MSG_ADDRESS_USED_BY_STAFF = "The address is in use by other staff"
MSG_ADDRESS_NOT_AVAILABLE = "The address is not available for use"
MSG_STAFF_PHONE_TAKEN = "The phone number is in use by other staff"
MSG_STAFF_EMAIL_TAKEN = "The email address is in use by other staff"
MSG_STAFF_EMAIL_USED_BY_CUSTOMER = "The email address is in use by a customer"
MSG_STAFF_IS_MANAGER = "Staff is a manager of existing store"
MSG_STAFF_HAS_RENTALS = "Staff has processed rentals"

# Constraint (schema.sql, or PostgreSQL's default foreign-key names) → the contract's answer.
CONSTRAINT_ERRORS = {
    "customer_phone_number_key": (MSG_CUSTOMER_PHONE_TAKEN, 400),
    "customer_email_lower_key": (MSG_CUSTOMER_EMAIL_TAKEN, 400),
    "staff_phone_number_key": (MSG_STAFF_PHONE_TAKEN, 400),
    "staff_email_lower_key": (MSG_STAFF_EMAIL_TAKEN, 400),
    "rental_customer_id_fkey": (MSG_CUSTOMER_HAS_RENTALS, 400),
    "rental_staff_id_fkey": (MSG_STAFF_HAS_RENTALS, 400),
    "customer_preferred_store_id_fkey": (MSG_PREFERRED_STORE_NOT_FOUND, 404),
    "staff_store_id_fkey": (MSG_STORE_NOT_FOUND, 404),
}


# A write whose constraint violation the checks could not see answers the contract's message.
integrity_errors_mapped = constraint_errors_mapped(CONSTRAINT_ERRORS)


# Customers ------------------------------------------------------------------------------


@integrity_errors_mapped
@transaction.atomic
def customer_update(
    *,
    customer: Customer,
    first_name: str | None = None,
    last_name: str | None = None,
    phone_number: str | None = None,
    avatar: str | None = None,
    preferred_store_id: int | None = None,
    address: dict | None = None,
) -> None:
    """PUT /customers/{id}, after the caller's right to it was checked, with the values of
    CustomerUpdateBodySerializer (None: not sent, left as it is). The checks that need rows,
    in the contract's order: preferred store, phone, address."""
    changes = sent_values(
        first_name=first_name, last_name=last_name, phone_number=phone_number, avatar=avatar
    )
    if preferred_store_id is not None:
        # Written first, so a missing store is the foreign key's 404 (CONSTRAINT_ERRORS)
        # before the phone and address checks, in the contract's order; a later refusal
        # rolls it back with the rest.
        if preferred_store_id > INT_MAX:
            raise ApplicationError(MSG_PREFERRED_STORE_NOT_FOUND, status=404)
        Customer.objects.filter(id=customer.id).update(preferred_store_id=preferred_store_id)
    if phone_number is not None:
        if Customer.objects.filter(phone_number=phone_number).exclude(id=customer.id).exists():
            raise ApplicationError(MSG_CUSTOMER_PHONE_TAKEN)
    if address is not None:
        current = Address.objects.filter(id=customer.address_id).first()
        row = address_assign(data=address, owner_kind="customer", current=current)
        changes["address_id"] = row.id
    if changes:
        Customer.objects.filter(id=customer.id).update(**changes)
    forget_on_commit()


def customer_set_active(*, customer: Customer, active: bool) -> None:
    """PATCH /customers/{id}/activate|deactivate: really flips the flag (P6). A deactivated
    customer's token stops working at once (accounts re-reads the user per request)."""
    updated = Customer.objects.filter(id=customer.id, active=not active).update(active=active)
    if not updated:
        raise ApplicationError(MSG_ALREADY_ACTIVE if active else MSG_ALREADY_INACTIVE)
    forget_on_commit()


@constraint_errors_mapped({"customer_preferred_store_id_fkey": (MSG_NOT_FOUND, 404)})
@transaction.atomic
def customer_set_preferred_store(*, customer: Customer, store_id: int) -> None:
    """PATCH /customers/{id}/preferred_store/{store_id}: an unknown store is the foreign
    key's 404."""
    if store_id > INT_MAX:
        raise ApplicationError(MSG_NOT_FOUND, status=404)
    Customer.objects.filter(id=customer.id).update(preferred_store_id=store_id)
    forget_on_commit()


@integrity_errors_mapped
@transaction.atomic
def customer_delete(*, customer: Customer) -> None:
    """DELETE /customers/{id}: refused with rentals (nothing changed); otherwise the cart and
    wishlist rows go, the customer goes, and the address row is kept but released."""
    # The row lock makes concurrent rental/cart inserts for this customer wait (their
    # foreign-key check locks the row too), so the rentals check below cannot go stale.
    locked = Customer.objects.select_for_update().filter(id=customer.id).first()
    if locked is None:
        raise ApplicationError(MSG_NOT_FOUND, status=404)
    if locked.rentals.exists():
        raise ApplicationError(MSG_CUSTOMER_HAS_RENTALS)
    locked.cart.all().delete()
    locked.wishlist.all().delete()
    address = Address.objects.filter(id=locked.address_id).first()
    try:
        Customer.objects.filter(id=locked.id).delete()
    except (ProtectedError, RestrictedError):
        raise ApplicationError(MSG_CUSTOMER_HAS_RENTALS) from None
    if address is not None:
        address_release(address)
    forget_on_commit()


# Staff ----------------------------------------------------------------------------------
# The person-level rules of staff writes. Hiring into a store and moving between stores are
# stores.services.staff_create / staff_update, which call these in the contract's order.


def staff_phone_taken(phone: str, *, staff_id: int | None = None) -> bool:
    """Whether another staff member has this phone number."""
    return Staff.objects.filter(phone_number=phone).exclude(id=staff_id).exists()


def staff_email_check(email: str, *, staff_id: int | None = None) -> None:
    """A staff email is unique among staff and not a customer's (case-insensitively)."""
    if with_email(Staff.objects, email).exclude(id=staff_id).exists():
        raise ApplicationError(MSG_STAFF_EMAIL_TAKEN)
    # Login resolves customers first: a staff member sharing a customer's email could
    # never log in (P7).
    if with_email(Customer.objects, email).exists():
        raise ApplicationError(MSG_STAFF_EMAIL_USED_BY_CUSTOMER)


def staff_insert(
    *,
    store_id: int,
    first_name: str,
    last_name: str,
    phone_number: str,
    email: str | None,
    avatar: str | None = None,
    address: dict | None = None,
) -> Staff:
    """The new staff row, after the checks of its caller (stores.services.staff_create, or
    store_manager_appoint), inside its transaction: the address row
    (places.services.address_data_validate's values) is found or created and owned by the new
    staff member (P10); no address, no row. No password is set; no avatar sent leaves the
    column's default."""
    row = None
    if address is not None:
        row = address_assign(
            data=address, owner_kind="staff", in_use_message=MSG_ADDRESS_NOT_AVAILABLE
        )
    optional = {"avatar": avatar} if avatar is not None else {}
    return Staff.objects.create(
        first_name=first_name,
        last_name=last_name,
        phone_number=phone_number,
        email=email,
        address=row,
        store_id=store_id,
        active=True,
        user_password=None,
        **optional,
    )


@integrity_errors_mapped
@transaction.atomic
def staff_delete(*, staff: Staff) -> None:
    """DELETE /staff/{id}: refused for a store's manager and for staff who processed rentals
    (nothing changed). The address row goes too, unless someone else still uses it."""
    locked = Staff.objects.select_for_update().filter(id=staff.id).first()
    if locked is None:
        raise ApplicationError("Resource not found", status=404)
    if Staff.objects.filter(id=locked.id, managed_store__isnull=False).exists():
        raise ApplicationError(MSG_STAFF_IS_MANAGER)
    if locked.rentals.exists():
        raise ApplicationError(MSG_STAFF_HAS_RENTALS)
    address = Address.objects.filter(id=locked.address_id).first()
    try:
        Staff.objects.filter(id=locked.id).delete()
    except (ProtectedError, RestrictedError):
        raise ApplicationError(MSG_STAFF_HAS_RENTALS) from None
    if address is not None:
        address_delete_if_unused(address)


# Admin writes ---------------------------------------------------------------------------


def customer_fields_check(*, customer_id: int | None, email: str | None, phone_number) -> None:
    """Uniqueness rules of a customer's email (against customers and staff, case-insensitive,
    P7) and phone number, for writes that set them directly (the admin)."""
    if email:
        if not is_email(email):
            raise ApplicationError(MSG_INVALID_EMAIL)
        if with_email(Customer.objects, email).exclude(id=customer_id).exists():
            raise ApplicationError(MSG_CUSTOMER_EMAIL_TAKEN)
        if with_email(Staff.objects, email).exists():
            raise ApplicationError("The email address is in use by staff")
    if phone_number:
        taken = Customer.objects.filter(phone_number=phone_number).exclude(id=customer_id)
        if taken.exists():
            raise ApplicationError(MSG_CUSTOMER_PHONE_TAKEN)


@integrity_errors_mapped
@transaction.atomic
def customer_save(*, customer: Customer) -> Customer:
    """Admin create or change of a customer's own columns (the address is not edited there:
    it follows the one-owner rules of the API)."""
    customer_fields_check(
        customer_id=customer.pk, email=customer.email, phone_number=customer.phone_number
    )
    customer.save()
    forget_on_commit()
    return customer
