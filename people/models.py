from django.db import models

from reelfake.db.models_base import TimestampedModel


def is_store_manager(staff_id: int, store_id: int | None, store_manager_id: int | None):
    """Whether a staff member manages a store: their own store names them as its manager.
    None for staff without a store (the wire's `isStoreManager: null`)."""
    if store_id is None:
        return None
    return store_manager_id == staff_id


class Staff(TimestampedModel):
    """A staff member. A store manager is the staff member whose own store
    (`store`) names them as `store_manager`."""

    first_name = models.CharField(max_length=45)
    last_name = models.CharField(max_length=45)
    email = models.CharField(max_length=100, null=True, blank=True)
    address = models.ForeignKey(
        "places.Address", on_delete=models.RESTRICT, null=True, blank=True, related_name="+"
    )
    store = models.ForeignKey(
        "stores.Store", on_delete=models.SET_NULL, null=True, blank=True, related_name="staff"
    )
    active = models.BooleanField(default=True)
    phone_number = models.CharField(max_length=20)
    avatar = models.CharField(max_length=120, null=True, blank=True)
    user_password = models.CharField(max_length=255, null=True, blank=True)
    # Advanced by logout and password changes: older tokens are refused (accounts/identity.py).
    session_version = models.IntegerField(default=0)

    class Meta:
        managed = False
        db_table = "staff"
        ordering = ["id"]
        verbose_name_plural = "staff"

    def __str__(self):
        return f"{self.first_name} {self.last_name}"

    def manages_own_store(self) -> bool | None:
        """is_store_manager() for this row (reads `store`)."""
        if self.store_id is None:
            return None
        return is_store_manager(self.id, self.store_id, self.store.store_manager_id)


class Customer(TimestampedModel):
    """A customer of the rental chain."""

    first_name = models.CharField(max_length=45)
    last_name = models.CharField(max_length=45)
    email = models.CharField(max_length=100)
    address = models.ForeignKey(
        "places.Address", on_delete=models.RESTRICT, null=True, blank=True, related_name="+"
    )
    preferred_store = models.ForeignKey(
        "stores.Store",
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="preferred_by",
    )
    active = models.BooleanField(default=True)
    phone_number = models.CharField(max_length=20, null=True, blank=True)
    avatar = models.CharField(max_length=120, null=True, blank=True)
    registered_on = models.DateField()
    user_password = models.CharField(max_length=255, null=True, blank=True)
    # Advanced by logout and password changes: older tokens are refused (accounts/identity.py).
    session_version = models.IntegerField(default=0)

    class Meta:
        managed = False
        db_table = "customer"
        ordering = ["id"]

    def __str__(self):
        return f"{self.first_name} {self.last_name}"
