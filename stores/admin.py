"""Admin for stores and inventory (issue 3). Writes go through stores.services, so the admin
obeys the API's rules: manager bookkeeping (P11), one row per movie and store (P12), no
delete while rentals reference a row (P9), and store scoping (P3) for a signed-in store
manager (a Django superuser may act on any store)."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.template.response import TemplateResponse
from rest_framework.exceptions import PermissionDenied

from people import services as people_services
from people.models import Staff
from reelfake.admin_actions import ServiceCheckedForm, ServiceWritesAdmin, act_on_each
from reelfake.admin_scope import StoreFilter, StoreScopedAdmin, admin_scope
from reelfake.bodies import validated_data
from reelfake.exceptions import MSG_FORBIDDEN, ApplicationError
from reelfake.forms import AsciiNumbersModelForm
from reelfake.ids import int_from_text
from reelfake.permissions import ADMIN_SHADOW_USER_PREFIX
from stores import services
from stores.models import Inventory, Store
from stores.selectors import LOW_STOCK
from stores.serializers import (
    InventoryCreateBodySerializer,
    InventoryUpdateBodySerializer,
    StoreUpdateBodySerializer,
)


@dataclass
class AdminActor:
    """Who acts, as the services' store scoping sees it: a manager's store, or for a
    superuser the store being written."""

    store_id: int | None


def admin_store_id(request) -> int | None:
    """The store of the store manager behind an admin session; None for a superuser."""
    user = request.user
    if user.is_superuser or not user.username.startswith(ADMIN_SHADOW_USER_PREFIX):
        return None
    staff_id = user.username.removeprefix(ADMIN_SHADOW_USER_PREFIX)
    return Staff.objects.filter(id=staff_id).values_list("store_id", flat=True).first()


def admin_actor(request, store_id: int | None) -> AdminActor:
    own = admin_store_id(request)
    return AdminActor(store_id if request.user.is_superuser else own)


def _may_write(request, store_id: int | None) -> bool:
    return request.user.is_superuser or store_id is None or admin_store_id(request) == store_id


class ServiceForm(AsciiNumbersModelForm):
    """Runs the service in clean(): a refused write becomes a form error and changes
    nothing (the admin wraps the request in a transaction; the service in a savepoint)."""

    request = None

    def write(self, cleaned_data: dict):
        raise NotImplementedError

    def clean(self):
        cleaned_data = super().clean()
        if not self.errors:
            try:
                self.write(cleaned_data)
            except ApplicationError as exc:
                raise ValidationError(exc.message) from None
            except PermissionDenied:  # store scoping
                raise ValidationError(MSG_FORBIDDEN) from None
        return cleaned_data


class StoreForm(ServiceForm):
    class Meta:
        model = Store
        fields = ["phone_number", "store_manager"]

    def write(self, cleaned_data):
        manager = cleaned_data.get("store_manager")
        superuser = self.request.user.is_superuser
        body = validated_data(
            StoreUpdateBodySerializer,
            {
                "phoneNumber": cleaned_data.get("phone_number"),
                "storeManagerId": manager.id if manager is not None else None,
            },
        )
        services.store_update(
            user=None if superuser else AdminActor(admin_store_id(self.request)),
            store=self.instance,
            **body,
        )


@admin.register(Store)
class StoreAdmin(admin.ModelAdmin):
    form = StoreForm
    list_display = ["id", "phone_number", "store_manager", "address"]
    list_select_related = ["store_manager", "address__city"]
    search_fields = ["=id", "phone_number"]
    raw_id_fields = ["store_manager"]
    readonly_fields = ["address"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.request = request
        return form

    def has_add_permission(self, request):
        # A new store needs its address and manager rules: POST /api/stores does that.
        return False

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or _may_write(request, obj.id))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or _may_write(request, obj.id))

    def save_model(self, request, obj, form, change):
        """StoreForm.clean() has written the change through store_update()."""

    def delete_model(self, request, obj):
        try:
            services.store_delete(store=obj, force=False)
        except ApplicationError as exc:
            self.message_user(request, exc.message, level=messages.ERROR)

    def delete_queryset(self, request, queryset):
        for store in queryset:
            self.delete_model(request, store)


class InventoryForm(ServiceForm):
    class Meta:
        model = Inventory
        fields = ["movie", "store", "stock_count"]

    def write(self, cleaned_data):
        movie, store = cleaned_data["movie"], cleaned_data["store"]
        actor = admin_actor(self.request, store.id)
        values = {
            "movie_id": movie.id,
            "store_id": store.id,
            "stock_count": cleaned_data["stock_count"],
        }
        if self.instance.pk is None:
            body = validated_data(InventoryCreateBodySerializer, values)
            created = services.inventory_create(user=actor, **body)
            self.instance.pk = created.pk
        else:
            body = validated_data(InventoryUpdateBodySerializer, values)
            inventory = Inventory.objects.get(pk=self.instance.pk)
            services.inventory_update(user=actor, inventory=inventory, **body)


class StockFilter(admin.SimpleListFilter):
    title = "stock"
    parameter_name = "stock"

    def lookups(self, request, model_admin):
        return [
            ("out", "Out of stock"),
            ("low", f"Low (at most {LOW_STOCK})"),
            ("in", "In stock"),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "out":
            return queryset.filter(stock_count=0)
        if value == "low":
            return queryset.filter(stock_count__lte=LOW_STOCK)
        if value == "in":
            return queryset.filter(stock_count__gt=0)
        return queryset


class StockActionForm(forms.Form):
    """The intermediate page of the restock and set-stock actions."""

    count = forms.CharField(label="Copies", max_length=20)


@admin.register(Inventory)
class InventoryAdmin(StoreScopedAdmin):
    form = InventoryForm
    list_display = ["id", "movie", "store", "stock_count"]
    list_select_related = ["movie", "store"]
    list_filter = [StockFilter, StoreFilter]
    show_facets = admin.ShowFacets.NEVER  # 250,000 rows: no count per filter choice
    search_fields = ["=id", "movie__title"]
    search_help_text = "An inventory or movie id, or words of the movie's title."
    raw_id_fields = ["movie", "store"]
    show_full_result_count = False
    actions = ["restock", "set_stock"]

    def get_search_results(self, request, queryset, search_term):
        """A number is an inventory or movie id; other text searches the title (its trigram
        index), rather than Django's OR of every field over a join."""
        term = search_term.strip()
        if not term:
            return queryset, False
        number = int_from_text(term)
        if number is not None:
            if number > services.INT_MAX:
                return queryset.none(), False
            return queryset.filter(Q(id=number) | Q(movie_id=number)), False
        return queryset.filter(movie__title__icontains=term), False

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.request = request
        return form

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or _may_write(request, obj.store_id))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or _may_write(request, obj.store_id))

    def save_model(self, request, obj, form, change):
        """InventoryForm.clean() has written the row through the inventory services."""

    def delete_model(self, request, obj):
        try:
            services.inventory_delete(inventory=obj)
        except ApplicationError as exc:
            self.message_user(request, exc.message, level=messages.ERROR)

    def delete_queryset(self, request, queryset):
        for inventory in queryset:
            self.delete_model(request, inventory)

    def _stock_action(self, request, queryset, *, title: str, service, argument: str, done: str):
        """Asks for a number on an intermediate page, then passes it as `argument` to
        `service` for each row: refusals are error messages naming the row, the rest is done."""
        if "apply" not in request.POST:
            return TemplateResponse(
                request,
                "admin/stores/inventory/stock_action.html",
                {
                    **self.admin_site.each_context(request),
                    "title": title,
                    "opts": self.model._meta,
                    "rows": queryset,
                    "form": StockActionForm(),
                    "action": request.POST.get("action"),
                    "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                },
            )
        count = request.POST.get("count", "")

        def write(row):
            service(user=admin_actor(request, row.store_id), inventory=row, **{argument: count})

        act_on_each(
            self,
            request,
            queryset,
            write,
            noun=("row", "rows"),
            success=lambda rows: done.format(rows=rows, count=count),
        )
        return None

    @admin.action(description="Restock: add copies")
    def restock(self, request, queryset):
        return self._stock_action(
            request,
            queryset,
            title="Add copies",
            service=services.inventory_restock,
            argument="copies",
            done="Added {count} copies to {rows}.",
        )

    @admin.action(description="Set stock count")
    def set_stock(self, request, queryset):
        return self._stock_action(
            request,
            queryset,
            title="Set stock count",
            service=_set_stock,
            argument="stock_count",
            done="Set {rows} to {count} copies.",
        )


def _set_stock(*, user, inventory: Inventory, stock_count) -> None:
    """The set-stock action: the count read as PUT /inventory/{id}'s stock_count."""
    body = validated_data(InventoryUpdateBodySerializer, {"stock_count": stock_count})
    services.inventory_update(user=user, inventory=inventory, **body)


# Staff: hiring and moving them is the staff <-> store assignment of stores.services.


class StaffAdminForm(ServiceCheckedForm):
    class Meta:
        model = Staff
        fields = ["first_name", "last_name", "email", "phone_number", "avatar", "active", "store"]

    @staticmethod
    def service_check(pk, **fields):
        services.staff_fields_check(staff_id=pk, **fields)


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
            raise DjangoPermissionDenied
        super().save_model(request, obj, form, change)

    def delete_model(self, request, obj):
        if not self._in_scope(request, obj):
            raise DjangoPermissionDenied
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        if not all(self._in_scope(request, staff) for staff in queryset):
            raise DjangoPermissionDenied
        super().delete_queryset(request, queryset)

    @staticmethod
    def delete_service(staff):
        people_services.staff_delete(staff=staff)

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        # A store's manager cannot be deleted (the API refuses it too).
        managed = Store.objects.filter(store_manager__in=list(objs)).order_by("id")
        protected = list(protected) + [
            f"{store} is managed by {store.store_manager}" for store in managed
        ]
        return deleted, counts, perms_needed, protected
