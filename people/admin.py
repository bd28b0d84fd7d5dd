"""Admin for customers and staff. Writes go through people.services, so the API's rules hold
here too (unique emails and phones, no delete of customers with rentals or of a store's
manager). Password hashes are never shown or edited; addresses are read-only here, since
they follow the one-owner rules (P10) of the API routes."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q

from people import services
from people.models import Customer, Staff
from reelfake.admin_actions import act_on_each
from reelfake.exceptions import ApplicationError
from reelfake.forms import AsciiNumbersModelForm
from stores.models import Store
from stores.scoping import StoreFilter, StoreScopedAdmin, admin_scope


class _ServiceCheckedForm(AsciiNumbersModelForm):
    """Runs the service's uniqueness checks, so a conflict is a form error, not a 500."""

    service_check = None

    def clean(self):
        data = super().clean()
        try:
            self.service_check(
                self.instance.pk,
                email=data.get("email"),
                phone_number=data.get("phone_number"),
            )
        except ApplicationError as exc:
            raise forms.ValidationError(exc.message) from None
        return data


class CustomerAdminForm(_ServiceCheckedForm):
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


class StaffAdminForm(_ServiceCheckedForm):
    class Meta:
        model = Staff
        fields = ["first_name", "last_name", "email", "phone_number", "avatar", "active", "store"]

    @staticmethod
    def service_check(pk, **fields):
        services.staff_fields_check(staff_id=pk, **fields)


class ServiceWritesAdmin(admin.ModelAdmin):
    """save/delete through the app's services; a refused delete is reported, not a 500."""

    save_service = None
    delete_service = None

    def save_model(self, request, obj, form, change):
        self.save_service(obj)

    def delete_model(self, request, obj):
        try:
            self.delete_service(obj)
        except ApplicationError as exc:
            self.message_user(request, f"{obj}: {exc.message}", level=messages.ERROR)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


class CustomerScopedAdmin(StoreScopedAdmin, ServiceWritesAdmin):
    """Customers who rent at the manager's store: it is their preferred store, or they
    have rented there (docs/admin.md "Scoping")."""

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


@admin.register(Staff)
class StaffAdmin(StoreScopedAdmin, ServiceWritesAdmin):
    form = StaffAdminForm
    list_display = ["id", "first_name", "last_name", "email", "phone_number", "active", "store"]
    list_filter = ["active", StoreFilter]
    search_fields = ["first_name", "last_name", "email"]
    list_select_related = ["store"]
    show_full_result_count = False
    ordering = ["id"]
    raw_id_fields = ["store"]
    readonly_fields = ["address_text", "created_at", "updated_at"]

    @admin.display(description="address")
    def address_text(self, staff):
        return str(staff.address) if staff.address_id else "—"

    @staticmethod
    def save_service(staff):
        services.staff_save(staff=staff)

    def _in_scope(self, request, staff) -> bool:
        return admin_scope(request).allows(staff.store_id)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or self._in_scope(request, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or self._in_scope(request, obj))

    def save_model(self, request, obj, form, change):
        if not self._in_scope(request, obj):
            raise PermissionDenied
        super().save_model(request, obj, form, change)

    def delete_model(self, request, obj):
        if not self._in_scope(request, obj):
            raise PermissionDenied
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        if not all(self._in_scope(request, staff) for staff in queryset):
            raise PermissionDenied
        super().delete_queryset(request, queryset)

    @staticmethod
    def delete_service(staff):
        services.staff_delete(staff=staff)

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        # A store's manager cannot be deleted (the API refuses it too).
        managed = Store.objects.filter(store_manager__in=list(objs)).order_by("id")
        protected = list(protected) + [
            f"{store} is managed by {store.store_manager}" for store in managed
        ]
        return deleted, counts, perms_needed, protected
