"""Routes of the accounts app: login, logout, me, refresh, register, passwords."""

from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.tokens import RefreshToken

from accounts import services
from accounts.authentication import token_in_this_world
from accounts.identity import current_user, user_from_customer
from accounts.serializers import (
    ChangePasswordBodySerializer,
    ForgotPasswordBodySerializer,
    IdEmailSerializer,
    LoginBodySerializer,
    MessageSerializer,
    RegisterBodySerializer,
    RegisteredSerializer,
    profile_data,
)
from accounts.throttling import failure_keys
from accounts.tokens import (
    REFRESH_COOKIE_NAME,
    clear_auth_cookies,
    set_access_cookie,
    set_auth_cookies,
)
from people.models import Customer, Staff
from reelfake.bodies import json_object
from reelfake.exceptions import ApplicationError
from reelfake.permissions import AnyRole, IsCustomer, IsStaff
from reelfake.schema import ERRORS_401, ERRORS_401_403, error_responses

PROFILE_DESCRIPTION = (
    "Customer profile (id, firstName, lastName, email, active, phoneNumber, avatar, "
    "registeredOn, preferredStore, address) or staff profile (id, firstName, lastName, email, "
    "isStoreManager, active, phoneNumber, avatar, address, store)."
)


class LoginView(APIView):
    @extend_schema(
        tags=["auth"],
        summary="Log in",
        description=(
            "Sets the `auth_token` cookie (HttpOnly, 1 hour) and a `refresh_token` cookie "
            "scoped to /api/auth/refresh. 10 failed logins in 5 minutes for one email or one "
            "client address answer 429 with Retry-After. " + PROFILE_DESCRIPTION
        ),
        request=LoginBodySerializer,
        responses={
            200: OpenApiResponse(description=PROFILE_DESCRIPTION),
            **error_responses(401, 429),
        },
    )
    def post(self, request):
        body = json_object(request)
        email = body.get("email")
        keys = failure_keys(
            email=email if isinstance(email, str) else None,
            client_address=request.META.get("REMOTE_ADDR"),
        )
        user = services.user_login(email=email, password=body.get("password"), throttle_keys=keys)
        response = Response(profile_data(user))
        set_auth_cookies(response, user)
        return response


class LogoutView(APIView):
    permission_classes = [AnyRole]

    @extend_schema(
        tags=["auth"],
        summary="Log out",
        description="Clears both cookies and revokes the refresh token.",
        responses={200: MessageSerializer, **ERRORS_401},
    )
    def get(self, request):
        raw_refresh = request.COOKIES.get(REFRESH_COOKIE_NAME)
        if raw_refresh:
            try:
                RefreshToken(raw_refresh).blacklist()
            except TokenError:
                pass  # already expired or revoked: nothing left to revoke
        response = Response({"message": "Logged out successfully"})
        clear_auth_cookies(response)
        return response


class MeView(APIView):
    permission_classes = [AnyRole]

    @extend_schema(
        tags=["auth"],
        summary="The caller's profile",
        responses={200: OpenApiResponse(description=PROFILE_DESCRIPTION), **ERRORS_401},
    )
    def get(self, request):
        return Response(profile_data(request.user))


class RefreshView(APIView):
    @extend_schema(
        tags=["auth"],
        summary="Renew the auth_token cookie",
        description=(
            "Beyond the reference: reads the HttpOnly `refresh_token` cookie set at login and "
            "sets a new `auth_token` cookie (1 hour). Fails with 401 after logout, when the "
            "refresh token expired (7 days) or when the user was deactivated or deleted."
        ),
        request=None,
        responses={200: MessageSerializer, **ERRORS_401},
    )
    def post(self, request):
        raw_refresh = request.COOKIES.get(REFRESH_COOKIE_NAME)
        user = None
        if raw_refresh:
            try:
                token = RefreshToken(raw_refresh)
                if not token_in_this_world(token):
                    raise TokenError("issued in another world")
                user = current_user(
                    user_id=token.get("id"), email=token.get("email"), role=token.get("role")
                )
            except (TokenError, AttributeError):
                user = None
        if user is None:
            raise ApplicationError("Invalid or expired token", status=401)
        response = Response({"message": "Token refreshed"})
        set_access_cookie(response, user)
        return response


class RegisterView(APIView):
    @extend_schema(
        tags=["customers"],
        summary="Register a customer",
        description="Creates the customer and logs them in with the same cookies as login.",
        request=RegisterBodySerializer,
        responses={201: RegisteredSerializer, **error_responses(400)},
    )
    def post(self, request):
        body = json_object(request)
        customer = services.customer_register(
            first_name=body.get("firstName"),
            last_name=body.get("lastName"),
            email=body.get("email"),
            password=body.get("password"),
        )
        response = Response({"id": customer.id}, status=201)
        set_auth_cookies(response, user_from_customer(customer))
        return response


class ForgotPasswordView(APIView):
    """Open password reset by id (DECISIONS.md P1); REELFAKE_OPEN_PASSWORD_RESET=false → 403."""

    model: type[Customer] | type[Staff]

    @extend_schema(
        summary="Set a password by id (open onboarding reset)",
        request=ForgotPasswordBodySerializer,
        responses={200: IdEmailSerializer, **error_responses(400, 403, 404)},
    )
    def put(self, request, pk):
        body = json_object(request)
        record = services.password_reset(
            model=self.model,
            raw_id=pk,
            new_password=body.get("newPassword"),
            confirmed=body.get("confirmedNewPassword"),
        )
        return Response({"id": record.id, "email": record.email})


@extend_schema_view(put=extend_schema(tags=["customers"]))
class CustomerForgotPasswordView(ForgotPasswordView):
    model = Customer


@extend_schema_view(put=extend_schema(tags=["staff"]))
class StaffForgotPasswordView(ForgotPasswordView):
    model = Staff


class ChangePasswordView(APIView):
    @extend_schema(
        summary="Change the caller's password",
        request=ChangePasswordBodySerializer,
        responses={200: IdEmailSerializer, **error_responses(400), **ERRORS_401_403},
    )
    def put(self, request):
        body = json_object(request)
        record = services.password_change(
            record=request.user.record,
            current=body.get("currentPassword"),
            new_password=body.get("newPassword"),
            confirmed=body.get("confirmedNewPassword"),
        )
        return Response({"id": record.id, "email": record.email})


@extend_schema_view(put=extend_schema(tags=["customers"]))
class CustomerChangePasswordView(ChangePasswordView):
    permission_classes = [IsCustomer]


@extend_schema_view(put=extend_schema(tags=["staff"]))
class StaffChangePasswordView(ChangePasswordView):
    permission_classes = [IsStaff]
