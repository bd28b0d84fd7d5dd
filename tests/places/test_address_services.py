"""places.services: address validation, city lookup and one owner per row (P10, P22)."""

import pytest

from people.models import Customer, Staff
from places.models import Address
from places.services import (
    _holder_models,
    address_assign,
    address_data_validate,
    address_delete_if_unused,
    address_owner_kind,
    address_release,
    city_resolve,
)
from reelfake.exceptions import ApplicationError
from tests.factories import (
    AddressFactory,
    CityFactory,
    CustomerFactory,
    StaffFactory,
    StoreFactory,
)
from tests.places.places_data import australia_country

pytestmark = pytest.mark.django_db


@pytest.fixture
def melbourne():
    australia = australia_country()
    return CityFactory(city_name="Melbourne", state_name="Victoria", country=australia)


def body(line="1 New St", city="Melbourne", state="Victoria", country="Australia", postal="3000"):
    """An address object as a request body sends it (wire names)."""
    return {
        "addressLine": line,
        "cityName": city,
        "stateName": state,
        "country": country,
        "postalCode": postal,
    }


def data(line="1 New St", city="Melbourne", state="Victoria", country="Australia", postal="3000"):
    """The same address as address_data_validate returns it (model field names)."""
    return {
        "address_line": line,
        "city_name": city,
        "state_name": state,
        "country": country,
        "postal_code": postal,
    }


def raises(func, message, status=400):
    with pytest.raises(ApplicationError) as info:
        func()
    assert (info.value.message, info.value.status) == (message, status)


# address_data_validate ------------------------------------------------------------------


def test_validate_strips_values_and_accepts_numeric_postal_codes():
    values = address_data_validate({**body(line="  1 New St "), "postalCode": 3000})
    assert values == data(postal="3000")


def test_validate_returns_values_under_the_models_field_names():
    values = address_data_validate(body())
    assert set(values) == {"address_line", "city_name", "state_name", "country", "postal_code"}


@pytest.mark.parametrize("field", ["addressLine", "cityName", "stateName", "country", "postalCode"])
def test_validate_requires_every_field(field):
    raises(lambda: address_data_validate({**body(), field: ""}), "Incomplete address")
    incomplete = body()
    del incomplete[field]
    raises(lambda: address_data_validate(incomplete), "Incomplete address")


@pytest.mark.parametrize("value", [None, "1 New St", [], 5, True])
def test_validate_refuses_non_objects(value):
    raises(lambda: address_data_validate(value), "Incomplete address")


def test_validate_refuses_booleans_as_postal_codes():
    raises(lambda: address_data_validate({**body(), "postalCode": True}), "Incomplete address")


@pytest.mark.parametrize(
    "field, size, message",
    [
        ("addressLine", 121, "Address line must be at most 120 characters long"),
        ("postalCode", 11, "Postal code must be at most 10 characters long"),
        ("cityName", 61, "City name must be at most 60 characters long"),
    ],
)
def test_validate_refuses_oversized_values(field, size, message):
    raises(lambda: address_data_validate({**body(), field: "x" * size}), message)


def test_validate_checks_completeness_before_sizes():
    oversized_and_incomplete = {**body(line="x" * 121), "country": ""}
    raises(lambda: address_data_validate(oversized_and_incomplete), "Incomplete address")


def test_validate_names_the_postal_code_before_the_city_when_both_are_oversized():
    both = body(city="x" * 61, postal="1" * 11)
    raises(lambda: address_data_validate(both), "Postal code must be at most 10 characters long")


# city_resolve ---------------------------------------------------------------------------


def test_city_resolves_case_insensitively(melbourne):
    assert city_resolve(data(city="MELBOURNE", state="victoria", country="australia")) == melbourne


def test_country_may_be_an_iso_code(melbourne):
    assert city_resolve(data(country="au")) == melbourne


def test_unknown_country_is_404(melbourne):
    raises(lambda: city_resolve(data(country="Atlantis")), "Country not found", 404)


def test_city_in_another_state_is_404(melbourne):
    raises(lambda: city_resolve(data(state="Tasmania")), "City not found", 404)


# address_assign -------------------------------------------------------------------------


def test_assign_creates_a_row_for_an_owner_without_one(melbourne):
    row = address_assign(data=data(), owner_kind="customer")
    assert (row.address_line, row.city_id, row.postal_code, row.in_use_by) == (
        "1 New St",
        melbourne.id,
        "3000",
        "customer",
    )


def test_assign_takes_an_equal_free_row(melbourne):
    free = AddressFactory(address_line="1 NEW ST", city=melbourne, postal_code="3000")
    row = address_assign(data=data(), owner_kind="staff")
    assert row.id == free.id
    assert Address.objects.get(id=free.id).in_use_by == "staff"


def test_assign_refuses_a_row_used_by_someone_else(melbourne):
    taken = AddressFactory(address_line="1 New St", city=melbourne, in_use_by="store")
    raises(
        lambda: address_assign(data=data(), owner_kind="customer"),
        "The address is not available for use",
    )
    assert Address.objects.get(id=taken.id).in_use_by == "store"


def test_assign_uses_the_callers_message_for_a_taken_row(melbourne):
    AddressFactory(address_line="1 New St", city=melbourne, in_use_by="customer")
    raises(lambda: address_assign(data=data(), owner_kind="store", in_use_message="Taken"), "Taken")


def test_assign_refuses_a_held_row_whose_in_use_by_is_null(melbourne):
    legacy = AddressFactory(address_line="1 New St", city=melbourne, in_use_by=None)
    StoreFactory(address=legacy)
    raises(
        lambda: address_assign(data=data(), owner_kind="customer"),
        "The address is not available for use",
    )


def test_assign_rewrites_the_owners_own_row_in_place(melbourne):
    customer = CustomerFactory()
    own = customer.address
    row = address_assign(data=data(line="2 Moved St"), owner_kind="customer", current=own)
    assert row.id == own.id
    assert Address.objects.get(id=own.id).address_line == "2 Moved St"


def test_assign_never_rewrites_a_shared_row(melbourne):
    customer = CustomerFactory()
    shared = customer.address
    StaffFactory(address=shared)
    row = address_assign(data=data(line="2 Moved St"), owner_kind="customer", current=shared)
    assert row.id != shared.id
    kept = Address.objects.get(id=shared.id)
    assert kept.address_line == shared.address_line
    # The customer is leaving the row: it goes to the staff member still on it.
    assert kept.in_use_by == "staff"


def test_assign_releases_the_previous_row_when_moving_to_a_free_one(melbourne):
    customer = CustomerFactory()
    old = customer.address
    free = AddressFactory(address_line="1 New St", city=melbourne)
    row = address_assign(data=data(), owner_kind="customer", current=old)
    assert row.id == free.id
    assert Address.objects.get(id=old.id).in_use_by is None


def test_assign_returns_the_owners_unchanged_row(melbourne):
    own = AddressFactory(address_line="1 New St", city=melbourne, in_use_by="customer")
    CustomerFactory(address=own)
    row = address_assign(data=data(), owner_kind="customer", current=own)
    assert row.id == own.id


def test_assign_resolves_the_city_before_anything_else(melbourne):
    raises(
        lambda: address_assign(data=data(city="Atlantis"), owner_kind="customer"),
        "City not found",
        404,
    )


# release and delete ---------------------------------------------------------------------


def test_release_frees_a_row_nobody_holds(melbourne):
    row = AddressFactory(city=melbourne, in_use_by="customer")
    address_release(row)
    assert Address.objects.get(id=row.id).in_use_by is None


def test_release_hands_the_row_to_the_remaining_holder(melbourne):
    row = AddressFactory(city=melbourne, in_use_by="customer")
    StaffFactory(address=row)
    address_release(row)
    assert Address.objects.get(id=row.id).in_use_by == "staff"


def test_release_counts_an_owner_about_to_leave(melbourne):
    customer = CustomerFactory()
    address_release(customer.address, leaving=1)
    assert Address.objects.get(id=customer.address_id).in_use_by is None


def test_delete_if_unused_deletes_a_row_nobody_holds(melbourne):
    row = AddressFactory(city=melbourne, in_use_by="staff")
    assert address_delete_if_unused(row) is True
    assert not Address.objects.filter(id=row.id).exists()


def test_delete_if_unused_keeps_a_row_someone_holds(melbourne):
    customer = CustomerFactory()
    row = customer.address
    Address.objects.filter(id=row.id).update(in_use_by="staff")
    row.refresh_from_db()
    assert address_delete_if_unused(row) is False
    assert Address.objects.get(id=row.id).in_use_by == "customer"
    assert Customer.objects.get(id=customer.id).address_id == row.id


def test_owner_kind_reads_holders_when_in_use_by_is_null(melbourne):
    row = AddressFactory(city=melbourne, in_use_by=None)
    assert address_owner_kind(row) is None
    Staff.objects.filter(id=StaffFactory().id).update(address=row)
    assert address_owner_kind(row) == "staff"


def test_holders_are_every_model_pointing_at_address_in_owner_kind_order():
    holders = [(model._meta.label, kind) for model, kind in _holder_models()]
    assert holders == [
        ("stores.Store", "store"),
        ("people.Staff", "staff"),
        ("people.Customer", "customer"),
    ]
    reverse = [f for f in Address._meta.get_fields(include_hidden=True) if not f.concrete]
    assert {f.related_model._meta.label for f in reverse} == {label for label, _ in holders}
