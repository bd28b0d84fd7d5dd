from rest_framework import serializers

from places.models import Address, City, Country
from reelfake.rows import RowShape


class CountrySerializer(serializers.ModelSerializer):
    countryName = serializers.CharField(source="country_name")
    countryCode = serializers.CharField(source="iso_country_code")

    class Meta:
        model = Country
        fields = ["id", "countryName", "countryCode"]


class CitySerializer(serializers.ModelSerializer):
    cityName = serializers.CharField(source="city_name")
    stateName = serializers.CharField(source="state_name")
    countryId = serializers.IntegerField(source="country_id")

    class Meta:
        model = City
        fields = ["id", "cityName", "stateName", "countryId"]


class CityWithCountrySerializer(serializers.ModelSerializer):
    cityName = serializers.CharField(source="city_name")
    stateName = serializers.CharField(source="state_name")
    country = CountrySerializer()

    class Meta:
        model = City
        fields = ["id", "cityName", "stateName", "country"]


class AddressSerializer(serializers.ModelSerializer):
    """The contract's address object; reads city, state and country through the joins."""

    addressLine = serializers.CharField(source="address_line")
    cityName = serializers.CharField(source="city.city_name")
    stateName = serializers.CharField(source="city.state_name")
    country = serializers.CharField(source="city.country.country_name")
    postalCode = serializers.CharField(source="postal_code", allow_null=True)

    class Meta:
        model = Address
        fields = ["id", "addressLine", "cityName", "stateName", "country", "postalCode"]


# Lists from values() rows (reelfake/rows.py).
COUNTRY_ROW = RowShape(CountrySerializer)
CITY_ROW = RowShape(CitySerializer)
CITY_WITH_COUNTRY_ROW = RowShape(CityWithCountrySerializer)
ADDRESS_ROW = RowShape(AddressSerializer)


# An address in a request body (people and stores writes; places.services checks it).
class AddressBodySerializer(serializers.Serializer):
    addressLine = serializers.CharField(max_length=120)
    cityName = serializers.CharField()
    stateName = serializers.CharField()
    country = serializers.CharField(help_text="Country name or ISO code, case-insensitive.")
    postalCode = serializers.CharField(max_length=10)
