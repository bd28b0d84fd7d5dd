from reelfake.routing import api_path
from toolkit import views

urlpatterns = [
    api_path("events", views.EventStreamView.as_view(), name="events"),
    api_path("_toolkit/settings", views.StandingSettingsView.as_view(), name="toolkit-settings"),
    api_path(
        "_inspector/requests", views.RequestRecordListView.as_view(), name="inspector-requests"
    ),
    api_path("_inspector/stream", views.RequestRecordStreamView.as_view(), name="inspector-stream"),
]
