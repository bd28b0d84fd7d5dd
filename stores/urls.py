from reelfake.routing import api_path
from stores import views

ID = r"(?P<id>[^/]+)"

urlpatterns = [
    api_path("stores", views.StoreListView.as_view(), name="store-list"),
    api_path(f"stores/{ID}", views.StoreDetailView.as_view(), name="store-detail"),
    api_path(f"stores/{ID}/stock", views.StoreStockView.as_view(), name="store-stock"),
    api_path(f"stores/{ID}/movies", views.StoreMovieListView.as_view(), name="store-movies"),
    api_path(f"stores/{ID}/staff", views.StoreStaffListView.as_view(), name="store-staff"),
    api_path("inventory", views.InventoryCreateView.as_view(), name="inventory-create"),
    api_path(f"inventory/{ID}", views.InventoryDetailView.as_view(), name="inventory-detail"),
    api_path(f"movies/{ID}/stores", views.MovieStoreListView.as_view(), name="movie-stores"),
]
