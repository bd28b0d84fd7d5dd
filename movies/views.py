from drf_spectacular.utils import extend_schema
from rest_framework.views import APIView

from movies.selectors import genre_list, movie_language_list
from movies.serializers import GenreSerializer, MovieLanguageSerializer
from reelfake.pagination import items_response
from reelfake.schema import item_list_schema


class GenreListView(APIView):
    @extend_schema(
        tags=["reference"],
        summary="List genres",
        responses=item_list_schema("GenreList", GenreSerializer),
    )
    def get(self, request):
        return items_response(GenreSerializer(genre_list(), many=True).data)


class MovieLanguageListView(APIView):
    @extend_schema(
        tags=["reference"],
        summary="List movie languages",
        responses=item_list_schema("MovieLanguageList", MovieLanguageSerializer),
    )
    def get(self, request):
        return items_response(MovieLanguageSerializer(movie_language_list(), many=True).data)
