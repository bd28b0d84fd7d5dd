"""Routes of the catalog: genres, languages, movies, actors and generated images.

A view parses, calls a selector or service, and serializes. Checks run in the order of
docs/decisions.md: authentication (401), role (403), the id and the target (400/404), the body."""

from __future__ import annotations

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from movies import schema_docs as docs
from movies import services
from movies.filters import (
    ACTOR_FILTER_PARAMS,
    MOVIE_FILTER_PARAMS,
    ActorFilter,
    MovieFilter,
    parse_flag,
)
from movies.images import portrait_svg, poster_svg
from movies.models import Actor, Movie
from movies.selectors import (
    actor_detail,
    actor_list,
    actor_movies,
    genre_list,
    movie_detail,
    movie_exists,
    movie_language_list,
    movie_list,
    movie_poster_facts,
    name_movie_rows,
)
from movies.serializers import (
    ACTOR_SUMMARY_ROW,
    GENRE_ROW,
    MOVIE_DETAIL_ROW,
    MOVIE_LANGUAGE_ROW,
    MOVIE_SUMMARY_ROW,
    MOVIE_WITH_ACTORS_ROW,
    MSG_INVALID_MOVIE_ID,
    ActorCreateSerializer,
    ActorDetailSerializer,
    ActorSummarySerializer,
    ActorUpdateSerializer,
    ActorWithMoviesSerializer,
    AddActorsResultSerializer,
    AddToMovieSerializer,
    CastLinkSerializer,
    CastMemberSerializer,
    GenreSerializer,
    MovieLanguageSerializer,
    MovieSummarySerializer,
    MovieUpdateSerializer,
    MovieWithActorsSerializer,
    MovieWithCastCreateSerializer,
)
from reelfake.bodies import json_object, validated_body
from reelfake.exceptions import MSG_NOT_FOUND, ApplicationError
from reelfake.filtering import FilterBackend
from reelfake.generics import REFERENCE_LIST_DESCRIPTION, ReferenceListView
from reelfake.ids import integer_id, positive_id
from reelfake.kept_pages import kept_filtered_item, kept_item
from reelfake.pagination import (
    MSG_INVALID_PAGE,
    ReelfakePagination,
    first_row_of,
    parse_page,
)
from reelfake.permissions import IsStoreManager
from reelfake.schema import item_list_schema

MSG_INVALID_DETAIL_ID = "Invalid movie id. Movie id must be a non-zero positive number."
MSG_INVALID_ACTOR_ID = "Invalid actor id"
MSG_INCLUDE_ACTORS = (
    "Invalid value for includeActors in query. Please refer to api specs for more information."
)
MSG_INCLUDE_MOVIES = (
    "Invalid value for includeMovies in query. Please refer to api specs for more information."
)
MSG_MOVIE_MISSING = "Movie with id {id} does not exist"
MSG_ACTOR_MISSING = "Actor not found with id {id}"
MSG_ACTORS_NOT_A_LIST = "The given actors are invalid"

# Parameters of a movie list page kept per query (docs/performance.md "Kept filtered movie
# pages"): not `q`.
KEPT_FILTER_PARAMS = ("page", *MOVIE_FILTER_PARAMS, "sort")

# Generated images change only when a title/name or date changes: cache for a day in
# browsers, revalidate with the ETag after that.
IMAGE_CACHE_CONTROL = "public, max-age=86400, stale-while-revalidate=604800"


def movie_detail_item(row: dict, request, *, with_cast: bool) -> dict:
    """A movies.selectors.movie_detail() row on the wire."""
    return (MOVIE_WITH_ACTORS_ROW if with_cast else MOVIE_DETAIL_ROW).one(row, request)


def check_page(request) -> None:
    """`page` first (contract order); `page[]=…` counts as a bad page, as with Express."""
    if any(key.startswith("page[") for key in request.GET):
        raise ApplicationError(MSG_INVALID_PAGE)
    parse_page(request)


class StoreManagerWritesMixin:
    """Reads are public; every write is for store managers. A read answers every caller
    alike, so it does not check a sent token up front (reelfake.generics.CallerFreeMixin):
    a logged-in client's movie costs no token decoding and no account lookup."""

    read_actions = ("list", "retrieve")

    def perform_authentication(self, request):
        if self.action not in self.read_actions:
            super().perform_authentication(request)

    def get_permissions(self):
        # No action: a method this route lacks, which must answer the unknown-route 404
        # whoever asks.
        if self.action is None or self.action in self.read_actions:
            return [AllowAny()]
        return [IsStoreManager()]


# Movies ------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        tags=["movie"],
        operation_id="getMovies",
        summary="List movies (50 per page)",
        description=docs.MOVIE_LIST,
        parameters=docs.MOVIE_LIST_PARAMETERS,
        responses={200: MovieSummarySerializer, **docs.errors(400, 404)},
        examples=[docs.MOVIE_LIST_EXAMPLE],
    ),
    retrieve=extend_schema(
        tags=["movie"],
        operation_id="getMovieById",
        summary="Get a movie",
        description=docs.MOVIE_DETAIL,
        parameters=[docs.id_parameter("movie"), docs.INCLUDE_ACTORS],
        responses={
            200: OpenApiResponse(MovieWithActorsSerializer, examples=[docs.MOVIE_DETAIL_EXAMPLE]),
            **docs.errors(400, 404),
        },
    ),
    create=extend_schema(
        tags=["movie"],
        operation_id="addMovie",
        summary="Add a movie, optionally with its cast",
        description=docs.MOVIE_CREATE,
        request=MovieWithCastCreateSerializer,
        examples=[docs.MOVIE_CREATE_EXAMPLE],
        responses={201: MovieWithActorsSerializer, **docs.errors(400, 401, 403)},
    ),
    update=extend_schema(
        tags=["movie"],
        operation_id="updateMovie",
        summary="Update a movie",
        description=docs.MOVIE_UPDATE,
        parameters=[docs.id_parameter("movie")],
        request=MovieUpdateSerializer,
        examples=[docs.MOVIE_UPDATE_EXAMPLE],
        responses={204: OpenApiResponse(description="Updated"), **docs.errors(400, 401, 403, 404)},
    ),
    destroy=extend_schema(
        tags=["movie"],
        operation_id="deleteMovie",
        summary="Delete a movie with its cast rows and inventory",
        description=docs.MOVIE_DELETE,
        parameters=[docs.id_parameter("movie")],
        responses={
            204: OpenApiResponse(description="Deleted"),
            **docs.errors(400, 401, 403, 404, 409),
        },
    ),
    add_actors=extend_schema(
        tags=["movie"],
        operation_id="addActors",
        summary="Link actors to a movie",
        description=docs.ADD_ACTORS,
        parameters=[docs.id_parameter("movie")],
        request=CastMemberSerializer(many=True),
        examples=[docs.ADD_ACTORS_EXAMPLE],
        responses={201: AddActorsResultSerializer, **docs.errors(400, 401, 403, 404)},
    ),
)
class MovieViewSet(StoreManagerWritesMixin, viewsets.GenericViewSet):
    queryset = Movie.objects.all()
    pagination_class = ReelfakePagination
    filter_backends = [FilterBackend]
    filterset_class = MovieFilter
    lookup_value_regex = "[^/]+"  # "1.5" and "abc" reach the view and get the contract's 400
    # Pagination links carry every parameter when one of these is sent (docs/movies.md
    # "Movies, actors and images").
    filter_params = (*MOVIE_FILTER_PARAMS, "sort", "q")

    def list(self, request):
        check_page(request)

        def build():
            movies = self.filter_queryset(self.get_queryset())
            first_row = first_row_of(parse_page(request))
            page = self.paginate_queryset(movie_list(movies, first_row=first_row))
            items = MOVIE_SUMMARY_ROW.many(name_movie_rows(page), request)
            return self.get_paginated_response(items).data

        # An unfiltered page is kept per world until a write it shows (docs/performance.md
        # "Kept movie pages"), a filtered or sorted one per query as sent too ("Kept filtered
        # movie pages"); a search or any other parameter reads the list.
        if all(name == "page" for name in request.GET):
            key = ("movie-page", parse_page(request))
            return Response(kept_item(request, key, build, params=("page",)))
        key = ("movie-filtered-page",)
        return Response(kept_filtered_item(request, key, build, params=KEPT_FILTER_PARAMS))

    def retrieve(self, request, pk=None):
        movie_id = positive_id(pk, MSG_INVALID_DETAIL_ID)
        include_actors = parse_flag(request.GET, "include_actors", MSG_INCLUDE_ACTORS)

        def build():
            movie = movie_detail(movie_id=movie_id, with_cast=include_actors)
            if movie is None:
                raise ApplicationError(MSG_MOVIE_MISSING.format(id=movie_id), status=404)
            return movie_detail_item(movie, request, with_cast=include_actors)

        # Kept per world until a write it shows (docs/performance.md "Kept movie details").
        key = ("movie-detail", movie_id, include_actors)
        return Response(kept_item(request, key, build, params=("include_actors",)))

    def create(self, request):
        body = MovieWithCastCreateSerializer(data=json_object(request))
        body.is_valid(raise_exception=True)
        fields = dict(body.validated_data)
        cast = fields.pop("actors", None) or []
        movie = services.movie_create(fields=fields, cast=cast)
        created = movie_detail(movie_id=movie.id, with_cast=bool(cast))
        return Response(movie_detail_item(created, request, with_cast=bool(cast)), status=201)

    def update(self, request, pk=None):
        movie_id = integer_id(pk, MSG_INVALID_MOVIE_ID)
        if not movie_exists(movie_id):
            raise ApplicationError(MSG_NOT_FOUND, status=404)
        body = MovieUpdateSerializer(data=json_object(request), partial=True)
        body.is_valid(raise_exception=True)
        services.movie_update(movie_id=movie_id, fields=dict(body.validated_data))
        return Response(status=204)

    def destroy(self, request, pk=None):
        services.movie_delete(movie_id=integer_id(pk, MSG_INVALID_MOVIE_ID))
        return Response(status=204)

    @action(detail=True, methods=["post"])
    def add_actors(self, request, pk=None):
        movie_id = integer_id(pk, MSG_INVALID_MOVIE_ID)
        if not movie_exists(movie_id):
            raise ApplicationError(services.MSG_MOVIE_NOT_FOUND, status=404)
        if not isinstance(request.data, list):
            raise ApplicationError(MSG_ACTORS_NOT_A_LIST)
        body = CastMemberSerializer(data=request.data, many=True)
        body.is_valid(raise_exception=True)
        result = services.movie_add_actors(movie_id=movie_id, cast=list(body.validated_data))
        data = AddActorsResultSerializer(result, context={"request": request}).data
        return Response(data, status=201)


# Actors ------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        tags=["actor"],
        operation_id="getActors",
        summary="List actors (50 per page)",
        description=docs.ACTOR_LIST,
        parameters=docs.ACTOR_LIST_PARAMETERS,
        responses={200: ActorSummarySerializer, **docs.errors(400, 404)},
        examples=[docs.ACTOR_LIST_EXAMPLE],
    ),
    retrieve=extend_schema(
        tags=["actor"],
        operation_id="getActorById",
        summary="Get an actor",
        description=docs.ACTOR_DETAIL,
        parameters=[docs.id_parameter("actor"), docs.INCLUDE_MOVIES],
        responses={
            200: OpenApiResponse(ActorWithMoviesSerializer, examples=[docs.ACTOR_DETAIL_EXAMPLE]),
            **docs.errors(400, 404),
        },
    ),
    create=extend_schema(
        tags=["actor"],
        operation_id="addActor",
        summary="Add an actor",
        description=docs.ACTOR_CREATE,
        request=ActorCreateSerializer,
        examples=[docs.ACTOR_CREATE_EXAMPLE],
        responses={201: ActorDetailSerializer, **docs.errors(400, 401, 403)},
    ),
    update=extend_schema(
        tags=["actor"],
        operation_id="updateActor",
        summary="Update an actor",
        description=docs.ACTOR_UPDATE,
        parameters=[docs.id_parameter("actor")],
        request=ActorUpdateSerializer,
        responses={204: OpenApiResponse(description="Updated"), **docs.errors(400, 401, 403, 404)},
    ),
    destroy=extend_schema(
        tags=["actor"],
        operation_id="deleteActor",
        summary="Delete an actor and its cast rows",
        parameters=[docs.id_parameter("actor")],
        responses={204: OpenApiResponse(description="Deleted"), **docs.errors(400, 401, 403, 404)},
    ),
    add_to_movie=extend_schema(
        tags=["actor"],
        operation_id="addToMovie",
        summary="Add the actor to a movie",
        description=docs.ADD_TO_MOVIE,
        parameters=[docs.id_parameter("actor")],
        request=AddToMovieSerializer,
        examples=[docs.ADD_TO_MOVIE_EXAMPLE],
        responses={201: CastLinkSerializer, **docs.errors(400, 401, 403, 404)},
    ),
)
class ActorViewSet(StoreManagerWritesMixin, viewsets.GenericViewSet):
    queryset = Actor.objects.all()
    pagination_class = ReelfakePagination
    filter_backends = [FilterBackend]
    filterset_class = ActorFilter
    lookup_value_regex = "[^/]+"
    filter_params = (*ACTOR_FILTER_PARAMS, "sort", "q")

    def list(self, request):
        check_page(request)
        actors = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(actor_list(actors))
        return self.get_paginated_response(ACTOR_SUMMARY_ROW.many(page, request))

    def retrieve(self, request, pk=None):
        actor_id = positive_id(pk, MSG_INVALID_DETAIL_ID)
        include_movies = parse_flag(request.GET, "includeMovies", MSG_INCLUDE_MOVIES)
        actor = actor_detail(actor_id=actor_id)
        if actor is None:
            raise ApplicationError(MSG_ACTOR_MISSING.format(id=actor_id), status=404)
        context = {"request": request}
        if include_movies:
            actor.movie_rows = list(actor_movies(actor_id=actor_id))
            return Response(ActorWithMoviesSerializer(actor, context=context).data)
        return Response(ActorDetailSerializer(actor, context=context).data)

    def create(self, request):
        body = ActorCreateSerializer(data=json_object(request))
        body.is_valid(raise_exception=True)
        actor = services.actor_create(fields=dict(body.validated_data))
        return Response(ActorDetailSerializer(actor, context={"request": request}).data, status=201)

    def update(self, request, pk=None):
        actor_id = integer_id(pk, MSG_INVALID_ACTOR_ID)
        if actor_detail(actor_id=actor_id) is None:
            raise ApplicationError(MSG_NOT_FOUND, status=404)
        body = ActorUpdateSerializer(data=json_object(request), partial=True)
        body.is_valid(raise_exception=True)
        services.actor_update(actor_id=actor_id, fields=dict(body.validated_data))
        return Response(status=204)

    def destroy(self, request, pk=None):
        services.actor_delete(actor_id=integer_id(pk, MSG_INVALID_ACTOR_ID))
        return Response(status=204)

    @action(detail=True, methods=["post"])
    def add_to_movie(self, request, pk=None):
        actor_id = integer_id(pk, MSG_INVALID_ACTOR_ID)
        if actor_id <= 0:
            raise ApplicationError(MSG_INVALID_ACTOR_ID)
        actor = actor_detail(actor_id=actor_id)
        if actor is None:
            raise ApplicationError(MSG_NOT_FOUND, status=404)
        body = validated_body(AddToMovieSerializer, request)
        link = services.actor_add_to_movie(actor=actor, **body)
        return Response(CastLinkSerializer(link).data, status=201)


# Reference lists ---------------------------------------------------------------------------


@extend_schema_view(
    get=extend_schema(
        tags=["reference"],
        operation_id="api_genres_retrieve",  # the id it had as an APIView
        summary="List genres",
        description=REFERENCE_LIST_DESCRIPTION,
        responses=item_list_schema("GenreList", GenreSerializer),
    )
)
class GenreListView(ReferenceListView):
    serializer_class = GenreSerializer
    row_shape = GENRE_ROW
    reference_name = "genres"

    def get_queryset(self):
        return genre_list()


@extend_schema_view(
    get=extend_schema(
        tags=["reference"],
        operation_id="api_movie_languages_retrieve",  # the id it had as an APIView
        summary="List movie languages",
        description=REFERENCE_LIST_DESCRIPTION,
        responses=item_list_schema("MovieLanguageList", MovieLanguageSerializer),
    )
)
class MovieLanguageListView(ReferenceListView):
    serializer_class = MovieLanguageSerializer
    row_shape = MOVIE_LANGUAGE_ROW
    reference_name = "languages"

    def get_queryset(self):
        return movie_language_list()


# Generated images --------------------------------------------------------------------------


def svg_response(svg: str) -> HttpResponse:
    response = HttpResponse(svg.encode(), content_type="image/svg+xml")
    response["Cache-Control"] = IMAGE_CACHE_CONTROL
    # An SVG opened directly must not run anything (it has no scripts anyway).
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response


class PosterView(GenericAPIView):
    authentication_classes = []  # public and cacheable: no cookie lookup
    permission_classes = [AllowAny]

    def get_object(self) -> dict:
        """What the poster shows (movies.selectors.movie_poster_facts()), or the 404."""
        movie_id = int(self.kwargs["movie_id"])
        facts = movie_poster_facts(movie_id=movie_id)
        if facts is None:
            raise ApplicationError(MSG_MOVIE_MISSING.format(id=movie_id), status=404)
        return facts

    @extend_schema(
        tags=["images"],
        operation_id="getMoviePoster",
        summary="Generated movie poster (SVG)",
        description=docs.POSTER,
        parameters=[docs.image_id_parameter("movie")],
        responses={
            (200, "image/svg+xml"): OpenApiResponse(OpenApiTypes.STR, description="SVG poster"),
            **docs.errors(404),
        },
    )
    def get(self, request, movie_id):
        facts = self.get_object()
        return svg_response(
            poster_svg(
                title=facts["title"],
                release_date=facts["release_date"],
                genres=facts["genre_names"],
            )
        )


class ActorPortraitView(GenericAPIView):
    authentication_classes = []
    permission_classes = [AllowAny]

    def get_object(self) -> Actor:
        actor_id = int(self.kwargs["actor_id"])
        actor = actor_detail(actor_id=actor_id)
        if actor is None:
            raise ApplicationError(MSG_ACTOR_MISSING.format(id=actor_id), status=404)
        return actor

    @extend_schema(
        tags=["images"],
        operation_id="getActorPortrait",
        summary="Generated actor portrait (SVG)",
        description=docs.PORTRAIT,
        parameters=[docs.image_id_parameter("actor")],
        responses={
            (200, "image/svg+xml"): OpenApiResponse(OpenApiTypes.STR, description="SVG portrait"),
            **docs.errors(404),
        },
    )
    def get(self, request, actor_id):
        actor = self.get_object()
        return svg_response(
            portrait_svg(
                actor_id=actor.id,
                name=actor.actor_name,
                birthday=actor.birthday,
                deathday=actor.deathday,
            )
        )
