"""Admin for rentals: read-only rows, scoped to the manager's store (reelfake/admin_scope.py), with
one action, "Mark returned", through rentals.services.rental_return as PATCH
/rentals/{id}/return uses it. A million rows: the list joins what it shows in one query,
counts exactly only when it is free (the trigger-kept totals) and otherwise up to a cap,
shown as "more than N" (docs/admin.md "Counts")."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Q
from django.utils import timezone

from reelfake.admin_actions import act_on_each
from reelfake.admin_filters import CountedPaginator, DateRangeFilter
from reelfake.admin_scope import StoreFilter, StoreScopedAdmin, admin_scope
from reelfake.ids import int_from_text
from rentals import selectors, services
from rentals.models import Rental

# Query parameters that neither filter nor search a change list.
UNFILTERED_PARAMETERS = {"p", "o"}
INT_MAX = 2_147_483_647  # ids are PostgreSQL integers


def _short(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


class ReturnStatusFilter(admin.SimpleListFilter):
    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [("open", "Open"), ("overdue", "Overdue"), ("returned", "Returned")]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "open":
            return queryset.filter(return_date__isnull=True)
        if value == "overdue":
            return queryset.filter(return_date__isnull=True, rental_end_date__lt=timezone.now())
        if value == "returned":
            return queryset.filter(return_date__isnull=False)
        return queryset


@admin.register(Rental)
class RentalAdmin(StoreScopedAdmin):
    paginator = CountedPaginator
    show_full_result_count = False
    list_display = [
        "id",
        "customer",
        "movie_title",
        "store_number",
        "started",
        "due",
        "returned",
        "paid",
        "kind",
    ]
    # Facet counts would count the million rows once per filter choice.
    show_facets = admin.ShowFacets.NEVER
    list_select_related = ["customer", "inventory__movie"]
    list_filter = [
        ("rental_start_date", DateRangeFilter),
        "rental_type",
        ReturnStatusFilter,
        StoreFilter,
    ]
    search_fields = ["=id", "=customer__id", "=inventory__id", "=customer__email"]
    search_help_text = "A rental id, customer id, inventory id, or a customer's email."
    # Newest first: (rental_start_date) is indexed, so a date range is one index range.
    ordering = ["-rental_start_date", "-id"]
    raw_id_fields = ["inventory", "customer", "staff"]
    actions = ["mark_returned"]

    class Media:
        css = {"all": ["rentals/admin.css"]}

    @admin.display(description="movie")
    def movie_title(self, rental):
        return rental.inventory.movie.title

    @admin.display(description="store", ordering="store_id")
    def store_number(self, rental):
        return rental.store_id

    @admin.display(description="started", ordering="rental_start_date")
    def started(self, rental):
        return _short(rental.rental_start_date)

    @admin.display(description="due", ordering="rental_end_date")
    def due(self, rental):
        return _short(rental.rental_end_date)

    @admin.display(description="returned", ordering="return_date")
    def returned(self, rental):
        return _short(rental.return_date) if rental.return_date else "open"

    @admin.display(description="paid", ordering="amount_paid")
    def paid(self, rental):
        return rental.amount_paid

    @admin.display(description="type", ordering="rental_type")
    def kind(self, rental):
        return rental.rental_type

    def get_search_results(self, request, queryset, search_term):
        """One term: a number is a rental, customer or inventory id (three indexed columns
        of the rental table); anything with an @ is a customer's email. Django's OR over all
        search_fields would join the customer table and scan every rental."""
        term = search_term.strip()
        if not term:
            return queryset, False
        number = int_from_text(term)
        if number is not None:
            if number > INT_MAX:
                return queryset.none(), False
            ids = Q(id=number) | Q(customer_id=number) | Q(inventory_id=number)
            return queryset.filter(ids), False
        if "@" in term:
            return queryset.filter(customer__email__iexact=term), False
        return queryset.none(), False

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        known = None
        scope = admin_scope(request)
        if set(request.GET) <= UNFILTERED_PARAMETERS:
            if not scope.restricted:
                known = selectors.rental_count_exact()
            elif scope.store_id is not None:
                known = selectors.rental_count_exact(scope.store_id)
        elif set(request.GET) <= UNFILTERED_PARAMETERS | {"store"} and not scope.restricted:
            # A superuser's store picker alone: that store's total.
            store_id = int_from_text(request.GET.get("store"))
            if store_id is not None:
                known = selectors.rental_count_exact(store_id)
        return self.paginator(
            queryset,
            per_page,
            orphans=orphans,
            allow_empty_first_page=allow_empty_first_page,
            known_count=known,
        )

    @admin.action(description="Mark returned (the copy goes back into stock)")
    def mark_returned(self, request, queryset):
        act_on_each(
            self,
            request,
            queryset,
            lambda rental: services.rental_return(rental=rental),
            noun=("rental", "rentals"),
            success=lambda counted: f"{counted} marked returned.",
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
