from django.db import models

from reelfake.db.models_base import TimestampedModel


class Country(TimestampedModel):
    """A country: ISO 3166-1 alpha-2 code plus the historical codes TMDB uses (SU, YU, …)."""

    country_name = models.CharField(max_length=60)
    iso_country_code = models.CharField(max_length=2, unique=True)

    class Meta:
        managed = False
        db_table = "country"
        ordering = ["id"]

    def __str__(self):
        return f"{self.country_name} ({self.iso_country_code})"


class City(TimestampedModel):
    """A city with its state, in a country (the seeded ones are Australian)."""

    city_name = models.CharField(max_length=60)
    state_name = models.CharField(max_length=60)
    country = models.ForeignKey(Country, on_delete=models.RESTRICT, related_name="cities")

    class Meta:
        managed = False
        db_table = "city"
        ordering = ["id"]
        verbose_name_plural = "cities"

    def __str__(self):
        return f"{self.city_name}, {self.state_name}"


class Address(TimestampedModel):
    """A street address. `in_use_by` names its single owner kind (P10), NULL when free."""

    IN_USE_BY_CHOICES = [("customer", "customer"), ("staff", "staff"), ("store", "store")]

    address_line = models.CharField(max_length=120)
    city = models.ForeignKey(City, on_delete=models.RESTRICT, related_name="addresses")
    postal_code = models.CharField(max_length=10, null=True, blank=True)
    in_use_by = models.CharField(max_length=10, null=True, blank=True, choices=IN_USE_BY_CHOICES)

    class Meta:
        managed = False
        db_table = "address"
        ordering = ["id"]
        verbose_name_plural = "addresses"

    def __str__(self):
        return f"{self.address_line}, {self.city}"
