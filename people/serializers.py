"""Output shapes of customers and staff."""

from rest_framework import serializers

from people.models import Customer, Staff, is_store_manager
from places.serializers import AddressBodySerializer, AddressSerializer
from reelfake.bodies import BodySerializer
from reelfake.rows import RowShape


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


# Request bodies (reelfake.bodies.BodySerializer): they document the body and whitelist its
# fields; the services answer the contract's messages for missing or mistyped values.
class CustomerUpdateBodySerializer(BodySerializer):
    firstName = serializers.CharField(required=False, max_length=45, source="first_name")
    lastName = serializers.CharField(required=False, max_length=45, source="last_name")
    phoneNumber = serializers.CharField(required=False, max_length=20, source="phone_number")
    avatar = serializers.CharField(required=False, max_length=120)
    preferredStoreId = serializers.IntegerField(required=False, source="preferred_store_id")
    address = AddressBodySerializer(required=False)
