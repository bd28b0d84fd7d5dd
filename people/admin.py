"""Admin for customers (staff are stores/admin.py's, with the staff <-> store rules). Writes
go through people.services, so the API's rules hold here too (unique emails and phones, no
delete of customers with rentals). Password hashes are never shown or edited; addresses
are read-only here, since they follow the one-owner rules (P10) of the API routes."""

from django.contrib import admin
from django.db.models import Q

from people import services
from people.models import Customer
from reelfake.admin_actions import ServiceCheckedForm, ServiceWritesAdmin, act_on_each
from reelfake.admin_scope import StoreFilter, StoreScopedAdmin


class CustomerAdminForm(ServiceCheckedForm):
    class Meta:
        model = Customer
        fields = [
            "first_name",
            "last_name",
            "email",
            "phone_number",
            "avatar",
            "active",
            "preferred_store",
            "registered_on",
        ]

    @staticmethod
    def service_check(pk, **fields):
        services.customer_fields_check(customer_id=pk, **fields)


class CustomerScopedAdmin(StoreScopedAdmin, ServiceWritesAdmin):
    """Customers who rent at the manager's store: it is their preferred store, or they
    have rented there (docs/admin.md "Scoping")."""

    store_relation = "preferred_store"

    def scope_queryset(self, queryset, store_id):
        if store_id is None:
            return queryset.none()
        # The model behind Customer.rentals (declared by the rentals app, which people does
        # not import): the store's renters from its (store_id, customer_id) index.
        rentals = Customer._meta.get_field("rentals").related_model.objects
        renters = rentals.filter(store_id=store_id).values("customer_id")
        return queryset.filter(Q(preferred_store_id=store_id) | Q(id__in=renters))


@admin.register(Customer)
class CustomerAdmin(CustomerScopedAdmin):
    form = CustomerAdminForm
    actions = ["deactivate"]
    list_display = [
        "id",
        "first_name",
        "last_name",
        "email",
        "phone_number",
        "active",
        "preferred_store",
        "registered_on",
    ]
    list_filter = ["active", StoreFilter]
    search_fields = ["first_name", "last_name", "email"]
    list_select_related = ["preferred_store"]
    show_full_result_count = False
    ordering = ["id"]
    raw_id_fields = ["preferred_store"]
    readonly_fields = ["address_text", "created_at", "updated_at"]

    @admin.display(description="address")
    def address_text(self, customer):
        return str(customer.address) if customer.address_id else "—"

    @staticmethod
    def save_service(customer):
        services.customer_save(customer=customer)

    @staticmethod
    def delete_service(customer):
        services.customer_delete(customer=customer)

    @admin.action(description="Deactivate (their sign-in stops working at once)")
    def deactivate(self, request, queryset):
        act_on_each(
            self,
            request,
            queryset,
            lambda customer: services.customer_set_active(customer=customer, active=False),
            noun=("customer", "customers"),
            success=lambda counted: f"{counted} deactivated.",
        )
