from rest_framework import serializers

from places.models import Address, City, Country
from places.services import (
    ADDRESS_LINE_MAX,
    NAME_MAX,
    POSTAL_CODE_MAX,
    address_data_validate,
)
from reelfake.bodies import BodySerializer, checked
from reelfake.rows import RowShape
from reelfake.validators import is_sent


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


# An address in a request body (people and stores writes): all five fields present and
# non-empty, as stripped strings (places.services.address_data_validate, docs/people.md
# "Request bodies"). Optional (required=False): not sent → None. Required: anything but a
# complete address → 400 "Incomplete address".
class AddressBodySerializer(BodySerializer):
    addressLine = serializers.CharField(max_length=ADDRESS_LINE_MAX)
    cityName = serializers.CharField(max_length=NAME_MAX)
    stateName = serializers.CharField(max_length=NAME_MAX)
    country = serializers.CharField(
        max_length=NAME_MAX, help_text="Country name or ISO code, case-insensitive."
    )
    postalCode = serializers.CharField(max_length=POSTAL_CODE_MAX)

    def to_internal_value(self, data):
        if not self.required and not is_sent(data):
            return None
        return checked(address_data_validate, data)
