"""Customer and staff routes (docs/decisions.md).

Order of checks on protected routes (docs/decisions.md): authentication (401), role (403), the
path id (400), the target exists (404), ownership or store scoping (403), then the body
(400, in the contract's order: its input serializer's values, then the services' checks that
need rows). The list routes validate their query before authentication, as the contract
says."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import GenericAPIView, ListAPIView
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from people import selectors, services
from people.filters import CustomerFilter, StaffFilter
from people.serializers import (
    CUSTOMER_DETAIL_ROW,
    CUSTOMER_ROW,
    PERSON_SUMMARY_ROW,
    STORE_MANAGER_ROW,
    CustomerDetailSerializer,
    CustomerSerializer,
    CustomerUpdateBodySerializer,
    PersonSummarySerializer,
    StoreManagerListSerializer,
)
from reelfake.bodies import validated_body
from reelfake.exceptions import ApplicationError
from reelfake.filtering import FilterBackend
from reelfake.generics import CallerFreeMixin, QueryFirstMixin
from reelfake.ids import positive_id
from reelfake.kept_pages import KeptPagesMixin
from reelfake.messages import (
    MSG_INVALID_CUSTOMER_ID,
    MSG_INVALID_ID,
    MSG_INVALID_STORE_ID,
    MSG_NOT_FOUND,
)
from reelfake.pagination import ItemsEnvelope, ReelfakePagination
from reelfake.permissions import (
    CUSTOMER,
    AnyRole,
    IsCustomer,
    IsStaff,
    IsStoreManager,
    MethodPermissionsMixin,
)
from reelfake.rows import RowShapeListMixin
from reelfake.schema import error_responses


def _not_found(message: str = MSG_NOT_FOUND) -> ApplicationError:
    return ApplicationError(message, status=404)


def _id_param(name: str = "id", description: str = "") -> OpenApiParameter:
    return OpenApiParameter(name, int, OpenApiParameter.PATH, description=description)


ERRORS_LIST = error_responses(400, 401, 403, 404)
NO_CONTENT = {204: None}


# Customers ------------------------------------------------------------------------------
# The unfiltered pages of both customer lists are kept per world until a write of a column
# they show (reelfake/kept_pages.py, docs/performance.md "Kept customer pages").


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
class CustomerListView(QueryFirstMixin, KeptPagesMixin, RowShapeListMixin, ListAPIView):
    permission_classes = [IsStaff]
    pagination_class = ReelfakePagination
    serializer_class = CustomerSerializer
    row_shape = CUSTOMER_ROW
    filter_backends = [FilterBackend]
    same_queryset_always = True
    filterset_class = CustomerFilter

    def get_queryset(self):
        return selectors.customer_list()


@extend_schema(
    tags=["customers"],
    summary="List customers (summary, public)",
    description="Same filters and validation as GET /customers; items are short.",
    responses={200: PersonSummarySerializer(many=True), **error_responses(400, 404)},
)
class CustomerSummaryView(
    CallerFreeMixin, QueryFirstMixin, KeptPagesMixin, RowShapeListMixin, ListAPIView
):
    permission_classes = [AllowAny]
    kept_body = True  # public: the same bytes for every caller
    pagination_class = ReelfakePagination
    serializer_class = PersonSummarySerializer
    row_shape = PERSON_SUMMARY_ROW
    filter_backends = [FilterBackend]
    same_queryset_always = True
    filterset_class = CustomerFilter

    def get_queryset(self):
        return selectors.customer_summary_list()


# get_object() for the /customers/{id} routes, in the contract's order: the path id (400,
# with the route's message), the customer exists (404), then a customer caller reaches only
# their own record (403). Mixins carry comments, not docstrings: drf-spectacular would show
# a docstring as the description of the views' operations.
class CustomerObjectMixin:
    def get_object(self):
        return self.customer_object(positive_id(self.kwargs["id"], MSG_INVALID_CUSTOMER_ID))

    # The lookup and the permission check, for a customer id already parsed.
    def customer_object(self, customer_id: int):
        customer = selectors.customer_get(customer_id)
        if customer is None:
            raise _not_found()
        self.check_object_permissions(self.request, customer)
        return customer


# A customer acts on their own record only; staff and managers on any.
class OwnRecordOnly(AnyRole):
    def has_object_permission(self, request, view, obj):
        return request.user.role != CUSTOMER or request.user.id == obj.id


class CustomerDetailView(MethodPermissionsMixin, CustomerObjectMixin, GenericAPIView):
    method_permissions = {
        "GET": [OwnRecordOnly],
        "PUT": [(IsCustomer | IsStoreManager) & OwnRecordOnly],
        "DELETE": [IsStoreManager],
    }
    serializer_class = CustomerDetailSerializer
    row_shape = CUSTOMER_DETAIL_ROW

    @extend_schema(
        tags=["customers"],
        summary="A customer",
        description="A customer reads only their own record; staff and managers any.",
        parameters=[_id_param()],
        responses={200: CustomerDetailSerializer, **ERRORS_LIST},
    )
    def get(self, request, id):
        # The detail is one compiled query (people.selectors.customer_detail_row).
        customer_id = positive_id(id, MSG_INVALID_ID)
        customer = selectors.customer_detail_row(customer_id)
        if customer is None:
            raise _not_found()
        if request.user.role == CUSTOMER and request.user.id != customer["id"]:
            raise PermissionDenied()
        return Response(self.row_shape.one(customer))

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
        customer = self.get_object()
        body = validated_body(CustomerUpdateBodySerializer, request)
        services.customer_update(customer=customer, **body)
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
        services.customer_delete(customer=self.get_object())
        return Response(status=204)


class CustomerActivationView(CustomerObjectMixin, GenericAPIView):
    permission_classes = [IsStoreManager]
    active: bool

    def patch(self, request, id):
        services.customer_set_active(customer=self.get_object(), active=self.active)
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


class CustomerPreferredStoreView(CustomerObjectMixin, GenericAPIView):
    permission_classes = [IsCustomer & OwnRecordOnly]

    @extend_schema(
        tags=["customers"],
        summary="Set the caller's preferred store",
        description="Only for the caller's own customer record (P2).",
        parameters=[_id_param(), _id_param("store_id")],
        request=None,
        responses={**NO_CONTENT, **ERRORS_LIST},
    )
    def patch(self, request, id, store_id):
        # Both path ids are checked (400), the customer's first, before the lookup.
        customer_id = positive_id(id, MSG_INVALID_CUSTOMER_ID)
        store_id = positive_id(store_id, MSG_INVALID_STORE_ID)
        customer = self.customer_object(customer_id)
        services.customer_set_preferred_store(customer=customer, store_id=store_id)
        return Response(status=204)


# Staff ----------------------------------------------------------------------------------
# GET /staff, POST /staff and /staff/{id} hire, move and fire staff at a store: they are
# stores/views.py's (docs/people.md "App dependencies").


@extend_schema(
    tags=["staff"],
    summary="List staff (summary, public)",
    description="Same filters and validation as GET /staff; items are short.",
    responses={200: PersonSummarySerializer(many=True), **error_responses(400, 404)},
)
class StaffSummaryView(CallerFreeMixin, QueryFirstMixin, RowShapeListMixin, ListAPIView):
    permission_classes = [AllowAny]
    pagination_class = ReelfakePagination
    serializer_class = PersonSummarySerializer
    row_shape = PERSON_SUMMARY_ROW
    filter_backends = [FilterBackend]
    same_queryset_always = True
    filterset_class = StaffFilter

    def get_queryset(self):
        return selectors.staff_summary_list()


class ManagersEnvelope(ItemsEnvelope):
    """The managers lists keep the reference's `lenggth` key; `length` is added."""

    length_keys = ("lenggth", "length")


def _managers_schema(name: str, item):
    return inline_serializer(
        name,
        {
            "items": item(many=True),
            "lenggth": serializers.IntegerField(help_text="Sic: the reference's spelling."),
            "length": serializers.IntegerField(),
        },
    )


# The whole list of store managers (no page, no filter), as `row_shape` rows. A
# GenericAPIView, not a ListAPIView: drf-spectacular would document a list view's body as
# a page of envelopes.
class ManagerListMixin:
    pagination_class = ManagersEnvelope

    def get(self, request):
        rows = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self.row_shape.of(rows, request))


@extend_schema(
    tags=["staff"],
    summary="List store managers",
    responses={
        200: _managers_schema("StoreManagerListBody", StoreManagerListSerializer),
        **error_responses(401, 403),
    },
)
class StoreManagerListView(ManagerListMixin, GenericAPIView):
    permission_classes = [IsStaff]
    serializer_class = StoreManagerListSerializer
    row_shape = STORE_MANAGER_ROW

    def get_queryset(self):
        return selectors.store_manager_list()


@extend_schema(
    tags=["staff"],
    summary="List store managers (summary, public)",
    responses={200: _managers_schema("StoreManagerSummaryListBody", PersonSummarySerializer)},
)
class StoreManagerSummaryView(CallerFreeMixin, ManagerListMixin, GenericAPIView):
    permission_classes = [AllowAny]
    serializer_class = PersonSummarySerializer
    row_shape = PERSON_SUMMARY_ROW

    def get_queryset(self):
        return selectors.store_manager_summary_list()
