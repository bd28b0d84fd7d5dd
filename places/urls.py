from places import views
from reelfake.routing import api_path

urlpatterns = [
    api_path("countries", views.CountryListView.as_view(), name="country-list"),
    api_path("cities", views.CityListView.as_view(), name="city-list"),
    api_path("addresses", views.AddressListView.as_view(), name="address-list"),
    # `.+`: a name may hold an encoded slash (the path is URL-decoded before matching), and,
    # with `(?s)`, a newline: any text is a name, matched exactly.
    api_path(
        r"addresses/city/(?P<city>(?s:.+?))", views.AddressByCityView.as_view(), name="address-city"
    ),
    api_path(
        r"addresses/state/(?P<state>(?s:.+?))",
        views.AddressByStateView.as_view(),
        name="address-state",
    ),
]
