"""Former home of the admin's store scoping, now reelfake/admin_scope.py (plumbing every
app's admin uses). Kept as re-exports for the apps that still import it from here."""

from reelfake.admin_scope import AdminScope, StoreFilter, StoreScopedAdmin, admin_scope

__all__ = ["AdminScope", "StoreFilter", "StoreScopedAdmin", "admin_scope"]
