"""Output shapes of stores and inventory."""

from rest_framework import serializers

from movies.serializers import MovieDetailSerializer
from people.models import Staff
from people.serializers import (
    IsStoreManagerMixin,
    NewStaffBodySerializer,
    avatar_field,
    name_field,
    phone_field,
)
from places.serializers import AddressBodySerializer, AddressSerializer
from reelfake.bodies import (
    BodySerializer,
    EmailBodyField,
    FlagBodyField,
    IdBodyField,
    RowIdBodyField,
    TextBodyField,
    WholeNumberBodyField,
)
from reelfake.messages import MSG_INVALID_STORE_ID, MSG_MISSING_DATA
from reelfake.rows import RowShape
from reelfake.validators import INT_MAX, PHONE_MAX, is_sent
from stores.models import Inventory, Store
from stores.services import (
    MSG_DUPLICATE_MANAGER,
    MSG_INVENTORY_MISSING_DATA,
    MSG_MOVIE_ID,
    MSG_STAFF_ACTIVE,
    MSG_STOCK_COUNT,
    MSG_STORE_ID,
)


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


# Request bodies (reelfake.bodies.BodySerializer): each validates the body in the contract's
# order of checks (docs/people.md "Request bodies"); the services check what needs rows.


# A new store's manager: a new staff member's fields. Not sent → None; sent but not an
# object → "Missing required data".
class NewStoreManagerBodySerializer(NewStaffBodySerializer):
    def to_internal_value(self, data):
        if not is_sent(data):
            return None
        if not isinstance(data, dict):
            raise serializers.ValidationError(MSG_MISSING_DATA)
        return super().to_internal_value(data)


def _duplicate_manager_check(self, attrs, data):
    """storeManagerId and storeManager both sent: the contract's first 400."""
    if is_sent(data.get("storeManagerId")) and is_sent(data.get("storeManager")):
        raise serializers.ValidationError(MSG_DUPLICATE_MANAGER)


def _store_phone_field(*, required: bool) -> TextBodyField:
    return TextBodyField(
        "Phone number", max_length=PHONE_MAX, numbers=True, required=required, source="phone_number"
    )


class StoreCreateBodySerializer(BodySerializer):
    nul_checked = True
    check_order = (
        "check_duplicate_manager",
        "check_sent",
        "address",
        "phoneNumber",
        "check_phone",
        "storeManagerId",
        "storeManager",
    )

    phoneNumber = _store_phone_field(required=True)
    address = AddressBodySerializer()
    storeManagerId = RowIdBodyField(
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

    check_duplicate_manager = _duplicate_manager_check

    def check_sent(self, attrs, data):
        """A phone number and an address are required."""
        if not is_sent(data.get("phoneNumber")) or not is_sent(data.get("address")):
            raise serializers.ValidationError(MSG_MISSING_DATA)

    def check_phone(self, attrs, data):
        """A phone number of blanks is no phone number."""
        if attrs["phone_number"] is None:
            raise serializers.ValidationError(MSG_MISSING_DATA)


class StoreUpdateBodySerializer(BodySerializer):
    # A new manager's object is not taken here; sent with storeManagerId it is the
    # contract's 400 "Duplicate store manager data in request", otherwise ignored.
    nul_checked = True
    undocumented = {"storeManager": "store_manager"}
    check_order = ("address", "check_duplicate_manager", "phoneNumber", "storeManagerId")

    phoneNumber = _store_phone_field(required=False)
    address = AddressBodySerializer(required=False)
    storeManagerId = RowIdBodyField(required=False, allow_null=True, source="store_manager_id")

    check_duplicate_manager = _duplicate_manager_check


class ForceFlagField(serializers.CharField):
    # `true` or `yes`, any case, spaces trimmed: on; absent or any other value (empty
    # included) is off, never an error. A repeated parameter counts by its last value.
    def __init__(self, **kwargs):
        super().__init__(required=False, allow_blank=True, **kwargs)

    def run_validation(self, data=serializers.empty):
        return data is not serializers.empty and data.strip().lower() in ("true", "yes")


class StoreDeleteQuerySerializer(serializers.Serializer):
    forceDelete = ForceFlagField(
        source="force",
        help_text="`true` or `yes`: the store's staff are deleted with it.",
    )


class InventoryCreateBodySerializer(BodySerializer):
    check_order = ("check_sent", "movie_id", "store_id", "stock_count")

    movie_id = WholeNumberBodyField(MSG_MOVIE_ID)
    store_id = WholeNumberBodyField(MSG_STORE_ID)
    stock_count = WholeNumberBodyField(MSG_STOCK_COUNT, min_value=1, max_value=INT_MAX)

    def check_sent(self, attrs, data):
        """All three values are required."""
        if not all(is_sent(data.get(name)) for name in ("movie_id", "store_id", "stock_count")):
            raise serializers.ValidationError(MSG_INVENTORY_MISSING_DATA)


class InventoryUpdateBodySerializer(BodySerializer):
    movie_id = WholeNumberBodyField(MSG_MOVIE_ID, required=False)
    store_id = WholeNumberBodyField(MSG_STORE_ID, required=False)
    stock_count = WholeNumberBodyField(
        MSG_STOCK_COUNT, required=False, min_value=1, max_value=INT_MAX
    )


# POST /staff reads the store first (its id, then the store exists and is the caller's),
# then the rest of the body (stores/views.py StaffListView.post).
class StaffStoreBodySerializer(BodySerializer):
    storeId = IdBodyField(
        MSG_INVALID_STORE_ID,
        required=False,
        help_text="The caller's own store; defaults to it.",
        source="store_id",
    )


class StaffCreateBodySerializer(StaffStoreBodySerializer, NewStaffBodySerializer):
    check_order = NewStaffBodySerializer.check_order


class StaffUpdateBodySerializer(BodySerializer):
    check_order = (
        "address",
        "firstName",
        "lastName",
        "phoneNumber",
        "avatar",
        "email",
        "active",
        "storeId",
    )

    firstName = name_field("First name", "first_name")
    lastName = name_field("Last name", "last_name")
    email = EmailBodyField(required=False)
    phoneNumber = phone_field()
    avatar = avatar_field()
    active = FlagBodyField(MSG_STAFF_ACTIVE, required=False)
    storeId = IdBodyField(
        MSG_INVALID_STORE_ID,
        required=False,
        help_text="Only the caller's own store.",
        source="store_id",
    )
    address = AddressBodySerializer(required=False)
