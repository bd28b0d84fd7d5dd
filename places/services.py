"""Address writes with one owner per row (P10).

An address row belongs to one customer, staff member or store at a time, named by
`in_use_by`. Callers (customers, staff, stores) pass the five-field address object of the
contract; lookups of country, city and state are case-insensitive (P22).

Databases written by the reference may hold rows that someone points at while `in_use_by`
is NULL (its staff and store writes never set it), so "in use" means: `in_use_by` is set, or
a customer, staff member or store still points at the row."""

from __future__ import annotations

import functools

from django.db import transaction
from django.db.models import Q

from places.models import Address, City, Country
from places.serializers import AddressBodySerializer
from reelfake.bodies import validated_data
from reelfake.exceptions import ApplicationError

MSG_NOT_AVAILABLE = "The address is not available for use"
MSG_COUNTRY_NOT_FOUND = "Country not found"
MSG_CITY_NOT_FOUND = "City not found"

# The owner kinds (`in_use_by` values, each the name of a model with a foreign key to
# address), in the order they answer "who holds this row" when several do.
OWNER_KINDS = ("store", "staff", "customer")


def address_data_validate(data) -> dict:
    """The address object of a request body, validated by AddressBodySerializer: the five
    fields as stripped strings under the model's field names (address_line, city_name,
    state_name, country, postal_code), or the contract's 400 (its first message)."""
    return validated_data(AddressBodySerializer, data)


def _country_q(prefix: str, name: str) -> Q:
    """A country given by name or ISO code, case-insensitively."""
    return Q(**{f"{prefix}country_name__iexact": name}) | Q(
        **{f"{prefix}iso_country_code__iexact": name}
    )


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
            city_name__iexact=data["city_name"],
            state_name__iexact=data["state_name"],
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
            address_line__iexact=data["address_line"],
            postal_code__iexact=data["postal_code"],
        )
        .order_by("id")
        .first()
    )


def address_lookup(data: dict) -> Address | None:
    """Like address_find, for checks that run before the city is resolved (the staff and
    store routes test "in use" before answering 404 for an unknown city)."""
    return (
        Address.objects.filter(
            _country_q("city__country__", data["country"]),
            address_line__iexact=data["address_line"],
            postal_code__iexact=data["postal_code"],
            city__city_name__iexact=data["city_name"],
            city__state_name__iexact=data["state_name"],
        )
        .order_by("id")
        .first()
    )


@functools.cache
def _holder_models():
    """(model, kind) of every model with a foreign key to address, in OWNER_KINDS' order:
    found through Address's reverse relations, so places names no app that builds on it
    (docs/people.md "App dependencies")."""
    holders = {
        field.related_model._meta.model_name: field.related_model
        for field in Address._meta.get_fields(include_hidden=True)
        if field.auto_created and not field.concrete and field.is_relation
    }
    return [(holders[kind], kind) for kind in OWNER_KINDS]


def address_holder_counts(address_id: int) -> dict[str, int]:
    """How many stores, staff and customers point at an address row, by kind."""
    return {
        kind: model.objects.filter(address_id=address_id).count()
        for model, kind in _holder_models()
    }


def address_holder_count(address_id: int) -> int:
    """How many customers, staff and stores point at an address row."""
    return sum(address_holder_counts(address_id).values())


def address_holder_kinds(address_id: int) -> list[str]:
    """The kinds of owner that point at an address row: "store", "staff", "customer"."""
    return [kind for kind, count in address_holder_counts(address_id).items() if count]


def address_owner_kind(address: Address, *, ignoring: str | None = None) -> str | None:
    """Who uses a row: its `in_use_by`, else the kind of whoever points at it (rows written
    by the reference), else None when it is free. `ignoring` is a kind that must not count
    (an owner about to move off the row)."""
    if address.in_use_by is not None and address.in_use_by != ignoring:
        return address.in_use_by
    kinds = [kind for kind in address_holder_kinds(address.id) if kind != ignoring]
    return kinds[0] if kinds else None


@transaction.atomic
def address_assign(
    *,
    data: dict,
    owner_kind: str,
    current: Address | None = None,
    in_use_message: str = MSG_NOT_AVAILABLE,
) -> Address:
    """The address row an owner should point at after sending `data` (validated).

    - an equal row used by someone else → 400 `in_use_message`;
    - an equal free row (or the owner's own) → it, marked as the owner's; the owner's
      previous row is released;
    - no equal row and the owner holds their current row alone → that row, rewritten in
      place (same id);
    - otherwise a new row owned by the owner; a shared previous row is left to the others.
    The caller points the owner at the returned row in the same transaction."""
    city = city_resolve(data)
    existing = address_find(data, city)
    current_id = current.id if current is not None else None
    if existing is not None and existing.id != current_id:
        # Lock the row so that two owners cannot both claim the same free address.
        existing = Address.objects.select_for_update().get(id=existing.id)
        if address_owner_kind(existing) is not None:
            raise ApplicationError(in_use_message)
        Address.objects.filter(id=existing.id).update(in_use_by=owner_kind)
        existing.in_use_by = owner_kind
        if current is not None:
            address_release(current, leaving=1, leaving_kind=owner_kind)
        return existing
    if existing is not None:  # the owner's own row, unchanged
        if existing.in_use_by != owner_kind and address_holder_count(existing.id) <= 1:
            Address.objects.filter(id=existing.id).update(in_use_by=owner_kind)
            existing.in_use_by = owner_kind
        return existing
    if current is not None and address_holder_count(current.id) <= 1:
        current.address_line = data["address_line"]
        current.postal_code = data["postal_code"]
        current.city = city
        current.in_use_by = owner_kind
        current.save(update_fields=["address_line", "postal_code", "city", "in_use_by"])
        return current
    if current is not None:
        address_release(current, leaving=1, leaving_kind=owner_kind)
    return Address.objects.create(
        address_line=data["address_line"],
        postal_code=data["postal_code"],
        city=city,
        in_use_by=owner_kind,
    )


def address_release(address: Address, *, leaving: int = 0, leaving_kind: str | None = None) -> None:
    """After an owner moved off a row, or before it moves (`leaving` holders of kind
    `leaving_kind`, by default the row's `in_use_by`, still point at it but are about to
    go): the row goes to whoever else still points at it, or becomes free (NULL)."""
    counts = address_holder_counts(address.id)
    kind = leaving_kind or address.in_use_by
    for _ in range(leaving):
        gone = kind if counts.get(kind, 0) > 0 else next((k for k, n in counts.items() if n), None)
        if gone is not None:
            counts[gone] -= 1
    kinds = [k for k, n in counts.items() if n > 0]
    owner = None
    if kinds:
        owner = address.in_use_by if address.in_use_by in kinds else kinds[0]
    if owner != address.in_use_by:
        Address.objects.filter(id=address.id).update(in_use_by=owner)
        address.in_use_by = owner


def address_delete_if_unused(address: Address) -> bool:
    """Staff and store deletes: call after the holder row is gone. Deletes the row when no
    one else holds it, else hands it to its remaining holder (released, not deleted)."""
    if address_holder_count(address.id) == 0:
        Address.objects.filter(id=address.id).delete()
        return True
    address_release(address)
    return False
