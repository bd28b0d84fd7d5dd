"""The toolkit's HTML page, outside /api."""

from django.urls import re_path

from toolkit import views

urlpatterns = [
    re_path(r"^inspector/?$", views.inspector_page, name="inspector"),
]
