from django.db import models

from reelfake.db.models_base import TimestampedModel


class Store(TimestampedModel):
    """A rental store with its address, phone and (at most one) manager."""

    store_manager = models.OneToOneField(
        "people.Staff",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="managed_store",
    )
    address = models.OneToOneField("places.Address", on_delete=models.RESTRICT, related_name="+")
    phone_number = models.CharField(max_length=20, unique=True)

    class Meta:
        managed = False
        db_table = "store"
        ordering = ["id"]

    def __str__(self):
        return f"Store {self.id}"


class Inventory(TimestampedModel):
    """How many copies of a movie a store holds; one row per (movie, store)."""

    movie = models.ForeignKey("movies.Movie", on_delete=models.CASCADE, related_name="inventory")
    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="inventory")
    stock_count = models.IntegerField(default=0)

    class Meta:
        managed = False
        db_table = "inventory"
        ordering = ["id"]
        verbose_name_plural = "inventory"

    def __str__(self):
        return f"{self.movie_id} @ store {self.store_id}: {self.stock_count}"
