from django.db.models import QuerySet

from movies.models import Genre, MovieLanguage


def genre_list() -> QuerySet[Genre]:
    return Genre.objects.order_by("id")


def movie_language_list() -> QuerySet[MovieLanguage]:
    return MovieLanguage.objects.order_by("id")
