from places import views
from reelfake.routing import api_path

urlpatterns = [
    api_path("countries", views.CountryListView.as_view(), name="country-list"),
    api_path("cities", views.CityListView.as_view(), name="city-list"),
]
