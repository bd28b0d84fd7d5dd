"""Writes and checks of the accounts app: login, registration, passwords."""

from __future__ import annotations

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.identity import AuthenticatedUser, user_from_customer, user_from_staff
from accounts.passwords import hash_password, verify_password
from accounts.throttling import login_failure_record, login_retry_after
from people.models import Customer, Staff
from people.selectors import customer_by_email, email_in_use, staff_by_email
from reelfake.emails import is_email
from reelfake.exceptions import ApplicationError
from reelfake.ids import int_from_text
from stores.models import Store

MSG_BAD_LOGIN = "Invalid email or password"
MSG_MISSING_DATA = "Missing required data"
MSG_BAD_EMAIL = "Please provide a valid email"
MSG_SHORT_PASSWORD = "Password must be at least 8 characters long"
MSG_EMAIL_TAKEN = "Customer with the same email already exist"
MSG_REQUEST_MISSING_DATA = "Request is missing required data"
MSG_PASSWORD_MISMATCH = "New password is not same as confirmed password"
MSG_WRONG_CURRENT_PASSWORD = "Current password is not same as actual password"
MSG_INVALID_RESOURCE_ID = "Invalid resource id"
MSG_NOT_FOUND = "Resources not found"
MSG_RESET_DISABLED = "Password reset is disabled on this server"
MSG_TOO_MANY_FAILURES = "Too many failed login attempts, try again in {seconds} seconds"
MIN_PASSWORD_LENGTH = 8
NAME_MAX_LENGTH = 45
EMAIL_MAX_LENGTH = 100


class LoginThrottled(ApplicationError):
    def __init__(self, seconds: int):
        super().__init__(
            MSG_TOO_MANY_FAILURES.format(seconds=seconds),
            status=429,
            headers={"Retry-After": str(seconds)},
        )


def _save_password(record: Customer | Staff, encoded: str) -> None:
    type(record).objects.filter(id=record.id).update(user_password=encoded)
    record.user_password = encoded


def user_login(*, email, password, throttle_keys: list[str]) -> AuthenticatedUser:
    """Resolve the role (customer first, then store manager, then staff) and check the
    password. Every failure is the same 401; failures are throttled."""
    retry_after = login_retry_after(throttle_keys)
    if retry_after is not None:
        raise LoginThrottled(retry_after)
    user = _user_for_credentials(email, password)
    if user is None:
        login_failure_record(throttle_keys)
        raise ApplicationError(MSG_BAD_LOGIN, status=401)
    return user


def _user_for_credentials(email, password) -> AuthenticatedUser | None:
    if not isinstance(email, str) or not isinstance(password, str) or not email or not password:
        return None
    customer = customer_by_email(email)
    if customer is not None:
        record, user = customer, user_from_customer(customer)
    else:
        staff = staff_by_email(email)
        if staff is None:
            return None
        record, user = staff, user_from_staff(staff)
    if not record.active:
        return None
    upgrade = lambda encoded: _save_password(record, encoded)  # noqa: E731
    if not verify_password(password, record.user_password, on_upgrade=upgrade):
        return None
    return user


def _validate_new_password(new_password, confirmed) -> str:
    if not isinstance(new_password, str) or not isinstance(confirmed, str):
        raise ApplicationError(MSG_REQUEST_MISSING_DATA)
    if not new_password or not confirmed:
        raise ApplicationError(MSG_REQUEST_MISSING_DATA)
    if new_password != confirmed:
        raise ApplicationError(MSG_PASSWORD_MISMATCH)
    if len(new_password) < MIN_PASSWORD_LENGTH:
        raise ApplicationError(MSG_SHORT_PASSWORD)
    return new_password


def parse_resource_id(raw: str) -> int:
    resource_id = int_from_text(raw)
    if resource_id is None or resource_id < 1:
        raise ApplicationError(MSG_INVALID_RESOURCE_ID)
    return resource_id


def password_reset(*, model: type[Customer] | type[Staff], raw_id: str, new_password, confirmed):
    """The open onboarding reset (DECISIONS.md P1): sets a password by id, when enabled."""
    if not settings.REELFAKE_OPEN_PASSWORD_RESET:
        raise ApplicationError(MSG_RESET_DISABLED, status=403)
    record_id = parse_resource_id(raw_id)
    password = _validate_new_password(new_password, confirmed)
    record = model.objects.filter(id=record_id).first()
    if record is None:
        raise ApplicationError(MSG_NOT_FOUND, status=404)
    _save_password(record, hash_password(password))
    return record


def password_change(*, record: Customer | Staff, current, new_password, confirmed):
    values = (current, new_password, confirmed)
    if not all(isinstance(value, str) and value for value in values):
        raise ApplicationError(MSG_REQUEST_MISSING_DATA)
    if not verify_password(current, record.user_password):
        raise ApplicationError(MSG_WRONG_CURRENT_PASSWORD)
    password = _validate_new_password(new_password, confirmed)
    _save_password(record, hash_password(password))
    return record


def customer_register(*, first_name, last_name, email, password) -> Customer:
    values = (first_name, last_name, email, password)
    if not all(isinstance(value, str) and value.strip() for value in values):
        raise ApplicationError(MSG_MISSING_DATA)
    email = email.strip()
    if not is_email(email):  # every write checks the format (docs/security.md "Emails")
        raise ApplicationError(MSG_BAD_EMAIL)
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ApplicationError(MSG_SHORT_PASSWORD)
    for label, value in (("First name", first_name), ("Last name", last_name)):
        if len(value) > NAME_MAX_LENGTH:
            raise ApplicationError(f"{label} must be at most {NAME_MAX_LENGTH} characters long")
    if len(email) > EMAIL_MAX_LENGTH:
        raise ApplicationError(f"Email must be at most {EMAIL_MAX_LENGTH} characters long")
    if email_in_use(email):
        raise ApplicationError(MSG_EMAIL_TAKEN)
    try:
        with transaction.atomic():
            return Customer.objects.create(
                first_name=first_name,
                last_name=last_name,
                email=email,
                user_password=hash_password(password),
                active=True,
                registered_on=timezone.now().date(),
            )
    except IntegrityError:
        # A concurrent registration won the unique index on lower(email).
        raise ApplicationError(MSG_EMAIL_TAKEN) from None


def staff_or_customer_by_email(email: str) -> Customer | Staff | None:
    return customer_by_email(email) or staff_by_email(email)


@transaction.atomic
def store_manager_appoint(
    *,
    store_id: int,
    email: str,
    first_name: str | None = None,
    last_name: str | None = None,
    phone_number: str | None = None,
    password: str | None = None,
) -> tuple[Staff, bool]:
    """Make a staff member (found by email, or created) the manager of a store. Both sides
    of the link move together (P11): store.store_manager_id and the manager's store_id."""
    store = Store.objects.select_for_update().filter(id=store_id).first()
    if store is None:
        raise ApplicationError(f"Store with id {store_id} not found", status=404)
    staff = staff_by_email(email)
    created = staff is None
    if created:
        if not (first_name and last_name and phone_number):
            raise ApplicationError(
                "A new staff member needs a first name, a last name and a phone number"
            )
        if email_in_use(email):
            raise ApplicationError("The email address is in use by a customer")
        staff = Staff.objects.create(
            first_name=first_name,
            last_name=last_name,
            email=email,
            phone_number=phone_number,
            store=store,
            active=True,
        )
    elif not staff.active:
        raise ApplicationError("The staff member is not active")
    if Store.objects.filter(store_manager=staff).exclude(id=store.id).exists():
        raise ApplicationError("Store manager is assigned to existing store")
    Staff.objects.filter(id=staff.id).update(store=store)
    Store.objects.filter(id=store.id).update(store_manager=staff)
    if password is not None:
        _save_password(staff, hash_password(password))
    staff.refresh_from_db()
    return staff, created
