"""Reads of customers and staff."""

from django.db.models import QuerySet

from people.models import Customer, Staff
from places.selectors import address_joins


def customer_detail_queryset() -> QuerySet[Customer]:
    """Customers with everything CustomerDetailSerializer reads, in one query."""
    return Customer.objects.select_related(
        *address_joins("address"),
        *address_joins("preferred_store__address"),
        *address_joins("preferred_store__store_manager__address"),
    )


def staff_detail_queryset() -> QuerySet[Staff]:
    """Staff with everything StaffDetailSerializer reads, in one query."""
    return Staff.objects.select_related(*address_joins("address"), *address_joins("store__address"))


def customer_by_email(email: str) -> Customer | None:
    return Customer.objects.filter(email__iexact=email).order_by("id").first()


def staff_by_email(email: str) -> Staff | None:
    return Staff.objects.select_related("store").filter(email__iexact=email).order_by("id").first()


def staff_is_store_manager(staff: Staff) -> bool:
    """A manager is a staff member whose own store names them as its manager."""
    return staff.store_id is not None and staff.store.store_manager_id == staff.id


def email_in_use(email: str) -> bool:
    """Whether any customer or staff member already has this email (case-insensitively)."""
    return (
        Customer.objects.filter(email__iexact=email).exists()
        or Staff.objects.filter(email__iexact=email).exists()
    )
