from movies import views
from reelfake.routing import OptionalSlashRouter, api_path

router = OptionalSlashRouter()
router.register("movies", views.MovieViewSet, basename="movie")
router.register("actors", views.ActorViewSet, basename="actor")

urlpatterns = [
    api_path("genres", views.GenreListView.as_view(), name="genre-list"),
    api_path("movie_languages", views.MovieLanguageListView.as_view(), name="movie-language-list"),
    api_path(
        r"images/posters/(?P<movie_id>[0-9]{1,10})\.svg",
        views.PosterView.as_view(),
        name="movie-poster",
    ),
    api_path(
        r"images/actors/(?P<actor_id>[0-9]{1,10})\.svg",
        views.ActorPortraitView.as_view(),
        name="actor-portrait",
    ),
    *router.urls,
]
