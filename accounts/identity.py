"""Who is calling: the user behind a token, re-read from the database on every request."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import F

from people.models import Customer, Staff, is_store_manager
from people.selectors import staff_is_store_manager
from reelfake.db.compiled import CompiledRow
from reelfake.permissions import CUSTOMER, STAFF, STORE_MANAGER


@dataclass
class AuthenticatedUser:
    """request.user for API calls. `id` is a customer id for CUSTOMER, else a staff id."""

    id: int
    email: str
    role: str
    store_id: int | None
    loaded_record: Customer | Staff | None = field(default=None, repr=False)

    is_authenticated = True
    is_anonymous = False

    @property
    def is_customer(self) -> bool:
        return self.role == CUSTOMER

    @property
    def record(self) -> Customer | Staff:
        """The customer or staff row itself, read on first use (few routes need it)."""
        if self.loaded_record is None:
            model = Customer if self.is_customer else Staff
            self.loaded_record = model.objects.get(id=self.id)
        return self.loaded_record


def role_of_staff(staff: Staff) -> str:
    return STORE_MANAGER if staff_is_store_manager(staff) else STAFF


def user_from_customer(customer: Customer) -> AuthenticatedUser:
    return AuthenticatedUser(
        id=customer.id,
        email=customer.email,
        role=CUSTOMER,
        store_id=customer.preferred_store_id,
        loaded_record=customer,
    )


def user_from_staff(staff: Staff) -> AuthenticatedUser:
    return AuthenticatedUser(
        id=staff.id,
        email=staff.email,
        role=role_of_staff(staff),
        store_id=staff.store_id,
        loaded_record=staff,
    )


# The columns a token check needs, compiled once: every authenticated request runs one.
# Always on the primary: a replica that lags would still let a user deactivated, demoted or
# renamed a moment ago act as before (docs/security.md "Read replica").
_CUSTOMER_ROW = CompiledRow(
    lambda user_id: Customer.objects.filter(id=user_id).values(
        "email", "active", "preferred_store_id"
    ),
    using="default",
)
_STAFF_ROW = CompiledRow(
    lambda user_id: Staff.objects.filter(id=user_id).values(
        "email", "active", "store_id", store_manager_id=F("store__store_manager_id")
    ),
    using="default",
)


def _same_email(row: dict | None, email: str) -> bool:
    return row is not None and row["active"] and (row["email"] or "").lower() == email.lower()


def current_user(*, user_id: int, email: str, role: str) -> AuthenticatedUser | None:
    """The user a token names, as they are now: None when deleted, deactivated or when the
    email changed. A staff member's role is recomputed, so a demoted manager is STAFF."""
    if role == CUSTOMER:
        row = _CUSTOMER_ROW.first(user_id)
        if not _same_email(row, email):
            return None
        return AuthenticatedUser(user_id, row["email"], CUSTOMER, row["preferred_store_id"])
    if role in (STAFF, STORE_MANAGER):
        row = _STAFF_ROW.first(user_id)
        if not _same_email(row, email):
            return None
        manages = is_store_manager(user_id, row["store_id"], row["store_manager_id"])
        return AuthenticatedUser(
            user_id, row["email"], STORE_MANAGER if manages else STAFF, row["store_id"]
        )
    return None
