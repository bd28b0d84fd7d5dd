"""Who is calling: the user behind a token, re-read from the database on every request."""

from __future__ import annotations

from dataclasses import dataclass

from people.models import Customer, Staff
from people.selectors import staff_is_store_manager
from reelfake.permissions import CUSTOMER, STAFF, STORE_MANAGER


@dataclass
class AuthenticatedUser:
    """request.user for API calls. `id` is a customer id for CUSTOMER, else a staff id."""

    id: int
    email: str
    role: str
    store_id: int | None
    record: Customer | Staff

    is_authenticated = True
    is_anonymous = False

    @property
    def is_customer(self) -> bool:
        return self.role == CUSTOMER


def role_of_staff(staff: Staff) -> str:
    return STORE_MANAGER if staff_is_store_manager(staff) else STAFF


def user_from_customer(customer: Customer) -> AuthenticatedUser:
    return AuthenticatedUser(
        id=customer.id,
        email=customer.email,
        role=CUSTOMER,
        store_id=customer.preferred_store_id,
        record=customer,
    )


def user_from_staff(staff: Staff) -> AuthenticatedUser:
    return AuthenticatedUser(
        id=staff.id,
        email=staff.email,
        role=role_of_staff(staff),
        store_id=staff.store_id,
        record=staff,
    )


def current_user(*, user_id: int, email: str, role: str) -> AuthenticatedUser | None:
    """The user a token names, as they are now: None when deleted, deactivated or when the
    email changed. A staff member's role is recomputed, so a demoted manager is STAFF."""
    if role == CUSTOMER:
        customer = Customer.objects.filter(id=user_id, active=True).first()
        if customer is None or customer.email.lower() != email.lower():
            return None
        return user_from_customer(customer)
    if role in (STAFF, STORE_MANAGER):
        staff = Staff.objects.select_related("store").filter(id=user_id, active=True).first()
        if staff is None or (staff.email or "").lower() != email.lower():
            return None
        return user_from_staff(staff)
    return None
