"""Reads of customers and staff."""

from django.db.models import F, QuerySet
from django.db.models.functions import Lower

from people.models import Customer, Staff
from people.serializers import CUSTOMER_DETAIL_ROW, STAFF_DETAIL_ROW
from places.selectors import address_joins
from reelfake.db.compiled import CompiledRow

# GET /customers/{id}, GET /staff/{id} and GET /auth/me: the detail shapes' rows, in one
# query compiled once.
_CUSTOMER_DETAIL = CompiledRow(
    lambda customer_id: Customer.objects.filter(id=customer_id).values(*CUSTOMER_DETAIL_ROW.columns)
)
_STAFF_DETAIL = CompiledRow(
    lambda staff_id: Staff.objects.filter(id=staff_id).values(*STAFF_DETAIL_ROW.columns)
)


def customer_detail_row(customer_id: int) -> dict | None:
    """A CUSTOMER_DETAIL_ROW row, or None."""
    return _CUSTOMER_DETAIL.first(customer_id)


def staff_detail_row(staff_id: int) -> dict | None:
    """A STAFF_DETAIL_ROW row, or None."""
    return _STAFF_DETAIL.first(staff_id)


def staff_detail_queryset() -> QuerySet[Staff]:
    """Staff with everything StaffDetailSerializer reads, in one query."""
    return Staff.objects.select_related(*address_joins("address"), *address_joins("store__address"))


def customer_list() -> QuerySet[Customer]:
    """GET /customers: the customers the filters narrow down, by id (items read as
    people.serializers.CUSTOMER_ROW rows)."""
    return Customer.objects.order_by("id")


def customer_summary_list() -> QuerySet[Customer]:
    """GET /customers/summary: only the columns the summary sends, by id."""
    return Customer.objects.only("id", "first_name", "last_name", "email", "active").order_by("id")


def customer_get(customer_id: int) -> Customer | None:
    return Customer.objects.select_related("address").filter(id=customer_id).first()


def staff_list() -> QuerySet[Staff]:
    """GET /staff: staff by id (items read as people.serializers.STAFF_ROW rows)."""
    return Staff.objects.order_by("id")


def staff_summary_list() -> QuerySet[Staff]:
    return Staff.objects.only("id", "first_name", "last_name", "email", "active").order_by("id")


def store_manager_list() -> QuerySet[Staff]:
    """Managers: staff whose own store names them as its manager, by id."""
    return Staff.objects.filter(store__store_manager_id=F("id")).order_by("id")


def store_manager_summary_list() -> QuerySet[Staff]:
    return (
        Staff.objects.filter(store__store_manager_id=F("id"))
        .only("id", "first_name", "last_name", "email", "active")
        .order_by("id")
    )


def staff_store_id(staff_id: int) -> int | None:
    """The store a staff member works at (None for none, or for an unknown id)."""
    return Staff.objects.filter(id=staff_id).values_list("store_id", flat=True).first()


def staff_get(staff_id: int) -> Staff | None:
    return Staff.objects.select_related("address", "store").filter(id=staff_id).first()


def with_email(queryset: QuerySet, email: str) -> QuerySet:
    """Rows with this email, case-insensitively, as lower(email) = lower(value): the form
    the unique indexes of schema.sql (customer_email_lower_key, staff_email_lower_key)
    serve, where Django's iexact (UPPER) would scan the table."""
    return queryset.alias(email_lower=Lower("email")).filter(email_lower=email.lower())


def customer_by_email(email: str) -> Customer | None:
    return with_email(Customer.objects, email).order_by("id").first()


def staff_by_email(email: str) -> Staff | None:
    return with_email(Staff.objects.select_related("store"), email).order_by("id").first()


def staff_is_store_manager(staff: Staff) -> bool:
    """A manager is a staff member whose own store names them as its manager."""
    return bool(staff.manages_own_store())


def email_in_use(email: str) -> bool:
    """Whether any customer or staff member already has this email (case-insensitively)."""
    return with_email(Customer.objects, email).exists() or with_email(Staff.objects, email).exists()
