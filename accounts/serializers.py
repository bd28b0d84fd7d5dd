"""Request bodies and profile shapes of the accounts routes."""

from rest_framework import serializers

from accounts.identity import AuthenticatedUser
from accounts.services import (
    EMAIL_MAX_LENGTH,
    MIN_PASSWORD_LENGTH,
    MSG_BAD_EMAIL,
    MSG_MISSING_DATA,
    MSG_REQUEST_MISSING_DATA,
    MSG_SHORT_PASSWORD,
    NAME_MAX_LENGTH,
    password_pair_error,
)
from people.selectors import customer_detail_row, staff_detail_row
from people.serializers import CUSTOMER_DETAIL_ROW, STAFF_DETAIL_ROW
from reelfake.bodies import BodySerializer, body_error
from reelfake.emails import is_email


def profile_data(user: AuthenticatedUser) -> dict:
    """The /auth/me body: the customer or staff detail shape, read fresh with its joins."""
    if user.is_customer:
        return CUSTOMER_DETAIL_ROW.one(customer_detail_row(user.id))
    return STAFF_DETAIL_ROW.one(staff_detail_row(user.id))


# Request bodies (docs/security.md "Account routes"). The login body is only whitelisted
# (BodySerializer.read: each field's sent value under its `source`): a login body of any shape
# is one more failed login, a 401, never a 400 (docs/security.md "Failed logins").
class LoginBodySerializer(BodySerializer):
    email = serializers.CharField()
    password = serializers.CharField()


# Validated (reelfake.bodies.validated_body) in the contract's order, one message: all four
# fields non-blank strings, then the email's format, the password's length, the names'
# lengths, the email's length. Valid data: the service's keywords, the email stripped.
class RegisterBodySerializer(serializers.Serializer):
    firstName = serializers.CharField(max_length=NAME_MAX_LENGTH, source="first_name")
    lastName = serializers.CharField(max_length=NAME_MAX_LENGTH, source="last_name")
    email = serializers.CharField(max_length=EMAIL_MAX_LENGTH)
    password = serializers.CharField(min_length=MIN_PASSWORD_LENGTH)

    def to_internal_value(self, data):
        values = {field.source: data.get(name) for name, field in self.fields.items()}
        if not all(isinstance(value, str) and value.strip() for value in values.values()):
            raise body_error(MSG_MISSING_DATA)
        values["email"] = values["email"].strip()
        if not is_email(values["email"]):  # every write checks it (docs/security.md "Emails")
            raise body_error(MSG_BAD_EMAIL)
        if len(values["password"]) < MIN_PASSWORD_LENGTH:
            raise body_error(MSG_SHORT_PASSWORD)
        for label, key in (("First name", "first_name"), ("Last name", "last_name")):
            if len(values[key]) > NAME_MAX_LENGTH:
                raise body_error(f"{label} must be at most {NAME_MAX_LENGTH} characters long")
        if len(values["email"]) > EMAIL_MAX_LENGTH:
            raise body_error(f"Email must be at most {EMAIL_MAX_LENGTH} characters long")
        return values


def _all_sent(serializer: serializers.Serializer, data) -> dict:
    """Every field of `serializer` as a non-empty string in `data`, under its `source`, or
    the contract's one message for a password body."""
    values = {field.source: data.get(name) for name, field in serializer.fields.items()}
    if not all(isinstance(value, str) and value for value in values.values()):
        raise body_error(MSG_REQUEST_MISSING_DATA)
    return values


# Validated (reelfake.bodies.validated_body): both sent, then the same twice, then the length.
# Valid data: {"password": the new password}.
class ForgotPasswordBodySerializer(serializers.Serializer):
    newPassword = serializers.CharField(min_length=MIN_PASSWORD_LENGTH, source="new_password")
    confirmedNewPassword = serializers.CharField(min_length=MIN_PASSWORD_LENGTH, source="confirmed")

    def to_internal_value(self, data):
        values = _all_sent(self, data)
        problem = password_pair_error(**values)
        if problem is not None:
            raise body_error(problem)
        return {"password": values["new_password"]}


# Validated (reelfake.bodies.validated_body): all three sent. The service checks the rest in
# the contract's order: the failed-login limits (429), the current password, then the new
# password and its confirmation (as ForgotPasswordBodySerializer does).
class ChangePasswordBodySerializer(serializers.Serializer):
    currentPassword = serializers.CharField(source="current")
    newPassword = serializers.CharField(min_length=MIN_PASSWORD_LENGTH, source="new_password")
    confirmedNewPassword = serializers.CharField(min_length=MIN_PASSWORD_LENGTH, source="confirmed")

    def to_internal_value(self, data):
        return _all_sent(self, data)


# Answers (comments, not docstrings: drf-spectacular would copy a docstring into the schema).
# PUT .../forgot_password/{id} and .../change_password: the record's id and email.
class IdEmailSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    email = serializers.CharField()


# POST /customers/register: the new customer's id.
class RegisteredSerializer(serializers.Serializer):
    id = serializers.IntegerField()
