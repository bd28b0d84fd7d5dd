"""Store scoping in the Django admin (docs/admin.md "Scoping").

A store manager signs in through a shadow auth user named `staff-<id>` (accounts/backends.py)
and sees their own store's inventory, rentals, staff and customers; a superuser sees every
store. Other stores' rows are left out of the change lists, and their object URLs answer 403
(as the API's store scoping does), so the admin never says more than the API would.

Plumbing for every app's admin, so it names no app: the staff member's store comes from the
function settings.ADMIN_SCOPE_STORE_OF_STAFF names (people's), the stores a superuser picks
from are the scoped model's `store_relation` target (as Django's RelatedFieldListFilter
finds them)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.utils.module_loading import import_string

from reelfake.ids import int_from_text
from reelfake.permissions import ADMIN_SHADOW_USER_PREFIX


@dataclass(frozen=True)
class AdminScope:
    """Whose rows an admin user sees: `restricted` users see only `store_id`'s (none when
    they have no store); unrestricted ones (superusers) see all."""

    restricted: bool
    store_id: int | None

    def allows(self, store_id: int | None) -> bool:
        return not self.restricted or (self.store_id is not None and store_id == self.store_id)


def admin_scope(request) -> AdminScope:
    """The request's scope, read once per request."""
    cached = getattr(request, "_reelfake_admin_scope", None)
    if cached is not None:
        return cached
    scope = _scope_of(request.user)
    request._reelfake_admin_scope = scope
    return scope


def _scope_of(user) -> AdminScope:
    if user.is_superuser:
        return AdminScope(restricted=False, store_id=None)
    username = user.get_username()
    staff_id = int_from_text(username.removeprefix(ADMIN_SHADOW_USER_PREFIX))
    if not username.startswith(ADMIN_SHADOW_USER_PREFIX) or staff_id is None:
        return AdminScope(restricted=True, store_id=None)
    store_of_staff = import_string(settings.ADMIN_SCOPE_STORE_OF_STAFF)
    return AdminScope(restricted=True, store_id=store_of_staff(staff_id))


class StoreScopedAdmin(admin.ModelAdmin):
    """A change list and object pages narrowed to the manager's store.

    Subclasses name how a row belongs to a store: `store_field` (a column holding the store
    id), or their own `scope_queryset()`; `store_relation` is the foreign key to the store
    model (StoreFilter lists its rows). An object of another store answers 403 rather
    than the admin's "doesn't exist" redirect, as the API's store scoping does."""

    store_field = "store_id"
    store_relation = "store"

    def scope_queryset(self, queryset: QuerySet, store_id: int | None) -> QuerySet:
        if store_id is None:
            return queryset.none()
        return queryset.filter(**{self.store_field: store_id})

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        scope = admin_scope(request)
        if not scope.restricted:
            return queryset
        return self.scope_queryset(queryset, scope.store_id)

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None and admin_scope(request).restricted:
            # Out of scope, or missing: a row that exists elsewhere is refused, not hidden
            # behind a redirect that would read "perhaps it was deleted".
            unscoped = self.model._default_manager.all()
            field = (
                self.model._meta.pk
                if from_field is None
                else self.model._meta.get_field(from_field)
            )
            try:
                value = field.to_python(object_id)
            except (ValidationError, ValueError):  # the admin treats a bad id as missing
                return None
            if unscoped.filter(**{field.name: value}).exists():
                raise PermissionDenied
        return obj


class StoreFilter(admin.SimpleListFilter):
    """A superuser's store picker in a scoped change list (`?store=<id>`), narrowing it
    the way a manager's scope does; store managers have their one store and never see it."""

    title = "store"
    parameter_name = "store"

    def lookups(self, request, model_admin):
        if admin_scope(request).restricted:
            return []
        relation = model_admin.model._meta.get_field(model_admin.store_relation)
        stores = relation.related_model._default_manager.order_by("id")
        return [(store.id, str(store)) for store in stores]

    def queryset(self, request, queryset):
        store_id = int_from_text(self.value())
        if store_id is None or admin_scope(request).restricted:
            return queryset
        return self.model_admin.scope_queryset(queryset, store_id)

    def __init__(self, request, params, model, model_admin):
        self.model_admin = model_admin
        super().__init__(request, params, model, model_admin)
