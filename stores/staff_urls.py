"""/staff and /staff/{id} (stores/views.py). reelfake/urls.py includes these after
people/urls.py, so people's fixed paths (staff/summary, staff/managers, …) match first."""

from reelfake.routing import api_path
from stores import views

urlpatterns = [
    api_path("staff", views.StaffListView.as_view(), name="staff-list"),
    api_path(r"staff/(?P<id>[^/]+)", views.StaffDetailView.as_view(), name="staff-detail"),
]
