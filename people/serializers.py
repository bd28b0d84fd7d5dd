"""Output shapes of customers and staff."""

from rest_framework import serializers

from people.models import Customer, Staff, is_store_manager
from places.serializers import AddressBodySerializer, AddressSerializer
from reelfake.bodies import BodySerializer, EmailBodyField, IdBodyField, TextBodyField
from reelfake.messages import MSG_MISSING_DATA
from reelfake.rows import RowShape
from reelfake.validators import AVATAR_MAX, NAME_MAX, PHONE_MAX


class IsStoreManagerMixin:
    """`isStoreManager` of the staff shapes (declared by each as a SerializerMethodField):
    from a model instance for DRF, from the row's columns for RowShape (reelfake/rows.py)."""

    row_methods = {
        "isStoreManager": (("id", "store_id", "store__store_manager_id"), is_store_manager)
    }

    def get_isStoreManager(self, staff) -> bool | None:  # noqa: N802 (wire name)
        return staff.manages_own_store()


class StoreManagerSerializer(serializers.ModelSerializer):
    firstName = serializers.CharField(source="first_name")
    lastName = serializers.CharField(source="last_name")
    phoneNumber = serializers.CharField(source="phone_number")
    address = AddressSerializer(allow_null=True)

    class Meta:
        model = Staff
        fields = [
            "id",
            "firstName",
            "lastName",
            "email",
            "active",
            "phoneNumber",
            "avatar",
            "address",
        ]


# A customer's preferred store. Describes the wire only: people reads stores through its own
# foreign keys and never imports the stores app (docs/people.md "App dependencies").
class PreferredStoreSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True, label="ID")
    phoneNumber = serializers.CharField(source="phone_number")
    storeManager = StoreManagerSerializer(source="store_manager", allow_null=True)
    address = AddressSerializer()


class CustomerDetailSerializer(serializers.ModelSerializer):
    """GET /customers/{id} and GET /auth/me for customers."""

    firstName = serializers.CharField(source="first_name")
    lastName = serializers.CharField(source="last_name")
    phoneNumber = serializers.CharField(source="phone_number", allow_null=True)
    registeredOn = serializers.DateField(source="registered_on")
    preferredStore = PreferredStoreSerializer(source="preferred_store", allow_null=True)
    address = AddressSerializer(allow_null=True)

    class Meta:
        model = Customer
        fields = [
            "id",
            "firstName",
            "lastName",
            "email",
            "active",
            "phoneNumber",
            "avatar",
            "registeredOn",
            "preferredStore",
            "address",
        ]


# A staff member's store (wire only, as PreferredStoreSerializer).
class StaffStoreSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True, label="ID")
    phoneNumber = serializers.CharField(source="phone_number")
    address = AddressSerializer()


class StaffDetailSerializer(IsStoreManagerMixin, serializers.ModelSerializer):
    """GET /staff/{id} and GET /auth/me for staff and store managers."""

    firstName = serializers.CharField(source="first_name")
    lastName = serializers.CharField(source="last_name")
    isStoreManager = serializers.SerializerMethodField()
    phoneNumber = serializers.CharField(source="phone_number")
    address = AddressSerializer(allow_null=True)
    store = StaffStoreSerializer(allow_null=True)

    class Meta:
        model = Staff
        fields = [
            "id",
            "firstName",
            "lastName",
            "email",
            "isStoreManager",
            "active",
            "phoneNumber",
            "avatar",
            "address",
            "store",
        ]


class CustomerSerializer(serializers.ModelSerializer):
    """GET /customers list items."""

    firstName = serializers.CharField(source="first_name")
    lastName = serializers.CharField(source="last_name")
    phoneNumber = serializers.CharField(source="phone_number", allow_null=True)
    preferredStoreId = serializers.IntegerField(source="preferred_store_id", allow_null=True)
    registeredOn = serializers.DateField(source="registered_on")
    address = AddressSerializer(allow_null=True)

    class Meta:
        model = Customer
        fields = [
            "id",
            "firstName",
            "lastName",
            "email",
            "active",
            "phoneNumber",
            "preferredStoreId",
            "avatar",
            "registeredOn",
            "address",
        ]


class PersonSummarySerializer(serializers.Serializer):
    """Items of the public summary routes of customers, staff and managers."""

    id = serializers.IntegerField()
    firstName = serializers.CharField(source="first_name")
    lastName = serializers.CharField(source="last_name")
    email = serializers.CharField(allow_null=True)
    active = serializers.BooleanField()


class StaffSerializer(IsStoreManagerMixin, serializers.ModelSerializer):
    """GET /staff list items."""

    firstName = serializers.CharField(source="first_name")
    lastName = serializers.CharField(source="last_name")
    phoneNumber = serializers.CharField(source="phone_number")
    storeId = serializers.IntegerField(source="store_id", allow_null=True)
    isStoreManager = serializers.SerializerMethodField()
    address = AddressSerializer(allow_null=True)

    class Meta:
        model = Staff
        fields = [
            "id",
            "firstName",
            "lastName",
            "email",
            "active",
            "phoneNumber",
            "avatar",
            "storeId",
            "isStoreManager",
            "address",
        ]


class StoreManagerListSerializer(serializers.ModelSerializer):
    """GET /staff/managers items."""

    firstName = serializers.CharField(source="first_name")
    lastName = serializers.CharField(source="last_name")
    phoneNumber = serializers.CharField(source="phone_number")
    address = AddressSerializer(allow_null=True)
    store = StaffStoreSerializer()

    class Meta:
        model = Staff
        fields = [
            "id",
            "firstName",
            "lastName",
            "email",
            "active",
            "phoneNumber",
            "avatar",
            "address",
            "store",
        ]


class StaffCreatedSerializer(serializers.ModelSerializer):
    """POST /staff answer."""

    firstName = serializers.CharField(source="first_name")
    lastName = serializers.CharField(source="last_name")
    storeId = serializers.IntegerField(source="store_id", allow_null=True)
    phoneNumber = serializers.CharField(source="phone_number")
    address = AddressSerializer(allow_null=True)

    class Meta:
        model = Staff
        fields = [
            "id",
            "firstName",
            "lastName",
            "email",
            "storeId",
            "active",
            "phoneNumber",
            "avatar",
            "address",
        ]


# Lists and details from values() rows (reelfake/rows.py).
CUSTOMER_ROW = RowShape(CustomerSerializer)
CUSTOMER_DETAIL_ROW = RowShape(CustomerDetailSerializer)
STAFF_DETAIL_ROW = RowShape(StaffDetailSerializer)
STAFF_ROW = RowShape(StaffSerializer)
STORE_MANAGER_ROW = RowShape(StoreManagerListSerializer)


PERSON_SUMMARY_ROW = RowShape(PersonSummarySerializer)


# Request bodies (reelfake.bodies.BodySerializer): each validates the body in the contract's
# order of checks (docs/people.md "Request bodies"); the services check what needs rows.

MSG_PREFERRED_STORE_ID = "Preferred store id must be a number"


def name_field(label: str, source: str, *, required: bool = False) -> TextBodyField:
    return TextBodyField(label, max_length=NAME_MAX, required=required, source=source)


def phone_field(*, required: bool = False) -> TextBodyField:
    return TextBodyField(
        "Phone number", max_length=PHONE_MAX, numbers=True, required=required, source="phone_number"
    )


def avatar_field() -> TextBodyField:
    return TextBodyField("Avatar", max_length=AVATAR_MAX, required=False)


class CustomerUpdateBodySerializer(BodySerializer):
    check_order = ("address", "firstName", "lastName", "phoneNumber", "avatar")

    firstName = name_field("First name", "first_name")
    lastName = name_field("Last name", "last_name")
    phoneNumber = phone_field()
    avatar = avatar_field()
    preferredStoreId = IdBodyField(
        MSG_PREFERRED_STORE_ID, required=False, source="preferred_store_id"
    )
    address = AddressBodySerializer(required=False)


# A new staff member (POST /staff, and a new store's manager in POST /stores).
class NewStaffBodySerializer(BodySerializer):
    check_order = (
        "address",
        "firstName",
        "lastName",
        "phoneNumber",
        "avatar",
        "check_required",
        "email",
    )

    firstName = name_field("First name", "first_name", required=True)
    lastName = name_field("Last name", "last_name", required=True)
    phoneNumber = phone_field(required=True)
    email = EmailBodyField(required=False)
    avatar = avatar_field()
    address = AddressBodySerializer()

    def check_required(self, attrs, data):
        """First name, last name and phone number are required (after their formats)."""
        if any(attrs[key] is None for key in ("first_name", "last_name", "phone_number")):
            raise serializers.ValidationError(MSG_MISSING_DATA)
