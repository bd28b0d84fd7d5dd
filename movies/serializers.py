from rest_framework import serializers

from movies.models import Genre, MovieLanguage


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
