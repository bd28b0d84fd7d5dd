from rest_framework import serializers

from movies.models import Genre, Movie, MovieLanguage
from reelfake.fields import AbsoluteUrlField, NumberField


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


class MovieSummarySerializer(serializers.ModelSerializer):
    """MovieSummary of the contract: list items, cart and wishlist movies.
    Reads the annotations of movies.selectors.movie_with_names()."""

    releaseDate = serializers.DateField(source="release_date")
    genres = serializers.ListField(
        source="genre_names", child=serializers.CharField(), allow_null=True
    )
    countriesOfOrigin = serializers.ListField(
        source="country_codes", child=serializers.CharField(), allow_null=True
    )
    language = serializers.CharField(source="language.iso_language_code")
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
