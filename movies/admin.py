"""Admin for the catalog. Writes go through movies/services.py, like the API's, so the same
rules hold (uniqueness, cast links, delete conflicts)."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.db.models.functions import ExtractYear

from movies import selectors, services
from movies.models import Actor, Genre, Movie, MovieActor
from places.models import Country
from reelfake.exceptions import ApplicationError
from reelfake.forms import AsciiNumbersModelForm
from reelfake.ids import int_from_text


class GenreListFilter(admin.SimpleListFilter):
    title = "genre"
    parameter_name = "genre"

    def lookups(self, request, model_admin):
        return [(genre.id, genre.genre_name) for genre in selectors.genre_list()]

    def queryset(self, request, queryset):
        genre_id = int_from_text(self.value())
        if genre_id is not None:
            return queryset.filter(genre_ids__contains=[genre_id])
        return queryset


class ReleaseYearListFilter(admin.SimpleListFilter):
    title = "release year"
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = (
            Movie.objects.annotate(year=ExtractYear("release_date"))
            .values_list("year", flat=True)
            .distinct()
            .order_by("-year")
        )
        return [(year, str(year)) for year in years]

    def queryset(self, request, queryset):
        year = int_from_text(self.value())
        if year is not None:
            return queryset.filter(release_date__year=year)
        return queryset


class MovieAdminForm(AsciiNumbersModelForm):
    """Genres and countries as choices instead of the id arrays the table stores."""

    genres = forms.ModelMultipleChoiceField(Genre.objects.order_by("id"), required=False)
    countries = forms.ModelMultipleChoiceField(
        Country.objects.order_by("country_name"), required=False
    )

    class Meta:
        model = Movie
        fields = [
            "tmdb_id",
            "imdb_id",
            "title",
            "original_title",
            "overview",
            "runtime",
            "release_date",
            "genres",
            "countries",
            "language",
            "movie_status",
            "popularity",
            "budget",
            "revenue",
            "rating_average",
            "rating_count",
            "poster_url",
            "rental_rate",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["genres"] = self.instance.genre_ids or []
            self.initial["countries"] = self.instance.origin_country_ids or []

    def movie_fields(self, *, changed_only: bool) -> dict:
        """The form's values as movie columns, for movies.services."""
        names = self.changed_data if changed_only else list(self.cleaned_data)
        fields = {}
        for name in names:
            value = self.cleaned_data.get(name)
            if name == "genres":
                fields["genre_ids"] = [genre.id for genre in value] or None
            elif name == "countries":
                fields["origin_country_ids"] = [country.id for country in value]
            elif name == "language":
                fields["language_id"] = value.id
            elif name in services.MOVIE_FIELDS:
                fields[name] = value
        return fields

    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            movie = self.instance if self.instance.pk else None
            try:
                services.movie_check_unique(
                    fields=self.movie_fields(changed_only=movie is not None), movie=movie
                )
            except ApplicationError as error:
                raise forms.ValidationError(error.message) from error
        return cleaned


class MovieActorInline(admin.TabularInline):
    model = MovieActor
    form = AsciiNumbersModelForm
    fields = ["actor", "character_name", "cast_order"]
    raw_id_fields = ["actor"]
    ordering = ["cast_order", "id"]
    extra = 0


@admin.register(Movie)
class MovieAdmin(admin.ModelAdmin):
    form = MovieAdminForm
    list_display = ["id", "title", "release_date", "language", "rating_average", "popularity"]
    list_select_related = ["language"]
    list_filter = [GenreListFilter, "language", ReleaseYearListFilter]
    search_fields = ["title"]
    ordering = ["id"]
    inlines = [MovieActorInline]
    # 50,000 movies: no second COUNT(*) for "N total" on every filtered page.
    show_full_result_count = False

    def save_model(self, request, obj, form, change):
        if change:
            services.movie_update(movie_id=obj.id, fields=form.movie_fields(changed_only=True))
            return
        created = services.movie_create(fields=form.movie_fields(changed_only=False))
        obj.pk = obj.id = created.id
        obj._state.adding = False

    def save_formset(self, request, form, formset, change):
        rows = formset.save(commit=False)
        for row in formset.deleted_objects:
            services.cast_remove(cast_row=row)
        for row in rows:
            try:
                if row.pk is None:
                    services.actor_add_to_movie(
                        actor=row.actor,
                        movie_id=form.instance.id,
                        character_name=row.character_name,
                        cast_order=row.cast_order,
                    )
                else:
                    services.cast_update(
                        cast_row=row,
                        fields={"character_name": row.character_name, "cast_order": row.cast_order},
                    )
            except ApplicationError as error:
                messages.error(request, f"{row.actor}: {error.message}")

    def has_delete_permission(self, request, obj=None):
        # A movie that rentals, carts or wishlists reference cannot go (W10).
        if obj is not None and any(selectors.movie_references(obj.id).values()):
            return False
        return super().has_delete_permission(request, obj)

    def delete_model(self, request, obj):
        services.movie_delete(movie_id=obj.id)

    def delete_queryset(self, request, queryset):
        for movie in queryset:
            try:
                services.movie_delete(movie_id=movie.id)
            except ApplicationError as error:
                messages.error(request, error.message)


class ActorAdminForm(AsciiNumbersModelForm):
    class Meta:
        model = Actor
        fields = sorted(services.ACTOR_FIELDS, key=[f.name for f in Actor._meta.fields].index)

    def clean_actor_name(self):
        name = self.cleaned_data["actor_name"]
        renamed = self.instance.pk is None or name.lower() != self.instance.actor_name.lower()
        if renamed and selectors.actor_names_taken([name]):
            raise forms.ValidationError(services.MSG_ACTOR_NAME_TAKEN.format(name=name))
        return name


@admin.register(Actor)
class ActorAdmin(admin.ModelAdmin):
    form = ActorAdminForm
    list_display = ["id", "actor_name", "birthday", "place_of_birth", "popularity"]
    search_fields = ["actor_name"]
    ordering = ["id"]
    # 200,000 actors: no second COUNT(*) on every filtered page.
    show_full_result_count = False

    def save_model(self, request, obj, form, change):
        fields = {name: form.cleaned_data[name] for name in form.changed_data}
        if change:
            services.actor_update(actor_id=obj.id, fields=fields)
            return
        created = services.actor_create(fields=dict(form.cleaned_data))
        obj.pk = obj.id = created.id
        obj._state.adding = False

    def delete_model(self, request, obj):
        services.actor_delete(actor_id=obj.id)

    def delete_queryset(self, request, queryset):
        for actor in queryset:
            services.actor_delete(actor_id=actor.id)
