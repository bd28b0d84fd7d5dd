"""Top-level routes. Apps contribute their own urls under /api; anything else is the
contract's 404 "Route … does not exist"."""

from django.contrib import admin
from django.urls import include, path, re_path
from django.urls.resolvers import RegexPattern
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from reelfake import views
from reelfake.routing import MemoizedResolver, api_path

api_patterns = [
    api_path("test", views.DatabaseHealthView.as_view(), name="api-test"),
    api_path("health/live", views.HealthLiveView.as_view(), name="health-live"),
    api_path("health/ready", views.HealthReadyView.as_view(), name="health-ready"),
    api_path(
        "docs",
        # Our template puts the Content-Security-Policy nonce on the inline script.
        SpectacularSwaggerView.as_view(
            url_name="openapi-json", template_name="reelfake/swagger_ui.html"
        ),
        name="docs",
    ),
    api_path(
        "redocs",
        # Our template drops the Google Fonts link: the docs must render offline.
        SpectacularRedocView.as_view(url_name="openapi-json", template_name="reelfake/redoc.html"),
        name="redocs",
    ),
    path("", include("sandboxes.urls")),
    path("", include("accounts.urls")),
    path("", include("uploads.urls")),
    path("", include("places.urls")),
    path("", include("movies.urls")),
    # stores and rentals add routes under /movies and /customers (movies/{id}/stores,
    # customers/my_rentals): they come before people's customers/{id}.
    path("", include("stores.urls")),
    path("", include("rentals.urls")),
    path("", include("people.urls")),
    # /staff/{id} after people's staff/summary and staff/managers.
    path("", include("stores.staff_urls")),
    path("", include("toolkit.urls")),
]

urlpatterns = [
    re_path(r"^$", views.welcome, name="welcome"),
    re_path(r"^openapi/?$", SpectacularAPIView.as_view(), name="openapi"),
    re_path(
        r"^openapi\.json/?$",
        SpectacularAPIView.as_view(),
        {"format": "json"},
        name="openapi-json",
    ),
    re_path(r"^api/?$", views.ApiInfoView.as_view(), name="api-info"),
    # include(api_patterns), with each path's match remembered (reelfake/routing.py).
    MemoizedResolver(RegexPattern(r"^api/"), api_patterns),
    path("admin/", admin.site.urls),
    path("", include("toolkit.page_urls")),
    re_path(r"^", csrf_exempt(views.route_not_found)),
]

handler400 = "reelfake.views.bad_request"
handler404 = "reelfake.views.route_not_found"
handler500 = "reelfake.views.server_error"
