"""Rental, cart, wishlist and stats routes (people-stores-rentals.md §1 my_rentals, §5–§8),
plus the rental loop the reference lacks: POST /rentals/checkout and
PATCH /rentals/{id}/return.

Order of checks on protected routes (DECISIONS.md): authentication (401), role (403), the
path id (400), the target exists (404), store scoping or ownership (403), then the body."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from reelfake.bodies import json_object
from reelfake.exceptions import ApplicationError
from reelfake.ids import int_from_json
from reelfake.pagination import items_response
from reelfake.permissions import (
    CUSTOMER,
    STAFF,
    AnyRole,
    IsCustomer,
    IsStaff,
    require_own_store,
)
from reelfake.schema import error_responses, item_list_schema
from rentals import selectors, services, stats
from rentals.models import Cart, Wishlist
from rentals.serializers import (
    CUSTOMER_RENTAL_ROW,
    RENTAL_ROW,
    STORE_RENTAL_ROW,
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
    cart_item_data,
    wishlist_item_data,
)
from stores.shared import (
    PAGE_PARAMETER,
    id_parameter,
    optional_page_response,
    optional_page_schema,
    path_id,
)

MSG_INVALID_ID = "Invalid id"
MSG_NO_RENTAL = "No rentals found"
MSG_NOT_PROCESSOR = "You are not authorized to view the resource"
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


class RentalListView(APIView):
    permission_classes = [AnyRole]

    @extend_schema(
        tags=["rentals"],
        summary="Rentals of the caller",
        operation_id="rentals_list",
        description=(
            "Staff and managers: the rentals they processed at their store. Customers: their "
            "own rentals (the reference answered 403). Unpaginated unless `page` is sent."
        ),
        parameters=[PAGE_PARAMETER],
        responses={
            200: optional_page_schema("RentalList", RentalSerializer),
            **error_responses(400, 401, 403),
        },
    )
    def get(self, request):
        user = request.user
        if user.role == CUSTOMER:
            rentals = selectors.rental_list_of_customer(user.id)
        else:
            rentals = selectors.rental_list_processed_by(
                staff_id=user.id, store_id=staff_store_id(user)
            )
        return optional_page_response(request, rentals, RENTAL_ROW)


class StoreRentalListView(APIView):
    permission_classes = [IsStaff]

    @extend_schema(
        tags=["rentals"],
        summary="Rentals of the caller's store",
        description="Note the list key `rentals` (not `items`); `movie.stock` is the current "
        "stock of the rental's inventory row. Unpaginated unless `page` is sent.",
        parameters=[PAGE_PARAMETER],
        responses={
            200: optional_page_schema("StoreRentalList", StoreRentalSerializer, key="rentals"),
            **error_responses(400, 401, 403),
        },
    )
    def get(self, request):
        rentals = selectors.rental_list_of_store(staff_store_id(request.user))
        return optional_page_response(request, rentals, STORE_RENTAL_ROW, key="rentals")


def _rental_for(request, id):
    """The rental a caller may act on: a rental of their store (staff and managers), or
    their own (customers). Checks in the DECISIONS.md order: id, staff resolution, 404,
    then scoping or ownership (403)."""
    rental_id = path_id(id, MSG_INVALID_ID)
    user = request.user
    if user.role != CUSTOMER:
        staff_store_id(user)
    rental = selectors.rental_get(rental_id)
    if rental is None:
        raise ApplicationError(MSG_NO_RENTAL, status=404)
    if user.role == CUSTOMER:
        if rental.customer_id != user.id:
            raise PermissionDenied()
    else:
        require_own_store(user, rental.inventory.store_id)
    return rental


class RentalDetailView(APIView):
    permission_classes = [AnyRole]

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
    def get(self, request, id):
        rental = _rental_for(request, id)
        if request.user.role == STAFF and rental.staff_id != request.user.id:
            raise PermissionDenied(MSG_NOT_PROCESSOR)
        rental = selectors.rental_detail_queryset().get(id=rental.id)
        return Response(RentalDetailSerializer(rental).data)


class RentalReturnView(APIView):
    permission_classes = [IsStaff]

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
    def patch(self, request, id):
        rental = _rental_for(request, id)
        services.rental_return(rental=rental)
        rental = selectors.rental_detail_queryset().get(id=rental.id)
        return Response(RentalDetailSerializer(rental).data)


class CheckoutView(APIView):
    permission_classes = [IsCustomer]

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
        request=CheckoutBodySerializer,
        responses={
            201: item_list_schema("CheckoutRentals", CustomerRentalSerializer),
            **error_responses(400, 401, 403, 404, 409),
        },
    )
    def post(self, request):
        body = json_object(request)
        rentals = services.rental_checkout(
            customer=request.user.record, store_id=body.get("storeId")
        )
        rows = selectors.customer_rentals().filter(id__in=[rental.id for rental in rentals])
        response = items_response(CUSTOMER_RENTAL_ROW.of(rows, request))
        response.status_code = 201
        return response


class MyRentalListView(APIView):
    permission_classes = [IsCustomer]

    @extend_schema(
        tags=["customers"],
        summary="The caller's rentals",
        description="Unpaginated unless `page` is sent.",
        parameters=[PAGE_PARAMETER],
        responses={
            200: optional_page_schema("CustomerRentalList", CustomerRentalSerializer),
            **error_responses(400, 401, 403),
        },
    )
    def get(self, request):
        rentals = selectors.customer_rental_list(request.user.id)
        return optional_page_response(request, rentals, CUSTOMER_RENTAL_ROW)


# Cart and wishlist ------------------------------------------------------------------------


def _own_row(model, request, id, message: str):
    """The caller's cart or wishlist row. A missing row (or a non-numeric id) is 404; then
    another customer's row is 403 (the order of checks in docs/stores.md: the target exists,
    then ownership)."""
    row_id = int_from_json(id)
    row = None
    if row_id is not None:
        row = model.objects.filter(id=row_id).first()
    if row is None:
        raise ApplicationError(message, status=404)
    if row.customer_id != request.user.id:
        raise PermissionDenied()
    return row


def cart_response(request, cart_id: int, *, status: int = 200) -> Response:
    row = selectors.cart_rows(request.user.id, cart_id=cart_id).get()
    return Response(cart_item_data(row, request), status=status)


def wishlist_response(request, wishlist_id: int, *, status: int = 200) -> Response:
    row = selectors.wishlist_rows(request.user.id, wishlist_id=wishlist_id).get()
    return Response(wishlist_item_data(row, request), status=status)


class CartListView(APIView):
    permission_classes = [IsCustomer]

    @extend_schema(
        tags=["cart"],
        summary="The caller's cart",
        responses={200: item_list_schema("CartList", CartSerializer), **error_responses(401, 403)},
    )
    def get(self, request):
        rows = selectors.cart_rows(request.user.id)
        return items_response(cart_item_data(row, request) for row in rows)

    @extend_schema(
        tags=["cart"],
        summary="Add a movie to the cart",
        description="`quantity` defaults to 1 and must be a whole number >= 1.",
        request=CartCreateBodySerializer,
        responses={201: CartSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request):
        body = json_object(request)
        cart = services.cart_add(
            customer_id=request.user.id,
            movie_id=body.get("movieId"),
            quantity=body.get("quantity", 1),
        )
        return cart_response(request, cart.id, status=201)


class CartDetailView(APIView):
    permission_classes = [IsCustomer]

    @extend_schema(
        tags=["cart"],
        summary="Change a cart row's quantity",
        description="A missing quantity changes nothing. Another customer's row → 403.",
        parameters=[id_parameter()],
        request=CartUpdateBodySerializer,
        responses={**NO_CONTENT, **error_responses(400, 401, 403, 404)},
    )
    def put(self, request, id):
        cart = _own_row(Cart, request, id, services.MSG_CART_NOT_FOUND)
        services.cart_set_quantity(cart=cart, quantity=json_object(request).get("quantity"))
        return Response(status=204)

    @extend_schema(
        tags=["cart"],
        summary="Remove a cart row",
        parameters=[id_parameter()],
        responses={**NO_CONTENT, **error_responses(401, 403, 404)},
    )
    def delete(self, request, id):
        services.cart_delete(cart=_own_row(Cart, request, id, services.MSG_CART_NOT_FOUND))
        return Response(status=204)


class CartMoveToWishlistView(APIView):
    permission_classes = [IsCustomer]

    @extend_schema(
        tags=["cart"],
        summary="Move a cart row to the wishlist",
        description="A movie already on the wishlist keeps its wishlist row (answered here).",
        parameters=[id_parameter()],
        request=None,
        responses={201: WishlistSerializer, **error_responses(401, 403, 404)},
    )
    def post(self, request, id):
        cart = _own_row(Cart, request, id, services.MSG_CART_NOT_FOUND)
        wishlist = services.cart_move_to_wishlist(cart=cart)
        return wishlist_response(request, wishlist.id, status=201)


class WishlistListView(APIView):
    permission_classes = [IsCustomer]

    @extend_schema(
        tags=["wishlist"],
        summary="The caller's wishlist",
        responses={
            200: item_list_schema("WishlistList", WishlistSerializer),
            **error_responses(401, 403),
        },
    )
    def get(self, request):
        rows = selectors.wishlist_rows(request.user.id)
        return items_response(wishlist_item_data(row, request) for row in rows)

    @extend_schema(
        tags=["wishlist"],
        summary="Add a movie to the wishlist",
        request=WishlistCreateBodySerializer,
        responses={201: WishlistSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request):
        body = json_object(request)
        wishlist = services.wishlist_add(customer_id=request.user.id, movie_id=body.get("movieId"))
        return wishlist_response(request, wishlist.id, status=201)


class WishlistDetailView(APIView):
    permission_classes = [IsCustomer]

    @extend_schema(
        tags=["wishlist"],
        summary="Remove a wishlist row",
        parameters=[id_parameter()],
        responses={**NO_CONTENT, **error_responses(401, 403, 404)},
    )
    def delete(self, request, id):
        wishlist = _own_row(Wishlist, request, id, services.MSG_WISHLIST_NOT_FOUND)
        services.wishlist_delete(wishlist=wishlist)
        return Response(status=204)


class WishlistMoveToCartView(APIView):
    permission_classes = [IsCustomer]

    @extend_schema(
        tags=["wishlist"],
        summary="Move a wishlist row to the cart",
        description="Quantity 1, or one more copy when the movie is already in the cart.",
        parameters=[id_parameter()],
        request=None,
        responses={201: CartSerializer, **error_responses(401, 403, 404)},
    )
    def post(self, request, id):
        wishlist = _own_row(Wishlist, request, id, services.MSG_WISHLIST_NOT_FOUND)
        cart = services.wishlist_move_to_cart(wishlist=wishlist)
        return cart_response(request, cart.id, status=201)


# Stats ------------------------------------------------------------------------------------

LIMIT_PARAMETER = OpenApiParameter(
    "limit",
    str,
    required=True,
    description="Required; a number from 0 to 500 (fractions are rounded).",
)


class StatsView(APIView):
    @extend_schema(tags=["stats"], summary="Catalog and people totals", responses=StatsSerializer)
    def get(self, request):
        return Response(stats.stats_totals())


class LimitedStatsView(APIView):
    """A top-`limit` stats list for staff and managers."""

    permission_classes = [IsStaff]
    selector = None

    def get(self, request):
        limit = stats.limit_parse(request.GET.getlist("limit"))
        return items_response(self.selector(limit))


def _stats_schema(summary: str, description: str, name: str, item):
    return extend_schema(
        tags=["stats"],
        summary=summary,
        description=description,
        parameters=[LIMIT_PARAMETER],
        responses={200: item_list_schema(name, item), **error_responses(400, 401, 403)},
    )


class MostRentedMoviesView(LimitedStatsView):
    selector = staticmethod(stats.most_rented_movies)

    @_stats_schema(
        "Most rented movies",
        "By rentals, most first; ties by movie id.",
        "MostRentedMovieList",
        MostRentedMovieSerializer,
    )
    def get(self, request):
        return super().get(request)


class SalesByStoreView(LimitedStatsView):
    selector = staticmethod(stats.sales_by_store)

    @_stats_schema(
        "Revenue by store",
        "With the store manager's name and email (null without one); most first, ties by store id.",
        "StoreSalesList",
        StoreSalesSerializer,
    )
    def get(self, request):
        return super().get(request)


class SalesByCityView(LimitedStatsView):
    selector = staticmethod(stats.sales_by_city)

    @_stats_schema(
        "Rentals by city",
        "The stores' cities; most first, ties by city id.",
        "CitySalesList",
        CitySalesSerializer,
    )
    def get(self, request):
        return super().get(request)


class SalesByMonthView(APIView):
    permission_classes = [IsStaff]

    @extend_schema(
        tags=["stats"],
        summary="Rentals and revenue by payment month",
        description=(
            "No limit. Months (UTC) in alphabetical order of their text, as the contract keeps "
            "it: Apr-2024, Aug-2024, Feb-2024, …"
        ),
        responses={
            200: item_list_schema("MonthSalesList", MonthSalesSerializer),
            **error_responses(401, 403),
        },
    )
    def get(self, request):
        return items_response(stats.sales_by_month())
