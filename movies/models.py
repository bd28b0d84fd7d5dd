from django.contrib.postgres.fields import ArrayField
from django.db import models

from reelfake.db.models_base import TimestampedModel


class Genre(TimestampedModel):
    """A TMDB genre; ids 1–19 in TMDB order (15 = Science Fiction, 16 = TV Movie)."""

    genre_name = models.CharField(max_length=25, unique=True)

    class Meta:
        managed = False
        db_table = "genre"
        ordering = ["id"]

    def __str__(self):
        return self.genre_name


class MovieLanguage(TimestampedModel):
    """An ISO 639-1 language (`xx` = no language)."""

    language_name = models.CharField(max_length=60)
    iso_language_code = models.CharField(max_length=2, unique=True)

    class Meta:
        managed = False
        db_table = "movie_language"
        ordering = ["id"]

    def __str__(self):
        return f"{self.language_name} ({self.iso_language_code})"


class Movie(TimestampedModel):
    """A movie. Genres and countries of origin are integer arrays of ids, as in reelfake."""

    tmdb_id = models.BigIntegerField(unique=True)
    imdb_id = models.CharField(max_length=60, unique=True, null=True, blank=True)
    title = models.CharField(max_length=255)
    original_title = models.CharField(max_length=255)
    overview = models.TextField(null=True, blank=True)
    runtime = models.IntegerField(default=0)
    release_date = models.DateField()
    genre_ids = ArrayField(models.IntegerField(), null=True, blank=True)
    origin_country_ids = ArrayField(models.IntegerField(), default=list)
    language = models.ForeignKey(MovieLanguage, on_delete=models.RESTRICT, related_name="movies")
    movie_status = models.CharField(max_length=20)
    popularity = models.FloatField(default=0)
    budget = models.BigIntegerField(default=0)
    revenue = models.BigIntegerField(default=0)
    rating_average = models.DecimalField(max_digits=4, decimal_places=2, default=0)
    rating_count = models.IntegerField(default=0)
    poster_url = models.CharField(max_length=255, null=True, blank=True)
    rental_rate = models.DecimalField(max_digits=4, decimal_places=2, default="20.00")
    actors = models.ManyToManyField("Actor", through="MovieActor", related_name="movies")

    class Meta:
        managed = False
        db_table = "movie"
        ordering = ["id"]

    def __str__(self):
        return self.title


class Actor(TimestampedModel):
    """An actor, identified by TMDB id."""

    tmdb_id = models.BigIntegerField(unique=True)
    imdb_id = models.CharField(max_length=60, unique=True, null=True, blank=True)
    actor_name = models.CharField(max_length=255)
    biography = models.TextField(null=True, blank=True)
    birthday = models.DateField(null=True, blank=True)
    deathday = models.DateField(null=True, blank=True)
    place_of_birth = models.CharField(max_length=255, null=True, blank=True)
    popularity = models.FloatField(default=0)
    profile_picture_url = models.CharField(max_length=255, null=True, blank=True)

    class Meta:
        managed = False
        db_table = "actor"
        ordering = ["id"]

    def __str__(self):
        return self.actor_name


class MovieActor(TimestampedModel):
    """A cast row: which actor plays which character in a movie, and in which order."""

    movie = models.ForeignKey(Movie, on_delete=models.CASCADE, related_name="cast")
    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="credits")
    character_name = models.CharField(max_length=255, null=True, blank=True)
    cast_order = models.IntegerField(default=0)

    class Meta:
        managed = False
        db_table = "movie_actor"
        ordering = ["cast_order", "id"]

    def __str__(self):
        return f"{self.actor_id} as {self.character_name} in {self.movie_id}"
