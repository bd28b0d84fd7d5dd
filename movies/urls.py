from movies import views
from reelfake.routing import api_path

urlpatterns = [
    api_path("genres", views.GenreListView.as_view(), name="genre-list"),
    api_path("movie_languages", views.MovieLanguageListView.as_view(), name="movie-language-list"),
]
