"""Shapes of rentals, cart, wishlist and stats (docs/stores.md): one
serializer per wire shape, `…Serializer` out and `…BodySerializer` in."""

import datetime

from rest_framework import serializers

from movies.models import Movie
from movies.serializers import MovieSummarySerializer
from people.models import Staff
from people.serializers import CustomerSerializer
from places.serializers import AddressSerializer
from reelfake.fields import AbsoluteUrlField, NumberField
from reelfake.ids import int_from_json
from reelfake.rows import RowShape
from rentals.models import Cart, Rental, Wishlist
from rentals.services import (
    INT_MAX,
    MSG_MISSING_DATA,
    MSG_QUANTITY,
    MSG_STORE_ID,
)
from stores.models import Inventory, Store
from stores.serializers import StaffRowSerializer


class TimestampField(serializers.DateTimeField):
    """The contract's timestamps: ISO-8601 in UTC with milliseconds and a `Z`
    (`2024-01-06T10:00:00.000Z`), as JavaScript's Date#toISOString writes them."""

    def to_representation(self, value):
        if value is None:
            return None
        value = value.astimezone(datetime.UTC)
        if value.year < 1000:  # strftime's %Y does not pad these years to four digits
            return f"{value:%Y-%m-%dT%H:%M:%S}.{value.microsecond // 1000:03d}Z"
        # isoformat truncates to milliseconds as the line above does, at a third of its cost
        # (a page has 200 timestamps).
        return value.isoformat(timespec="milliseconds")[:-6] + "Z"


def money_field(source: str) -> serializers.DecimalField:
    """NUMERIC(5,2) amounts, sent as strings ("9.99")."""
    return serializers.DecimalField(source=source, max_digits=5, decimal_places=2)


class RentalFieldsSerializer(serializers.ModelSerializer):
    """The rental columns every rental shape starts with."""

    rentalStartDate = TimestampField(source="rental_start_date")
    rentalEndDate = TimestampField(source="rental_end_date")
    returnDate = TimestampField(source="return_date", allow_null=True)
    rentalDuration = serializers.IntegerField(source="rental_duration")
    delayedByDays = serializers.IntegerField(source="delayed_by_days", allow_null=True)
    amountPaid = money_field("amount_paid")
    discountAmount = money_field("discount_amount")
    paymentDate = TimestampField(source="payment_date")
    rentalType = serializers.CharField(source="rental_type")

    class Meta:
        model = Rental
        fields = [
            "id",
            "rentalStartDate",
            "rentalEndDate",
            "returnDate",
            "rentalDuration",
            "delayedByDays",
            "amountPaid",
            "discountAmount",
            "paymentDate",
            "rentalType",
        ]


class RentalMovieSerializer(serializers.ModelSerializer):
    class Meta:
        model = Movie
        fields = ["id", "title"]


class RentalSerializer(RentalFieldsSerializer):
    """GET /rentals items."""

    storeId = serializers.IntegerField(source="inventory.store_id")
    movie = RentalMovieSerializer(source="inventory.movie")

    class Meta(RentalFieldsSerializer.Meta):
        fields = [*RentalFieldsSerializer.Meta.fields, "storeId", "movie"]


class StoreRentalMovieSerializer(serializers.Serializer):
    """The movie of a store rental, with the current stock of its inventory row."""

    id = serializers.IntegerField(source="movie.id")
    title = serializers.CharField(source="movie.title")
    stock = serializers.IntegerField(source="stock_count")


class StoreRentalSerializer(RentalSerializer):
    """GET /rentals/my_store items."""

    movie = StoreRentalMovieSerializer(source="inventory")


class CustomerRentalMovieSerializer(serializers.ModelSerializer):
    imdbId = serializers.CharField(source="imdb_id", allow_null=True)
    posterUrl = AbsoluteUrlField(source="poster_url", allow_null=True)
    ratingAverage = NumberField(source="rating_average")
    ratingCount = serializers.IntegerField(source="rating_count")

    class Meta:
        model = Movie
        fields = ["id", "title", "imdbId", "posterUrl", "ratingAverage", "ratingCount"]


class CustomerRentalStoreSerializer(serializers.ModelSerializer):
    phoneNumber = serializers.CharField(source="phone_number")
    storeManagerId = serializers.IntegerField(source="store_manager_id", allow_null=True)
    address = AddressSerializer()

    class Meta:
        model = Store
        fields = ["id", "phoneNumber", "storeManagerId", "address"]


class CustomerRentalSerializer(RentalFieldsSerializer):
    """GET /customers/my_rentals items and the rentals of a checkout."""

    movie = CustomerRentalMovieSerializer(source="inventory.movie")
    store = CustomerRentalStoreSerializer(source="inventory.store")

    class Meta(RentalFieldsSerializer.Meta):
        fields = [*RentalFieldsSerializer.Meta.fields, "movie", "store"]


class ProcessedBySerializer(serializers.ModelSerializer):
    firstName = serializers.CharField(source="first_name")
    lastName = serializers.CharField(source="last_name")
    phoneNumber = serializers.CharField(source="phone_number")
    address = AddressSerializer(allow_null=True)

    class Meta:
        model = Staff
        fields = ["id", "firstName", "lastName", "email", "phoneNumber", "avatar", "address"]


class RentalInventoryStoreSerializer(serializers.ModelSerializer):
    phoneNumber = serializers.CharField(source="phone_number")
    storeManager = StaffRowSerializer(source="store_manager", allow_null=True)
    address = AddressSerializer()

    class Meta:
        model = Store
        fields = ["id", "phoneNumber", "storeManager", "address"]


class RentalInventorySerializer(serializers.ModelSerializer):
    movieId = serializers.IntegerField(source="movie_id")
    stock = serializers.IntegerField(source="stock_count")
    store = RentalInventoryStoreSerializer()

    class Meta:
        model = Inventory
        fields = ["id", "movieId", "stock", "store"]


class RentalCustomerSerializer(CustomerSerializer):
    """The customer list item's fields, in the order GET /rentals/{id} sends them."""

    class Meta(CustomerSerializer.Meta):
        fields = [
            "id",
            "firstName",
            "lastName",
            "email",
            "phoneNumber",
            "avatar",
            "active",
            "preferredStoreId",
            "registeredOn",
            "address",
        ]


class RentalDetailSerializer(RentalFieldsSerializer):
    """GET /rentals/{id} and the answer of a return. Each nested address is that entity's
    own (P15)."""

    inventoryId = serializers.IntegerField(source="inventory_id")
    customerId = serializers.IntegerField(source="customer_id")
    staffId = serializers.IntegerField(source="staff_id", allow_null=True)
    processedBy = ProcessedBySerializer(source="staff", allow_null=True)
    inventory = RentalInventorySerializer()
    customer = RentalCustomerSerializer()

    class Meta(RentalFieldsSerializer.Meta):
        fields = [
            "id",
            "inventoryId",
            "customerId",
            "staffId",
            *RentalFieldsSerializer.Meta.fields[1:],
            "processedBy",
            "inventory",
            "customer",
        ]


# GET /rentals/{id} from one values() row (rentals.selectors.rental_detail_row).
RENTAL_DETAIL_ROW = RowShape(RentalDetailSerializer)


# Cart and wishlist rows: the movie's genre names and country codes are annotations of
# rentals.selectors.cart_list() / wishlist_list() (read by CART_ROW, WISHLIST_ROW).


class CartSerializer(serializers.ModelSerializer):
    """A cart row: GET /cart items, and the answer of an add or of a move to the cart."""

    movie = MovieSummarySerializer()

    class Meta:
        model = Cart
        fields = ["id", "quantity", "movie"]


class WishlistSerializer(serializers.ModelSerializer):
    """A wishlist row: GET /wishlist items, and the answer of an add or of a move to the
    wishlist."""

    movie = MovieSummarySerializer()

    class Meta:
        model = Wishlist
        fields = ["id", "movie"]


# Stats ------------------------------------------------------------------------------------


class CountTextField(serializers.CharField):
    """A count the contract sends as a string ("6")."""

    def to_representation(self, value):
        return str(value)


class AmountTextField(serializers.CharField):
    """An amount the contract sends as a string with two decimals ("264.86")."""

    def to_representation(self, value):
        return f"{value:.2f}"


# The stats shapes read the rows of rentals/stats.py.


class StatsSerializer(serializers.Serializer):
    totalMovies = serializers.IntegerField(source="movie")
    totalActors = serializers.IntegerField(source="actor")
    totalCustomers = serializers.IntegerField(source="customer")
    totalStaff = serializers.IntegerField(source="staff")
    totalStores = serializers.IntegerField(source="store")


class MostRentedMovieSerializer(serializers.Serializer):
    movieId = serializers.IntegerField(source="movie_id")
    movieTitle = serializers.CharField(source="movie.title")
    totalRentals = CountTextField(
        source="total_rentals", help_text='A count, sent as a string ("6").'
    )


class StoreSalesSerializer(serializers.Serializer):
    storeId = serializers.IntegerField(source="store_id")
    firstName = serializers.CharField(source="store.store_manager.first_name", allow_null=True)
    lastName = serializers.CharField(source="store.store_manager.last_name", allow_null=True)
    email = serializers.CharField(source="store.store_manager.email", allow_null=True)
    revenue = AmountTextField(help_text='An amount, sent as a string ("264.86").')


class CitySalesSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="city_id")
    cityName = serializers.CharField(source="city_name")
    stateName = serializers.CharField(source="state_name")
    totalSales = CountTextField(source="total_sales", help_text="A count, sent as a string.")


class MonthSalesSerializer(serializers.Serializer):
    month = serializers.CharField(source="month_text", help_text="Mon-YYYY, e.g. Apr-2024")
    totalSales = CountTextField(source="total_rentals", help_text="A count, sent as a string.")
    revenue = AmountTextField(help_text="An amount, sent as a string.")


# The items of the lists, from values() rows of the serializers' columns (reelfake/rows.py):
# the same JSON as the serializers, without model instances.
RENTAL_ROW = RowShape(RentalSerializer)
STORE_RENTAL_ROW = RowShape(StoreRentalSerializer)
CUSTOMER_RENTAL_ROW = RowShape(CustomerRentalSerializer)
CART_ROW = RowShape(CartSerializer)
WISHLIST_ROW = RowShape(WishlistSerializer)
MOST_RENTED_MOVIE_ROW = RowShape(MostRentedMovieSerializer)
STORE_SALES_ROW = RowShape(StoreSalesSerializer)
CITY_SALES_ROW = RowShape(CitySalesSerializer)
MONTH_SALES_ROW = RowShape(MonthSalesSerializer)
STATS_ROW = RowShape(StatsSerializer)


# Request bodies ---------------------------------------------------------------------------
# Read through reelfake.bodies.validated_body(): the first failing field's message (the
# contract's, in field order) is the 400.


class WholeNumberField(serializers.IntegerField):
    """An integer sent as a JSON number (2 or 2.0) or a digit string ("2", " -2 "), as
    reelfake.ids.int_from_json reads it (no booleans, fractions or other text). Out of
    `min_value`/`max_value` fails with the field's `invalid` message too: the contract has
    one message per field."""

    def to_internal_value(self, data):
        value = int_from_json(data)
        if value is None:
            self.fail("invalid")
        if self.min_value is not None and value < self.min_value:
            self.fail("invalid")
        if self.max_value is not None and value > self.max_value:
            self.fail("invalid")
        return value


MOVIE_ID_ERRORS = {key: MSG_MISSING_DATA for key in ("required", "null", "invalid")}


class CartCreateBodySerializer(serializers.Serializer):
    movieId = WholeNumberField(source="movie_id", error_messages=MOVIE_ID_ERRORS)
    quantity = WholeNumberField(
        required=False,
        min_value=1,
        max_value=INT_MAX,
        default=1,
        error_messages={"null": MSG_MISSING_DATA, "invalid": MSG_QUANTITY},
    )


class CartUpdateBodySerializer(serializers.Serializer):
    quantity = WholeNumberField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=INT_MAX,
        help_text="Absent or null: the quantity stays.",
        error_messages={"invalid": MSG_QUANTITY},
    )


class WishlistCreateBodySerializer(serializers.Serializer):
    movieId = WholeNumberField(source="movie_id", error_messages=MOVIE_ID_ERRORS)


class CheckoutBodySerializer(serializers.Serializer):
    storeId = WholeNumberField(
        source="store_id",
        required=False,
        allow_null=True,
        help_text="The store to rent from; defaults to the preferred store.",
        error_messages={"invalid": MSG_STORE_ID},
    )
