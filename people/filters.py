"""Query parameters of the customer and staff lists.

The filtersets validate the query with the contract's messages, in the contract's order,
before authentication (`validate_query()`), then apply the (valid) filters to the items —
address filters included (P16)."""

from __future__ import annotations

import datetime
import re

from django.db.models import F
from django_filters import rest_framework as filters

from places.models import City
from reelfake.db.lookups import ILike, like_pattern
from reelfake.exceptions import ApplicationError
from reelfake.pagination import parse_page

MSG_CUSTOMER_EMAIL = "Customer email must be alpha numeric and only example.com domain is allowed"
MSG_STAFF_EMAIL = "Staff email must be alpha numeric and only example.com domain is allowed"
MSG_CUSTOMER_ACTIVE = "Customer active flag must be boolean (true or false)"
MSG_STAFF_ACTIVE = "Active flag must be boolean (true or false)"
MSG_REGISTERED_ON_PARTS = "Invalid registered on date"
MSG_REGISTERED_ON_FORMAT = "Registered on date must be in format YYYY-MM-DD"

# Checked only when the value is not a pattern (neither starts nor ends with %). The
# reference tests it case-sensitively, which rejects upper-case emails (P20); ours does not.
_EMAIL_RULE = re.compile(r"^[a-z0-9]{5,30}@example\.com$", re.IGNORECASE)
_DATE_RE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
ACTIVE_VALUES = {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}


def _value(request, name: str) -> str | None:
    """A query parameter, None when absent or empty (empty values filter nothing)."""
    value = request.GET.get(name)
    return value if value else None


def email_filter_validate(raw: str | None, message: str) -> None:
    if raw is None or raw.startswith("%") or raw.endswith("%"):
        return
    if not _EMAIL_RULE.match(raw):
        raise ApplicationError(message)


def active_parse(raw: str | None, message: str) -> bool | None:
    if raw is None:
        return None
    value = ACTIVE_VALUES.get(raw.strip().lower())
    if value is None:
        raise ApplicationError(message)
    return value


def _date_parse(raw: str) -> datetime.date:
    if not _DATE_RE.match(raw):
        raise ApplicationError(MSG_REGISTERED_ON_FORMAT)
    try:
        return datetime.date.fromisoformat(raw)
    except ValueError:  # month 13, 2021-02-30, …
        raise ApplicationError(MSG_REGISTERED_ON_FORMAT) from None


def date_range_parse(raw: str | None) -> tuple[datetime.date | None, datetime.date | None]:
    """`d` (that day), `a,b` (inclusive), `a,` (from a) or `,b` (until b)."""
    if raw is None:
        return None, None
    parts = raw.split(",")
    if len(parts) > 2:
        raise ApplicationError(MSG_REGISTERED_ON_PARTS)
    if len(parts) == 1:
        day = _date_parse(parts[0].strip())
        return day, day
    low, high = (part.strip() for part in parts)
    if not low and not high:
        raise ApplicationError(MSG_REGISTERED_ON_FORMAT)
    return (_date_parse(low) if low else None), (_date_parse(high) if high else None)


def _pattern(field: str, help_text: str):
    return filters.CharFilter(field_name=field, method="filter_ilike", help_text=help_text)


def _city_pattern(field: str, help_text: str):
    return filters.CharFilter(field_name=field, method="filter_city", help_text=help_text)


class PersonFilter(filters.FilterSet):
    """Filters shared by customers and staff. Values are SQL ILIKE patterns.

    validate_query() checks the whole query with the contract's messages, in the contract's
    order (page, email, active, …); the list views call it before authentication
    (reelfake.generics.QueryFirstMixin), and the filter methods raise the same messages when
    the filterset is used on its own."""

    email_message = MSG_STAFF_EMAIL
    active_message = MSG_STAFF_ACTIVE

    @classmethod
    def validate_query(cls, request) -> None:
        parse_page(request)
        email_filter_validate(_value(request, "email"), cls.email_message)
        active_parse(_value(request, "active"), cls.active_message)

    first_name = _pattern("first_name", "ILIKE pattern, e.g. `%chris%`; no `%` = equality.")
    last_name = _pattern("last_name", "ILIKE pattern on the last name.")
    email = filters.CharFilter(
        field_name="email",
        method="filter_email",
        help_text="ILIKE pattern. Without a leading or trailing `%` it must be an example.com "
        "email.",
    )
    phone_number = _pattern("phone_number", "ILIKE pattern on the phone number.")
    active = filters.CharFilter(
        method="filter_active", help_text="`true|false|yes|no|1|0` (case-insensitive)."
    )
    address_line = _pattern("address__address_line", "ILIKE pattern on the address line.")
    postal_code = _pattern("address__postal_code", "ILIKE pattern on the postal code.")
    city = _city_pattern("city_name", "ILIKE pattern on the city name.")
    state = _city_pattern("state_name", "ILIKE pattern on the state name.")
    country = _city_pattern("country__country_name", "ILIKE pattern on the country name.")

    def filter_ilike(self, queryset, name, value):
        return queryset.filter(ILike(F(name), like_pattern(value)))

    def filter_city(self, queryset, name, value):
        # The city table is small: resolve the pattern to ids first, so the planner sees
        # literal city ids and its per-city row counts (a few cities hold most addresses).
        pattern = like_pattern(value)
        city_ids = list(City.objects.filter(ILike(F(name), pattern)).values_list("id", flat=True))
        return queryset.filter(address__city_id__in=city_ids)

    def filter_email(self, queryset, name, value):
        email_filter_validate(value, self.email_message)
        return self.filter_ilike(queryset, name, value)

    def filter_active(self, queryset, name, value):
        return queryset.filter(active=active_parse(value, self.active_message))


class StaffFilter(PersonFilter):
    pass


class CustomerFilter(PersonFilter):
    email_message = MSG_CUSTOMER_EMAIL
    active_message = MSG_CUSTOMER_ACTIVE

    @classmethod
    def validate_query(cls, request) -> None:
        super().validate_query(request)
        date_range_parse(_value(request, "registered_on"))

    registered_on = filters.CharFilter(
        method="filter_registered_on",
        help_text="`YYYY-MM-DD`, or a range `a,b`, `a,` (from), `,b` (until); inclusive.",
    )

    def filter_registered_on(self, queryset, name, value):
        low, high = date_range_parse(value)
        if low is not None:
            queryset = queryset.filter(registered_on__gte=low)
        if high is not None:
            queryset = queryset.filter(registered_on__lte=high)
        return queryset
