"""Address writes with one owner per row (P10).

An address row belongs to one customer, staff member or store at a time, named by
`in_use_by`. Callers (customers, staff, stores) pass the five-field address object of the
contract; lookups of country, city and state are case-insensitive (P22)."""

from __future__ import annotations

from django.apps import apps
from django.db import transaction

from places.models import Address, City, Country
from reelfake.exceptions import ApplicationError

ADDRESS_FIELDS = ("addressLine", "cityName", "stateName", "country", "postalCode")
MSG_INCOMPLETE = "Incomplete address"
MSG_NOT_AVAILABLE = "The address is not available for use"
MSG_COUNTRY_NOT_FOUND = "Country not found"
MSG_CITY_NOT_FOUND = "City not found"
ADDRESS_LINE_MAX = 120
POSTAL_CODE_MAX = 10

# (app label, model, field) of every foreign key to address: who may hold a row.
ADDRESS_HOLDERS = (("people", "Customer"), ("people", "Staff"), ("stores", "Store"))


def address_data_validate(data) -> dict:
    """The address object with all five fields present and non-empty, as stripped strings.
    Anything else → 400 "Incomplete address"."""
    if not isinstance(data, dict):
        raise ApplicationError(MSG_INCOMPLETE)
    values = {}
    for field in ADDRESS_FIELDS:
        value = data.get(field)
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)  # postal codes are often sent as numbers
        if not isinstance(value, str) or not value.strip():
            raise ApplicationError(MSG_INCOMPLETE)
        values[field] = value.strip()
    if len(values["addressLine"]) > ADDRESS_LINE_MAX:
        raise ApplicationError(f"Address line must be at most {ADDRESS_LINE_MAX} characters long")
    if len(values["postalCode"]) > POSTAL_CODE_MAX:
        raise ApplicationError(f"Postal code must be at most {POSTAL_CODE_MAX} characters long")
    return values


def city_resolve(data: dict) -> City:
    """The city named by a validated address object: country by name or ISO code, then city
    and state, all case-insensitive. Unknown → 404 with the contract's message."""
    country_name = data["country"]
    country = (
        Country.objects.filter(country_name__iexact=country_name).order_by("id").first()
        or Country.objects.filter(iso_country_code__iexact=country_name).order_by("id").first()
    )
    if country is None:
        raise ApplicationError(MSG_COUNTRY_NOT_FOUND, status=404)
    city = (
        City.objects.select_related("country")
        .filter(
            country=country,
            city_name__iexact=data["cityName"],
            state_name__iexact=data["stateName"],
        )
        .order_by("id")
        .first()
    )
    if city is None:
        raise ApplicationError(MSG_CITY_NOT_FOUND, status=404)
    return city


def address_find(data: dict, city: City) -> Address | None:
    """An existing row equal to the address object on all five fields (case-insensitive)."""
    return (
        Address.objects.filter(
            city=city,
            address_line__iexact=data["addressLine"],
            postal_code__iexact=data["postalCode"],
        )
        .order_by("id")
        .first()
    )


def address_holder_count(address_id: int) -> int:
    """How many customers, staff and stores point at an address row."""
    return sum(
        apps.get_model(app_label, model).objects.filter(address_id=address_id).count()
        for app_label, model in ADDRESS_HOLDERS
    )


@transaction.atomic
def address_assign(
    *,
    data: dict,
    owner_kind: str,
    current: Address | None = None,
    in_use_message: str = MSG_NOT_AVAILABLE,
) -> Address:
    """The address row an owner should point at after sending `data` (validated).

    - an equal row owned by someone else → 400 `in_use_message`;
    - an equal free row (or the owner's own) → it, marked as the owner's; the owner's
      previous row is released;
    - no equal row and the owner has a row of their own alone → that row, rewritten in place;
    - otherwise a new row owned by the owner.
    The caller points the owner at the returned row in the same transaction."""
    city = city_resolve(data)
    existing = address_find(data, city)
    current_id = current.id if current is not None else None
    if existing is not None:
        if existing.id != current_id and existing.in_use_by is not None:
            raise ApplicationError(in_use_message)
        if existing.in_use_by != owner_kind:
            Address.objects.filter(id=existing.id).update(in_use_by=owner_kind)
            existing.in_use_by = owner_kind
        if current is not None and existing.id != current_id:
            address_release(current, leaving=1)
        return existing
    if current is not None and address_holder_count(current.id) <= 1:
        current.address_line = data["addressLine"]
        current.postal_code = data["postalCode"]
        current.city = city
        current.in_use_by = owner_kind
        current.save(update_fields=["address_line", "postal_code", "city", "in_use_by"])
        return current
    if current is not None:
        address_release(current, leaving=1)
    return Address.objects.create(
        address_line=data["addressLine"],
        postal_code=data["postalCode"],
        city=city,
        in_use_by=owner_kind,
    )


def address_release(address: Address, *, leaving: int = 0) -> None:
    """Mark a row free when no holder is left. `leaving` counts holders that still point at
    it but are about to move away or be deleted in the same transaction."""
    if address_holder_count(address.id) - leaving <= 0:
        Address.objects.filter(id=address.id).update(in_use_by=None)
        address.in_use_by = None


def address_delete_if_unused(address: Address) -> bool:
    """Staff and store deletes: call after the holder row is gone. Deletes the row when no
    one else holds it, else leaves it to its other holders."""
    if address_holder_count(address.id) == 0:
        Address.objects.filter(id=address.id).delete()
        return True
    return False
