"""Django admin sign-in for store managers, over the staff table.

A store manager signs in at /admin/ with their staff email and password. Django's admin
needs an auth.User, so each manager gets a shadow user (username `staff-<id>`, no usable
password) created at sign-in. Every admin request re-checks that the staff member is still
an active manager; ordinary staff and customers are refused. A regular Django superuser
(createsuperuser) keeps working through ModelBackend."""

from django.contrib.auth import get_user_model

from accounts.passwords import hash_password, verify_password
from people.models import Staff
from people.selectors import staff_by_email, staff_is_store_manager
from reelfake.ids import int_from_text
from reelfake.permissions import ADMIN_SHADOW_USER_PREFIX

SHADOW_PREFIX = ADMIN_SHADOW_USER_PREFIX
# The shadow user's unusable password ends with the manager's session generation at sign-in
# ("!<random>@sv<n>"): once logout or a password change moves it, the admin session ends
# too (docs/security.md "Sessions and tokens").
GENERATION_MARK = "@sv"
# Apps whose models a store manager administers.
MANAGED_APPS = {"movies", "people", "places", "stores", "rentals", "uploads"}


def _shadow_user(staff: Staff):
    User = get_user_model()
    user, _ = User.objects.get_or_create(username=f"{SHADOW_PREFIX}{staff.id}")
    user.email = staff.email or ""
    user.first_name = staff.first_name[:150]
    user.last_name = staff.last_name[:150]
    user.is_staff = True
    user.is_active = True
    user.set_unusable_password()
    user.password += f"{GENERATION_MARK}{staff.session_version}"
    user.save()
    return user


def _manager_behind(user) -> Staff | None:
    """The active store manager a shadow user stands for, checked once per request (the
    result rides on the user object that get_user() hands to the request)."""
    if hasattr(user, "_reelfake_manager"):
        return user._reelfake_manager
    user._reelfake_manager = _lookup_manager(user)
    return user._reelfake_manager


def _lookup_manager(user) -> Staff | None:
    if not user.username.startswith(SHADOW_PREFIX):
        return None
    staff_id = int_from_text(user.username.removeprefix(SHADOW_PREFIX))
    if staff_id is None:
        return None
    staff = Staff.objects.select_related("store").filter(id=staff_id, active=True).first()
    if staff is None or not staff_is_store_manager(staff):
        return None
    if user.password.rpartition(GENERATION_MARK)[2] != str(staff.session_version):
        return None
    return staff


class StoreManagerBackend:
    def authenticate(self, request, username=None, password=None, **kwargs):
        if not isinstance(username, str) or not isinstance(password, str):
            return None
        staff = staff_by_email(username)
        if staff is None or not staff.active or not staff_is_store_manager(staff):
            # The work of a wrong password, so the timing does not tell who is a manager.
            hash_password(password)
            return None

        def upgrade(encoded):
            Staff.objects.filter(id=staff.id).update(user_password=encoded)

        if not verify_password(password, staff.user_password, on_upgrade=upgrade):
            return None
        return _shadow_user(staff)

    def get_user(self, user_id):
        user = get_user_model().objects.filter(pk=user_id).first()
        if user is None or not user.username.startswith(SHADOW_PREFIX):
            return None
        return user if _manager_behind(user) is not None else None

    def has_perm(self, user_obj, perm, obj=None):
        app_label = perm.split(".", 1)[0]
        return app_label in MANAGED_APPS and _manager_behind(user_obj) is not None

    def has_module_perms(self, user_obj, app_label):
        return app_label in MANAGED_APPS and _manager_behind(user_obj) is not None
