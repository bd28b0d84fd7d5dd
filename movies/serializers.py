"""Shapes of the catalog: `…Serializer` out, `…CreateSerializer` /
`…UpdateSerializer` in. Input serializers carry the contract's exact validation messages;
the exception handler joins them with "\\n" in field order."""

from __future__ import annotations

import math

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import URLValidator
from django.db import models
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from movies.models import Actor, Genre, Movie, MovieActor, MovieLanguage
from movies.tokens import GENRE_TOKENS, country_ids_by_code, genre_ids_by_token
from movies.tokens import language_ids_by_code as _language_ids
from reelfake.bodies import BodySerializer, MessageField, WholeNumberBodyField
from reelfake.fields import (
    AbsoluteUrlField,
    AsciiFloatField,
    AsciiIntegerField,
    NumberField,
)
from reelfake.rows import RowShape
from reelfake.validators import is_sent

BIGINT_MAX = 9_223_372_036_854_775_807
INT_MAX = 2_147_483_647
MSG_URL = "URL must be a valid URL or empty."


class CatalogModelSerializer(serializers.ModelSerializer):
    """Catalog shapes read from the models: float columns (popularity) are written as the
    reference writes a number, a whole value without a fraction (5, not 5.0;
    docs/stores.md "Numbers on the wire")."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.FloatField: NumberField,
    }


class GenreSerializer(serializers.ModelSerializer):
    genreName = serializers.CharField(source="genre_name")

    class Meta:
        model = Genre
        fields = ["id", "genreName"]


class MovieLanguageSerializer(serializers.ModelSerializer):
    languageName = serializers.CharField(source="language_name")
    languageCode = serializers.CharField(source="iso_language_code")

    class Meta:
        model = MovieLanguage
        fields = ["id", "languageName", "languageCode"]


GENRE_ROW = RowShape(GenreSerializer)
MOVIE_LANGUAGE_ROW = RowShape(MovieLanguageSerializer)


class MovieSummarySerializer(CatalogModelSerializer):
    """MovieSummary of the contract: list items, cart and wishlist movies.
    Reads the annotations of movies.selectors.movie_with_names() (language_code too)."""

    releaseDate = serializers.DateField(source="release_date")
    genres = serializers.ListField(
        source="genre_names", child=serializers.CharField(), allow_null=True
    )
    countriesOfOrigin = serializers.ListField(
        source="country_codes", child=serializers.CharField(), allow_null=True
    )
    language = serializers.CharField(source="language_code")
    ratingAverage = NumberField(source="rating_average")
    ratingCount = serializers.IntegerField(source="rating_count")
    posterUrl = AbsoluteUrlField(source="poster_url", allow_null=True)
    rentalRate = serializers.DecimalField(source="rental_rate", max_digits=4, decimal_places=2)

    class Meta:
        model = Movie
        fields = [
            "id",
            "title",
            "runtime",
            "releaseDate",
            "genres",
            "countriesOfOrigin",
            "language",
            "popularity",
            "ratingAverage",
            "ratingCount",
            "posterUrl",
            "rentalRate",
        ]


class MovieDetailSerializer(MovieSummarySerializer):
    """MovieDetail of the contract (without `actors`): GET /movies/{id}, store movies,
    inventory. budget and revenue are strings on the wire."""

    originalTitle = serializers.CharField(source="original_title")
    movieStatus = serializers.CharField(source="movie_status")
    budget = serializers.CharField()
    revenue = serializers.CharField()

    class Meta:
        model = Movie
        fields = [
            "id",
            "title",
            "originalTitle",
            "overview",
            "runtime",
            "releaseDate",
            "genres",
            "countriesOfOrigin",
            "movieStatus",
            "popularity",
            "budget",
            "revenue",
            "ratingAverage",
            "ratingCount",
            "posterUrl",
            "rentalRate",
            "language",
        ]


class MovieActorSerializer(serializers.Serializer):
    """MovieActor of the contract: a cast row with its actor (`id` is the actor's id)."""

    id = serializers.IntegerField(source="actor.id")
    actorName = serializers.CharField(source="actor.actor_name")
    characterName = serializers.CharField(source="character_name", allow_null=True)
    castOrder = serializers.IntegerField(source="cast_order")
    profilePictureUrl = AbsoluteUrlField(source="actor.profile_picture_url", allow_null=True)


class MovieWithActorsSerializer(MovieDetailSerializer):
    """MovieDetail plus `actors` (read from a `cast_rows` list of MovieActor rows)."""

    # Present only with include_actors: optional in the schema.
    actors = MovieActorSerializer(source="cast_rows", many=True, required=False)

    class Meta(MovieDetailSerializer.Meta):
        fields = [*MovieDetailSerializer.Meta.fields, "actors"]


class ActorSummarySerializer(CatalogModelSerializer):
    """ActorSummary of the contract (list items)."""

    imdbId = serializers.CharField(source="imdb_id", allow_null=True)
    actorName = serializers.CharField(source="actor_name")
    placeOfBirth = serializers.CharField(source="place_of_birth", allow_null=True)
    profilePictureUrl = AbsoluteUrlField(source="profile_picture_url", allow_null=True)

    class Meta:
        model = Actor
        fields = [
            "id",
            "imdbId",
            "actorName",
            "birthday",
            "deathday",
            "placeOfBirth",
            "popularity",
            "profilePictureUrl",
        ]


# The routes' items from values() rows (reelfake/rows.py): these serializers, compiled.
MOVIE_SUMMARY_ROW = RowShape(MovieSummarySerializer)
MOVIE_DETAIL_ROW = RowShape(MovieDetailSerializer)
MOVIE_WITH_ACTORS_ROW = RowShape(MovieWithActorsSerializer)
ACTOR_SUMMARY_ROW = RowShape(ActorSummarySerializer)


class ActorDetailSerializer(ActorSummarySerializer):
    """ActorDetail of the contract (`tmdbId` is never sent)."""

    class Meta(ActorSummarySerializer.Meta):
        fields = [
            "id",
            "imdbId",
            "actorName",
            "biography",
            "birthday",
            "deathday",
            "placeOfBirth",
            "popularity",
            "profilePictureUrl",
        ]


class CreditSerializer(serializers.Serializer):
    characterName = serializers.CharField(source="credit_character_name", allow_null=True)
    castOrder = serializers.IntegerField(source="credit_cast_order")


class ActorMovieSerializer(CatalogModelSerializer):
    """A movie in an actor's detail, with the actor's `credit` in it."""

    releaseDate = serializers.DateField(source="release_date")
    genres = serializers.ListField(
        source="genre_names", child=serializers.CharField(), allow_null=True
    )
    ratingAverage = NumberField(source="rating_average")
    ratingCount = serializers.IntegerField(source="rating_count")
    posterUrl = AbsoluteUrlField(source="poster_url", allow_null=True)
    credit = CreditSerializer(source="*")

    class Meta:
        model = Movie
        fields = [
            "id",
            "title",
            "releaseDate",
            "genres",
            "runtime",
            "ratingAverage",
            "ratingCount",
            "posterUrl",
            "credit",
        ]


class ActorWithMoviesSerializer(ActorDetailSerializer):
    # Present only with includeMovies: optional in the schema.
    movies = ActorMovieSerializer(source="movie_rows", many=True, required=False)

    class Meta(ActorDetailSerializer.Meta):
        fields = [*ActorDetailSerializer.Meta.fields, "movies"]


class ActorRecordSerializer(ActorDetailSerializer):
    """An actor in the add_actors answer: ActorDetail with `tmdbId` after `id`."""

    tmdbId = serializers.IntegerField(source="tmdb_id")

    class Meta(ActorDetailSerializer.Meta):
        fields = ["id", "tmdbId", *ActorDetailSerializer.Meta.fields[1:]]


class DuplicateActorSerializer(serializers.Serializer):
    """An add_actors item that matched an existing actor: the fields sent, no id."""

    tmdbId = serializers.IntegerField(source="tmdb_id")
    imdbId = serializers.CharField(source="imdb_id", allow_null=True, default=None)
    actorName = serializers.CharField(source="actor_name", allow_null=True, default=None)
    biography = serializers.CharField(allow_null=True, default=None)
    birthday = serializers.DateField(allow_null=True, default=None)
    deathday = serializers.DateField(allow_null=True, default=None)
    placeOfBirth = serializers.CharField(source="place_of_birth", allow_null=True, default=None)
    popularity = NumberField(default=0)
    profilePictureUrl = serializers.CharField(
        source="profile_picture_url", allow_null=True, default=None
    )


# The add_actors answer, from movies.services.CastResult.
class AddActorsResultSerializer(serializers.Serializer):
    newRecords = ActorRecordSerializer(many=True, source="new_actors")
    duplicateRecords = DuplicateActorSerializer(many=True, source="duplicates")


class CastLinkSerializer(serializers.Serializer):
    """The add_to_movie answer: the new cast row."""

    id = serializers.IntegerField()
    actorId = serializers.IntegerField(source="actor_id")
    movieId = serializers.IntegerField(source="movie_id")
    characterName = serializers.CharField(source="character_name", allow_null=True)
    castOrder = serializers.IntegerField(source="cast_order")


# Input ---------------------------------------------------------------------------------


def _null(model: str, field: str) -> dict:
    message = f"{model}.{field} cannot be null"
    return {"required": message, "null": message}


def _numeric(field: str, model: str) -> dict:
    message = f"Validation isNumeric on {field} failed"
    return {
        **_null(model, field),
        "invalid": message,
        "max_string_length": message,
        "min_value": f"Validation min on {field} failed",
        "max_value": f"Validation max on {field} failed",
    }


def _text(field: str, model: str) -> dict:
    return {
        **_null(model, field),
        "invalid": f"Validation isString on {field} failed",
        "blank": f"Validation notEmpty on {field} failed",
        "max_length": f"Validation len on {field} failed",
    }


def _date(field: str, model: str) -> dict:
    message = f"Validation isDate on {field} failed"
    return {**_null(model, field), "invalid": message, "datetime": message, "date": message}


class FiniteFloatField(AsciiFloatField):
    """A finite number, ASCII digits when sent as text. JSON true/false are refused: DRF's
    FloatField would take them as 1.0 and 0.0 (the reference's isFloat check refuses them
    too)."""

    def to_internal_value(self, data):
        if isinstance(data, bool):
            self.fail("invalid")
        value = super().to_internal_value(data)
        if not math.isfinite(value):
            self.fail("invalid")
        return value


class UrlOrEmptyField(serializers.CharField):
    """A URL (http/https) or the empty string; anything else → the contract's message."""

    _validate_url = URLValidator(schemes=["http", "https"])

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("allow_null", True)
        kwargs.setdefault("allow_blank", True)
        kwargs.setdefault("max_length", 255)
        kwargs.setdefault(
            "error_messages", {"invalid": MSG_URL, "max_length": MSG_URL, "null": MSG_URL}
        )
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        if value:
            try:
                self._validate_url(value)
            except DjangoValidationError:
                self.fail("invalid")
        return value


@extend_schema_field({"type": "array", "items": {"type": "string"}, "example": ["drama"]})
class TokenIdsField(serializers.Field):
    """A JSON array of tokens → the ids of their rows, in order, without repeats. Anything
    else (not an array, a non-string item, an unknown token) → `message`."""

    def __init__(self, *, message: str, resolve, **kwargs):
        self.resolve = resolve
        kwargs["error_messages"] = {**kwargs.get("error_messages", {}), "invalid": message}
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, list) or not all(
            isinstance(item, str) and "\x00" not in item for item in data
        ):
            self.fail("invalid")
        tokens = [item.strip().lower() for item in data]
        known = self.resolve(tokens)
        ids = []
        for token in tokens:
            if known.get(token) is None:
                self.fail("invalid")
            if known[token] not in ids:
                ids.append(known[token])
        return ids

    def to_representation(self, value):
        return value


def _genre_ids(tokens: list[str]) -> dict:
    return genre_ids_by_token([t for t in tokens if t in GENRE_TOKENS])


class LanguageCodeField(serializers.CharField):
    """An ISO 639-1 code (case-insensitive) → the language id; unknown → the contract's
    `Movie.languageId cannot be null`."""

    def __init__(self, **kwargs):
        message = "Movie.languageId cannot be null"
        kwargs["error_messages"] = {
            "required": message,
            "null": message,
            "blank": message,
            "invalid": message,
        }
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str) or "\x00" in data:
            self.fail("invalid")
        code = super().to_internal_value(data).lower()
        language_id = _language_ids([code]).get(code)
        if language_id is None:
            self.fail("invalid")
        return language_id


class MovieCreateSerializer(serializers.Serializer):
    """POST /api/movies body (without `actors`, see MovieWithCastCreateSerializer)."""

    tmdbId = AsciiIntegerField(
        source="tmdb_id",
        min_value=1,
        max_value=BIGINT_MAX,
        error_messages={
            **_null("Movie", "tmdbId"),
            "invalid": "The tmdb_id is not a number",
            "max_string_length": "The tmdb_id is not a number",
            "min_value": "Validation min on tmdbId failed",
            "max_value": "Validation max on tmdbId failed",
        },
    )
    imdbId = serializers.CharField(
        source="imdb_id",
        required=False,
        allow_null=True,
        allow_blank=True,
        max_length=60,
        error_messages=_text("imdbId", "Movie"),
    )
    title = serializers.CharField(max_length=255, error_messages=_text("title", "Movie"))
    originalTitle = serializers.CharField(
        source="original_title", max_length=255, error_messages=_text("originalTitle", "Movie")
    )
    overview = serializers.CharField(
        required=False,
        allow_null=True,
        allow_blank=True,
        trim_whitespace=False,
        error_messages=_text("overview", "Movie"),
    )
    runtime = AsciiIntegerField(
        required=False,
        min_value=0,
        max_value=INT_MAX,
        error_messages={**_numeric("runtime", "Movie"), "invalid": "The runtime is not a number"},
    )
    releaseDate = serializers.DateField(
        source="release_date",
        input_formats=["%Y-%m-%d"],
        error_messages=_date("releaseDate", "Movie"),
    )
    genres = TokenIdsField(
        source="genre_ids",
        message="The given genres are invalid",
        resolve=_genre_ids,
        error_messages=_null("Movie", "genres"),
    )
    countriesOfOrigin = TokenIdsField(
        source="origin_country_ids",
        message="The given countries are invalid",
        resolve=country_ids_by_code,
        error_messages=_null("Movie", "countriesOfOrigin"),
    )
    language = LanguageCodeField(source="language_id")
    movieStatus = serializers.CharField(
        source="movie_status", max_length=20, error_messages=_text("movieStatus", "Movie")
    )
    popularity = FiniteFloatField(min_value=0, error_messages=_numeric("popularity", "Movie"))
    budget = AsciiIntegerField(
        min_value=0, max_value=BIGINT_MAX, error_messages=_numeric("budget", "Movie")
    )
    revenue = AsciiIntegerField(
        min_value=0, max_value=BIGINT_MAX, error_messages=_numeric("revenue", "Movie")
    )
    ratingAverage = FiniteFloatField(
        source="rating_average",
        min_value=0,
        max_value=10,
        error_messages=_numeric("ratingAverage", "Movie"),
    )
    ratingCount = AsciiIntegerField(
        source="rating_count",
        min_value=0,
        max_value=INT_MAX,
        error_messages=_numeric("ratingCount", "Movie"),
    )
    posterUrl = UrlOrEmptyField(source="poster_url")
    rentalRate = FiniteFloatField(
        source="rental_rate",
        required=False,
        min_value=0,
        max_value=99.99,
        error_messages=_numeric("rentalRate", "Movie"),
    )

    def validate_imdbId(self, value):
        return value or None


class MovieUpdateSerializer(MovieCreateSerializer):
    """PUT /api/movies/{id}: the same fields, each optional; only what is sent is validated
    and written (W8). Use with partial=True."""


class ActorCreateSerializer(serializers.Serializer):
    """POST /api/actors body."""

    tmdbId = AsciiIntegerField(
        source="tmdb_id",
        min_value=1,
        max_value=BIGINT_MAX,
        error_messages={
            **_null("Actor", "tmdbId"),
            "invalid": "The tmdb_id is not a number",
            "max_string_length": "The tmdb_id is not a number",
            "min_value": "Validation min on tmdbId failed",
            "max_value": "Validation max on tmdbId failed",
        },
    )
    imdbId = serializers.CharField(
        source="imdb_id",
        required=False,
        allow_null=True,
        allow_blank=True,
        max_length=60,
        error_messages=_text("imdbId", "Actor"),
    )
    actorName = serializers.CharField(
        source="actor_name", max_length=255, error_messages=_text("actorName", "Actor")
    )
    biography = serializers.CharField(
        required=False,
        allow_null=True,
        allow_blank=True,
        trim_whitespace=False,
        error_messages=_text("biography", "Actor"),
    )
    birthday = serializers.DateField(
        required=False,
        allow_null=True,
        input_formats=["%Y-%m-%d"],
        error_messages=_date("birthday", "Actor"),
    )
    deathday = serializers.DateField(
        required=False,
        allow_null=True,
        input_formats=["%Y-%m-%d"],
        error_messages=_date("deathday", "Actor"),
    )
    placeOfBirth = serializers.CharField(
        source="place_of_birth",
        required=False,
        allow_null=True,
        allow_blank=True,
        max_length=255,
        error_messages=_text("placeOfBirth", "Actor"),
    )
    popularity = FiniteFloatField(
        required=False, min_value=0, error_messages=_numeric("popularity", "Actor")
    )
    profilePictureUrl = UrlOrEmptyField(source="profile_picture_url")

    def validate_imdbId(self, value):
        return value or None


class ActorUpdateSerializer(ActorCreateSerializer):
    """PUT /api/actors/{id}: the documented fields, each optional (W8). partial=True."""


class CastMemberSerializer(ActorCreateSerializer):
    """An actor of POST /api/movies `actors` or of add_actors: the actor fields (an existing
    actor is found by tmdbId, so `actorName` is needed only for a new one) plus the part."""

    actorName = serializers.CharField(
        source="actor_name",
        required=False,
        max_length=255,
        error_messages=_text("actorName", "Actor"),
    )
    characterName = serializers.CharField(
        source="character_name",
        required=False,
        allow_null=True,
        allow_blank=True,
        max_length=255,
        error_messages=_text("characterName", "MovieActor"),
    )
    castOrder = AsciiIntegerField(
        source="cast_order",
        required=False,
        min_value=0,
        max_value=INT_MAX,
        error_messages=_numeric("castOrder", "MovieActor"),
    )


class MovieWithCastCreateSerializer(MovieCreateSerializer):
    actors = CastMemberSerializer(
        many=True,
        required=False,
        allow_null=True,
        error_messages={"not_a_list": "The given actors are invalid"},
    )


MSG_MISSING_FIELDS = "Missing required fields"
MSG_INVALID_MOVIE_ID = "Invalid movie id"
MSG_CAST_ORDER = "Validation isNumeric on castOrder failed"
MSG_CHARACTER_NAME_LENGTH = "Validation len on characterName failed"


class CharacterNameBodyField(MessageField, serializers.CharField):
    # A character name AddToMovieSerializer.check_sent found to be a non-blank string: read
    # stripped; longer than max_length (the column's) → `message`.

    def to_internal_value(self, data):
        name = data.strip()
        if len(name) > self.max_length:
            raise serializers.ValidationError(self.message)
        return name


# POST /api/actors/{id}/add_to_movie body (validated with reelfake.bodies.validated_body).
# The contract checks the three values for presence before any for its value (castOrder 0
# counts as sent; the reference rejected it), then movieId, castOrder, characterName.
# Valid data: actor_add_to_movie's keywords, the name stripped.
class AddToMovieSerializer(BodySerializer):
    check_order = ("check_sent", "movieId", "castOrder", "characterName")

    movieId = WholeNumberBodyField(MSG_INVALID_MOVIE_ID, source="movie_id")
    characterName = CharacterNameBodyField(
        MSG_CHARACTER_NAME_LENGTH,
        max_length=MovieActor._meta.get_field("character_name").max_length,
        source="character_name",
    )
    castOrder = WholeNumberBodyField(
        MSG_CAST_ORDER, min_value=0, max_value=INT_MAX, source="cast_order"
    )

    def check_sent(self, attrs, data):
        name, cast_order = data.get("characterName"), data.get("castOrder")
        if (
            not is_sent(data.get("movieId"))
            or not isinstance(name, str)
            or not name.strip()
            or cast_order is None
            or cast_order is False
            or cast_order == ""
        ):
            raise serializers.ValidationError(MSG_MISSING_FIELDS)
