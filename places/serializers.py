from rest_framework import serializers

from places.models import Address, City, Country
from reelfake.bodies import BodySerializer, body_error
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


MSG_INCOMPLETE = "Incomplete address"
ADDRESS_LINE_MAX = 120
POSTAL_CODE_MAX = 10
NAME_MAX = 60  # city, state and country names
# Checked after completeness, in this order: (wire name, label in the message, limit).
_ADDRESS_LIMITS = (
    ("addressLine", "Address line", ADDRESS_LINE_MAX),
    ("postalCode", "Postal code", POSTAL_CODE_MAX),
    ("cityName", "City name", NAME_MAX),
    ("stateName", "State name", NAME_MAX),
    ("country", "Country", NAME_MAX),
)


# An address in a request body (people and stores writes; places.services.
# address_data_validate). Its validation is the contract's, one message at a time: anything
# but an object with all five fields present and non-empty (strings, or numbers: postal codes
# are often sent as numbers) is "Incomplete address"; then the first oversized value in
# _ADDRESS_LIMITS' order is named (docs/people.md "Request bodies"). Valid data: the five
# values as stripped strings under the model's field names (each field's `source`:
# address_line, city_name, state_name, country, postal_code), which places.services reads.
# Optional (required=False, nested in a body): not sent → None.
class AddressBodySerializer(BodySerializer):
    addressLine = serializers.CharField(source="address_line", max_length=ADDRESS_LINE_MAX)
    cityName = serializers.CharField(source="city_name", max_length=NAME_MAX)
    stateName = serializers.CharField(source="state_name", max_length=NAME_MAX)
    country = serializers.CharField(
        max_length=NAME_MAX, help_text="Country name or ISO code, case-insensitive."
    )
    postalCode = serializers.CharField(source="postal_code", max_length=POSTAL_CODE_MAX)

    def to_internal_value(self, data):
        if not self.required and not is_sent(data):
            return None
        if not isinstance(data, dict):  # also None, which DRF would answer "No data provided"
            raise body_error(MSG_INCOMPLETE)
        values = {}  # by wire name
        for field in self.fields:
            value = data.get(field)
            if isinstance(value, int | float) and not isinstance(value, bool):
                value = str(value)
            if not isinstance(value, str) or not value.strip():
                raise body_error(MSG_INCOMPLETE)
            values[field] = value.strip()
        for field, label, limit in _ADDRESS_LIMITS:
            if len(values[field]) > limit:
                raise body_error(f"{label} must be at most {limit} characters long")
        return {self.fields[field].source: value for field, value in values.items()}
