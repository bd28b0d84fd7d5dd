"""Writes of stores and inventory (P3, P9–P12, P14, P22).

Checks run in the contract's order and every multi-row write is one transaction, so a
refused request changes nothing. Uniqueness is backed by the unique indexes of schema.sql; a
violation that slips past the checks in a race becomes the same 400 (P12). Store scoping
(P3) is the views' job; the services get a target the caller may write.

Staff <-> store assignment lives here, in one place: who may be a store's manager, hiring a
staff member into a store (POST /staff), moving one to another store (PUT /staff/{id}),
and phone numbers shared between stores and staff. people.services holds the person-level
pieces these call (docs/people.md "App dependencies")."""

from __future__ import annotations

from typing import NamedTuple

from django.db import transaction
from django.db.models import F
from rest_framework.exceptions import PermissionDenied

from movies.models import Movie
from people import services as people_services
from people.models import Staff
from people.selectors import email_in_use, staff_by_email
from people.services import integrity_errors_mapped as people_errors_mapped
from places.models import Address, City
from places.services import (
    MSG_NOT_AVAILABLE,
    address_assign,
    address_delete_if_unused,
    address_lookup,
    address_owner_kind,
)
from reelfake.emails import MSG_INVALID_EMAIL, is_email
from reelfake.exceptions import MSG_FORBIDDEN, ApplicationError, constraint_errors_mapped
from reelfake.ids import int_from_json
from reelfake.permissions import require_own_store
from reelfake.validators import INT_MAX, sent_values
from stores.models import Inventory, Store

MSG_MISSING_DATA = "Missing required data"
MSG_DUPLICATE_MANAGER = "Duplicate store manager data in request"
MSG_ADDRESS_USED_BY_STORE = "The address is in use by other store"
MSG_ADDRESS_USED_BY_STAFF = "The address is in use by other staff"
MSG_PHONE_USED_BY_STORE = "The phone number is in use by other store"
MSG_PHONE_USED_BY_STAFF = "The phone number is in use by staff"
MSG_MANAGER_ASSIGNED = "Store manager is assigned to existing store"
MSG_STAFF_NOT_FOUND = "Staff with id {id} not found"
MSG_MANAGER_OUTSIDE_STATE = "Cannot assign manager to store outside state"
MSG_MANAGER_SAME_ADDRESS = "Store manager address cannot be same as store address"
MSG_MANAGER_OTHER_STORE_ADDRESS = "Store manager address cannot be same as other store"
MSG_STORE_EXISTS = "Store with the given paylaod already exist"  # sic, as the contract sends it
MSG_STATE_CHANGE = "Changing state of the store is not allowed"
MSG_COUNTRY_CHANGE = "Changing country of the store is not allowed"
MSG_CITY_OTHER_STATE = "City belongs to a different state"
MSG_STAFF_EMPLOYED = "There are staff employed at the given store"
MSG_RENTAL_HISTORY = "Store has rental history"
MSG_PREFERRED = "Store is preferred by customers"
MSG_STAFF_PHONE_TAKEN = "The phone number is in use by other staff"
MSG_STAFF_EMAIL_TAKEN = "The email address is in use by other staff"
# Staff writes (POST /staff, PUT /staff/{id}): the contract words these for staff.
MSG_STAFF_ADDRESS_USED_BY_STORE = "The address is in use by a store"
MSG_STAFF_PHONE_USED_BY_STORE = "The phone number is in use by a store"
MSG_STAFF_STORE_NOT_FOUND = "Store with id {id} not found"
MSG_STAFF_OUTSIDE_STATE = "Cannot assign staff to store outside state"
MSG_STAFF_ACTIVE = "Active flag must be boolean (true or false)"

MSG_INVENTORY_MISSING_DATA = "Request is missing required data"
MSG_MOVIE_ID = "Movie id must be a number"
MSG_STORE_ID = "Store id must be a number"
MSG_STOCK_COUNT = "Stock count must be a whole number greater than zero"
MSG_MOVIE_NOT_FOUND = "Movie not found"
MSG_STORE_NOT_FOUND = "Store not found"
MSG_INVENTORY_EXISTS = "Inventory for the movie already exist in the given store"
MSG_INVENTORY_HAS_RENTALS = "Inventory has rentals"
MSG_INVENTORY_NOT_FOUND = "Inventory not found"
MSG_RESTOCK_TOO_MANY = "Stock count would exceed the largest number a row can hold"


STORE_CONSTRAINTS = {
    "store_address_id_key": (MSG_STORE_EXISTS, 400),
    "store_phone_number_key": (MSG_PHONE_USED_BY_STORE, 400),
    "store_store_manager_id_key": (MSG_MANAGER_ASSIGNED, 400),
    "staff_phone_number_key": (MSG_STAFF_PHONE_TAKEN, 400),
    "staff_email_lower_key": (MSG_STAFF_EMAIL_TAKEN, 400),
    "rental_inventory_id_fkey": (MSG_RENTAL_HISTORY, 400),
    "rental_staff_id_fkey": (MSG_RENTAL_HISTORY, 400),
    "customer_preferred_store_id_fkey": (MSG_PREFERRED, 400),
}
INVENTORY_CONSTRAINTS = {
    "inventory_movie_store_key": (MSG_INVENTORY_EXISTS, 400),
    "rental_inventory_id_fkey": (MSG_INVENTORY_HAS_RENTALS, 400),
}


# Stores -----------------------------------------------------------------------------------


def _store_address_free(data: dict, *, store: Store | None = None) -> None:
    """The store's new address must not be another store's or a staff member's."""
    existing = address_lookup(data)
    if existing is None or (store is not None and existing.id == store.address_id):
        return
    owner = address_owner_kind(existing)
    if owner == "store":
        raise ApplicationError(MSG_ADDRESS_USED_BY_STORE)
    if owner == "staff" and store is None:
        raise ApplicationError(MSG_ADDRESS_USED_BY_STAFF)


def _manager_get(staff_id: int | str) -> Staff:
    """The staff member named by a body's storeManagerId (reelfake.bodies.RowIdBodyField: an
    id, or the text of a value no row has), locked; unknown → 404 naming it."""
    staff = None
    if isinstance(staff_id, int):
        staff = (
            Staff.objects.select_for_update(of=("self",))
            .select_related("address__city")
            .filter(id=staff_id)
            .first()
        )
    if staff is None:
        raise ApplicationError(MSG_STAFF_NOT_FOUND.format(id=staff_id), status=404)
    return staff


def _appointee_scope(user, staff: Staff) -> None:
    """docs/stores.md "Stores, inventory, rentals, cart, wishlist and stats", its "Appointing a
    manager" entry: a store manager appoints a member of their own store's staff, or a staff
    member of no store; taking another store's people → 403.
    `user` None is a trusted caller (a Django superuser in the admin)."""
    if user is None:
        return
    if staff.store_id is not None and staff.store_id != getattr(user, "store_id", None):
        raise PermissionDenied()


class _Place(NamedTuple):
    """What the manager rules compare of an address, under the model's field names."""

    address_line: str
    city_name: str
    state_name: str


def _place_of_row(address: Address | None) -> _Place | None:
    if address is None:
        return None
    return _Place(address.address_line, address.city.city_name, address.city.state_name)


def _place_of_data(data: dict | None) -> _Place | None:
    """An address object of a body, as places.serializers.AddressBodySerializer validated it."""
    if data is None:
        return None
    return _Place(data["address_line"], data["city_name"], data["state_name"])


def _manager_address_checks(manager: _Place | None, store: _Place) -> None:
    """Steps shared by create and update: the manager lives in the store's state, not at the
    store's address, and not at another store's."""
    if manager is None:
        return
    if manager.state_name.lower() != store.state_name.lower():
        raise ApplicationError(MSG_MANAGER_OUTSIDE_STATE)
    if (
        manager.address_line.lower() == store.address_line.lower()
        and manager.city_name.lower() == store.city_name.lower()
    ):
        raise ApplicationError(MSG_MANAGER_SAME_ADDRESS)


def _staff_manager_checks(staff: Staff, store_place: _Place, *, store_id: int | None) -> None:
    """An existing staff member as a store's manager: not managing another store, then the
    address rules."""
    if Store.objects.filter(store_manager_id=staff.id).exclude(id=store_id).exists():
        raise ApplicationError(MSG_MANAGER_ASSIGNED)
    _manager_address_checks(_place_of_row(staff.address), store_place)
    if staff.address_id is not None and Store.objects.filter(address_id=staff.address_id).exists():
        raise ApplicationError(MSG_MANAGER_OTHER_STORE_ADDRESS)


@constraint_errors_mapped(STORE_CONSTRAINTS)
@transaction.atomic
def store_create(
    *,
    user,
    phone_number: str,
    address: dict,
    store_manager_id: int | str | None = None,
    store_manager: dict | None = None,
) -> Store:
    """POST /stores by `user`, with the values of StoreCreateBodySerializer. The new store,
    its address and its manager (an existing staff member moved to the store, or a new one)
    are written together; the manager's `store_id` points at the store, so they log in as
    STORE_MANAGER (P11). An existing manager must be on `user`'s store staff or on none
    (_appointee_scope). `store_manager` is a new manager's values under staff_create's
    keywords (NewStoreManagerBodySerializer)."""
    _store_address_free(address)
    if Store.objects.filter(phone_number=phone_number).exists():
        raise ApplicationError(MSG_PHONE_USED_BY_STORE)
    if Staff.objects.filter(phone_number=phone_number).exists():
        raise ApplicationError(MSG_PHONE_USED_BY_STAFF)

    manager = None
    if store_manager_id is not None:
        manager = _manager_get(store_manager_id)
        _appointee_scope(user, manager)
        _staff_manager_checks(manager, _place_of_data(address), store_id=None)
    elif store_manager is not None:
        manager_address = store_manager["address"]
        _manager_address_checks(_place_of_data(manager_address), _place_of_data(address))
        existing = address_lookup(manager_address)
        if existing is not None and address_owner_kind(existing) == "store":
            raise ApplicationError(MSG_MANAGER_OTHER_STORE_ADDRESS)

    row = address_assign(data=address, owner_kind="store", in_use_message=MSG_NOT_AVAILABLE)
    store = Store.objects.create(address=row, phone_number=phone_number)
    if store_manager is not None and manager is None:
        manager = staff_create(store=store, **store_manager)
    elif manager is not None:
        Staff.objects.filter(id=manager.id).update(store_id=store.id)
    if manager is not None:
        Store.objects.filter(id=store.id).update(store_manager_id=manager.id)
    return store


def _region_checks(store: Store, data: dict) -> None:
    """A store stays in its state and country; the city must be in that state (P22: names
    compare case-insensitively)."""
    city = store.address.city
    country = city.country
    if data["state_name"].lower() != city.state_name.lower():
        raise ApplicationError(MSG_STATE_CHANGE)
    if data["country"].lower() not in (
        country.country_name.lower(),
        country.iso_country_code.lower(),
    ):
        raise ApplicationError(MSG_COUNTRY_CHANGE)
    same_name = City.objects.filter(country=country, city_name__iexact=data["city_name"])
    if same_name.exists() and not same_name.filter(state_name__iexact=data["state_name"]).exists():
        raise ApplicationError(MSG_CITY_OTHER_STATE)


@constraint_errors_mapped(STORE_CONSTRAINTS)
@transaction.atomic
def store_update(
    *,
    user,
    store: Store,
    phone_number: str | None = None,
    address: dict | None = None,
    store_manager_id: int | str | None = None,
) -> None:
    """PUT /stores/{id} by `user`, after store scoping, with the values of
    StoreUpdateBodySerializer (None: not sent). A store without a manager can be updated
    (P11). A new manager (on `user`'s store staff or on none: _appointee_scope) moves to the
    store (`staff.store_id`), so they log in as STORE_MANAGER; the previous manager stays on
    the store's staff as STAFF."""
    store = (
        Store.objects.select_for_update(of=("self",))
        .select_related("address__city__country")
        .get(id=store.id)
    )
    data, phone = address, phone_number
    if data is not None:
        _store_address_free(data, store=store)
    if phone is not None and Store.objects.filter(phone_number=phone).exclude(id=store.id).exists():
        raise ApplicationError(MSG_PHONE_USED_BY_STORE)
    manager = _manager_get(store_manager_id) if store_manager_id is not None else None
    if manager is not None:
        _appointee_scope(user, manager)
    if data is not None:
        _region_checks(store, data)
    if manager is not None:
        store_place = _place_of_data(data) or _place_of_row(store.address)
        _staff_manager_checks(manager, store_place, store_id=store.id)

    changes = {}
    if data is not None:
        row = address_assign(
            data=data,
            owner_kind="store",
            current=store.address,
            in_use_message=MSG_NOT_AVAILABLE,
        )
        changes["address_id"] = row.id
    if phone is not None:
        changes["phone_number"] = phone
    if manager is not None:
        Staff.objects.filter(id=manager.id).update(store_id=store.id)
        changes["store_manager_id"] = manager.id
    if changes:
        Store.objects.filter(id=store.id).update(**changes)


@constraint_errors_mapped(STORE_CONSTRAINTS)
@transaction.atomic
def store_delete(*, store: Store, force: bool) -> None:
    """DELETE /stores/{id}, after store scoping. Blocking references are checked first, so
    a refused delete changes nothing (P9). With `force`, the store's staff go too (hard
    delete, as the contract says), then its inventory, the store and the address rows
    nobody else uses (P10)."""
    store = Store.objects.select_for_update().get(id=store.id)
    staff = list(Staff.objects.select_for_update().filter(store_id=store.id).order_by("id"))
    if staff and not force:
        raise ApplicationError(MSG_STAFF_EMPLOYED)
    if (
        Inventory.objects.filter(store_id=store.id, rentals__isnull=False).exists()
        or Staff.objects.filter(store_id=store.id, rentals__isnull=False).exists()
    ):
        raise ApplicationError(MSG_RENTAL_HISTORY)
    if store.preferred_by.exists():
        raise ApplicationError(MSG_PREFERRED)
    address_ids = [member.address_id for member in staff if member.address_id is not None]
    address_ids.append(store.address_id)
    Staff.objects.filter(store_id=store.id).delete()
    Inventory.objects.filter(store_id=store.id).delete()
    Store.objects.filter(id=store.id).delete()
    for address in Address.objects.filter(id__in=address_ids).order_by("id"):
        address_delete_if_unused(address)


# Staff at a store ---------------------------------------------------------------------------


@transaction.atomic
def store_manager_appoint(
    *,
    store_id: int,
    email: str,
    first_name: str | None = None,
    last_name: str | None = None,
    phone_number: str | None = None,
) -> tuple[Staff, bool]:
    """manage.py create_store_manager: make a staff member (found by email, or created) the
    manager of a store. Both sides of the link move together (P11): store.store_manager_id
    and the manager's store_id. The new manager and whether they were created."""
    store = Store.objects.select_for_update().filter(id=store_id).first()
    if store is None:
        raise ApplicationError(f"Store with id {store_id} not found", status=404)
    staff = staff_by_email(email)
    created = staff is None
    if created:
        if not (first_name and last_name and phone_number):
            raise ApplicationError(
                "A new staff member needs a first name, a last name and a phone number"
            )
        if email_in_use(email):
            raise ApplicationError("The email address is in use by a customer")
        staff = people_services.staff_insert(
            store_id=store.id,
            first_name=first_name,
            last_name=last_name,
            phone_number=phone_number,
            email=email,
        )
    elif not staff.active:
        raise ApplicationError("The staff member is not active")
    if Store.objects.filter(store_manager=staff).exclude(id=store.id).exists():
        raise ApplicationError(MSG_MANAGER_ASSIGNED)
    Staff.objects.filter(id=staff.id).update(store=store)
    Store.objects.filter(id=store.id).update(store_manager=staff)
    staff.refresh_from_db()
    return staff, created


def staff_phone_check(phone: str, *, staff_id: int | None = None) -> None:
    """A staff phone number is neither a store's nor another staff member's."""
    if Store.objects.filter(phone_number=phone).exists():
        raise ApplicationError(MSG_STAFF_PHONE_USED_BY_STORE)
    if people_services.staff_phone_taken(phone, staff_id=staff_id):
        raise ApplicationError(MSG_STAFF_PHONE_TAKEN)


@people_errors_mapped
@transaction.atomic
def staff_create(
    *,
    store: Store,
    first_name: str,
    last_name: str,
    phone_number: str,
    address: dict,
    email: str | None = None,
    avatar: str | None = None,
) -> Staff:
    """POST /staff, in the caller's store (and a new store's manager, store_create), with
    the values of NewStaffBodySerializer. The checks that need rows, in the contract's
    order; people.services.staff_insert writes the row and its address."""
    existing = address_lookup(address)
    owner = address_owner_kind(existing) if existing is not None else None
    if owner == "store":
        raise ApplicationError(MSG_STAFF_ADDRESS_USED_BY_STORE)
    if Store.objects.filter(phone_number=phone_number).exists():
        raise ApplicationError(MSG_STAFF_PHONE_USED_BY_STORE)
    if owner == "staff":
        raise ApplicationError(MSG_ADDRESS_USED_BY_STAFF)
    if owner is not None:
        raise ApplicationError(people_services.MSG_ADDRESS_NOT_AVAILABLE)
    if people_services.staff_phone_taken(phone_number):
        raise ApplicationError(MSG_STAFF_PHONE_TAKEN)
    if email is not None:
        people_services.staff_email_check(email)
    return people_services.staff_insert(
        store_id=store.id,
        first_name=first_name,
        last_name=last_name,
        phone_number=phone_number,
        email=email,
        avatar=avatar,
        address=address,
    )


def _same_region(state: str, country: str, store: Store) -> bool:
    """Whether a state and country (name or ISO code) are the store's, case-insensitively
    (P22)."""
    store_city = store.address.city
    store_country = store_city.country
    return state.lower() == store_city.state_name.lower() and country.lower() in (
        store_country.country_name.lower(),
        store_country.iso_country_code.lower(),
    )


@people_errors_mapped
@transaction.atomic
def staff_update(
    *,
    staff: Staff,
    caller_store_id: int | None,
    first_name: str | None = None,
    last_name: str | None = None,
    email: str | None = None,
    phone_number: str | None = None,
    avatar: str | None = None,
    active: bool | None = None,
    store_id: int | None = None,
    address: dict | None = None,
) -> None:
    """PUT /staff/{id}, after the caller's right to the staff member was checked, with the
    values of StaffUpdateBodySerializer (None: not sent, left as it is). Only these fields
    are written (P5); re-sending one's own phone or email is fine (P13)."""
    address_data, new_store_id, email_value = address, store_id, email
    changes = sent_values(
        first_name=first_name,
        last_name=last_name,
        phone_number=phone_number,
        avatar=avatar,
        active=active,
    )
    # Re-sending one's own phone or email is not a conflict (P13), whoever else holds it.
    if "phone_number" in changes and changes["phone_number"] != staff.phone_number:
        staff_phone_check(changes["phone_number"], staff_id=staff.id)
    if email_value is not None:
        if email_value.lower() != (staff.email or "").lower():
            people_services.staff_email_check(email_value, staff_id=staff.id)
        changes["email"] = email_value

    new_store = None
    if new_store_id is not None:
        new_store = (
            Store.objects.select_related("address__city__country").filter(id=new_store_id).first()
        )
        if new_store is None:
            message = MSG_STAFF_STORE_NOT_FOUND.format(id=new_store_id)
            raise ApplicationError(message, status=404)
        if new_store.id != caller_store_id:
            raise ApplicationError(MSG_FORBIDDEN, status=403)
        changes["store_id"] = new_store.id
    store = new_store
    if store is None and address_data is not None and staff.store_id is not None:
        store = Store.objects.select_related("address__city__country").get(id=staff.store_id)
    current = Address.objects.select_related("city__country").filter(id=staff.address_id).first()
    if store is not None:
        if address_data is not None:
            state, country = address_data["state_name"], address_data["country"]
        elif current is not None:
            state, country = current.city.state_name, current.city.country.country_name
        else:
            state = country = None
        if state is not None and not _same_region(state, country, store):
            raise ApplicationError(MSG_STAFF_OUTSIDE_STATE)
    if address_data is not None:
        row = address_assign(data=address_data, owner_kind="staff", current=current)
        changes["address_id"] = row.id
    if changes:
        Staff.objects.filter(id=staff.id).update(**changes)


def staff_fields_check(*, staff_id: int | None, email: str | None, phone_number) -> None:
    """Uniqueness rules of a staff member's phone (against stores and staff) and email, for
    writes that set them directly (the admin)."""
    if phone_number:
        staff_phone_check(phone_number, staff_id=staff_id)
    if email:
        if not is_email(email):
            raise ApplicationError(MSG_INVALID_EMAIL)
        people_services.staff_email_check(email, staff_id=staff_id)


@people_errors_mapped
@transaction.atomic
def staff_save(*, staff: Staff) -> Staff:
    """Admin create or change of a staff member's own columns."""
    staff_fields_check(staff_id=staff.pk, email=staff.email, phone_number=staff.phone_number)
    staff.save()
    return staff


# Inventory --------------------------------------------------------------------------------


def _stock_count(value) -> int:
    """A whole number of copies > 0 (fractions and numeric strings of them are refused)."""
    number = int_from_json(value)
    if number is None or number <= 0 or number > INT_MAX:
        raise ApplicationError(MSG_STOCK_COUNT)
    return number


def _movie_and_store_exist(movie_id: int | None, store_id: int | None) -> None:
    if movie_id is not None and not Movie.objects.filter(id=movie_id).exists():
        raise ApplicationError(MSG_MOVIE_NOT_FOUND, status=404)
    if store_id is not None and not Store.objects.filter(id=store_id).exists():
        raise ApplicationError(MSG_STORE_NOT_FOUND, status=404)


@constraint_errors_mapped(INVENTORY_CONSTRAINTS)
@transaction.atomic
def inventory_create(*, user, movie_id: int, store_id: int, stock_count: int) -> Inventory:
    """POST /inventory, with the values of InventoryCreateBodySerializer: the movie and
    store exist (404), then store scoping (403: staff stock only their own store), then one
    row per (movie, store)."""
    _movie_and_store_exist(movie_id, store_id)
    require_own_store(user, store_id)
    if Inventory.objects.filter(movie_id=movie_id, store_id=store_id).exists():
        raise ApplicationError(MSG_INVENTORY_EXISTS)
    return Inventory.objects.create(movie_id=movie_id, store_id=store_id, stock_count=stock_count)


@constraint_errors_mapped(INVENTORY_CONSTRAINTS)
@transaction.atomic
def inventory_update(
    *,
    user,
    inventory: Inventory,
    movie_id: int | None = None,
    store_id: int | None = None,
    stock_count: int | None = None,
) -> None:
    """PUT /inventory/{id}, after store scoping on the row's store, with the values of
    InventoryUpdateBodySerializer (None: not sent). A row moved to another store must land
    in the caller's store too, and never onto a (movie, store) pair that is already stocked
    (P12)."""
    _movie_and_store_exist(movie_id, store_id)
    if store_id is not None:
        require_own_store(user, store_id)
    changes = sent_values(movie_id=movie_id, store_id=store_id, stock_count=stock_count)
    if not changes:
        return
    pair = (
        changes.get("movie_id", inventory.movie_id),
        changes.get("store_id", inventory.store_id),
    )
    if (
        Inventory.objects.filter(movie_id=pair[0], store_id=pair[1])
        .exclude(id=inventory.id)
        .exists()
    ):
        raise ApplicationError(MSG_INVENTORY_EXISTS)
    Inventory.objects.filter(id=inventory.id).update(**changes)


@transaction.atomic
def inventory_restock(*, user, inventory: Inventory, copies) -> int:
    """Adds `copies` (a whole number > 0, as PUT /inventory/{id}'s stock_count) to a row's
    stock, scoped like inventory_update; an increment, so a return or checkout that lands
    meanwhile is not overwritten. Returns the new stock count."""
    count = _stock_count(copies)
    require_own_store(user, inventory.store_id)
    locked = Inventory.objects.select_for_update().filter(id=inventory.id).first()
    if locked is None:
        raise ApplicationError(MSG_INVENTORY_NOT_FOUND, status=404)
    if locked.stock_count + count > INT_MAX:
        raise ApplicationError(MSG_RESTOCK_TOO_MANY)
    Inventory.objects.filter(id=locked.id).update(stock_count=F("stock_count") + count)
    return locked.stock_count + count


@constraint_errors_mapped(INVENTORY_CONSTRAINTS)
@transaction.atomic
def inventory_delete(*, inventory: Inventory) -> None:
    """DELETE /inventory/{id}, after store scoping: refused while rentals reference it."""
    locked = Inventory.objects.select_for_update().filter(id=inventory.id).first()
    if locked is None:
        return
    if locked.rentals.exists():
        raise ApplicationError(MSG_INVENTORY_HAS_RENTALS)
    Inventory.objects.filter(id=locked.id).delete()
