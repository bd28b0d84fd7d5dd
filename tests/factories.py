"""factory_boy factories for the reelfake tables."""

import datetime

import factory
from django.contrib.auth.hashers import make_password
from factory.django import DjangoModelFactory

from movies.models import Genre, MovieLanguage
from people.models import Customer, Staff
from places.models import Address, City, Country
from stores.models import Store


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
