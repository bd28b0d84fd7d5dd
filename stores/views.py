"""Store and inventory routes and GET /movies/{id}/stores.

Order of checks on protected routes (docs/decisions.md): authentication (401), role (403), the
path id (400), the target exists (404), store scoping (403), then the body (400, in the
contract's order: its input serializer's values, then the services' checks that need
rows)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.generics import (
    CreateAPIView,
    GenericAPIView,
    ListAPIView,
    ListCreateAPIView,
    RetrieveAPIView,
)
from rest_framework.mixins import DestroyModelMixin
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from movies.filters import MOVIE_FILTER_PARAMS, MovieFilter
from people import selectors as people_selectors
from people import services as people_services
from people.filters import StaffFilter
from people.models import Staff
from people.serializers import (
    STAFF_DETAIL_ROW,
    STAFF_ROW,
    StaffCreatedSerializer,
    StaffDetailSerializer,
    StaffSerializer,
)
from reelfake.bodies import validated_body, validated_data
from reelfake.exceptions import ApplicationError
from reelfake.filtering import FilterBackend
from reelfake.generics import QueryFirstMixin
from reelfake.ids import path_id, staff_path_id
from reelfake.messages import (
    MSG_INVALID_ID,
    MSG_INVALID_MOVIE_ID,
    MSG_INVALID_STORE_ID,
    MSG_NOT_FOUND,
    MSG_NOT_FOUND_ON_DELETE,
    MSG_STORE_NOT_FOUND,
)
from reelfake.pagination import (
    ItemsEnvelope,
    OptionalPagination,
    ReelfakePagination,
    first_row_of,
    parse_page,
)
from reelfake.permissions import (
    IsStaff,
    IsStoreManager,
    MethodPermissionsMixin,
    require_own_store,
)
from reelfake.rows import RowShapeListMixin
from reelfake.schema import (
    error_responses,
    id_parameter,
    item_list_schema,
    optional_page_schema,
)
from stores import selectors, services
from stores.models import Inventory
from stores.serializers import (
    STORE_MOVIE_ROW,
    STORE_ROW,
    STORE_STAFF_ROW,
    InventoryCreateBodySerializer,
    InventorySerializer,
    InventoryUpdateBodySerializer,
    MovieStoreSerializer,
    StaffCreateBodySerializer,
    StaffStoreBodySerializer,
    StaffUpdateBodySerializer,
    StoreCreateBodySerializer,
    StoreCreatedSerializer,
    StoreDeleteQuerySerializer,
    StoreDetailSerializer,
    StoreMovieSerializer,
    StoreSerializer,
    StoreStaffSerializer,
    StoreStockSerializer,
    StoreUpdateBodySerializer,
)

MSG_OUT_OF_STOCK = "Movie is out of stock"

NO_CONTENT = {204: OpenApiResponse(description="Done; empty body.")}


class StoreListView(MethodPermissionsMixin, RowShapeListMixin, ListCreateAPIView):
    # Unpaginated: the whole list as {"items": [...], "length": n} (RowShapeListMixin).
    method_permissions = {"GET": [AllowAny], "POST": [IsStoreManager]}
    pagination_class = None
    filter_backends = []
    serializer_class = StoreSerializer
    row_shape = STORE_ROW

    def get_queryset(self):
        return selectors.store_list()

    @extend_schema(
        tags=["stores"],
        summary="List stores",
        operation_id="stores_list",
        responses=item_list_schema("StoreList", StoreSerializer),
    )
    def get(self, request, *args, **kwargs):
        return self.list(request, *args, **kwargs)

    @extend_schema(
        tags=["stores"],
        summary="Create a store",
        description=(
            "Any store manager. `phoneNumber` and `address` are required, plus at most one of "
            "`storeManagerId` (an existing staff member, moved to the new store) or "
            "`storeManager` (a new staff member without password). The manager's store becomes "
            "the new store, so they log in as STORE_MANAGER. `storeManagerId` must be on the "
            "caller's store staff or on none (another store's staff → 403). Addresses in use "
            "by another store, staff member or customer are refused."
        ),
        request=StoreCreateBodySerializer,
        responses={201: StoreCreatedSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request, *args, **kwargs):
        return self.create(request, *args, **kwargs)

    def create(self, request, *args, **kwargs):
        # The contract's one-message 400 (validated_body), not DRF's field errors.
        store = self.perform_create(validated_body(StoreCreateBodySerializer, request))
        return Response(StoreCreatedSerializer(store).data, status=201)

    def perform_create(self, body):
        """The validated body to the service; the new store, read in the answer's shape."""
        store = services.store_create(user=self.request.user, **body)
        return selectors.store_detail_queryset().get(id=store.id)


# get_object() for /stores/{id} writes, in the contract's order: the path id (400), the store
# exists (404), it is the caller's store (403). (A comment: drf-spectacular shows a mixin's
# docstring as the operations' description.)
class StoreObjectMixin:
    not_found_message = MSG_NOT_FOUND

    def get_object(self):
        store = selectors.store_get(path_id(self.kwargs["id"], MSG_INVALID_STORE_ID))
        if store is None:
            raise ApplicationError(self.not_found_message, status=404)
        require_own_store(self.request.user, store.id)
        return store


class StoreDetailView(MethodPermissionsMixin, StoreObjectMixin, DestroyModelMixin, GenericAPIView):
    method_permissions = {
        "GET": [AllowAny],
        "PUT": [IsStoreManager],
        "DELETE": [IsStoreManager],
    }
    serializer_class = StoreDetailSerializer

    @property
    def not_found_message(self):
        return MSG_NOT_FOUND_ON_DELETE if self.request.method == "DELETE" else MSG_NOT_FOUND

    @extend_schema(
        tags=["stores"],
        summary="A store",
        description="`storeManager` carries the manager's own address; `staffCount` counts "
        "the staff whose store it is.",
        parameters=[id_parameter()],
        responses={200: StoreDetailSerializer, **error_responses(400, 404)},
    )
    def get(self, request, id):
        store = selectors.store_detail(path_id(id, MSG_INVALID_STORE_ID))
        if store is None:
            raise ApplicationError(MSG_NOT_FOUND, status=404)
        return Response(self.get_serializer(store).data)

    @extend_schema(
        tags=["stores"],
        summary="Update a store",
        description=(
            "The manager of this store only (another store → 403). All fields optional. The "
            "store keeps its state and country. A new `storeManagerId` (this store's staff or "
            "staff of no store; another store's → 403) moves that staff member to the store "
            "and makes them its manager; the previous manager stays on its staff. "
            "Stores without a manager can be updated."
        ),
        parameters=[id_parameter()],
        request=StoreUpdateBodySerializer,
        responses={**NO_CONTENT, **error_responses(400, 401, 403, 404)},
    )
    def put(self, request, id):
        store = self.get_object()
        body = validated_body(StoreUpdateBodySerializer, request)
        services.store_update(user=request.user, store=store, **body)
        return Response(status=204)

    @extend_schema(
        tags=["stores"],
        summary="Delete a store",
        description=(
            "The manager of this store only. Refused (nothing changed) while staff work there "
            "unless `forceDelete=true|yes` (their rows are deleted too), when the store has "
            "rental history, or when customers prefer it. Inventory rows go with the store."
        ),
        parameters=[id_parameter(), StoreDeleteQuerySerializer],
        responses={**NO_CONTENT, **error_responses(400, 401, 403, 404)},
    )
    def delete(self, request, *args, **kwargs):
        return self.destroy(request, *args, **kwargs)

    def perform_destroy(self, instance):
        query = validated_data(StoreDeleteQuerySerializer, self.request.query_params)
        services.store_delete(store=instance, **query)


class StoreStockView(RetrieveAPIView):
    permission_classes = [AllowAny]
    serializer_class = StoreStockSerializer

    def get_object(self):
        store_id = path_id(self.kwargs["id"], MSG_INVALID_STORE_ID)
        return {"id": store_id, "stock": selectors.store_stock_count(store_id)}

    @extend_schema(
        tags=["stores"],
        summary="Copies a store holds",
        description="`stock` sums the store's inventory; null when it has none (unknown "
        "stores included).",
        parameters=[id_parameter()],
        responses={200: StoreStockSerializer, **error_responses(400)},
    )
    def get(self, request, *args, **kwargs):
        return self.retrieve(request, *args, **kwargs)


class StoreMovieListView(ListAPIView):
    # The items are StoreMovieSerializer's, compiled (STORE_MOVIE_ROW); the movie filters are
    # MovieFilter's, applied by the selector.
    permission_classes = [AllowAny]
    serializer_class = StoreMovieSerializer
    pagination_class = ReelfakePagination
    filter_backends = []
    queryset = Inventory.objects.none()  # for the schema only
    filter_params = MOVIE_FILTER_PARAMS

    def get_queryset(self):
        """The page asked (400), the movie filters (400), the path id (400), in that order."""
        requested = parse_page(self.request)
        movies = MovieFilter.matching(self.request.GET)
        store_id = path_id(self.kwargs["id"], MSG_INVALID_STORE_ID)
        return selectors.StoreMoviePage(
            selectors.store_movie_rows(store_id, movies),
            shape=STORE_MOVIE_ROW,
            first_row=first_row_of(requested),
        )

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(STORE_MOVIE_ROW.many(page, request))

    @extend_schema(
        tags=["stores"],
        summary="Movies in stock at a store",
        description=(
            "Inventory rows with stock > 0, paged in inventory id order, with the movie "
            "filters of GET /movies (same syntax and messages). Items: `{id, stock, movie}` "
            "with the MovieDetail shape."
        ),
        parameters=[
            id_parameter(),
            OpenApiParameter("page", str, description="Integer >= 1, `first` or `last`."),
            *[OpenApiParameter(name, str) for name in MOVIE_FILTER_PARAMS],
        ],
        responses={200: StoreMovieSerializer(many=True), **error_responses(400, 404)},
    )
    def get(self, request, *args, **kwargs):
        return self.list(request, *args, **kwargs)


@extend_schema(
    tags=["stores"],
    summary="Staff of a store",
    description="Staff and managers, any store; empty for unknown stores.",
    parameters=[id_parameter()],
    responses={
        200: optional_page_schema("StoreStaffList", StoreStaffSerializer),
        **error_responses(400, 401, 403),
    },
)
class StoreStaffListView(RowShapeListMixin, ListAPIView):
    # Unpaginated unless `page` is sent (OptionalPagination, docs/stores.md).
    permission_classes = [IsStaff]
    pagination_class = OptionalPagination
    filter_backends = []
    serializer_class = StoreStaffSerializer
    row_shape = STORE_STAFF_ROW
    queryset = Staff.objects.none()  # the model, for the schema; get_queryset() reads

    def get_queryset(self):
        return selectors.store_staff_list(path_id(self.kwargs["id"], MSG_INVALID_STORE_ID))


class InventoryCreateView(CreateAPIView):
    permission_classes = [IsStaff]
    serializer_class = InventorySerializer

    @extend_schema(
        tags=["inventory"],
        summary="Stock a movie at a store",
        description=(
            "Staff and managers, for their own store (another store → 403). snake_case body; "
            "one row per (movie, store)."
        ),
        request=InventoryCreateBodySerializer,
        responses={201: InventorySerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request, *args, **kwargs):
        return self.create(request, *args, **kwargs)

    def create(self, request, *args, **kwargs):
        # The contract's one-message 400 (validated_body), not DRF's field errors.
        inventory = self.perform_create(validated_body(InventoryCreateBodySerializer, request))
        return Response(self.get_serializer(inventory).data, status=201)

    def perform_create(self, body):
        """The validated body to the service; the new row, read in the answer's shape."""
        inventory = services.inventory_create(user=self.request.user, **body)
        return selectors.inventory_detail(inventory.id)


class InventoryDetailView(DestroyModelMixin, GenericAPIView):
    permission_classes = [IsStaff]
    serializer_class = InventoryUpdateBodySerializer

    def get_object(self):
        """The path id (400), the row exists (404), it is the caller's store's (403)."""
        inventory = selectors.inventory_get(path_id(self.kwargs["id"], MSG_INVALID_ID))
        if inventory is None:
            raise ApplicationError(MSG_NOT_FOUND, status=404)
        require_own_store(self.request.user, inventory.store_id)
        return inventory

    @extend_schema(
        tags=["inventory"],
        summary="Update an inventory row",
        description=(
            "Staff and managers of the row's store. Fields optional; a row moved to another "
            "store must stay in the caller's store and not duplicate a (movie, store) pair."
        ),
        parameters=[id_parameter()],
        request=InventoryUpdateBodySerializer,
        responses={**NO_CONTENT, **error_responses(400, 401, 403, 404)},
    )
    def put(self, request, id):
        inventory = self.get_object()
        body = validated_body(InventoryUpdateBodySerializer, request)
        services.inventory_update(user=request.user, inventory=inventory, **body)
        return Response(status=204)

    @extend_schema(
        tags=["inventory"],
        summary="Delete an inventory row",
        description="Staff and managers of the row's store; refused while rentals use it.",
        parameters=[id_parameter()],
        responses={**NO_CONTENT, **error_responses(400, 401, 403, 404)},
    )
    def delete(self, request, *args, **kwargs):
        return self.destroy(request, *args, **kwargs)

    def perform_destroy(self, instance):
        services.inventory_delete(inventory=instance)


class MovieStoreListView(ListAPIView):
    permission_classes = [AllowAny]
    pagination_class = ItemsEnvelope
    filter_backends = []
    serializer_class = MovieStoreSerializer

    def get_queryset(self):
        """The movie's inventory rows; none at all is the contract's 404."""
        rows = list(selectors.movie_store_list(path_id(self.kwargs["id"], MSG_INVALID_MOVIE_ID)))
        if not rows:
            raise ApplicationError(MSG_OUT_OF_STOCK, status=404)
        return rows

    @extend_schema(
        tags=["movies"],
        summary="Stores holding a movie",
        operation_id="api_movies_stores_retrieve",  # the id it had before it was a list view
        description="Every inventory row of the movie, most copies first (empty rows too).",
        parameters=[id_parameter()],
        responses={
            200: item_list_schema("MovieStoreList", MovieStoreSerializer),
            **error_responses(400, 404),
        },
    )
    def get(self, request, *args, **kwargs):
        return self.list(request, *args, **kwargs)


# Staff ----------------------------------------------------------------------------------
# /staff and /staff/{id}: hiring, moving and firing staff are Staff <-> store assignment, so
# these routes live here (stores/services.py); their reads are people's selectors and
# shapes (docs/people.md "App dependencies").

STAFF_ERRORS = error_responses(400, 401, 403, 404)


class StaffListView(QueryFirstMixin, MethodPermissionsMixin, RowShapeListMixin, ListCreateAPIView):
    method_permissions = {"GET": [IsStaff], "POST": [IsStoreManager]}
    pagination_class = ReelfakePagination
    serializer_class = StaffSerializer
    row_shape = STAFF_ROW
    filter_backends = [FilterBackend]
    same_queryset_always = True
    filterset_class = StaffFilter

    def get_queryset(self):
        return people_selectors.staff_list()

    @extend_schema(
        tags=["staff"],
        summary="List staff",
        description="Staff and managers. Same pagination and filters as GET /customers.",
        responses={200: StaffSerializer(many=True), **STAFF_ERRORS},
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
        responses={201: StaffCreatedSerializer, **STAFF_ERRORS},
    )
    def post(self, request, *args, **kwargs):
        return self.create(request, *args, **kwargs)

    def create(self, request, *args, **kwargs):
        # The store first (its id 400, exists 404, is the caller's 403), then the body, with
        # the contract's one-message 400 (validated_body), not DRF's field errors.
        store_id = validated_body(StaffStoreBodySerializer, request)["store_id"]
        if store_id is None:
            store_id = request.user.store_id
        store = selectors.store_get(store_id)
        if store is None:
            raise ApplicationError(MSG_STORE_NOT_FOUND, status=404)
        require_own_store(request.user, store.id)
        body = validated_body(StaffCreateBodySerializer, request)
        body["store"] = store  # in place of the store_id checked above
        del body["store_id"]
        staff = self.perform_create(body)
        return Response(StaffCreatedSerializer(staff).data, status=201)

    def perform_create(self, body):
        """The validated body to the service; the new member, read in the answer's shape."""
        staff = services.staff_create(**body)
        return people_selectors.staff_detail_queryset().get(id=staff.id)


class StaffDetailView(MethodPermissionsMixin, DestroyModelMixin, GenericAPIView):
    method_permissions = {"GET": [IsStaff], "PUT": [IsStoreManager], "DELETE": [IsStoreManager]}
    serializer_class = StaffDetailSerializer
    row_shape = STAFF_DETAIL_ROW

    def get_object(self):
        """The path id (400; 0 or less is 404), the staff member exists (404), they work at
        the caller's store (403)."""
        not_found = MSG_NOT_FOUND_ON_DELETE if self.request.method == "DELETE" else MSG_NOT_FOUND
        staff = people_selectors.staff_get(staff_path_id(self.kwargs["id"], not_found))
        if staff is None:
            raise ApplicationError(not_found, status=404)
        require_own_store(self.request.user, staff.store_id)
        return staff

    @extend_schema(
        tags=["staff"],
        summary="A staff member",
        description="The nested store carries the store's own address (P15).",
        parameters=[id_parameter()],
        responses={200: StaffDetailSerializer, **STAFF_ERRORS},
    )
    def get(self, request, id):
        # Any staff member reads any other: one compiled query, no store scoping.
        staff = people_selectors.staff_detail_row(staff_path_id(id))
        if staff is None:
            raise ApplicationError(MSG_NOT_FOUND, status=404)
        return Response(self.row_shape.one(staff))

    @extend_schema(
        tags=["staff"],
        summary="Update a staff member",
        description=(
            "Managers, for staff of their own store. Only the listed fields are written; "
            "never a password or a role (P5)."
        ),
        parameters=[id_parameter()],
        request=StaffUpdateBodySerializer,
        responses={204: None, **STAFF_ERRORS},
    )
    def put(self, request, id):
        staff = self.get_object()
        body = validated_body(StaffUpdateBodySerializer, request)
        services.staff_update(staff=staff, caller_store_id=request.user.store_id, **body)
        return Response(status=204)

    @extend_schema(
        tags=["staff"],
        summary="Delete a staff member",
        description=(
            "Managers, for staff of their own store. Refused for a store's manager and for "
            "staff who processed rentals."
        ),
        parameters=[id_parameter()],
        responses={204: None, **STAFF_ERRORS},
    )
    def delete(self, request, *args, **kwargs):
        return self.destroy(request, *args, **kwargs)

    def perform_destroy(self, instance):
        people_services.staff_delete(staff=instance)
