"""factory_boy factories for the reelfake tables."""

import datetime

import factory
from django.contrib.auth.hashers import make_password
from factory.django import DjangoModelFactory

from movies.models import Actor, Genre, Movie, MovieActor, MovieLanguage
from people.models import Customer, Staff
from places.models import Address, City, Country
from rentals.models import Cart, Rental, Wishlist
from stores.models import Inventory, Store


class CountryFactory(DjangoModelFactory):
    class Meta:
        model = Country

    country_name = factory.Sequence(lambda n: f"Country {n}")
    # A digit first: never a real ISO code, so tests may also create "AU" or "US".
    iso_country_code = factory.Sequence(lambda n: f"{n // 26 % 10}{chr(65 + n % 26)}")


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


PASSWORD = "Secret-pass-1"


class AddressFactory(DjangoModelFactory):
    class Meta:
        model = Address

    address_line = factory.Sequence(lambda n: f"{n} Reel Avenue")
    city = factory.SubFactory(CityFactory)
    postal_code = "3000"
    in_use_by = None


class StoreFactory(DjangoModelFactory):
    class Meta:
        model = Store

    address = factory.SubFactory(AddressFactory, in_use_by="store")
    phone_number = factory.Sequence(lambda n: f"039{n:07d}")


class StaffFactory(DjangoModelFactory):
    class Meta:
        model = Staff

    first_name = factory.Sequence(lambda n: f"Staff{n}")
    last_name = "Member"
    email = factory.Sequence(lambda n: f"staff{n:05d}@example.com")
    address = factory.SubFactory(AddressFactory, in_use_by="staff")
    store = factory.SubFactory(StoreFactory)
    active = True
    phone_number = factory.Sequence(lambda n: f"041{n:07d}")
    user_password = factory.LazyFunction(lambda: make_password(PASSWORD))


def make_store_manager(**kwargs) -> Staff:
    """A staff member who manages their own store."""
    manager = StaffFactory(**kwargs)
    Store.objects.filter(id=manager.store_id).update(store_manager=manager)
    manager.store.refresh_from_db()
    return manager


class CustomerFactory(DjangoModelFactory):
    class Meta:
        model = Customer

    first_name = factory.Sequence(lambda n: f"Cust{n}")
    last_name = "Customer"
    email = factory.Sequence(lambda n: f"cust{n:05d}@example.com")
    address = factory.SubFactory(AddressFactory, in_use_by="customer")
    preferred_store = None
    active = True
    phone_number = factory.Sequence(lambda n: f"050{n:07d}")
    registered_on = datetime.date(2024, 1, 2)
    user_password = factory.LazyFunction(lambda: make_password(PASSWORD))


class MovieFactory(DjangoModelFactory):
    class Meta:
        model = Movie

    tmdb_id = factory.Sequence(lambda n: 5_000_000 + n)
    imdb_id = factory.Sequence(lambda n: f"tt{9_000_000 + n}")
    title = factory.Sequence(lambda n: f"Movie {n}")
    original_title = factory.LazyAttribute(lambda movie: movie.title)
    overview = factory.Sequence(lambda n: f"Overview of movie {n}.")
    runtime = 100
    release_date = datetime.date(2020, 5, 17)
    genre_ids = factory.LazyFunction(list)
    origin_country_ids = factory.LazyFunction(list)
    language = factory.SubFactory(MovieLanguageFactory)
    movie_status = "Released"
    popularity = 5.5
    budget = 1_000_000
    revenue = 2_500_000
    rating_average = "7.45"
    rating_count = 67
    poster_url = "https://image.tmdb.org/t/p/w500/x.jpg"
    rental_rate = "4.99"


class ActorFactory(DjangoModelFactory):
    class Meta:
        model = Actor

    tmdb_id = factory.Sequence(lambda n: 7_000_000 + n)
    imdb_id = factory.Sequence(lambda n: f"nm{8_000_000 + n}")
    actor_name = factory.Sequence(lambda n: f"Actor {n}")
    biography = "A biography."
    birthday = datetime.date(1980, 1, 31)
    deathday = None
    place_of_birth = "Melbourne, Australia"
    popularity = 1.5
    profile_picture_url = None


class MovieActorFactory(DjangoModelFactory):
    class Meta:
        model = MovieActor

    movie = factory.SubFactory(MovieFactory)
    actor = factory.SubFactory(ActorFactory)
    character_name = factory.Sequence(lambda n: f"Character {n}")
    cast_order = 0


class InventoryFactory(DjangoModelFactory):
    class Meta:
        model = Inventory

    movie = factory.SubFactory(MovieFactory)
    store = factory.SubFactory(StoreFactory)
    stock_count = 3


class RentalFactory(DjangoModelFactory):
    class Meta:
        model = Rental

    inventory = factory.SubFactory(InventoryFactory)
    customer = factory.SubFactory(CustomerFactory)
    staff = None
    rental_start_date = datetime.datetime(2024, 1, 10, 10, 0, tzinfo=datetime.UTC)
    rental_end_date = datetime.datetime(2024, 1, 13, 10, 0, tzinfo=datetime.UTC)
    return_date = None
    delayed_by_days = None
    amount_paid = "9.99"
    discount_amount = "0.00"
    payment_date = datetime.datetime(2024, 1, 10, 10, 0, tzinfo=datetime.UTC)
    rental_type = "in-store"


class CartFactory(DjangoModelFactory):
    class Meta:
        model = Cart

    customer = factory.SubFactory(CustomerFactory)
    movie = factory.SubFactory(MovieFactory)
    quantity = 1


class WishlistFactory(DjangoModelFactory):
    class Meta:
        model = Wishlist

    customer = factory.SubFactory(CustomerFactory)
    movie = factory.SubFactory(MovieFactory)
