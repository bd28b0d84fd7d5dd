"""Upload routes; included before the movies app so that movies/upload… is never read as a
movie id."""

from reelfake.routing import api_path
from uploads import views

urlpatterns = [
    api_path("movies/upload/validate", views.ValidateView.as_view(), name="upload-validate"),
    api_path(
        "movies/upload/track_validation",
        views.TrackValidationView.as_view(),
        name="upload-track-validation",
    ),
    api_path("movies/upload/track", views.TrackUploadView.as_view(), name="upload-track"),
    api_path("movies/upload", views.UploadView.as_view(), name="upload"),
]
