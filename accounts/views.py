"""Routes of the accounts app: login, logout, me, refresh, register, passwords."""

from django.conf import settings
from drf_spectacular.utils import (
    PolymorphicProxySerializer,
    extend_schema,
    extend_schema_view,
)
from rest_framework.exceptions import NotAuthenticated
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from accounts import services
from accounts.identity import user_from_claims, user_from_customer, user_from_staff
from accounts.serializers import (
    ChangePasswordBodySerializer,
    ForgotPasswordBodySerializer,
    IdEmailSerializer,
    LoginBodySerializer,
    RegisterBodySerializer,
    RegisteredSerializer,
    profile_data,
)
from accounts.tokens import (
    REFRESH_COOKIE_NAME,
    clear_auth_cookies,
    refresh_token_read,
    set_auth_cookies,
)
from people.models import Customer, Staff
from people.serializers import CustomerDetailSerializer, StaffDetailSerializer
from reelfake.bodies import validated_body
from reelfake.clients import client_address
from reelfake.exceptions import ApplicationError
from reelfake.middleware import MSG_ORIGIN_REFUSED, origin_is_allowed
from reelfake.permissions import AnyRole, IsCustomer, IsStaff, role_of
from reelfake.schema import ERRORS_401, ERRORS_401_403, error_responses
from reelfake.serializers import MessageSerializer

# The login and /auth/me answer (profile_data): the caller's own customer or staff detail,
# in the serializers that describe those shapes.
PROFILE = PolymorphicProxySerializer(
    component_name="Profile",
    serializers=[CustomerDetailSerializer, StaffDetailSerializer],
    resource_type_field_name=None,
)
PROFILE_DESCRIPTION = "The answer is the caller's CustomerDetail or StaffDetail."


class LoginView(GenericAPIView):
    permission_classes = [AllowAny]
    serializer_class = LoginBodySerializer

    @extend_schema(
        tags=["auth"],
        summary="Log in",
        description=(
            "Sets the `auth_token` cookie (HttpOnly, 1 hour) and a `refresh_token` cookie "
            "scoped to /api/auth. Failed logins are counted per email "
            f"({settings.REELFAKE_LOGIN_FAILURES_PER_ACCOUNT}), per (email, client address) "
            f"({settings.REELFAKE_LOGIN_FAILURES_PER_ACCOUNT_AND_CLIENT}) and per client address "
            f"({settings.REELFAKE_LOGIN_FAILURES_PER_CLIENT}) within "
            f"{settings.REELFAKE_LOGIN_FAILURE_WINDOW_SECONDS} seconds; past a limit the login "
            "answers 429 with Retry-After before checking the password. " + PROFILE_DESCRIPTION
        ),
        request=LoginBodySerializer,
        responses={
            200: PROFILE,
            **error_responses(401, 429),
        },
    )
    def post(self, request):
        body = LoginBodySerializer.read(request)
        user = services.user_login(**body, client_address=client_address(request))
        response = Response(profile_data(user))
        set_auth_cookies(response, user)
        return response


MSG_CROSS_SITE_REFUSED = "Cross-site requests are not allowed"
MSG_LOGGED_OUT = "Logged out successfully"
MSG_TOKEN_REFRESHED = "Token refreshed"


def refuse_foreign_page(request) -> None:
    """The Origin rule of unsafe methods, for a GET that changes state (docs/security.md
    "Sessions and tokens"): a foreign Origin is refused with the middleware's message. A
    foreign page's <img> or link sends no Origin; browsers mark it Sec-Fetch-Site:
    cross-site, refused as well (an allowed frontend's fetch carries its Origin)."""
    origin = request.headers.get("Origin")
    if origin is not None:
        if not origin_is_allowed(origin, request):
            raise ApplicationError(MSG_ORIGIN_REFUSED.format(origin=origin), status=403)
    elif request.headers.get("Sec-Fetch-Site") == "cross-site":
        raise ApplicationError(MSG_CROSS_SITE_REFUSED, status=403)


class LogoutView(GenericAPIView):
    permission_classes = [AllowAny]

    @extend_schema(
        tags=["auth"],
        summary="Log out",
        description=(
            "Ends every session of the account: its access and refresh tokens issued so far "
            "are refused from now on, and both cookies are cleared. Accepted with the "
            "`auth_token` cookie (or a bearer token), or with the `refresh_token` cookie once "
            "the access token expired. A foreign Origin gets 403 and the cookies stay."
        ),
        responses={200: MessageSerializer, **ERRORS_401_403},
    )
    def get(self, request):
        refuse_foreign_page(request)
        user = request.user if role_of(request) is not None else None
        if user is None:
            token = refresh_token_read(request.COOKIES.get(REFRESH_COOKIE_NAME))
            user = user_from_claims(token.payload) if token is not None else None
        if user is None:
            raise NotAuthenticated()
        services.session_end_all(user=user)
        response = Response(MessageSerializer({"message": MSG_LOGGED_OUT}).data)
        clear_auth_cookies(response)
        return response


class MeView(GenericAPIView):
    permission_classes = [AnyRole]

    @extend_schema(
        tags=["auth"],
        summary="The caller's profile",
        description=PROFILE_DESCRIPTION,
        responses={200: PROFILE, **ERRORS_401},
    )
    def get(self, request):
        return Response(profile_data(request.user))


class RefreshView(GenericAPIView):
    permission_classes = [AllowAny]

    @extend_schema(
        tags=["auth"],
        summary="Renew the auth_token cookie",
        description=(
            "Beyond the reference: reads the HttpOnly `refresh_token` cookie set at login and "
            "sets a new `auth_token` cookie (1 hour) and a new `refresh_token` cookie; the "
            "refresh token sent is spent, and sending it again answers 401. Also 401 after "
            "logout or a password change, when the refresh token expired (7 days) or when "
            "the user was deactivated or deleted."
        ),
        request=None,
        responses={200: MessageSerializer, **ERRORS_401},
    )
    def post(self, request):
        user = services.session_refresh(raw_refresh=request.COOKIES.get(REFRESH_COOKIE_NAME))
        response = Response(MessageSerializer({"message": MSG_TOKEN_REFRESHED}).data)
        set_auth_cookies(response, user)
        return response


class RegisterView(GenericAPIView):
    permission_classes = [AllowAny]
    serializer_class = RegisterBodySerializer

    @extend_schema(
        tags=["customers"],
        summary="Register a customer",
        description="Creates the customer and logs them in with the same cookies as login.",
        request=RegisterBodySerializer,
        responses={201: RegisteredSerializer, **error_responses(400)},
    )
    def post(self, request):
        customer = services.customer_register(**validated_body(RegisterBodySerializer, request))
        response = Response(RegisteredSerializer(customer).data, status=201)
        set_auth_cookies(response, user_from_customer(customer))
        return response


class ForgotPasswordView(GenericAPIView):
    """Open password reset by id (docs/decisions.md P1): off with
    REELFAKE_OPEN_PASSWORD_RESET=false (403)."""

    model: type[Customer] | type[Staff]
    permission_classes = [AllowAny]
    serializer_class = ForgotPasswordBodySerializer

    @extend_schema(
        summary="Set a password by id (open onboarding reset)",
        request=ForgotPasswordBodySerializer,
        responses={200: IdEmailSerializer, **error_responses(400, 403, 404)},
    )
    def put(self, request, pk):
        record_id = services.password_reset_record_id(raw_id=pk)
        body = validated_body(ForgotPasswordBodySerializer, request)
        record = services.password_reset(model=self.model, record_id=record_id, **body)
        return Response(IdEmailSerializer(record).data)


@extend_schema_view(put=extend_schema(tags=["customers"]))
class CustomerForgotPasswordView(ForgotPasswordView):
    model = Customer


@extend_schema_view(put=extend_schema(tags=["staff"]))
class StaffForgotPasswordView(ForgotPasswordView):
    model = Staff


class ChangePasswordView(GenericAPIView):
    serializer_class = ChangePasswordBodySerializer

    @extend_schema(
        summary="Change the caller's password",
        description=(
            "Ends every session of the account (its tokens issued so far are refused) and sets "
            "new `auth_token` and `refresh_token` cookies for the caller. A wrong current "
            "password counts as a failed login (429 with Retry-After past the limits)."
        ),
        request=ChangePasswordBodySerializer,
        responses={200: IdEmailSerializer, **error_responses(400, 429), **ERRORS_401_403},
    )
    def put(self, request):
        body = validated_body(ChangePasswordBodySerializer, request)
        record = services.password_change(
            record=request.user.record, **body, client_address=client_address(request)
        )
        response = Response(IdEmailSerializer(record).data)
        # The change ended every session of the account; the caller's goes on with new cookies.
        user = user_from_customer(record) if request.user.is_customer else user_from_staff(record)
        set_auth_cookies(response, user)
        return response


@extend_schema_view(put=extend_schema(tags=["customers"]))
class CustomerChangePasswordView(ChangePasswordView):
    permission_classes = [IsCustomer]


@extend_schema_view(put=extend_schema(tags=["staff"]))
class StaffChangePasswordView(ChangePasswordView):
    permission_classes = [IsStaff]
