"""Customer and staff routes. reelfake/urls.py includes these after the accounts, stores
and rentals routes under customers/ and staff/ (register, change_password, my_rentals, …),
so those match first; the fixed paths here come before the `{id}` patterns for the same
reason, and before stores/staff_urls.py's staff/{id}."""

from people import views
from reelfake.routing import api_path

ID = r"(?P<id>[^/]+)"

urlpatterns = [
    api_path("customers", views.CustomerListView.as_view(), name="customer-list"),
    api_path("customers/summary", views.CustomerSummaryView.as_view(), name="customer-summary"),
    api_path(
        rf"customers/{ID}/activate",
        views.CustomerActivateView.as_view(),
        name="customer-activate",
    ),
    api_path(
        rf"customers/{ID}/deactivate",
        views.CustomerDeactivateView.as_view(),
        name="customer-deactivate",
    ),
    api_path(
        rf"customers/{ID}/preferred_store/(?P<store_id>[^/]+)",
        views.CustomerPreferredStoreView.as_view(),
        name="customer-preferred-store",
    ),
    api_path(rf"customers/{ID}", views.CustomerDetailView.as_view(), name="customer-detail"),
    api_path("staff/summary", views.StaffSummaryView.as_view(), name="staff-summary"),
    api_path("staff/managers", views.StoreManagerListView.as_view(), name="staff-managers"),
    api_path(
        "staff/managers/summary",
        views.StoreManagerSummaryView.as_view(),
        name="staff-managers-summary",
    ),
]
