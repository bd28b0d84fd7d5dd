from accounts import views
from reelfake.routing import api_path

# Listed before the people routes, so `customers/change_password` is not read as an id.
urlpatterns = [
    api_path("auth/login", views.LoginView.as_view(), name="auth-login"),
    api_path("auth/logout", views.LogoutView.as_view(), name="auth-logout"),
    api_path("auth/me", views.MeView.as_view(), name="auth-me"),
    api_path("auth/refresh", views.RefreshView.as_view(), name="auth-refresh"),
    api_path("customers/register", views.RegisterView.as_view(), name="customer-register"),
    api_path(
        "customers/change_password",
        views.CustomerChangePasswordView.as_view(),
        name="customer-change-password",
    ),
    api_path(
        "staff/change_password",
        views.StaffChangePasswordView.as_view(),
        name="staff-change-password",
    ),
    api_path(
        r"customers/(?P<pk>[^/]+)/forgot_password",
        views.CustomerForgotPasswordView.as_view(),
        name="customer-forgot-password",
    ),
    api_path(
        r"staff/(?P<pk>[^/]+)/forgot_password",
        views.StaffForgotPasswordView.as_view(),
        name="staff-forgot-password",
    ),
]
