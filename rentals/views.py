"""Rental, cart, wishlist and stats routes (docs/stores.md), plus the rental loop the
reference lacks: POST /rentals/checkout and PATCH /rentals/{id}/return.

Order of checks on protected routes (docs/decisions.md "Order of checks"): authentication (401)
and role (403) by the view's permission classes, the path id (400), the target exists (404),
then store scoping or ownership (403) by the object permissions of rentals/permissions.py,
then the body (400, by the route's input serializer)."""

from __future__ import annotations

from types import SimpleNamespace

from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework.exceptions import NotFound
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

from reelfake.bodies import validated_body
from reelfake.db.compiled import CompiledRows
from reelfake.exceptions import ApplicationError
from reelfake.ids import int_from_json, path_id
from reelfake.pagination import OptionalPagination, items_response
from reelfake.permissions import CUSTOMER, AnyRole, IsCustomer, IsStaff
from reelfake.rows import RowShape, RowShapeListMixin
from reelfake.schema import error_responses, id_parameter, item_list_schema, optional_page_schema
from rentals import selectors, services, stats
from rentals.models import Cart, Rental, Wishlist
from rentals.pagination import StatsLimitPagination
from rentals.permissions import IsOwner, IsProcessorIfStaff, IsRenterOrOfOwnStore
from rentals.serializers import (
    CART_ROW,
    CITY_SALES_ROW,
    CUSTOMER_RENTAL_ROW,
    MONTH_SALES_ROW,
    MOST_RENTED_MOVIE_ROW,
    RENTAL_DETAIL_ROW,
    RENTAL_ROW,
    STATS_ROW,
    STORE_RENTAL_ROW,
    STORE_SALES_ROW,
    WISHLIST_ROW,
    CartCreateBodySerializer,
    CartSerializer,
    CartUpdateBodySerializer,
    CheckoutBodySerializer,
    CitySalesSerializer,
    CustomerRentalSerializer,
    MonthSalesSerializer,
    MostRentedMovieSerializer,
    RentalDetailSerializer,
    RentalSerializer,
    StatsSerializer,
    StoreRentalSerializer,
    StoreSalesSerializer,
    WishlistCreateBodySerializer,
    WishlistSerializer,
)

MSG_INVALID_ID = "Invalid id"
MSG_NO_RENTAL = "No rentals found"
MSG_NO_STORE = "Preferred store not found for the customer"  # sic, sent to staff too

NO_CONTENT = {204: OpenApiResponse(description="Done; empty body.")}


def staff_store_id(user) -> int:
    """Staff resolution of the rental routes: the caller's store, or the contract's 400
    when they have none. (A deleted or inactive user never gets here: their token stops
    working at once.)"""
    if user.store_id is None:
        raise ApplicationError(MSG_NO_STORE)
    return user.store_id


# Rentals ----------------------------------------------------------------------------------
# The list views keep the operation ids they had as APIViews (`…_retrieve`; a list view's
# would end in `_list`), so generated clients keep their method names.


@extend_schema_view(get=extend_schema(operation_id="rentals_list"))
@extend_schema(
    tags=["rentals"],
    summary="Rentals of the caller",
    description=(
        "Staff and managers: the rentals they processed at their store. Customers: their "
        "own rentals (the reference answered 403). Unpaginated unless `page` is sent."
    ),
    responses={
        200: optional_page_schema("RentalList", RentalSerializer),
        **error_responses(400, 401, 403),
    },
)
class RentalListView(RowShapeListMixin, ListAPIView):
    permission_classes = [AnyRole]
    pagination_class = OptionalPagination
    serializer_class = RentalSerializer
    row_shape = RENTAL_ROW
    queryset = Rental.objects.none()  # the model, for the schema; get_queryset() reads

    def get_queryset(self):
        user = self.request.user
        if user.role == CUSTOMER:
            return selectors.rental_list_of_customer(user.id)
        return selectors.rental_list_processed_by(staff_id=user.id, store_id=staff_store_id(user))


@extend_schema_view(get=extend_schema(operation_id="api_rentals_my_store_retrieve"))
@extend_schema(
    tags=["rentals"],
    summary="Rentals of the caller's store",
    description="Note the list key `rentals` (not `items`); `movie.stock` is the current "
    "stock of the rental's inventory row. Unpaginated unless `page` is sent.",
    responses={
        200: optional_page_schema("StoreRentalList", StoreRentalSerializer, key="rentals"),
        **error_responses(400, 401, 403),
    },
)
class StoreRentalListView(RowShapeListMixin, ListAPIView):
    permission_classes = [IsStaff]
    pagination_class = OptionalPagination
    serializer_class = StoreRentalSerializer
    row_shape = STORE_RENTAL_ROW
    items_key = "rentals"
    queryset = Rental.objects.none()

    def get_queryset(self):
        return self.queryset_for(staff_store_id(self.request.user))

    def kept_total(self):
        return self.kept_total_for(staff_store_id(self.request.user))

    # A numbered page's SQL is compiled once for every store (docs/performance.md "Rental
    # lists: compiled once").
    def compiled_value(self):
        return staff_store_id(self.request.user)

    def queryset_for(self, value):
        return selectors.rental_list_of_store(value)

    def kept_total_for(self, value):
        return selectors.rental_store_total(value)


class RentalObjectMixin:
    """get_object() of the rental routes: the path id (400), staff resolution (400), the
    rental with what RentalDetailSerializer reads (404), then the view's object permissions
    (403)."""

    queryset = Rental.objects.none()

    def get_object(self) -> Rental:
        rental_id = path_id(self.kwargs["id"], MSG_INVALID_ID)
        if self.request.user.role != CUSTOMER:
            staff_store_id(self.request.user)
        rental = selectors.rental_detail_queryset().filter(id=rental_id).first()
        if rental is None:
            raise NotFound(MSG_NO_RENTAL)
        self.check_object_permissions(self.request, rental)
        return rental


@extend_schema(
    tags=["rentals"],
    summary="A rental",
    description=(
        "Staff and managers of the rental's store (another store → 403; plain staff also "
        "403 for rentals they did not process), or the customer who rented it."
    ),
    parameters=[id_parameter()],
    responses={200: RentalDetailSerializer, **error_responses(400, 401, 403, 404)},
)
class RentalDetailView(RentalObjectMixin, RetrieveAPIView):
    permission_classes = [AnyRole, IsRenterOrOfOwnStore, IsProcessorIfStaff]
    serializer_class = RentalDetailSerializer

    def retrieve(self, request, *args, **kwargs):
        # RentalObjectMixin's checks in its order, on one compiled row instead of model
        # instances (docs/performance.md "Rental detail").
        rental_id = path_id(self.kwargs["id"], MSG_INVALID_ID)
        if request.user.role != CUSTOMER:
            staff_store_id(request.user)
        row = selectors.rental_detail_row(rental_id)
        if row is None:
            raise NotFound(MSG_NO_RENTAL)
        self.check_object_permissions(request, _RentalFacts(row))
        return Response(RENTAL_DETAIL_ROW.one(row, request))


class _RentalFacts:
    """What rentals/permissions.py reads of a rental, from a RENTAL_DETAIL_ROW row."""

    __slots__ = ("customer_id", "staff_id", "inventory")

    def __init__(self, row: dict):
        self.customer_id = row["customer_id"]
        self.staff_id = row["staff_id"]
        self.inventory = SimpleNamespace(store_id=row["inventory__store__id"])


@extend_schema(
    tags=["rentals"],
    summary="Return a rented copy",
    description=(
        "Beyond the reference. Staff and managers of the rental's store. Sets the return "
        "date to now, `delayedByDays` to the whole days past the end date (rounded up; "
        "null when on time) and puts the copy back in stock. The stats are unchanged (a "
        "return is not a sale). A second return → 400."
    ),
    parameters=[id_parameter()],
    request=None,
    responses={200: RentalDetailSerializer, **error_responses(400, 401, 403, 404)},
)
class RentalReturnView(RentalObjectMixin, GenericAPIView):
    permission_classes = [IsStaff, IsRenterOrOfOwnStore]
    serializer_class = RentalDetailSerializer

    def patch(self, request, *args, **kwargs):
        rental = self.get_object()
        services.rental_return(rental=rental)
        rental = selectors.rental_detail_queryset().get(id=rental.id)
        return Response(self.get_serializer(rental).data)


@extend_schema(
    tags=["rentals"],
    summary="Rent everything in the cart",
    description=(
        "Beyond the reference. Rents every copy in the caller's cart from one store (body "
        f"`storeId`, else the preferred store): one online rental per copy for "
        f"{services.RENTAL_DAYS} days at the movie's rental rate, stock decremented, cart "
        "emptied, in one transaction. When a movie lacks copies at that store → 409 naming "
        "the movies (also listed under `extra.movies`) and nothing changes. No store → 400; "
        "empty cart → 400; unknown store → 404. The stats include the new rentals at once."
    ),
    responses={
        201: item_list_schema("CheckoutRentals", CustomerRentalSerializer),
        **error_responses(400, 401, 403, 404, 409),
    },
)
class CheckoutView(CreateAPIView):
    permission_classes = [IsCustomer]
    serializer_class = CheckoutBodySerializer

    def create(self, request, *args, **kwargs):
        data = validated_body(CheckoutBodySerializer, request)
        rentals = services.rental_checkout(customer=request.user.record, **data)
        rows = selectors.customer_rentals().filter(id__in=[rental.id for rental in rentals])
        response = items_response(CUSTOMER_RENTAL_ROW.of(rows, request))
        response.status_code = 201
        return response


@extend_schema_view(get=extend_schema(operation_id="api_customers_my_rentals_retrieve"))
@extend_schema(
    tags=["customers"],
    summary="The caller's rentals",
    description="Unpaginated unless `page` is sent.",
    responses={
        200: optional_page_schema("CustomerRentalList", CustomerRentalSerializer),
        **error_responses(400, 401, 403),
    },
)
class MyRentalListView(RowShapeListMixin, ListAPIView):
    permission_classes = [IsCustomer]
    pagination_class = OptionalPagination
    serializer_class = CustomerRentalSerializer
    row_shape = CUSTOMER_RENTAL_ROW
    queryset = Rental.objects.none()

    def get_queryset(self):
        return selectors.customer_rental_list(self.request.user.id)

    def list(self, request, *args, **kwargs):
        if self.paginator.paginates(request):
            return super().list(request, *args, **kwargs)
        # The usual request, the whole list: SQL compiled once (docs/performance.md
        # "Rental lists: compiled once").
        rows = selectors.customer_rental_rows(request.user.id)
        return items_response(self.row_shape.many(rows, request))


# Cart and wishlist ------------------------------------------------------------------------


class OwnRowMixin:
    """get_object() of a cart or wishlist row: a missing row (or a non-numeric id) is 404
    `not_found`; then another customer's row is 403 (IsOwner)."""

    not_found: str

    def get_object(self):
        row_id = int_from_json(self.kwargs["id"])
        row = None if row_id is None else self.get_queryset().filter(id=row_id).first()
        if row is None:
            raise NotFound(self.not_found)
        self.check_object_permissions(self.request, row)
        return row


def _item(shape: RowShape, rows, request) -> dict:
    """The one item of `rows` (a list's queryset narrowed to one id) in the list's shape."""
    return shape.of(rows, request)[0]


@extend_schema(tags=["cart"])
class CartListView(RowShapeListMixin, ListCreateAPIView):
    permission_classes = [IsCustomer]
    pagination_class = None
    row_shape = CART_ROW
    queryset = Cart.objects.none()

    def get_serializer_class(self):
        return CartCreateBodySerializer if self.request.method == "POST" else CartSerializer

    def get_queryset(self):
        return selectors.cart_list(self.request.user.id)

    @extend_schema(
        summary="The caller's cart",
        operation_id="api_cart_retrieve",
        description="In the order the rows were added.",
        responses={200: item_list_schema("CartList", CartSerializer), **error_responses(401, 403)},
    )
    def get(self, request, *args, **kwargs):
        return self.list(request, *args, **kwargs)

    @extend_schema(
        summary="Add a movie to the cart",
        description="`quantity` defaults to 1 and must be a whole number >= 1.",
        responses={201: CartSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request, *args, **kwargs):
        return self.create(request, *args, **kwargs)

    def create(self, request, *args, **kwargs):
        data = validated_body(CartCreateBodySerializer, request)
        cart = services.cart_add(customer_id=request.user.id, **data)
        item = _item(CART_ROW, self.get_queryset().filter(id=cart.id), request)
        return Response(item, status=201)


@extend_schema(tags=["cart"], parameters=[id_parameter()])
class CartDetailView(OwnRowMixin, DestroyModelMixin, GenericAPIView):
    permission_classes = [IsCustomer, IsOwner]
    queryset = Cart.objects.all()
    serializer_class = CartUpdateBodySerializer
    not_found = services.MSG_CART_NOT_FOUND

    @extend_schema(
        summary="Change a cart row's quantity",
        description="A missing quantity changes nothing. Another customer's row → 403.",
        responses={**NO_CONTENT, **error_responses(400, 401, 403, 404)},
    )
    def put(self, request, *args, **kwargs):
        cart = self.get_object()
        data = validated_body(CartUpdateBodySerializer, request)
        services.cart_set_quantity(cart=cart, **data)
        return Response(status=204)

    @extend_schema(
        summary="Remove a cart row",
        description="Another customer's row → 403.",
        responses={**NO_CONTENT, **error_responses(401, 403, 404)},
    )
    def delete(self, request, *args, **kwargs):
        return self.destroy(request, *args, **kwargs)

    def perform_destroy(self, instance):
        services.cart_delete(cart=instance)


@extend_schema(
    tags=["cart"],
    summary="Move a cart row to the wishlist",
    description="A movie already on the wishlist keeps its wishlist row (answered here).",
    parameters=[id_parameter()],
    request=None,
    responses={201: WishlistSerializer, **error_responses(401, 403, 404)},
)
class CartMoveToWishlistView(OwnRowMixin, GenericAPIView):
    permission_classes = [IsCustomer, IsOwner]
    queryset = Cart.objects.all()
    serializer_class = WishlistSerializer
    not_found = services.MSG_CART_NOT_FOUND

    def post(self, request, *args, **kwargs):
        wishlist = services.cart_move_to_wishlist(cart=self.get_object())
        rows = selectors.wishlist_list(request.user.id).filter(id=wishlist.id)
        return Response(_item(WISHLIST_ROW, rows, request), status=201)


@extend_schema(tags=["wishlist"])
class WishlistListView(RowShapeListMixin, ListCreateAPIView):
    permission_classes = [IsCustomer]
    pagination_class = None
    row_shape = WISHLIST_ROW
    queryset = Wishlist.objects.none()

    def get_serializer_class(self):
        return WishlistCreateBodySerializer if self.request.method == "POST" else WishlistSerializer

    def get_queryset(self):
        return selectors.wishlist_list(self.request.user.id)

    @extend_schema(
        summary="The caller's wishlist",
        operation_id="api_wishlist_retrieve",
        description="In the order the rows were added.",
        responses={
            200: item_list_schema("WishlistList", WishlistSerializer),
            **error_responses(401, 403),
        },
    )
    def get(self, request, *args, **kwargs):
        return self.list(request, *args, **kwargs)

    @extend_schema(
        summary="Add a movie to the wishlist",
        description="A movie already on the wishlist → 400.",
        responses={201: WishlistSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request, *args, **kwargs):
        return self.create(request, *args, **kwargs)

    def create(self, request, *args, **kwargs):
        data = validated_body(WishlistCreateBodySerializer, request)
        wishlist = services.wishlist_add(customer_id=request.user.id, **data)
        item = _item(WISHLIST_ROW, self.get_queryset().filter(id=wishlist.id), request)
        return Response(item, status=201)


@extend_schema(
    tags=["wishlist"],
    summary="Remove a wishlist row",
    description="Another customer's row → 403.",
    parameters=[id_parameter()],
    responses={**NO_CONTENT, **error_responses(401, 403, 404)},
)
class WishlistDetailView(OwnRowMixin, DestroyModelMixin, GenericAPIView):
    permission_classes = [IsCustomer, IsOwner]
    queryset = Wishlist.objects.all()
    serializer_class = WishlistSerializer
    not_found = services.MSG_WISHLIST_NOT_FOUND

    def delete(self, request, *args, **kwargs):
        return self.destroy(request, *args, **kwargs)

    def perform_destroy(self, instance):
        services.wishlist_delete(wishlist=instance)


@extend_schema(
    tags=["wishlist"],
    summary="Move a wishlist row to the cart",
    description="Quantity 1, or one more copy when the movie is already in the cart.",
    parameters=[id_parameter()],
    request=None,
    responses={201: CartSerializer, **error_responses(401, 403, 404)},
)
class WishlistMoveToCartView(OwnRowMixin, GenericAPIView):
    permission_classes = [IsCustomer, IsOwner]
    queryset = Wishlist.objects.all()
    serializer_class = CartSerializer
    not_found = services.MSG_WISHLIST_NOT_FOUND

    def post(self, request, *args, **kwargs):
        cart = services.wishlist_move_to_cart(wishlist=self.get_object())
        rows = selectors.cart_list(request.user.id).filter(id=cart.id)
        return Response(_item(CART_ROW, rows, request), status=201)


# Stats ------------------------------------------------------------------------------------


@extend_schema(tags=["stats"], summary="Catalog and people totals", responses=StatsSerializer)
class StatsView(RetrieveAPIView):
    permission_classes = [AllowAny]
    serializer_class = StatsSerializer

    def get_object(self):
        return stats.stats_totals()

    def retrieve(self, request, *args, **kwargs):
        return Response(STATS_ROW.one(self.get_object(), request))


class StatsListView(ListAPIView):
    """A stats list for staff and managers: the selector's ordered rows in `row_shape`'s
    columns, compiled to SQL once per process (`queryset`, a CompiledRows: the stats answer in
    about a millisecond, as much as building the query would take), the top `limit` of them
    (StatsLimitPagination) or all (sales by month)."""

    permission_classes = [IsStaff]
    pagination_class = StatsLimitPagination
    row_shape: RowShape

    def list(self, request, *args, **kwargs):
        rows = self.get_queryset()
        page = self.paginate_queryset(rows)
        return items_response(self.row_shape.many(list(rows) if page is None else page, request))


def _stats_schema(route: str, summary: str, description: str, name: str, item, errors):
    # operation_id: the ids these routes had as APIViews (a list view would end in `_list`).
    def decorate(view):
        view = extend_schema_view(get=extend_schema(operation_id=f"api_stats_{route}_retrieve"))(
            view
        )
        return extend_schema(
            tags=["stats"],
            summary=summary,
            description=description,
            responses={200: item_list_schema(name, item), **error_responses(*errors)},
        )(view)

    return decorate


@_stats_schema(
    "most_rented_movies",
    "Most rented movies",
    "By rentals, most first; ties by movie id.",
    "MostRentedMovieList",
    MostRentedMovieSerializer,
    (400, 401, 403),
)
class MostRentedMoviesView(StatsListView):
    serializer_class = MostRentedMovieSerializer
    row_shape = MOST_RENTED_MOVIE_ROW
    queryset = CompiledRows(
        lambda: stats.most_rented_movies().values(*MOST_RENTED_MOVIE_ROW.columns)
    )


@_stats_schema(
    "sales_by_store",
    "Revenue by store",
    "With the store manager's name and email (null without one); most first, ties by store id.",
    "StoreSalesList",
    StoreSalesSerializer,
    (400, 401, 403),
)
class SalesByStoreView(StatsListView):
    serializer_class = StoreSalesSerializer
    row_shape = STORE_SALES_ROW
    queryset = CompiledRows(lambda: stats.sales_by_store().values(*STORE_SALES_ROW.columns))


@_stats_schema(
    "sales_by_city",
    "Rentals by city",
    "The stores' cities; most first, ties by city id.",
    "CitySalesList",
    CitySalesSerializer,
    (400, 401, 403),
)
class SalesByCityView(StatsListView):
    serializer_class = CitySalesSerializer
    row_shape = CITY_SALES_ROW
    queryset = CompiledRows(lambda: stats.sales_by_city().values(*CITY_SALES_ROW.columns))


@_stats_schema(
    "sales_by_month",
    "Rentals and revenue by payment month",
    "No limit. Months (UTC) in alphabetical order of their text, as the contract keeps it: "
    "Apr-2024, Aug-2024, Feb-2024, …",
    "MonthSalesList",
    MonthSalesSerializer,
    (401, 403),
)
class SalesByMonthView(StatsListView):
    pagination_class = None
    serializer_class = MonthSalesSerializer
    row_shape = MONTH_SALES_ROW
    queryset = CompiledRows(lambda: stats.sales_by_month().values(*MONTH_SALES_ROW.columns))
