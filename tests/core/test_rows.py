"""reelfake.rows.RowShape: a serializer's JSON from values() rows, equal to DRF's own."""

import datetime

import pytest
from rest_framework import serializers
from rest_framework.test import APIRequestFactory

from people.models import Staff
from reelfake.rows import RowShape
from rentals.models import Rental
from rentals.serializers import CustomerRentalSerializer, RentalSerializer
from tests.factories import RentalFactory, StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def request_():
    return APIRequestFactory().get("/api/customers/my_rentals", HTTP_HOST="localhost")


def drf_and_row(serializer_class, queryset, request):
    shape = RowShape(serializer_class)
    drf = serializer_class(queryset, many=True, context={"request": request}).data
    return [dict(item) for item in drf], shape.many(queryset.values(*shape.columns), request)


def test_nested_objects_dates_money_and_urls_equal_the_serializers(request_):
    rental = RentalFactory(
        return_date=datetime.datetime(2024, 1, 12, 9, 30, 5, 250000, tzinfo=datetime.UTC),
        discount_amount="1.50",
        inventory__movie__poster_url="/api/images/posters/7.svg",
    )
    RentalFactory(inventory__store__store_manager=StaffFactory())

    drf, rows = drf_and_row(CustomerRentalSerializer, Rental.objects.order_by("id"), request_)

    assert rows == drf
    assert rows[0]["movie"]["posterUrl"] == "http://localhost/api/images/posters/7.svg"
    assert rows[0]["returnDate"] == "2024-01-12T09:30:05.250Z"
    assert (rows[0]["discountAmount"], rows[0]["id"]) == ("1.50", rental.id)


def test_dotted_sources_through_foreign_keys(request_):
    RentalFactory()

    drf, rows = drf_and_row(RentalSerializer, Rental.objects.order_by("id"), request_)

    assert rows == drf
    assert set(rows[0]) >= {"storeId", "movie"}


class _StaffWithAddress(serializers.ModelSerializer):
    class _Address(serializers.Serializer):
        line = serializers.CharField(source="address_line")

    firstName = serializers.CharField(source="first_name")
    address = _Address(allow_null=True)
    initials = serializers.SerializerMethodField()

    row_methods = {
        "initials": (("first_name", "last_name"), lambda first, last: first[0] + last[0])
    }

    class Meta:
        model = Staff
        fields = ["id", "firstName", "address", "initials"]

    def get_initials(self, staff) -> str:
        return staff.first_name[0] + staff.last_name[0]


def test_a_missing_relation_is_null_and_method_fields_use_row_methods(request_):
    StaffFactory(address=None, first_name="Ann", last_name="Lee")
    StaffFactory(first_name="Bo", last_name="Ng")

    drf, rows = drf_and_row(_StaffWithAddress, Staff.objects.order_by("id"), request_)

    assert rows == drf
    assert (rows[0]["address"], rows[0]["initials"]) == (None, "AL")
    assert rows[1]["address"]["line"] and rows[1]["initials"] == "BN"


def test_a_method_field_without_row_method_is_refused_at_once():
    class NoRowMethod(serializers.ModelSerializer):
        name = serializers.SerializerMethodField()

        class Meta:
            model = Staff
            fields = ["name"]

        def get_name(self, staff) -> str:
            return staff.first_name

    with pytest.raises(TypeError, match="row_methods"):
        RowShape(NoRowMethod)


def test_nested_lists_are_refused_at_once():
    class WithList(serializers.ModelSerializer):
        rentals = serializers.ListSerializer(child=serializers.IntegerField())

        class Meta:
            model = Staff
            fields = ["rentals"]

    with pytest.raises(TypeError, match="not supported"):
        RowShape(WithList)
