from reelfake.routing import api_path
from rentals import views

ID = r"(?P<id>[^/]+)"

# Fixed paths come before the `{id}` patterns they would otherwise match.
urlpatterns = [
    api_path("rentals", views.RentalListView.as_view(), name="rental-list"),
    api_path("rentals/my_store", views.StoreRentalListView.as_view(), name="rental-my-store"),
    api_path("rentals/checkout", views.CheckoutView.as_view(), name="rental-checkout"),
    api_path(f"rentals/{ID}", views.RentalDetailView.as_view(), name="rental-detail"),
    api_path(f"rentals/{ID}/return", views.RentalReturnView.as_view(), name="rental-return"),
    api_path("customers/my_rentals", views.MyRentalListView.as_view(), name="my-rentals"),
    api_path("cart", views.CartListView.as_view(), name="cart-list"),
    api_path(f"cart/{ID}", views.CartDetailView.as_view(), name="cart-detail"),
    api_path(
        f"cart/{ID}/move_to_wishlist",
        views.CartMoveToWishlistView.as_view(),
        name="cart-move-to-wishlist",
    ),
    api_path("wishlist", views.WishlistListView.as_view(), name="wishlist-list"),
    api_path(f"wishlist/{ID}", views.WishlistDetailView.as_view(), name="wishlist-detail"),
    api_path(
        f"wishlist/{ID}/move_to_cart",
        views.WishlistMoveToCartView.as_view(),
        name="wishlist-move-to-cart",
    ),
    api_path("stats", views.StatsView.as_view(), name="stats"),
    api_path("stats/most_rented_movies", views.MostRentedMoviesView.as_view(), name="stats-movies"),
    api_path("stats/sales_by_store", views.SalesByStoreView.as_view(), name="stats-stores"),
    api_path("stats/sales_by_city", views.SalesByCityView.as_view(), name="stats-cities"),
    api_path("stats/sales_by_month", views.SalesByMonthView.as_view(), name="stats-months"),
]
