"""Output shapes of rentals, cart and wishlist (people-stores-rentals.md §1, §5–§7)."""

import datetime

from rest_framework import serializers

from movies.models import Movie
from movies.serializers import MovieSummarySerializer, movie_summary_data
from people.models import Staff
from people.serializers import CustomerSerializer
from places.serializers import AddressSerializer
from reelfake.fields import AbsoluteUrlField, NumberField
from reelfake.rows import RowShape
from rentals.models import Cart, Rental, Wishlist
from stores.models import Inventory, Store
from stores.serializers import StaffRowSerializer


class TimestampField(serializers.DateTimeField):
    """The contract's timestamps: ISO-8601 in UTC with milliseconds and a `Z`
    (`2024-01-06T10:00:00.000Z`), as JavaScript's Date#toISOString writes them."""

    def to_representation(self, value):
        if value is None:
            return None
        value = value.astimezone(datetime.UTC)
        return f"{value:%Y-%m-%dT%H:%M:%S}.{value.microsecond // 1000:03d}Z"


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


# The lists' items from values() rows (reelfake/rows.py): these serializers, without model
# instances.
RENTAL_ROW = RowShape(RentalSerializer)
STORE_RENTAL_ROW = RowShape(StoreRentalSerializer)
CUSTOMER_RENTAL_ROW = RowShape(CustomerRentalSerializer)


def _movie_of(row: dict, request) -> dict:
    movie = {key[5:]: value for key, value in row.items() if key.startswith("film_")}
    return movie_summary_data(movie, request)


def cart_item_data(row: dict, request) -> dict:
    """CartSerializer's output for a row of rentals.selectors.cart_rows()."""
    return {"id": row["id"], "quantity": row["quantity"], "movie": _movie_of(row, request)}


def wishlist_item_data(row: dict, request) -> dict:
    """WishlistSerializer's output for a row of rentals.selectors.wishlist_rows()."""
    return {"id": row["id"], "movie": _movie_of(row, request)}


class CartSerializer(serializers.ModelSerializer):
    """The cart item shape, for the OpenAPI schema: the routes build it with cart_item_data
    (tests/rentals/test_cart_list.py checks that both agree)."""

    movie = MovieSummarySerializer()

    class Meta:
        model = Cart
        fields = ["id", "quantity", "movie"]


class WishlistSerializer(serializers.ModelSerializer):
    """The wishlist item shape (OpenAPI), built by wishlist_item_data."""

    movie = MovieSummarySerializer()

    class Meta:
        model = Wishlist
        fields = ["id", "movie"]


# Stats ------------------------------------------------------------------------------------


class StatsSerializer(serializers.Serializer):
    totalMovies = serializers.IntegerField()
    totalActors = serializers.IntegerField()
    totalCustomers = serializers.IntegerField()
    totalStaff = serializers.IntegerField()
    totalStores = serializers.IntegerField()


class MostRentedMovieSerializer(serializers.Serializer):
    movieId = serializers.IntegerField()
    movieTitle = serializers.CharField()
    totalRentals = serializers.CharField(help_text='A count, sent as a string ("6").')


class StoreSalesSerializer(serializers.Serializer):
    storeId = serializers.IntegerField()
    firstName = serializers.CharField(allow_null=True)
    lastName = serializers.CharField(allow_null=True)
    email = serializers.CharField(allow_null=True)
    revenue = serializers.CharField(help_text='An amount, sent as a string ("264.86").')


class CitySalesSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    cityName = serializers.CharField()
    stateName = serializers.CharField()
    totalSales = serializers.CharField(help_text="A count, sent as a string.")


class MonthSalesSerializer(serializers.Serializer):
    month = serializers.CharField(help_text="Mon-YYYY, e.g. Apr-2024")
    totalSales = serializers.CharField(help_text="A count, sent as a string.")
    revenue = serializers.CharField(help_text="An amount, sent as a string.")


# Request bodies (OpenAPI only) -------------------------------------------------------------


class CartCreateBodySerializer(serializers.Serializer):
    movieId = serializers.IntegerField()
    quantity = serializers.IntegerField(required=False, min_value=1, default=1)


class CartUpdateBodySerializer(serializers.Serializer):
    quantity = serializers.IntegerField(required=False, min_value=1)


class WishlistCreateBodySerializer(serializers.Serializer):
    movieId = serializers.IntegerField()


class CheckoutBodySerializer(serializers.Serializer):
    storeId = serializers.IntegerField(
        required=False, help_text="The store to rent from; defaults to the preferred store."
    )
