from reelfake.routing import api_path
from sandboxes import views

urlpatterns = [
    api_path("sandboxes", views.SandboxCreateView.as_view(), name="sandbox-create"),
    api_path("sandbox", views.SandboxView.as_view(), name="sandbox"),
    api_path("sandbox/reset", views.SandboxResetView.as_view(), name="sandbox-reset"),
    api_path("reset", views.LocalResetView.as_view(), name="local-reset"),
]
