"""Output shapes of stores and inventory."""

from rest_framework import serializers

from movies.serializers import MovieDetailSerializer
from people.models import Staff
from people.serializers import IsStoreManagerMixin
from places.serializers import AddressBodySerializer, AddressSerializer
from reelfake.bodies import BodySerializer
from reelfake.rows import RowShape
from stores.models import Inventory, Store


class StoreSerializer(serializers.ModelSerializer):
    """GET /stores items; also the store of POST /inventory."""

    storeManagerId = serializers.IntegerField(source="store_manager_id", allow_null=True)
    phoneNumber = serializers.CharField(source="phone_number")
    address = AddressSerializer()

    class Meta:
        model = Store
        fields = ["id", "storeManagerId", "phoneNumber", "address"]


class StoreDetailManagerSerializer(serializers.ModelSerializer):
    firstName = serializers.CharField(source="first_name")
    lastName = serializers.CharField(source="last_name")
    phoneNumber = serializers.CharField(source="phone_number")
    storeId = serializers.IntegerField(source="store_id", allow_null=True)
    address = AddressSerializer(allow_null=True)

    class Meta:
        model = Staff
        fields = [
            "id",
            "firstName",
            "lastName",
            "email",
            "phoneNumber",
            "storeId",
            "active",
            "avatar",
            "address",
        ]


class StoreCreatedSerializer(serializers.ModelSerializer):
    """POST /stores: the store detail without staffCount."""

    phoneNumber = serializers.CharField(source="phone_number")
    storeManager = StoreDetailManagerSerializer(source="store_manager", allow_null=True)
    address = AddressSerializer()

    class Meta:
        model = Store
        fields = ["id", "phoneNumber", "storeManager", "address"]


class StoreDetailSerializer(StoreCreatedSerializer):
    """GET /stores/{id}: reads the `staff_count` annotation of store_detail_queryset()."""

    staffCount = serializers.IntegerField(source="staff_count")

    class Meta(StoreCreatedSerializer.Meta):
        fields = [*StoreCreatedSerializer.Meta.fields, "staffCount"]


class StoreStockSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    stock = serializers.IntegerField(allow_null=True)


class StaffStoreRowSerializer(serializers.ModelSerializer):
    storeManagerId = serializers.IntegerField(source="store_manager_id", allow_null=True)
    addressId = serializers.IntegerField(source="address_id")
    phoneNumber = serializers.CharField(source="phone_number")

    class Meta:
        model = Store
        fields = ["id", "storeManagerId", "addressId", "phoneNumber"]


class StaffRowSerializer(serializers.ModelSerializer):
    """A staff row as raw columns (no address object): the store manager of
    GET /rentals/{id}, and the base of GET /stores/{id}/staff items."""

    firstName = serializers.CharField(source="first_name")
    lastName = serializers.CharField(source="last_name")
    addressId = serializers.IntegerField(source="address_id", allow_null=True)
    storeId = serializers.IntegerField(source="store_id", allow_null=True)
    phoneNumber = serializers.CharField(source="phone_number")

    class Meta:
        model = Staff
        fields = [
            "id",
            "firstName",
            "lastName",
            "email",
            "addressId",
            "storeId",
            "active",
            "phoneNumber",
            "avatar",
        ]


class StoreStaffSerializer(IsStoreManagerMixin, StaffRowSerializer):
    """GET /stores/{id}/staff items."""

    isStoreManager = serializers.SerializerMethodField()
    store = StaffStoreRowSerializer(allow_null=True)

    class Meta(StaffRowSerializer.Meta):
        fields = [*StaffRowSerializer.Meta.fields, "isStoreManager", "store"]


class StoreMovieSerializer(serializers.ModelSerializer):
    """GET /stores/{id}/movies items (read as STORE_MOVIE_ROW rows of
    stores.selectors.StoreMoviePage)."""

    stock = serializers.IntegerField(source="stock_count")
    movie = MovieDetailSerializer()

    class Meta:
        model = Inventory
        fields = ["id", "stock", "movie"]


class InventorySerializer(serializers.ModelSerializer):
    """POST /inventory."""

    stock = serializers.IntegerField(source="stock_count")
    movie = MovieDetailSerializer()
    store = StoreSerializer()

    class Meta:
        model = Inventory
        fields = ["id", "stock", "movie", "store"]


class FlatStoreSerializer(serializers.ModelSerializer):
    """The store of GET /movies/{id}/stores: its address flattened into the store."""

    storeManagerId = serializers.IntegerField(source="store_manager_id", allow_null=True)
    phoneNumber = serializers.CharField(source="phone_number")
    addressLine = serializers.CharField(source="address.address_line")
    city = serializers.CharField(source="address.city.city_name")
    state = serializers.CharField(source="address.city.state_name")
    country = serializers.CharField(source="address.city.country.country_name")
    postalCode = serializers.CharField(source="address.postal_code", allow_null=True)

    class Meta:
        model = Store
        fields = [
            "id",
            "storeManagerId",
            "phoneNumber",
            "addressLine",
            "city",
            "state",
            "country",
            "postalCode",
        ]


class MovieStoreSerializer(serializers.ModelSerializer):
    """GET /movies/{id}/stores items."""

    inventoryId = serializers.IntegerField(source="id")
    stock = serializers.IntegerField(source="stock_count")
    store = FlatStoreSerializer()

    class Meta:
        model = Inventory
        fields = ["inventoryId", "stock", "store"]


# Lists from values() rows (reelfake/rows.py).
STORE_ROW = RowShape(StoreSerializer)
STORE_STAFF_ROW = RowShape(StoreStaffSerializer)
STORE_MOVIE_ROW = RowShape(StoreMovieSerializer)


# Request bodies (reelfake.bodies.BodySerializer): they document the body and whitelist its
# fields; the services read the values and answer the contract's messages themselves.


class NewStoreManagerBodySerializer(BodySerializer):
    firstName = serializers.CharField(max_length=45, source="first_name")
    lastName = serializers.CharField(max_length=45, source="last_name")
    email = serializers.CharField(required=False, max_length=100)
    phoneNumber = serializers.CharField(max_length=20, source="phone_number")
    avatar = serializers.CharField(required=False, max_length=120)
    address = AddressBodySerializer()


class StoreCreateBodySerializer(BodySerializer):
    phoneNumber = serializers.CharField(max_length=20, source="phone_number")
    address = AddressBodySerializer()
    storeManagerId = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text="An existing staff member; or storeManager.",
        source="store_manager_id",
    )
    storeManager = NewStoreManagerBodySerializer(
        required=False,
        allow_null=True,
        help_text="A new staff member; or storeManagerId.",
        source="store_manager",
    )


class StoreUpdateBodySerializer(BodySerializer):
    # A new manager's object is not taken here; sent with storeManagerId it is the
    # contract's 400 "Duplicate store manager data in request", otherwise ignored.
    undocumented = {"storeManager": "store_manager"}

    phoneNumber = serializers.CharField(required=False, max_length=20, source="phone_number")
    address = AddressBodySerializer(required=False)
    storeManagerId = serializers.IntegerField(
        required=False, allow_null=True, source="store_manager_id"
    )


class InventoryCreateBodySerializer(BodySerializer):
    movie_id = serializers.IntegerField()
    store_id = serializers.IntegerField()
    stock_count = serializers.IntegerField(min_value=1)


class InventoryUpdateBodySerializer(BodySerializer):
    movie_id = serializers.IntegerField(required=False)
    store_id = serializers.IntegerField(required=False)
    stock_count = serializers.IntegerField(required=False, min_value=1)


class StaffCreateBodySerializer(BodySerializer):
    firstName = serializers.CharField(max_length=45, source="first_name")
    lastName = serializers.CharField(max_length=45, source="last_name")
    phoneNumber = serializers.CharField(max_length=20, source="phone_number")
    email = serializers.CharField(required=False, max_length=100)
    avatar = serializers.CharField(required=False, max_length=120)
    storeId = serializers.IntegerField(
        required=False, help_text="The caller's own store; defaults to it.", source="store_id"
    )
    address = AddressBodySerializer()


class StaffUpdateBodySerializer(BodySerializer):
    firstName = serializers.CharField(required=False, max_length=45, source="first_name")
    lastName = serializers.CharField(required=False, max_length=45, source="last_name")
    email = serializers.CharField(required=False, max_length=100)
    phoneNumber = serializers.CharField(required=False, max_length=20, source="phone_number")
    avatar = serializers.CharField(required=False, max_length=120)
    active = serializers.BooleanField(required=False)
    storeId = serializers.IntegerField(
        required=False, help_text="Only the caller's own store.", source="store_id"
    )
    address = AddressBodySerializer(required=False)
