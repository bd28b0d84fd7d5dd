"""reelfake.clients.client_address: the address per-client limits are keyed on."""

from django.test import RequestFactory

from reelfake.clients import client_address

factory = RequestFactory()


def request_from(remote: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return factory.get("/api/genres", **extra)


def test_without_trusted_proxies_the_peer_address_is_the_client(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_address(request_from("203.0.113.9", "198.51.100.1")) == "203.0.113.9"


def test_behind_one_proxy_the_address_it_appended_is_the_client(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_address(request_from("10.0.0.2", "198.51.100.1")) == "198.51.100.1"


def test_behind_one_proxy_a_client_cannot_choose_its_address_by_prepending_one(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    address = client_address(request_from("10.0.0.2", "192.0.2.77, 198.51.100.1"))
    assert address == "198.51.100.1"


def test_behind_two_proxies_the_outer_proxy_decides(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_address(request_from("10.0.0.2", "198.51.100.1, 10.0.0.9")) == "198.51.100.1"


def test_a_missing_header_behind_a_proxy_falls_back_to_the_peer(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_address(request_from("10.0.0.2")) == "10.0.0.2"


def test_behind_two_proxies_a_client_on_a_private_network_is_still_the_client(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_address(request_from("10.0.0.2", "10.1.2.3, 10.0.0.9")) == "10.1.2.3"


def test_a_forwarded_entry_that_is_not_an_address_falls_back_to_the_peer(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_address(request_from("10.0.0.2", "<script>")) == "10.0.0.2"
