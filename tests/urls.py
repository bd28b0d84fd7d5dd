"""The real routes plus two probe routes that exercise shared plumbing from tests:
a paginated list with a filter, and a write (for the Origin check and error handling)."""

from django.db import transaction
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from movies.models import Genre
from places.models import Country
from reelfake.routing import api_path
from reelfake.urls import urlpatterns as real_urlpatterns


class ProbeCountrySerializer(serializers.ModelSerializer):
    class Meta:
        model = Country
        fields = ["id", "country_name"]


class ProbeCountryList(ListAPIView):
    serializer_class = ProbeCountrySerializer
    filter_params = ["name"]

    def get_queryset(self):
        countries = Country.objects.order_by("id")
        name = self.request.GET.get("name")
        return countries.filter(country_name__icontains=name) if name else countries


class ProbeWrite(APIView):
    def post(self, request):
        if request.data.get("explode"):
            raise RuntimeError("secret detail from the database: relation xyz")
        with transaction.atomic():
            genre = Genre.objects.create(genre_name=request.data.get("name", "Probe"))
        return Response({"id": genre.id}, status=201)


urlpatterns = [
    api_path("api/_probe/countries", ProbeCountryList.as_view()),
    api_path("api/_probe/write", ProbeWrite.as_view()),
    *real_urlpatterns,
]
