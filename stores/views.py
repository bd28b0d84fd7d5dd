"""Store and inventory routes (people-stores-rentals.md §3, §4) and GET /movies/{id}/stores
(catalog-auth-uploads.md §3).

Order of checks on protected routes (DECISIONS.md): authentication (401), role (403), the
path id (400), the target exists (404), store scoping (403), then the body (400, in the
contract's order, inside the services)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from movies.filters import MOVIE_FILTER_PARAMS, MovieFilter
from movies.models import Movie
from reelfake.bodies import json_object
from reelfake.exceptions import ApplicationError
from reelfake.pagination import ReelfakePagination, first_row_of, items_response, parse_page
from reelfake.permissions import (
    IsStaff,
    IsStoreManager,
    MethodPermissionsMixin,
    require_own_store,
)
from reelfake.schema import error_responses, item_list_schema
from stores import selectors, services
from stores.models import Inventory
from stores.serializers import (
    STORE_ROW,
    STORE_STAFF_ROW,
    InventoryCreateBodySerializer,
    InventorySerializer,
    InventoryUpdateBodySerializer,
    MovieStoreSerializer,
    StoreCreateBodySerializer,
    StoreCreatedSerializer,
    StoreDetailSerializer,
    StoreMovieSerializer,
    StoreSerializer,
    StoreStaffSerializer,
    StoreStockSerializer,
    StoreUpdateBodySerializer,
)
from stores.shared import (
    PAGE_PARAMETER,
    id_parameter,
    optional_page_response,
    optional_page_schema,
    path_id,
    reject_nul,
)

MSG_INVALID_STORE_ID = "Invalid store id"
MSG_INVALID_MOVIE_ID = "Invalid movie id"
MSG_INVALID_ID = "Invalid id"
MSG_NOT_FOUND = "Resources not found"
MSG_NOT_FOUND_ON_DELETE = "Resource not found"  # singular, as the contract sends it
MSG_OUT_OF_STOCK = "Movie is out of stock"
FORCE_VALUES = {"true", "yes"}

NO_CONTENT = {204: OpenApiResponse(description="Done; empty body.")}


def _store_or_404(store_id: int, message: str = MSG_NOT_FOUND):
    store = selectors.store_get(store_id)
    if store is None:
        raise ApplicationError(message, status=404)
    return store


class StoreListView(MethodPermissionsMixin, APIView):
    method_permissions = {"POST": [IsStoreManager]}

    @extend_schema(
        tags=["stores"],
        summary="List stores",
        operation_id="stores_list",
        responses=item_list_schema("StoreList", StoreSerializer),
    )
    def get(self, request):
        return items_response(STORE_ROW.of(selectors.store_list()))

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
    def post(self, request):
        body = json_object(request)
        reject_nul(body)
        store = services.store_create(
            user=request.user,
            phone_number=body.get("phoneNumber"),
            address=body.get("address"),
            store_manager_id=body.get("storeManagerId"),
            store_manager=body.get("storeManager"),
        )
        store = selectors.store_detail_queryset().get(id=store.id)
        return Response(StoreCreatedSerializer(store).data, status=201)


class StoreDetailView(MethodPermissionsMixin, APIView):
    method_permissions = {"PUT": [IsStoreManager], "DELETE": [IsStoreManager]}

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
        return Response(StoreDetailSerializer(store).data)

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
        store = _store_or_404(path_id(id, MSG_INVALID_STORE_ID))
        require_own_store(request.user, store.id)
        body = json_object(request)
        reject_nul(body)
        services.store_update(
            user=request.user,
            store=store,
            phone_number=body.get("phoneNumber"),
            address=body.get("address"),
            store_manager_id=body.get("storeManagerId"),
            store_manager=body.get("storeManager"),
        )
        return Response(status=204)

    @extend_schema(
        tags=["stores"],
        summary="Delete a store",
        description=(
            "The manager of this store only. Refused (nothing changed) while staff work there "
            "unless `forceDelete=true|yes` (their rows are deleted too), when the store has "
            "rental history, or when customers prefer it. Inventory rows go with the store."
        ),
        parameters=[
            id_parameter(),
            OpenApiParameter("forceDelete", str, description="`true` or `yes`"),
        ],
        responses={**NO_CONTENT, **error_responses(400, 401, 403, 404)},
    )
    def delete(self, request, id):
        store = _store_or_404(path_id(id, MSG_INVALID_STORE_ID), MSG_NOT_FOUND_ON_DELETE)
        require_own_store(request.user, store.id)
        force = request.GET.get("forceDelete", "").strip().lower() in FORCE_VALUES
        services.store_delete(store=store, force=force)
        return Response(status=204)


class StoreStockView(APIView):
    @extend_schema(
        tags=["stores"],
        summary="Copies a store holds",
        description="`stock` sums the store's inventory; null when it has none (unknown "
        "stores included).",
        parameters=[id_parameter()],
        responses={200: StoreStockSerializer, **error_responses(400)},
    )
    def get(self, request, id):
        store_id = path_id(id, MSG_INVALID_STORE_ID)
        return Response({"id": store_id, "stock": selectors.store_stock_count(store_id)})


class StoreMovieListView(GenericAPIView):
    # GenericAPIView with the paginator and serializer, so the schema shows the paginated
    # envelope; the items themselves come from StoreMoviePage.
    serializer_class = StoreMovieSerializer
    pagination_class = ReelfakePagination
    queryset = Inventory.objects.none()  # for the schema only
    filter_params = MOVIE_FILTER_PARAMS

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
    def get(self, request, id):
        requested = parse_page(request)
        movie_filter = MovieFilter.from_params(request.GET)
        store_id = path_id(id, MSG_INVALID_STORE_ID)
        movies = None
        if movie_filter.conditions or movie_filter.matches_nothing:
            movies = movie_filter.apply(Movie.objects.all())
        rows = selectors.StoreMoviePage(
            selectors.store_movie_rows(store_id, movies),
            base_url=request.build_absolute_uri("/").rstrip("/"),
            first_row=first_row_of(requested),
        )
        return self.get_paginated_response(self.paginate_queryset(rows))


class StoreStaffListView(APIView):
    permission_classes = [IsStaff]

    @extend_schema(
        tags=["stores"],
        summary="Staff of a store",
        description="Staff and managers, any store; empty for unknown stores.",
        parameters=[id_parameter(), PAGE_PARAMETER],
        responses={
            200: optional_page_schema("StoreStaffList", StoreStaffSerializer),
            **error_responses(400, 401, 403),
        },
    )
    def get(self, request, id):
        staff = selectors.store_staff_list(path_id(id, MSG_INVALID_STORE_ID))
        return optional_page_response(request, staff, STORE_STAFF_ROW, view=self)


class InventoryCreateView(APIView):
    permission_classes = [IsStaff]

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
    def post(self, request):
        body = json_object(request)
        inventory = services.inventory_create(
            user=request.user,
            movie_id=body.get("movie_id"),
            store_id=body.get("store_id"),
            stock_count=body.get("stock_count"),
        )
        inventory = selectors.inventory_detail(inventory.id)
        return Response(
            InventorySerializer(inventory, context={"request": request}).data, status=201
        )


class InventoryDetailView(APIView):
    permission_classes = [IsStaff]

    def _inventory(self, request, id):
        inventory = selectors.inventory_get(path_id(id, MSG_INVALID_ID))
        if inventory is None:
            raise ApplicationError(MSG_NOT_FOUND, status=404)
        require_own_store(request.user, inventory.store_id)
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
        inventory = self._inventory(request, id)
        body = json_object(request)
        services.inventory_update(
            user=request.user,
            inventory=inventory,
            movie_id=body.get("movie_id"),
            store_id=body.get("store_id"),
            stock_count=body.get("stock_count"),
        )
        return Response(status=204)

    @extend_schema(
        tags=["inventory"],
        summary="Delete an inventory row",
        description="Staff and managers of the row's store; refused while rentals use it.",
        parameters=[id_parameter()],
        responses={**NO_CONTENT, **error_responses(400, 401, 403, 404)},
    )
    def delete(self, request, id):
        services.inventory_delete(inventory=self._inventory(request, id))
        return Response(status=204)


class MovieStoreListView(APIView):
    @extend_schema(
        tags=["movies"],
        summary="Stores holding a movie",
        description="Every inventory row of the movie, most copies first (empty rows too).",
        parameters=[id_parameter()],
        responses={
            200: item_list_schema("MovieStoreList", MovieStoreSerializer),
            **error_responses(400, 404),
        },
    )
    def get(self, request, id):
        rows = list(selectors.movie_store_list(path_id(id, MSG_INVALID_MOVIE_ID)))
        if not rows:
            raise ApplicationError(MSG_OUT_OF_STOCK, status=404)
        return items_response(MovieStoreSerializer(rows, many=True).data)
