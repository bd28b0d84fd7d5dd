from django.db.models import QuerySet

from places.models import Address, City, Country


def country_list() -> QuerySet[Country]:
    return Country.objects.order_by("id")


def city_list() -> QuerySet[City]:
    return City.objects.order_by("id")


# What AddressSerializer reads, for select_related on any relation ending in an address.
ADDRESS_JOINS = ("city", "city__country")


def address_joins(prefix: str) -> list[str]:
    """select_related paths for an address reached through `prefix` (e.g. "store__address")."""
    return [prefix] + [f"{prefix}__{join}" for join in ADDRESS_JOINS]


def address_list() -> QuerySet[Address]:
    """GET /addresses: every address by id (read as places.serializers.ADDRESS_ROW rows)."""
    return Address.objects.order_by("id")


# Read as places.serializers.ADDRESS_ROW rows (values(), no model instances): the city and
# state lists are unpaginated (thousands of rows for a big city), too many for instances.
def addresses_by_city(city_name: str) -> QuerySet:
    """Addresses in cities of that name (exact, case-insensitive), by id."""
    return Address.objects.filter(city__city_name__iexact=city_name).order_by("id")


def addresses_by_state(state_name: str) -> QuerySet:
    """Addresses in states of that name (exact, case-insensitive), by id."""
    return Address.objects.filter(city__state_name__iexact=state_name).order_by("id")
