"""Test data helpers shared by the places and people tests."""

from places.models import Country


def australia_country() -> Country:
    """Australia as code AU; the country factory's sequence may have used the code already."""
    country, _ = Country.objects.update_or_create(
        iso_country_code="AU", defaults={"country_name": "Australia"}
    )
    return country
