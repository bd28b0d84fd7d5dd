"""Customer and staff routes (people-stores-rentals.md §1, §2; DECISIONS.md).

Order of checks on protected routes (DECISIONS.md): authentication (401), role (403), the
path id (400), the target exists (404), ownership or store scoping (403), then the body
(400, in the contract's order, inside the services). The list routes validate their query
before authentication, as the contract says."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from people import selectors, services
from people.filters import (
    CustomerFilter,
    StaffFilter,
    customer_query_validate,
    staff_query_validate,
)
from people.serializers import (
    CUSTOMER_DETAIL_ROW,
    CUSTOMER_ROW,
    STAFF_DETAIL_ROW,
    STAFF_ROW,
    STORE_MANAGER_ROW,
    CustomerDetailSerializer,
    CustomerSerializer,
    CustomerUpdateBodySerializer,
    PersonSummarySerializer,
    StaffCreateBodySerializer,
    StaffCreatedSerializer,
    StaffDetailSerializer,
    StaffSerializer,
    StaffUpdateBodySerializer,
    StoreManagerListSerializer,
)
from reelfake.bodies import json_object
from reelfake.exceptions import ApplicationError
from reelfake.ids import int_from_text, positive_id
from reelfake.permissions import (
    CUSTOMER,
    AnyRole,
    IsCustomer,
    IsStaff,
    IsStoreManager,
    MethodPermissionsMixin,
    require_own_store,
)
from reelfake.rows import RowShapeListMixin
from reelfake.schema import error_responses
from stores.models import Store

MSG_INVALID_ID = "Invalid id"
MSG_INVALID_CUSTOMER_ID = "Invalid customer id"
MSG_INVALID_STAFF_ID = "Invalid staff id"
MSG_INVALID_STORE_ID = "Invalid store id"
MSG_NOT_FOUND = "Resources not found"
MSG_STAFF_NOT_FOUND_ON_DELETE = "Resource not found"  # singular, as the contract sends it


def staff_path_id(raw: str) -> int:
    """Staff ids: non-numeric → 400 "Invalid staff id"; 0 or negative → 404 (contract)."""
    value = int_from_text(raw, signed=True)
    if value is None:
        raise ApplicationError(MSG_INVALID_STAFF_ID)
    if value < 1:
        raise ApplicationError(MSG_NOT_FOUND, status=404)
    return value


def _not_found(message: str = MSG_NOT_FOUND) -> ApplicationError:
    return ApplicationError(message, status=404)


def _id_param(name: str = "id", description: str = "") -> OpenApiParameter:
    return OpenApiParameter(name, int, OpenApiParameter.PATH, description=description)


ERRORS_LIST = error_responses(400, 401, 403, 404)
NO_CONTENT = {204: None}


class QueryFirstMixin:
    """Validate the query before authentication (contract §0) on GET."""

    query_validator = None

    def check_permissions(self, request):
        if request.method == "GET" and self.query_validator is not None:
            self.query_validator(request)
        super().check_permissions(request)


# Customers ------------------------------------------------------------------------------


@extend_schema(
    tags=["customers"],
    summary="List customers",
    description=(
        "Staff and managers. Filters combine with AND and filter the items; customers "
        "without an address never match address filters. The query is validated before "
        "authentication."
    ),
    responses={200: CustomerSerializer(many=True), **ERRORS_LIST},
)
class CustomerListView(QueryFirstMixin, RowShapeListMixin, ListAPIView):
    permission_classes = [IsStaff]
    serializer_class = CustomerSerializer
    row_shape = CUSTOMER_ROW
    filterset_class = CustomerFilter
    query_validator = staticmethod(customer_query_validate)

    def get_queryset(self):
        return selectors.customer_list()


@extend_schema(
    tags=["customers"],
    summary="List customers (summary, public)",
    description="Same filters and validation as GET /customers; items are short.",
    responses={200: PersonSummarySerializer(many=True), **error_responses(400, 404)},
)
class CustomerSummaryView(QueryFirstMixin, ListAPIView):
    serializer_class = PersonSummarySerializer
    filterset_class = CustomerFilter
    query_validator = staticmethod(customer_query_validate)

    def get_queryset(self):
        return selectors.customer_summary_list()


class CustomerDetailView(MethodPermissionsMixin, APIView):
    method_permissions = {
        "GET": [AnyRole],
        "PUT": [IsCustomer | IsStoreManager],
        "DELETE": [IsStoreManager],
    }

    @extend_schema(
        tags=["customers"],
        summary="A customer",
        description="A customer reads only their own record; staff and managers any.",
        parameters=[_id_param()],
        responses={200: CustomerDetailSerializer, **ERRORS_LIST},
    )
    def get(self, request, id):
        customer_id = positive_id(id, MSG_INVALID_ID)
        customer = selectors.customer_detail_row(customer_id)
        if customer is None:
            raise _not_found()
        if request.user.role == CUSTOMER and request.user.id != customer["id"]:
            raise PermissionDenied()
        return Response(CUSTOMER_DETAIL_ROW.one(customer))

    @extend_schema(
        tags=["customers"],
        summary="Update a customer",
        description=(
            "A customer updates their own record, a manager any. Only the listed fields are "
            "written; empty values are ignored. The address follows the one-owner rules."
        ),
        parameters=[_id_param()],
        request=CustomerUpdateBodySerializer,
        responses={**NO_CONTENT, **ERRORS_LIST},
    )
    def put(self, request, id):
        customer_id = positive_id(id, MSG_INVALID_CUSTOMER_ID)
        customer = selectors.customer_get(customer_id)
        if customer is None:
            raise _not_found()
        if request.user.role == CUSTOMER and request.user.id != customer.id:
            raise PermissionDenied()
        body = json_object(request)
        services.customer_update(
            customer=customer,
            first_name=body.get("firstName"),
            last_name=body.get("lastName"),
            phone_number=body.get("phoneNumber"),
            avatar=body.get("avatar"),
            preferred_store_id=body.get("preferredStoreId"),
            address=body.get("address"),
        )
        return Response(status=204)

    @extend_schema(
        tags=["customers"],
        summary="Delete a customer",
        description=(
            "Refused with 400 when the customer has rentals. Cart and wishlist rows go with "
            "the customer; the address row is kept and released."
        ),
        parameters=[_id_param()],
        responses={**NO_CONTENT, **ERRORS_LIST},
    )
    def delete(self, request, id):
        customer_id = positive_id(id, MSG_INVALID_CUSTOMER_ID)
        customer = selectors.customer_get(customer_id)
        if customer is None:
            raise _not_found()
        services.customer_delete(customer=customer)
        return Response(status=204)


class CustomerActivationView(APIView):
    permission_classes = [IsStoreManager]
    active: bool

    def patch(self, request, id):
        customer_id = positive_id(id, MSG_INVALID_CUSTOMER_ID)
        customer = selectors.customer_get(customer_id)
        if customer is None:
            raise _not_found()
        services.customer_set_active(customer=customer, active=self.active)
        return Response(status=204)


class CustomerActivateView(CustomerActivationView):
    active = True

    @extend_schema(
        tags=["customers"],
        summary="Activate a customer",
        parameters=[_id_param()],
        request=None,
        responses={**NO_CONTENT, **ERRORS_LIST},
    )
    def patch(self, request, id):
        return super().patch(request, id)


class CustomerDeactivateView(CustomerActivationView):
    active = False

    @extend_schema(
        tags=["customers"],
        summary="Deactivate a customer",
        description="The customer cannot log in any more and loses access at once.",
        parameters=[_id_param()],
        request=None,
        responses={**NO_CONTENT, **ERRORS_LIST},
    )
    def patch(self, request, id):
        return super().patch(request, id)


class CustomerPreferredStoreView(APIView):
    permission_classes = [IsCustomer]

    @extend_schema(
        tags=["customers"],
        summary="Set the caller's preferred store",
        description="Only for the caller's own customer record (P2).",
        parameters=[_id_param(), _id_param("store_id")],
        request=None,
        responses={**NO_CONTENT, **ERRORS_LIST},
    )
    def patch(self, request, id, store_id):
        customer_id = positive_id(id, MSG_INVALID_CUSTOMER_ID)
        store_id = positive_id(store_id, MSG_INVALID_STORE_ID)
        customer = selectors.customer_get(customer_id)
        if customer is None:
            raise _not_found()
        if request.user.id != customer.id:
            raise PermissionDenied()
        services.customer_set_preferred_store(customer=customer, store_id=store_id)
        return Response(status=204)


# Staff ----------------------------------------------------------------------------------


class StaffListView(QueryFirstMixin, MethodPermissionsMixin, RowShapeListMixin, ListAPIView):
    method_permissions = {"GET": [IsStaff], "POST": [IsStoreManager]}
    serializer_class = StaffSerializer
    row_shape = STAFF_ROW
    filterset_class = StaffFilter
    query_validator = staticmethod(staff_query_validate)

    def get_queryset(self):
        return selectors.staff_list()

    @extend_schema(
        tags=["staff"],
        summary="List staff",
        description="Staff and managers. Same pagination and filters as GET /customers.",
        responses={200: StaffSerializer(many=True), **ERRORS_LIST},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        tags=["staff"],
        summary="Create a staff member",
        description=(
            "Managers, in their own store (`storeId` defaults to it; another store → 403). "
            "No password is set: the new member sets one before logging in."
        ),
        request=StaffCreateBodySerializer,
        responses={201: StaffCreatedSerializer, **ERRORS_LIST},
    )
    def post(self, request):
        body = json_object(request)
        store_id = services.id_field(body.get("storeId"), MSG_INVALID_STORE_ID)
        if store_id is None:
            store_id = request.user.store_id
        store = Store.objects.filter(id=store_id).first()
        if store is None:
            raise _not_found(services.MSG_STORE_NOT_FOUND)
        require_own_store(request.user, store.id)
        staff = services.staff_create(
            store=store,
            first_name=body.get("firstName"),
            last_name=body.get("lastName"),
            phone_number=body.get("phoneNumber"),
            email=body.get("email"),
            avatar=body.get("avatar"),
            address=body.get("address"),
        )
        staff = selectors.staff_detail_queryset().get(id=staff.id)
        return Response(StaffCreatedSerializer(staff).data, status=201)


@extend_schema(
    tags=["staff"],
    summary="List staff (summary, public)",
    description="Same filters and validation as GET /staff; items are short.",
    responses={200: PersonSummarySerializer(many=True), **error_responses(400, 404)},
)
class StaffSummaryView(QueryFirstMixin, ListAPIView):
    serializer_class = PersonSummarySerializer
    filterset_class = StaffFilter
    query_validator = staticmethod(staff_query_validate)

    def get_queryset(self):
        return selectors.staff_summary_list()


def managers_response(items) -> Response:
    """The managers lists keep the reference's `lenggth` key; `length` is added."""
    items = list(items)
    return Response({"items": items, "lenggth": len(items), "length": len(items)})


def _managers_schema(name: str, item):
    return inline_serializer(
        name,
        {
            "items": item(many=True),
            "lenggth": serializers.IntegerField(help_text="Sic: the reference's spelling."),
            "length": serializers.IntegerField(),
        },
    )


class StoreManagerListView(APIView):
    permission_classes = [IsStaff]

    @extend_schema(
        tags=["staff"],
        summary="List store managers",
        responses={
            200: _managers_schema("StoreManagerListBody", StoreManagerListSerializer),
            **error_responses(401, 403),
        },
    )
    def get(self, request):
        managers = selectors.store_manager_list()
        return managers_response(STORE_MANAGER_ROW.of(managers))


class StoreManagerSummaryView(APIView):
    @extend_schema(
        tags=["staff"],
        summary="List store managers (summary, public)",
        responses={200: _managers_schema("StoreManagerSummaryListBody", PersonSummarySerializer)},
    )
    def get(self, request):
        managers = selectors.store_manager_summary_list()
        return managers_response(PersonSummarySerializer(managers, many=True).data)


class StaffDetailView(MethodPermissionsMixin, APIView):
    method_permissions = {"GET": [IsStaff], "PUT": [IsStoreManager], "DELETE": [IsStoreManager]}

    @extend_schema(
        tags=["staff"],
        summary="A staff member",
        description="The nested store carries the store's own address (P15).",
        parameters=[_id_param()],
        responses={200: StaffDetailSerializer, **ERRORS_LIST},
    )
    def get(self, request, id):
        staff_id = staff_path_id(id)
        staff = selectors.staff_detail_row(staff_id)
        if staff is None:
            raise _not_found()
        return Response(STAFF_DETAIL_ROW.one(staff))

    @extend_schema(
        tags=["staff"],
        summary="Update a staff member",
        description=(
            "Managers, for staff of their own store. Only the listed fields are written; "
            "never a password or a role (P5)."
        ),
        parameters=[_id_param()],
        request=StaffUpdateBodySerializer,
        responses={**NO_CONTENT, **ERRORS_LIST},
    )
    def put(self, request, id):
        staff_id = staff_path_id(id)
        staff = selectors.staff_get(staff_id)
        if staff is None:
            raise _not_found()
        require_own_store(request.user, staff.store_id)
        body = json_object(request)
        services.staff_update(
            staff=staff,
            caller_store_id=request.user.store_id,
            first_name=body.get("firstName"),
            last_name=body.get("lastName"),
            email=body.get("email"),
            phone_number=body.get("phoneNumber"),
            avatar=body.get("avatar"),
            active=body.get("active"),
            store_id=body.get("storeId"),
            address=body.get("address"),
        )
        return Response(status=204)

    @extend_schema(
        tags=["staff"],
        summary="Delete a staff member",
        description=(
            "Managers, for staff of their own store. Refused for a store's manager and for "
            "staff who processed rentals."
        ),
        parameters=[_id_param()],
        responses={**NO_CONTENT, **ERRORS_LIST},
    )
    def delete(self, request, id):
        try:
            staff_id = staff_path_id(id)
        except ApplicationError as exc:
            if exc.status == 404:
                raise _not_found(MSG_STAFF_NOT_FOUND_ON_DELETE) from None
            raise
        staff = selectors.staff_get(staff_id)
        if staff is None:
            raise _not_found(MSG_STAFF_NOT_FOUND_ON_DELETE)
        require_own_store(request.user, staff.store_id)
        services.staff_delete(staff=staff)
        return Response(status=204)
