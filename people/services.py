"""Writes of customers and staff (people-stores-rentals.md §1, §2, P2, P5, P9, P10, P12–P14).

Bodies are whitelisted: only the documented fields reach the database, never a password,
a role or an id (P5). Uniqueness (emails, phone numbers) is backed by the unique indexes of
schema.sql; a violation that slips past the checks in a race becomes the same 400 (P12).
Multi-row writes run in one transaction, and blocking references are checked first (P9)."""

from __future__ import annotations

from django.db import transaction
from django.db.models import ProtectedError, RestrictedError

from people.models import Customer, Staff
from people.selectors import with_email
from places.models import Address
from places.services import (
    address_assign,
    address_data_validate,
    address_delete_if_unused,
    address_lookup,
    address_owner_kind,
    address_release,
)
from reelfake.emails import MSG_INVALID_EMAIL, is_email
from reelfake.exceptions import MSG_FORBIDDEN, ApplicationError, constraint_errors_mapped
from reelfake.ids import int_from_text
from stores.models import Store

MSG_NOT_FOUND = "Resources not found"
MSG_MISSING_DATA = "Missing required data"
MSG_PREFERRED_STORE_NOT_FOUND = "Preferred store not found"
MSG_PREFERRED_STORE_ID = "Preferred store id must be a number"
MSG_CUSTOMER_PHONE_TAKEN = "Customer with the same phone number already exist"
MSG_CUSTOMER_EMAIL_TAKEN = "Customer with the same email already exist"
MSG_ALREADY_ACTIVE = "Cannot activate already active customer"
MSG_ALREADY_INACTIVE = "Cannot deactivate already inactive customer"
MSG_CUSTOMER_HAS_RENTALS = "Customer has rentals"
MSG_ADDRESS_USED_BY_STORE = "The address is in use by a store"
MSG_ADDRESS_USED_BY_STAFF = "The address is in use by other staff"
MSG_ADDRESS_NOT_AVAILABLE = "The address is not available for use"
MSG_PHONE_USED_BY_STORE = "The phone number is in use by a store"
MSG_STAFF_PHONE_TAKEN = "The phone number is in use by other staff"
MSG_STAFF_EMAIL_TAKEN = "The email address is in use by other staff"
MSG_STAFF_EMAIL_USED_BY_CUSTOMER = "The email address is in use by a customer"
MSG_STORE_NOT_FOUND = "Store not found"
MSG_STORE_ID_NOT_FOUND = "Store with id {id} not found"
MSG_INVALID_STORE_ID = "Invalid store id"
MSG_OUTSIDE_STATE = "Cannot assign staff to store outside state"
MSG_STAFF_ACTIVE = "Active flag must be boolean (true or false)"
MSG_STAFF_IS_MANAGER = "Staff is a manager of existing store"
MSG_STAFF_HAS_RENTALS = "Staff has processed rentals"

NAME_MAX = 45
EMAIL_MAX = 100
PHONE_MAX = 20
AVATAR_MAX = 120

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


# Body fields ----------------------------------------------------------------------------


def is_sent(value) -> bool:
    """The contract ignores empty or falsy body values (JavaScript truthiness: an empty
    object or list counts as sent)."""
    if value is None or value is False or value == "":
        return False
    return not (isinstance(value, int | float) and value == 0)


def text_field(value, label: str, max_length: int, *, numbers: bool = False) -> str | None:
    """A string body field: None when not sent; a wrong type or an oversized value → 400
    (never the database's error, P14)."""
    if not is_sent(value):
        return None
    if numbers and isinstance(value, int) and not isinstance(value, bool):
        value = str(value)  # phone numbers sent as JSON numbers
    if not isinstance(value, str):
        raise ApplicationError(f"{label} must be a string")
    if not value.strip():
        return None
    if len(value) > max_length:
        raise ApplicationError(f"{label} must be at most {max_length} characters long")
    return value


def email_field(value) -> str | None:
    """An email body field: None when not sent; text that is no email address → 400
    (docs/security.md "Emails")."""
    email = text_field(value, "Email", EMAIL_MAX)
    if email is not None and not is_email(email):
        raise ApplicationError(MSG_INVALID_EMAIL)
    return email


def id_field(value, message: str) -> int | None:
    """An id in a body: an integer (or a string of digits) > 0; None when not sent."""
    if not is_sent(value):
        return None
    if isinstance(value, bool):
        raise ApplicationError(message)
    if isinstance(value, str):
        value = int_from_text(value.strip())  # None for "²", signs or too many digits
    if not isinstance(value, int) or value < 1:
        raise ApplicationError(message)
    return value


def _person_fields(first_name, last_name, phone_number, avatar) -> dict:
    fields = {
        "first_name": text_field(first_name, "First name", NAME_MAX),
        "last_name": text_field(last_name, "Last name", NAME_MAX),
        "phone_number": text_field(phone_number, "Phone number", PHONE_MAX, numbers=True),
        "avatar": text_field(avatar, "Avatar", AVATAR_MAX),
    }
    return {key: value for key, value in fields.items() if value is not None}


# Customers ------------------------------------------------------------------------------


@integrity_errors_mapped
@transaction.atomic
def customer_update(
    *,
    customer: Customer,
    first_name=None,
    last_name=None,
    phone_number=None,
    avatar=None,
    preferred_store_id=None,
    address=None,
) -> None:
    """PUT /customers/{id}, after the caller's right to it was checked. Body checks in the
    contract's order: address complete, field formats, preferred store, phone, address."""
    address_data = address_data_validate(address) if is_sent(address) else None
    changes = _person_fields(first_name, last_name, phone_number, avatar)
    store_id = id_field(preferred_store_id, MSG_PREFERRED_STORE_ID)
    if store_id is not None:
        if not Store.objects.filter(id=store_id).exists():
            raise ApplicationError(MSG_PREFERRED_STORE_NOT_FOUND, status=404)
        changes["preferred_store_id"] = store_id
    phone = changes.get("phone_number")
    if phone is not None:
        if Customer.objects.filter(phone_number=phone).exclude(id=customer.id).exists():
            raise ApplicationError(MSG_CUSTOMER_PHONE_TAKEN)
    if address_data is not None:
        current = Address.objects.filter(id=customer.address_id).first()
        row = address_assign(data=address_data, owner_kind="customer", current=current)
        changes["address_id"] = row.id
    if changes:
        Customer.objects.filter(id=customer.id).update(**changes)


def customer_set_active(*, customer: Customer, active: bool) -> None:
    """PATCH /customers/{id}/activate|deactivate: really flips the flag (P6). A deactivated
    customer's token stops working at once (accounts re-reads the user per request)."""
    updated = Customer.objects.filter(id=customer.id, active=not active).update(active=active)
    if not updated:
        raise ApplicationError(MSG_ALREADY_ACTIVE if active else MSG_ALREADY_INACTIVE)


@integrity_errors_mapped
def customer_set_preferred_store(*, customer: Customer, store_id: int) -> None:
    if not Store.objects.filter(id=store_id).exists():
        raise ApplicationError(MSG_NOT_FOUND, status=404)
    Customer.objects.filter(id=customer.id).update(preferred_store_id=store_id)


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


# Staff ----------------------------------------------------------------------------------


def _phone_checks(phone: str, *, staff_id: int | None = None) -> None:
    if Store.objects.filter(phone_number=phone).exists():
        raise ApplicationError(MSG_PHONE_USED_BY_STORE)
    if Staff.objects.filter(phone_number=phone).exclude(id=staff_id).exists():
        raise ApplicationError(MSG_STAFF_PHONE_TAKEN)


def _email_checks(email: str, *, staff_id: int | None = None) -> None:
    if with_email(Staff.objects, email).exclude(id=staff_id).exists():
        raise ApplicationError(MSG_STAFF_EMAIL_TAKEN)
    # Login resolves customers first: a staff member sharing a customer's email could
    # never log in (P7).
    if with_email(Customer.objects, email).exists():
        raise ApplicationError(MSG_STAFF_EMAIL_USED_BY_CUSTOMER)


@integrity_errors_mapped
@transaction.atomic
def staff_create(
    *,
    store: Store,
    first_name=None,
    last_name=None,
    phone_number=None,
    email=None,
    avatar=None,
    address=None,
) -> Staff:
    """POST /staff, in the caller's store. Checks in the contract's order; the address row
    is found or created and owned by the new staff member (P10). No password is set."""
    if not is_sent(address):
        raise ApplicationError("Incomplete address")
    address_data = address_data_validate(address)
    fields = _person_fields(first_name, last_name, phone_number, avatar)
    if not all(key in fields for key in ("first_name", "last_name", "phone_number")):
        raise ApplicationError(MSG_MISSING_DATA)
    email_value = email_field(email)
    existing = address_lookup(address_data)
    owner = address_owner_kind(existing) if existing is not None else None
    if owner == "store":
        raise ApplicationError(MSG_ADDRESS_USED_BY_STORE)
    if Store.objects.filter(phone_number=fields["phone_number"]).exists():
        raise ApplicationError(MSG_PHONE_USED_BY_STORE)
    if owner == "staff":
        raise ApplicationError(MSG_ADDRESS_USED_BY_STAFF)
    if owner is not None:
        raise ApplicationError(MSG_ADDRESS_NOT_AVAILABLE)
    if Staff.objects.filter(phone_number=fields["phone_number"]).exists():
        raise ApplicationError(MSG_STAFF_PHONE_TAKEN)
    if email_value is not None:
        _email_checks(email_value)
    row = address_assign(
        data=address_data, owner_kind="staff", in_use_message=MSG_ADDRESS_NOT_AVAILABLE
    )
    return Staff.objects.create(
        **fields,
        email=email_value,
        address=row,
        store=store,
        active=True,
        user_password=None,
    )


def _same_region(state: str, country: str, store: Store) -> bool:
    """Whether a state and country (name or ISO code) are the store's, case-insensitively
    (P22)."""
    store_city = store.address.city
    store_country = store_city.country
    return state.lower() == store_city.state_name.lower() and country.lower() in (
        store_country.country_name.lower(),
        store_country.iso_country_code.lower(),
    )


@integrity_errors_mapped
@transaction.atomic
def staff_update(
    *,
    staff: Staff,
    caller_store_id: int | None,
    first_name=None,
    last_name=None,
    email=None,
    phone_number=None,
    avatar=None,
    active=None,
    store_id=None,
    address=None,
) -> None:
    """PUT /staff/{id}, after the caller's right to the staff member was checked. Only the
    listed fields are written (P5); re-sending one's own phone or email is fine (P13)."""
    address_data = address_data_validate(address) if is_sent(address) else None
    changes = _person_fields(first_name, last_name, phone_number, avatar)
    email_value = email_field(email)
    if active is not None:
        if not isinstance(active, bool):
            raise ApplicationError(MSG_STAFF_ACTIVE)
        changes["active"] = active
    new_store_id = id_field(store_id, MSG_INVALID_STORE_ID)
    # Re-sending one's own phone or email is not a conflict (P13), whoever else holds it.
    if "phone_number" in changes and changes["phone_number"] != staff.phone_number:
        _phone_checks(changes["phone_number"], staff_id=staff.id)
    if email_value is not None:
        if email_value.lower() != (staff.email or "").lower():
            _email_checks(email_value, staff_id=staff.id)
        changes["email"] = email_value

    new_store = None
    if new_store_id is not None:
        new_store = (
            Store.objects.select_related("address__city__country").filter(id=new_store_id).first()
        )
        if new_store is None:
            raise ApplicationError(MSG_STORE_ID_NOT_FOUND.format(id=new_store_id), status=404)
        if new_store.id != caller_store_id:
            raise ApplicationError(MSG_FORBIDDEN, status=403)
        changes["store_id"] = new_store.id
    store = new_store
    if store is None and address_data is not None and staff.store_id is not None:
        store = Store.objects.select_related("address__city__country").get(id=staff.store_id)
    current = Address.objects.select_related("city__country").filter(id=staff.address_id).first()
    if store is not None:
        if address_data is not None:
            state, country = address_data["stateName"], address_data["country"]
        elif current is not None:
            state, country = current.city.state_name, current.city.country.country_name
        else:
            state = country = None
        if state is not None and not _same_region(state, country, store):
            raise ApplicationError(MSG_OUTSIDE_STATE)
    if address_data is not None:
        row = address_assign(data=address_data, owner_kind="staff", current=current)
        changes["address_id"] = row.id
    if changes:
        Staff.objects.filter(id=staff.id).update(**changes)


@integrity_errors_mapped
@transaction.atomic
def staff_delete(*, staff: Staff) -> None:
    """DELETE /staff/{id}: refused for a store's manager and for staff who processed rentals
    (nothing changed). The address row goes too, unless someone else still uses it."""
    locked = Staff.objects.select_for_update().filter(id=staff.id).first()
    if locked is None:
        raise ApplicationError("Resource not found", status=404)
    if Store.objects.filter(store_manager_id=locked.id).exists():
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


def staff_fields_check(*, staff_id: int | None, email: str | None, phone_number) -> None:
    if phone_number:
        _phone_checks(phone_number, staff_id=staff_id)
    if email:
        if not is_email(email):
            raise ApplicationError(MSG_INVALID_EMAIL)
        _email_checks(email, staff_id=staff_id)


@integrity_errors_mapped
@transaction.atomic
def customer_save(*, customer: Customer) -> Customer:
    """Admin create or change of a customer's own columns (the address is not edited there:
    it follows the one-owner rules of the API)."""
    customer_fields_check(
        customer_id=customer.pk, email=customer.email, phone_number=customer.phone_number
    )
    customer.save()
    return customer


@integrity_errors_mapped
@transaction.atomic
def staff_save(*, staff: Staff) -> Staff:
    """Admin create or change of a staff member's own columns."""
    staff_fields_check(staff_id=staff.pk, email=staff.email, phone_number=staff.phone_number)
    staff.save()
    return staff
