from django.db.models import F, QuerySet

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


# The address object of the contract, built by the database: the city and state lists are
# unpaginated (thousands of rows for a big city), too many for model instances.
ADDRESS_ITEM = {
    "addressLine": F("address_line"),
    "cityName": F("city__city_name"),
    "stateName": F("city__state_name"),
    "country": F("city__country__country_name"),
    "postalCode": F("postal_code"),
}


def address_items_by_city(city_name: str) -> list[dict]:
    """Addresses in cities of that name (exact, case-insensitive), as contract items by id."""
    rows = Address.objects.filter(city__city_name__iexact=city_name).order_by("id")
    return list(rows.values("id", **ADDRESS_ITEM))


def address_items_by_state(state_name: str) -> list[dict]:
    rows = Address.objects.filter(city__state_name__iexact=state_name).order_by("id")
    return list(rows.values("id", **ADDRESS_ITEM))
