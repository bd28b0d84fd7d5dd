"""Request bodies and profile shapes of the accounts routes."""

from rest_framework import serializers

from accounts.identity import AuthenticatedUser
from people.selectors import customer_detail_row, staff_detail_row
from people.serializers import CUSTOMER_DETAIL_ROW, STAFF_DETAIL_ROW


def profile_data(user: AuthenticatedUser) -> dict:
    """The /auth/me body: the customer or staff detail shape, read fresh with its joins."""
    if user.is_customer:
        return CUSTOMER_DETAIL_ROW.one(customer_detail_row(user.id))
    return STAFF_DETAIL_ROW.one(staff_detail_row(user.id))


# Bodies are read leniently in the views (the contract answers its own messages for missing
# or mistyped fields); these serializers document them in the OpenAPI schema.
class LoginBodySerializer(serializers.Serializer):
    email = serializers.CharField()
    password = serializers.CharField()


class RegisterBodySerializer(serializers.Serializer):
    firstName = serializers.CharField(max_length=45)
    lastName = serializers.CharField(max_length=45)
    email = serializers.CharField()
    password = serializers.CharField(min_length=8)


class ForgotPasswordBodySerializer(serializers.Serializer):
    newPassword = serializers.CharField(min_length=8)
    confirmedNewPassword = serializers.CharField(min_length=8)


class ChangePasswordBodySerializer(serializers.Serializer):
    currentPassword = serializers.CharField()
    newPassword = serializers.CharField(min_length=8)
    confirmedNewPassword = serializers.CharField(min_length=8)


class IdEmailSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    email = serializers.CharField()


class MessageSerializer(serializers.Serializer):
    message = serializers.CharField()


class RegisteredSerializer(serializers.Serializer):
    id = serializers.IntegerField()
