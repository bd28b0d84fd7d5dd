"""stores.services called directly (the admin and other apps use them too)."""

import pytest
from rest_framework.exceptions import PermissionDenied

from reelfake.exceptions import ApplicationError
from stores import services
from stores.models import Store
from tests.factories import StaffFactory, StoreFactory

pytestmark = pytest.mark.django_db


def test_a_store_without_manager_can_be_updated():
    # P11: the reference answers 404 "Store not found" here.
    store = StoreFactory()
    services.store_update(user=None, store=store, phone_number="0290000077")
    assert Store.objects.get(id=store.id).phone_number == "0290000077"


def test_a_store_without_manager_gets_one():
    store = StoreFactory()
    staff = StaffFactory(address=None)
    services.store_update(user=None, store=store, store_manager_id=staff.id)
    staff.refresh_from_db()
    assert Store.objects.get(id=store.id).store_manager_id == staff.id
    assert staff.store_id == store.id


def test_a_refused_update_raises_the_contract_message():
    store = StoreFactory()
    with pytest.raises(ApplicationError) as raised:
        services.store_update(user=None, store=store, store_manager_id=123456)
    assert (raised.value.status, raised.value.message) == (404, "Staff with id 123456 not found")


def test_a_manager_cannot_appoint_another_stores_staff():
    store, staff = StoreFactory(), StaffFactory()
    actor = StaffFactory(store=store)
    with pytest.raises(PermissionDenied):
        services.store_update(user=actor, store=store, store_manager_id=staff.id)
    assert Store.objects.get(id=store.id).store_manager_id is None
