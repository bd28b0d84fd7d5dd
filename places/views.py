from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from places.kept import address_items_body
from places.selectors import (
    address_list,
    addresses_by_city,
    addresses_by_state,
    city_list,
    country_list,
)
from places.serializers import (
    ADDRESS_ROW,
    CITY_ROW,
    CITY_WITH_COUNTRY_ROW,
    COUNTRY_ROW,
    AddressSerializer,
    CitySerializer,
    CityWithCountrySerializer,
    CountrySerializer,
)
from reelfake.generics import REFERENCE_LIST_DESCRIPTION, ReferenceListView
from reelfake.pagination import LenientPagination
from reelfake.rows import RowShapeListMixin
from reelfake.schema import error_responses, item_list_schema


@extend_schema_view(
    get=extend_schema(
        tags=["reference"],
        operation_id="api_countries_retrieve",  # the id it had as an APIView
        summary="List countries",
        description=REFERENCE_LIST_DESCRIPTION,
        responses=item_list_schema("CountryList", CountrySerializer),
    )
)
class CountryListView(ReferenceListView):
    serializer_class = CountrySerializer
    row_shape = COUNTRY_ROW
    reference_name = "countries"

    def get_queryset(self):
        return country_list()


@extend_schema_view(
    get=extend_schema(
        tags=["reference"],
        operation_id="api_cities_retrieve",  # the id it had as an APIView
        summary="List cities",
        description=REFERENCE_LIST_DESCRIPTION,
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
)
class CityListView(ReferenceListView):
    # Cities with `countryId`, or with their country nested (`includeCountry`): two
    # reference lists, one serializer each.

    def includes_country(self) -> bool:
        return self.request.query_params.get("includeCountry") in ("true", "yes")

    def get_serializer_class(self):
        return CityWithCountrySerializer if self.includes_country() else CitySerializer

    @property
    def row_shape(self):
        return CITY_WITH_COUNTRY_ROW if self.includes_country() else CITY_ROW

    @property
    def reference_name(self):
        return "cities+country" if self.includes_country() else "cities"

    def get_queryset(self):
        return city_list()


@extend_schema(
    tags=["addresses"],
    summary="List addresses",
    description=(
        "Paginated by id, 50 a page, no filters. A page past the end answers 200 with no items."
    ),
    responses={200: AddressSerializer(many=True), **error_responses(400)},
)
class AddressListView(RowShapeListMixin, ListAPIView):
    permission_classes = [AllowAny]
    serializer_class = AddressSerializer
    row_shape = ADDRESS_ROW
    pagination_class = LenientPagination
    filter_backends = []
    filter_params = []  # links never carry other query parameters

    def get_queryset(self):
        return address_list()


ADDRESS_LIST_SCHEMA = item_list_schema("AddressList", AddressSerializer)


class AddressItemsView(ListAPIView):
    """Every address of a place, unpaginated, as {"items": [...], "length": n}: the
    AddressSerializer's items read through its compiled row shape, kept per world and name
    with their rendered bytes (places/kept.py)."""

    permission_classes = [AllowAny]
    serializer_class = AddressSerializer
    pagination_class = None
    filter_backends = []

    route = ""  # "city" or "state": the URL keyword and the kept answers' key

    def list(self, request, *args, **kwargs):
        body = address_items_body(
            self.route, self.kwargs[self.route], lambda: ADDRESS_ROW.of(self.get_queryset())
        )
        return Response(body)


@extend_schema_view(
    get=extend_schema(
        tags=["addresses"],
        operation_id="api_addresses_city_retrieve",  # the id it had as an APIView
        summary="Addresses in a city",
        description="The city name matched exactly, case-insensitively; ordered by id.",
        parameters=[OpenApiParameter("city", str, OpenApiParameter.PATH)],
        responses=ADDRESS_LIST_SCHEMA,
    )
)
class AddressByCityView(AddressItemsView):
    route = "city"

    def get_queryset(self):
        return addresses_by_city(self.kwargs["city"])


@extend_schema_view(
    get=extend_schema(
        tags=["addresses"],
        operation_id="api_addresses_state_retrieve",  # the id it had as an APIView
        summary="Addresses in a state",
        description="The state name matched exactly, case-insensitively; ordered by id.",
        parameters=[OpenApiParameter("state", str, OpenApiParameter.PATH)],
        responses=ADDRESS_LIST_SCHEMA,
    )
)
class AddressByStateView(AddressItemsView):
    route = "state"

    def get_queryset(self):
        return addresses_by_state(self.kwargs["state"])
