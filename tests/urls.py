"""The real routes plus two probe routes that exercise shared plumbing from tests:
a paginated list with a filter, and a write (for the Origin check and error handling)."""

from django.db import transaction
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from movies.models import Genre
from places.models import Country
from reelfake.permissions import IsCustomer, IsStaff, IsStoreManager, require_own_store
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


def role_probe(permission):
    class RoleProbe(APIView):
        permission_classes = [permission]

        def get(self, request):
            return Response({"role": request.user.role, "id": request.user.id})

    return RoleProbe.as_view()


class OwnStoreProbe(APIView):
    permission_classes = [IsStaff]

    def get(self, request, store_id):
        require_own_store(request.user, int(store_id))
        return Response({"storeId": int(store_id)})


urlpatterns = [
    api_path("api/_probe/customer", role_probe(IsCustomer)),
    api_path("api/_probe/staff", role_probe(IsStaff)),
    api_path("api/_probe/manager", role_probe(IsStoreManager)),
    api_path("api/_probe/customer-or-manager", role_probe(IsCustomer | IsStoreManager)),
    api_path(r"api/_probe/stores/(?P<store_id>[0-9]+)", OwnStoreProbe.as_view()),
    api_path("api/_probe/countries", ProbeCountryList.as_view()),
    api_path("api/_probe/write", ProbeWrite.as_view()),
    *real_urlpatterns,
]
