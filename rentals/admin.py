"""Read-only admin for rentals (issue 3). A million rows: the list joins what it shows in
one query and never counts the whole table."""

from django.contrib import admin
from django.core.paginator import Paginator
from django.utils.functional import cached_property

from rentals.models import Rental


class CappedCountPaginator(Paginator):
    """Counts at most CAP rows (COUNT over a LIMIT subquery), so the change list pages
    through the newest rentals without a COUNT over the whole table; search or filter to
    reach older ones."""

    CAP = 10_000

    @cached_property
    def count(self):
        return self.object_list[: self.CAP].count()


@admin.register(Rental)
class RentalAdmin(admin.ModelAdmin):
    paginator = CappedCountPaginator
    show_full_result_count = False
    list_display = [
        "id",
        "customer",
        "movie_title",
        "store_id",
        "rental_start_date",
        "return_date",
        "amount_paid",
        "rental_type",
    ]
    list_select_related = ["customer", "inventory__movie"]
    list_filter = ["rental_type"]
    search_fields = ["=id", "=customer__id", "=inventory__id"]
    ordering = ["-id"]
    raw_id_fields = ["inventory", "customer", "staff"]

    @admin.display(description="movie")
    def movie_title(self, rental):
        return rental.inventory.movie.title

    @admin.display(description="store")
    def store_id(self, rental):
        return rental.inventory.store_id

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
