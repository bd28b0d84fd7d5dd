"""Django test clients signed in to the admin: a store manager through the real sign-in
form (accounts/backends.py), a superuser through ModelBackend."""

from django.contrib.auth import get_user_model
from django.test import Client

from tests.factories import PASSWORD


def manager_admin_client(manager) -> Client:
    client = Client()
    response = client.post(
        "/admin/login/?next=/admin/", {"username": manager.email, "password": PASSWORD}
    )
    assert response.status_code == 302, response.content
    return client


def superuser_admin_client() -> Client:
    user = get_user_model().objects.create_superuser("root", "root@example.com", "pw-123456")
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client
