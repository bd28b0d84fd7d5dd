"""Request bodies and profile shapes of the accounts routes."""

from rest_framework import serializers

from accounts.identity import AuthenticatedUser
from people.selectors import customer_detail_row, staff_detail_row
from people.serializers import CUSTOMER_DETAIL_ROW, STAFF_DETAIL_ROW
from reelfake.bodies import BodySerializer


def profile_data(user: AuthenticatedUser) -> dict:
    """The /auth/me body: the customer or staff detail shape, read fresh with its joins."""
    if user.is_customer:
        return CUSTOMER_DETAIL_ROW.one(customer_detail_row(user.id))
    return STAFF_DETAIL_ROW.one(staff_detail_row(user.id))


# Request bodies (reelfake.bodies.BodySerializer): they document the body and whitelist its
# fields, handing each to the service under its keyword (`source`). The services answer the
# contract's messages in the contract's order, which runs across fields (docs/security.md
# "Failed logins": a login body of any shape is one more failed login, a 401, never a 400).
class LoginBodySerializer(BodySerializer):
    email = serializers.CharField()
    password = serializers.CharField()


class RegisterBodySerializer(BodySerializer):
    firstName = serializers.CharField(max_length=45, source="first_name")
    lastName = serializers.CharField(max_length=45, source="last_name")
    email = serializers.CharField()
    password = serializers.CharField(min_length=8)


class ForgotPasswordBodySerializer(BodySerializer):
    newPassword = serializers.CharField(min_length=8, source="new_password")
    confirmedNewPassword = serializers.CharField(min_length=8, source="confirmed")


class ChangePasswordBodySerializer(BodySerializer):
    currentPassword = serializers.CharField(source="current")
    newPassword = serializers.CharField(min_length=8, source="new_password")
    confirmedNewPassword = serializers.CharField(min_length=8, source="confirmed")


class IdEmailSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    email = serializers.CharField()


class MessageSerializer(serializers.Serializer):
    message = serializers.CharField()


class RegisteredSerializer(serializers.Serializer):
    id = serializers.IntegerField()
