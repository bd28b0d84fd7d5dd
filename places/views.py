from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.views import APIView

from places.selectors import city_list, country_list
from places.serializers import CitySerializer, CityWithCountrySerializer, CountrySerializer
from reelfake.pagination import items_response
from reelfake.schema import item_list_schema


class CountryListView(APIView):
    @extend_schema(
        tags=["reference"],
        summary="List countries",
        responses=item_list_schema("CountryList", CountrySerializer),
    )
    def get(self, request):
        return items_response(CountrySerializer(country_list(), many=True).data)


class CityListView(APIView):
    @extend_schema(
        tags=["reference"],
        summary="List cities",
        parameters=[
            OpenApiParameter(
                "includeCountry",
                str,
                description="`true` or `yes` nests the country instead of `countryId`.",
            )
        ],
        responses=item_list_schema(
            "CityList",
            serializers.JSONField,
            description="Items are cities; with includeCountry they nest their country.",
        ),
    )
    def get(self, request):
        include_country = request.GET.get("includeCountry") in ("true", "yes")
        serializer = CityWithCountrySerializer if include_country else CitySerializer
        cities = city_list(include_country=include_country)
        return items_response(serializer(cities, many=True).data)
