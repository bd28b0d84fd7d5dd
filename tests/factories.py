"""factory_boy factories for the reelfake tables."""

import factory
from factory.django import DjangoModelFactory

from movies.models import Genre, MovieLanguage
from places.models import City, Country


class CountryFactory(DjangoModelFactory):
    class Meta:
        model = Country

    country_name = factory.Sequence(lambda n: f"Country {n}")
    iso_country_code = factory.Sequence(lambda n: f"{chr(65 + n // 26 % 26)}{chr(65 + n % 26)}")


class CityFactory(DjangoModelFactory):
    class Meta:
        model = City

    city_name = factory.Sequence(lambda n: f"City {n}")
    state_name = "Victoria"
    country = factory.SubFactory(CountryFactory)


class GenreFactory(DjangoModelFactory):
    class Meta:
        model = Genre

    genre_name = factory.Sequence(lambda n: f"Genre {n}")


class MovieLanguageFactory(DjangoModelFactory):
    class Meta:
        model = MovieLanguage

    language_name = factory.Sequence(lambda n: f"Language {n}")
    iso_language_code = factory.Sequence(lambda n: f"{chr(97 + n // 26 % 26)}{chr(97 + n % 26)}")
