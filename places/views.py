from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from places.selectors import (
    address_items_by_city,
    address_items_by_state,
    address_list,
    city_list,
    country_list,
)
from places.serializers import (
    ADDRESS_ROW,
    CITY_ROW,
    CITY_WITH_COUNTRY_ROW,
    COUNTRY_ROW,
    AddressSerializer,
    CountrySerializer,
)
from reelfake.pagination import LenientPagination, items_response
from reelfake.reference import reference_body
from reelfake.rows import RowShapeListMixin
from reelfake.schema import error_responses, item_list_schema


class CountryListView(APIView):
    @extend_schema(
        tags=["reference"],
        summary="List countries",
        responses=item_list_schema("CountryList", CountrySerializer),
    )
    def get(self, request):
        return Response(reference_body("countries", lambda: COUNTRY_ROW.of(country_list())))


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
        if include_country:
            body = reference_body("cities+country", lambda: CITY_WITH_COUNTRY_ROW.of(city_list()))
        else:
            body = reference_body("cities", lambda: CITY_ROW.of(city_list()))
        return Response(body)


@extend_schema(
    tags=["addresses"],
    summary="List addresses",
    description=(
        "Paginated by id, 50 a page, no filters. A page past the end answers 200 with no items."
    ),
    responses={200: AddressSerializer(many=True), **error_responses(400)},
)
class AddressListView(RowShapeListMixin, ListAPIView):
    serializer_class = AddressSerializer
    row_shape = ADDRESS_ROW
    pagination_class = LenientPagination
    filter_backends = []
    filter_params = []  # links never carry other query parameters

    def get_queryset(self):
        return address_list()


ADDRESS_LIST_SCHEMA = item_list_schema("AddressList", AddressSerializer)


class AddressByCityView(APIView):
    @extend_schema(
        tags=["addresses"],
        summary="Addresses in a city",
        description="The city name matched exactly, case-insensitively; ordered by id.",
        parameters=[OpenApiParameter("city", str, OpenApiParameter.PATH)],
        responses=ADDRESS_LIST_SCHEMA,
    )
    def get(self, request, city):
        return items_response(address_items_by_city(city))


class AddressByStateView(APIView):
    @extend_schema(
        tags=["addresses"],
        summary="Addresses in a state",
        description="The state name matched exactly, case-insensitively; ordered by id.",
        parameters=[OpenApiParameter("state", str, OpenApiParameter.PATH)],
        responses=ADDRESS_LIST_SCHEMA,
    )
    def get(self, request, state):
        return items_response(address_items_by_state(state))
