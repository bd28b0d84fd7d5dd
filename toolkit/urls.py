from reelfake.routing import api_path
from toolkit import views

urlpatterns = [
    api_path("_toolkit/settings", views.StandingSettingsView.as_view(), name="toolkit-settings"),
]
