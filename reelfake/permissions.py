"""Role permission classes, in one place: views name the roles they admit.

The authenticated user (see accounts/authentication.py) carries `role`, one of CUSTOMER,
STAFF, STORE_MANAGER. No role → 401; a role the view does not admit → 403. Roles are not
hierarchical: IsStaff admits STAFF and STORE_MANAGER because both are staff members."""

from rest_framework.exceptions import NotAuthenticated, PermissionDenied
from rest_framework.permissions import AllowAny, BasePermission

# Store managers sign in to the Django admin through a shadow auth user named
# "staff-<staff id>" (accounts/backends.py); admin code reads the staff id from it.
ADMIN_SHADOW_USER_PREFIX = "staff-"

CUSTOMER = "CUSTOMER"
STAFF = "STAFF"
STORE_MANAGER = "STORE_MANAGER"


def role_of(request) -> str | None:
    return getattr(request.user, "role", None)


def route_has_method(request, view) -> bool:
    """Whether the view answers the request's method: a viewset's route maps it to an action,
    a generic view has its handler."""
    method = request.method.lower()
    return method in view.http_method_names and hasattr(view, method)


class HasRole(BasePermission):
    roles: tuple[str, ...] = ()

    def has_permission(self, request, view):
        if not route_has_method(request, view):
            # A method the route lacks is the unknown-route 404 whoever asks, no 401 or 403
            # for it (docs/decisions.md "Order of checks").
            return True
        role = role_of(request)
        if role is None:
            raise NotAuthenticated()
        return role in self.roles


class AnyRole(HasRole):
    roles = (CUSTOMER, STAFF, STORE_MANAGER)


class IsCustomer(HasRole):
    roles = (CUSTOMER,)


class IsStaff(HasRole):
    roles = (STAFF, STORE_MANAGER)


class IsStoreManager(HasRole):
    roles = (STORE_MANAGER,)


class MethodPermissionsMixin:
    """For views with several methods on one path and different roles per method:
    `method_permissions` names each method's permission classes; methods not listed are
    public."""

    method_permissions: dict[str, list] = {}

    def get_permissions(self):
        classes = self.method_permissions.get(self.request.method, [AllowAny])
        return [permission() for permission in classes]


def require_own_store(user, store_id: int) -> None:
    """Store scoping (docs/decisions.md P3/P4): staff and managers act only on their own store.
    Call after the target is known to exist; outside the caller's store → 403."""
    if getattr(user, "store_id", None) is None or user.store_id != store_id:
        raise PermissionDenied()
