from django.db.models import QuerySet

from places.models import City, Country


def country_list() -> QuerySet[Country]:
    return Country.objects.order_by("id")


def city_list(*, include_country: bool = False) -> QuerySet[City]:
    cities = City.objects.order_by("id")
    return cities.select_related("country") if include_country else cities


# What AddressSerializer reads, for select_related on any relation ending in an address.
ADDRESS_JOINS = ("city", "city__country")


def address_joins(prefix: str) -> list[str]:
    """select_related paths for an address reached through `prefix` (e.g. "store__address")."""
    return [prefix] + [f"{prefix}__{join}" for join in ADDRESS_JOINS]
