"""rental.store_id: the inventory row's store, kept by the database (schema.sql)."""

import pytest
from django.db import IntegrityError, transaction

from rentals.models import Rental
from tests.factories import InventoryFactory, RentalFactory, StoreFactory

pytestmark = pytest.mark.django_db


def stored_store_id(rental) -> int | None:
    return Rental.objects.filter(id=rental.id).values_list("store_id", flat=True).get()


def test_a_new_rental_gets_its_inventory_rows_store():
    rental = RentalFactory()
    assert stored_store_id(rental) == rental.inventory.store_id


def test_saving_a_new_instance_again_keeps_the_store():
    rental = RentalFactory()
    rental.return_date = rental.rental_end_date
    rental.save()  # the instance still holds store_id None
    assert stored_store_id(rental) == rental.inventory.store_id


def test_another_inventory_row_brings_its_store():
    rental = RentalFactory()
    other = InventoryFactory()
    Rental.objects.filter(id=rental.id).update(inventory=other)
    assert stored_store_id(rental) == other.store_id


def test_moving_an_inventory_row_to_another_store_moves_its_rentals():
    rental = RentalFactory()
    store = StoreFactory()
    type(rental.inventory).objects.filter(id=rental.inventory_id).update(store=store)
    assert stored_store_id(rental) == store.id


def test_a_store_other_than_the_inventory_rows_is_refused():
    rental = RentalFactory()
    other = StoreFactory()
    with pytest.raises(IntegrityError, match="rental_inventory_store_fkey"), transaction.atomic():
        Rental.objects.filter(id=rental.id).update(store=other)
    assert stored_store_id(rental) == rental.inventory.store_id
