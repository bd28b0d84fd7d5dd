from django.db.models import QuerySet

from places.models import City, Country


def country_list() -> QuerySet[Country]:
    return Country.objects.order_by("id")


def city_list(*, include_country: bool = False) -> QuerySet[City]:
    cities = City.objects.order_by("id")
    return cities.select_related("country") if include_country else cities
