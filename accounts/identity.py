"""Who is calling: the user behind a token, re-read from the database on every request."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db.models import F

from people.models import Customer, Staff, is_store_manager
from people.selectors import staff_is_store_manager
from reelfake.db.compiled import CompiledRow
from reelfake.db.worlds import MAIN_WORLD, current_world
from reelfake.permissions import CUSTOMER, STAFF, STORE_MANAGER


@dataclass
class AuthenticatedUser:
    """request.user for API calls. `id` is a customer id for CUSTOMER, else a staff id."""

    id: int
    email: str
    role: str
    store_id: int | None
    session_version: int = 0
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
        session_version=customer.session_version,
        loaded_record=customer,
    )


def user_from_staff(staff: Staff) -> AuthenticatedUser:
    return AuthenticatedUser(
        id=staff.id,
        email=staff.email,
        role=role_of_staff(staff),
        store_id=staff.store_id,
        session_version=staff.session_version,
        loaded_record=staff,
    )


# The columns a token check needs, compiled once: every authenticated request runs one.
# Always on the primary: a replica that lags would still let a user deactivated, demoted or
# renamed a moment ago act as before (docs/security.md "Read replica"). CompiledRow prepares
# it once per connection: PostgreSQL then skips planning the staff row's join on every request.
_CUSTOMER_ROW = CompiledRow(
    lambda user_id: Customer.objects.filter(id=user_id).values(
        "email", "active", "preferred_store_id", "session_version"
    ),
    using="default",
)
_STAFF_ROW = CompiledRow(
    lambda user_id: Staff.objects.filter(id=user_id).values(
        "email",
        "active",
        "store_id",
        "session_version",
        store_manager_id=F("store__store_manager_id"),
    ),
    using="default",
)


# Ids and session generations are PostgreSQL integers: anything else in a token (a boolean,
# which is an int to Python, a float, a string, a number past 2**31) names nobody.
_INT_MAX = 2**31 - 1


def _is_db_int(value, *, minimum: int) -> bool:
    return type(value) is int and minimum <= value <= _INT_MAX


def _still_valid(row: dict | None, email: str, session_version: int) -> bool:
    return (
        row is not None
        and row["active"]
        and (row["email"] or "").lower() == email.lower()
        and row["session_version"] == session_version
    )


def current_user(
    *, user_id: int, email: str, role: str, session_version: int
) -> AuthenticatedUser | None:
    """The user a token names, as they are now: None when deleted, deactivated, when the
    email changed or when their sessions were ended since the token was issued
    (docs/security.md "Sessions and tokens"). A staff member's role is recomputed, so a
    demoted manager is STAFF."""
    if role == CUSTOMER:
        row = _CUSTOMER_ROW.first(user_id)
        if not _still_valid(row, email, session_version):
            return None
        return AuthenticatedUser(
            user_id, row["email"], CUSTOMER, row["preferred_store_id"], session_version
        )
    if role in (STAFF, STORE_MANAGER):
        row = _STAFF_ROW.first(user_id)
        if not _still_valid(row, email, session_version):
            return None
        manages = is_store_manager(user_id, row["store_id"], row["store_manager_id"])
        role = STORE_MANAGER if manages else STAFF
        return AuthenticatedUser(user_id, row["email"], role, row["store_id"], session_version)
    return None


def user_from_claims(claims: Mapping) -> AuthenticatedUser | None:
    """The user behind a verified token's claims (accounts/tokens.py _claims), or None when
    a claim has the wrong type or the user is no longer theirs. Tokens issued before session
    generations existed carry none and count as generation 0. A token belongs to the world
    it was issued in (docs/sandboxes.md "Isolation"): elsewhere it names nobody; tokens
    without the claim predate sandboxes and belong to the main world."""
    if claims.get("world", MAIN_WORLD.id) != current_world().id:
        return None
    user_id, email, role = claims.get("id"), claims.get("email"), claims.get("role")
    session_version = claims.get("sessionVersion", 0)
    if not _is_db_int(user_id, minimum=1) or not _is_db_int(session_version, minimum=0):
        return None
    if not isinstance(email, str) or not isinstance(role, str):
        return None
    return current_user(user_id=user_id, email=email, role=role, session_version=session_version)
