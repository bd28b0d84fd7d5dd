"""Output shapes of customers and staff (contract: people-stores-rentals.md §1, §2)."""

from rest_framework import serializers

from people.models import Customer, Staff
from places.serializers import AddressSerializer
from stores.models import Store


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


class PreferredStoreSerializer(serializers.ModelSerializer):
    phoneNumber = serializers.CharField(source="phone_number")
    storeManager = StoreManagerSerializer(source="store_manager", allow_null=True)
    address = AddressSerializer()

    class Meta:
        model = Store
        fields = ["id", "phoneNumber", "storeManager", "address"]


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


class StaffStoreSerializer(serializers.ModelSerializer):
    phoneNumber = serializers.CharField(source="phone_number")
    address = AddressSerializer()

    class Meta:
        model = Store
        fields = ["id", "phoneNumber", "address"]


class StaffDetailSerializer(serializers.ModelSerializer):
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

    def get_isStoreManager(self, staff) -> bool | None:  # noqa: N802 (wire name)
        if staff.store_id is None:
            return None
        return staff.store.store_manager_id == staff.id
