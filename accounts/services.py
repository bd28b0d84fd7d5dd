"""Writes and checks of the accounts app: login, registration, passwords."""

from __future__ import annotations

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from accounts.identity import (
    AuthenticatedUser,
    user_from_claims,
    user_from_customer,
    user_from_staff,
)
from accounts.passwords import hash_password, verify_password
from accounts.throttling import (
    login_attempt_begin,
    login_attempt_failed,
    login_attempt_succeeded,
)
from accounts.tokens import refresh_token_read
from people.models import Customer, Staff
from people.selectors import customer_by_email, email_in_use, staff_by_email
from reelfake.exceptions import ApplicationError
from reelfake.ids import int_from_text
from reelfake.kept_pages import forget_on_commit

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
MSG_UNAUTHENTICATED = "Invalid or expired token"
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
    """Store a re-hash of the same password (a hasher upgrade at login): sessions go on."""
    type(record).objects.filter(id=record.id).update(user_password=encoded)
    record.user_password = encoded


def password_set(*, record: Customer | Staff, password: str) -> None:
    """Store a new password and end the account's sessions in the same statement
    (docs/security.md "Sessions and tokens")."""
    model = type(record)
    model.objects.filter(id=record.id).update(
        user_password=hash_password(password), session_version=F("session_version") + 1
    )
    record.refresh_from_db(fields=["user_password", "session_version"])


def session_end_all(*, user: AuthenticatedUser) -> None:
    """Logout: every access and refresh token of the account issued so far is refused."""
    model = Customer if user.is_customer else Staff
    model.objects.filter(id=user.id).update(session_version=F("session_version") + 1)


def session_refresh(*, raw_refresh: str | None) -> AuthenticatedUser:
    """Spend a refresh token: the caller gets new tokens, this one is blacklisted. A token
    already spent (rotated, or reused by whoever copied it) is a 401, also when two
    refreshes race: the blacklist row is unique, only one of them creates it."""
    token = refresh_token_read(raw_refresh)
    user = user_from_claims(token.payload) if token is not None else None
    if user is None:
        raise ApplicationError(MSG_UNAUTHENTICATED, status=401)
    _, created = token.blacklist()
    if not created:
        raise ApplicationError(MSG_UNAUTHENTICATED, status=401)
    return user


def user_login(*, email, password, client_address: str) -> AuthenticatedUser:
    """Resolve the role (customer first, then store manager, then staff) and check the
    password. Every failure is the same 401; failures are counted (accounts/throttling.py)
    and a bucket over its limit answers 429 before any password is checked."""
    attempt = login_attempt_begin(
        email=email if isinstance(email, str) else None, client_address=client_address
    )
    if attempt.retry_after is not None:
        raise LoginThrottled(attempt.retry_after)
    user = _user_for_credentials(email, password)
    if user is None:
        login_attempt_failed(attempt)
        raise ApplicationError(MSG_BAD_LOGIN, status=401)
    login_attempt_succeeded(attempt)
    return user


def _user_for_credentials(email, password) -> AuthenticatedUser | None:
    if not isinstance(email, str) or not isinstance(password, str) or not email or not password:
        return None
    customer = customer_by_email(email)
    if customer is not None:
        record, user = customer, user_from_customer(customer)
    else:
        staff = staff_by_email(email)
        record, user = staff, (user_from_staff(staff) if staff is not None else None)
    if record is None or not record.active or not record.user_password:
        # The same hashing work as a wrong password, so the answer's timing does not tell
        # which emails have an active account (as Django's ModelBackend does).
        hash_password(password)
        return None
    upgrade = lambda encoded: _save_password(record, encoded)  # noqa: E731
    if not verify_password(password, record.user_password, on_upgrade=upgrade):
        return None
    return user


def password_pair_error(*, new_password: str, confirmed: str) -> str | None:
    """The contract's message for a new password and its confirmation (both sent), or None:
    the same twice first, then the length."""
    if new_password != confirmed:
        return MSG_PASSWORD_MISMATCH
    if len(new_password) < MIN_PASSWORD_LENGTH:
        return MSG_SHORT_PASSWORD
    return None


def parse_resource_id(raw: str) -> int:
    resource_id = int_from_text(raw)
    if resource_id is None or resource_id < 1:
        raise ApplicationError(MSG_INVALID_RESOURCE_ID)
    return resource_id


def password_reset_record_id(*, raw_id: str) -> int:
    """The open onboarding reset's first checks (docs/decisions.md P1): enabled on this
    server (else 403), then the path id (400). The body is checked next, then the record."""
    if not settings.REELFAKE_OPEN_PASSWORD_RESET:
        raise ApplicationError(MSG_RESET_DISABLED, status=403)
    return parse_resource_id(raw_id)


def password_reset(*, model: type[Customer] | type[Staff], record_id: int, password: str):
    """Set a password by id (the open reset), after password_reset_record_id and
    accounts.serializers.ForgotPasswordBodySerializer."""
    record = model.objects.filter(id=record_id).first()
    if record is None:
        raise ApplicationError(MSG_NOT_FOUND, status=404)
    password_set(record=record, password=password)
    return record


def password_change(
    *,
    record: Customer | Staff,
    current: str,
    new_password: str,
    confirmed: str,
    client_address: str,
):
    """After accounts.serializers.ChangePasswordBodySerializer (all three sent). A wrong
    current password counts as a failed login of the account, so a stolen session cannot
    guess it without limit (docs/security.md "Failed logins"); the new password is checked
    after the current one, in the contract's order."""
    attempt = login_attempt_begin(email=record.email, client_address=client_address)
    if attempt.retry_after is not None:
        raise LoginThrottled(attempt.retry_after)
    if not verify_password(current, record.user_password):
        login_attempt_failed(attempt)
        raise ApplicationError(MSG_WRONG_CURRENT_PASSWORD)
    login_attempt_succeeded(attempt)
    problem = password_pair_error(new_password=new_password, confirmed=confirmed)
    if problem is not None:
        raise ApplicationError(problem)
    password_set(record=record, password=new_password)
    return record


def customer_register(*, first_name: str, last_name: str, email: str, password: str) -> Customer:
    """POST /customers/register, after accounts.serializers.RegisterBodySerializer (the
    body's checks): the email must be free among customers and staff."""
    if email_in_use(email):
        raise ApplicationError(MSG_EMAIL_TAKEN)
    try:
        with transaction.atomic():
            customer = Customer.objects.create(
                first_name=first_name,
                last_name=last_name,
                email=email,
                user_password=hash_password(password),
                active=True,
                registered_on=timezone.now().date(),
            )
            forget_on_commit()  # the customer lists' kept pages (reelfake/kept_pages.py)
            return customer
    except IntegrityError:
        # A concurrent registration won the unique index on lower(email).
        raise ApplicationError(MSG_EMAIL_TAKEN) from None


def staff_or_customer_by_email(email: str) -> Customer | Staff | None:
    return customer_by_email(email) or staff_by_email(email)
