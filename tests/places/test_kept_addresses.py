"""Address lists by city or state kept in memory per world, rendered once, dropped on a
committed address change in their world (places/kept.py, docs/performance.md "Kept address
lists")."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from places import kept as kept_addresses
from places.models import Address, City
from reelfake.db import worlds
from tests.factories import AddressFactory, CityFactory
from tests.places.places_data import australia_country, kept_fixture, settle  # noqa: F401 (fixture `kept`)
from tests.reference import arrived, wait_for

pytestmark = pytest.mark.django_db(transaction=True)

NSW = "/api/addresses/state/New%20South%20Wales"


@pytest.fixture
def sydney():
    return CityFactory(
        city_name="Sydney", state_name="New South Wales", country=australia_country()
    )


@pytest.fixture
def addresses(sydney):
    melbourne = CityFactory(city_name="Melbourne", state_name="Victoria", country=sydney.country)
    AddressFactory(city=melbourne)
    return [AddressFactory(city=sydney, postal_code=str(2000 + n)) for n in range(3)]


def notified_after(kept, write) -> None:
    write()
    arrived()


def ids(response) -> list[int]:
    assert response.status_code == 200
    return [item["id"] for item in response.json()["items"]]


def test_a_kept_state_answers_the_bytes_it_answered_unkept(kept, addresses, anon_client, settings):
    settle(kept)
    settings.REELFAKE_KEPT_ADDRESS_LISTS = 0
    unkept = anon_client.get(NSW)
    settings.REELFAKE_KEPT_ADDRESS_LISTS = 256
    first = anon_client.get(NSW)
    again = anon_client.get(NSW)
    assert unkept.content == first.content == again.content
    assert unkept["ETag"] == first["ETag"] == again["ETag"]
    assert unkept.json()["length"] == 3
    assert ids(unkept) == [a.id for a in addresses]


def test_a_repeated_state_is_answered_without_a_query(kept, addresses, anon_client):
    settle(kept)
    anon_client.get(NSW)
    with CaptureQueriesContext(connection) as queries:
        assert ids(anon_client.get(NSW)) == [a.id for a in addresses]
    assert [q["sql"] for q in queries if "address" in q["sql"]] == []


def test_a_repeated_city_is_answered_without_a_query(kept, addresses, anon_client):
    settle(kept)
    anon_client.get("/api/addresses/city/Sydney")
    with CaptureQueriesContext(connection) as queries:
        assert ids(anon_client.get("/api/addresses/city/Sydney")) == [a.id for a in addresses]
    assert [q["sql"] for q in queries if "address" in q["sql"]] == []


def test_a_kept_answer_keeps_its_bytes_not_its_items(kept, addresses, anon_client):
    settle(kept)
    response = anon_client.get(NSW)
    body, counted = kept.entries[(worlds.current_world().schema, "state", "new south wales")]
    assert (dict(body), body.rendered) == ({}, response.content)
    assert counted == 2 * len(response.content)


def test_a_kept_answer_is_keyed_by_world_route_and_lower_cased_name(kept, addresses, anon_client):
    settle(kept)
    anon_client.get(NSW)
    assert list(kept.entries) == [(worlds.current_world().schema, "state", "new south wales")]


def test_another_case_of_a_kept_name_is_answered_from_the_same_entry(kept, addresses, anon_client):
    settle(kept)
    kept_body = anon_client.get(NSW).content
    with CaptureQueriesContext(connection) as queries:
        assert anon_client.get("/api/addresses/state/nEW%20sOUTH%20wALES").content == kept_body
        assert anon_client.get("/api/addresses/state/NEW SOUTH WALES/").content == kept_body
    assert [q["sql"] for q in queries if "address" in q["sql"]] == []
    assert len(kept.entries) == 1


def test_a_name_that_matches_nothing_is_answered_empty_and_not_kept(kept, addresses, anon_client):
    settle(kept)
    response = anon_client.get("/api/addresses/state/Tasmania")
    assert (response.status_code, response.json()) == (200, {"items": [], "length": 0})
    assert kept.entries == {}


def test_a_list_shorter_than_the_minimum_is_answered_and_not_kept(
    kept, addresses, anon_client, settings
):
    settings.REELFAKE_KEPT_ADDRESS_MIN_ITEMS = len(addresses) + 1
    settle(kept)
    response = anon_client.get(NSW)
    assert (response.status_code, ids(response)) == (200, [a.id for a in addresses])
    assert kept.entries == {}


def test_a_list_as_long_as_the_minimum_is_kept(kept, addresses, anon_client, settings):
    settings.REELFAKE_KEPT_ADDRESS_MIN_ITEMS = len(addresses)
    settle(kept)
    anon_client.get(NSW)
    assert len(kept.entries) == 1


def test_a_new_address_in_the_world_shows_in_the_next_answer(kept, addresses, sydney, anon_client):
    settle(kept)
    anon_client.get(NSW)
    new = []
    notified_after(kept, lambda: new.append(AddressFactory(city=sydney)))  # autocommit
    assert ids(anon_client.get(NSW)) == [a.id for a in addresses] + [new[0].id]


def test_a_changed_address_shows_in_the_next_answer(kept, addresses, anon_client):
    settle(kept)
    anon_client.get(NSW)
    changed = Address.objects.filter(id=addresses[0].id)
    notified_after(kept, lambda: changed.update(address_line="1 New Street"))
    assert anon_client.get(NSW).json()["items"][0]["addressLine"] == "1 New Street"


def test_a_deleted_address_leaves_the_next_answer(kept, addresses, anon_client):
    settle(kept)
    anon_client.get(NSW)
    notified_after(kept, lambda: Address.objects.filter(id=addresses[0].id).delete())
    assert ids(anon_client.get(NSW)) == [a.id for a in addresses[1:]]


def test_a_renamed_city_shows_in_the_next_answer(kept, addresses, sydney, anon_client):
    settle(kept)
    anon_client.get(NSW)
    city = City.objects.filter(id=sydney.id)
    notified_after(kept, lambda: city.update(city_name="Sydney Harbour"))
    names = {item["cityName"] for item in anon_client.get(NSW).json()["items"]}
    assert names == {"Sydney Harbour"}


def test_an_address_write_in_another_world_keeps_this_worlds_answers(kept, addresses, anon_client):
    settle(kept)
    anon_client.get(NSW)
    arrived(kept_addresses.CHANNEL, "sbx_other")  # what address_changed sends from a sandbox
    assert [key[2] for key in kept.entries] == ["new south wales"]


def test_a_world_filled_with_triggers_off_drops_its_answers(kept, addresses, anon_client):
    settle(kept)
    anon_client.get(NSW)
    schema = worlds.current_world().schema
    with connection.cursor() as cursor:  # what worlds.py sends after such a fill
        notified_after(
            kept, lambda: cursor.execute("SELECT pg_notify('reelfake_reference', %s)", [schema])
        )
    assert kept.entries == {}


def test_an_answer_read_inside_a_transaction_is_not_kept(kept, addresses, sydney, anon_client):
    settle(kept)
    with transaction.atomic():
        added = AddressFactory(city=sydney)
        assert ids(anon_client.get(NSW))[-1] == added.id
        transaction.set_rollback(True)
    assert kept.entries == {}
    assert ids(anon_client.get(NSW)) == [a.id for a in addresses]


def test_a_transaction_that_wrote_is_not_answered_from_memory(kept, addresses, sydney, anon_client):
    settle(kept)
    anon_client.get(NSW)
    with transaction.atomic():
        added = AddressFactory(city=sydney)
        assert ids(anon_client.get(NSW))[-1] == added.id
        transaction.set_rollback(True)


def test_an_answer_read_while_a_notification_arrives_is_not_kept(kept, addresses):
    settle(kept)

    def read_then_notified():
        items = list(Address.objects.values_list("id", flat=True))
        kept.forget_world("sbx_other")  # as the listener thread does on another commit
        return items

    kept_addresses.address_items_body("state", "new south wales", read_then_notified)
    assert kept.entries == {}


def test_at_most_the_setting_keeps_answers_least_recently_used_out(
    kept, addresses, anon_client, settings
):
    settle(kept)
    settings.REELFAKE_KEPT_ADDRESS_LISTS = 2
    anon_client.get("/api/addresses/state/New South Wales")
    anon_client.get("/api/addresses/state/Victoria")
    anon_client.get("/api/addresses/state/New South Wales")  # used again: the newest
    anon_client.get("/api/addresses/city/Sydney")
    assert [key[1:] for key in kept.entries] == [
        ("state", "new south wales"),
        ("city", "sydney"),
    ]


def test_at_most_the_byte_budget_is_kept_least_recently_used_out(
    kept, addresses, anon_client, settings
):
    settle(kept)
    one = kept_addresses.entry_bytes(anon_client.get("/api/addresses/city/Sydney").content)
    kept_addresses.stop_listening()
    settings.REELFAKE_KEPT_ADDRESS_BYTES = 2 * one  # two Sydney-sized answers
    kept_addresses._active()
    wait_for(lambda: kept.ready)
    anon_client.get("/api/addresses/city/Sydney")
    anon_client.get(NSW)  # the same three addresses: as large
    melbourne = kept_addresses.entry_bytes(anon_client.get("/api/addresses/city/Melbourne").content)
    assert [key[1:] for key in kept.entries] == [
        ("state", "new south wales"),
        ("city", "melbourne"),
    ]
    assert kept.size == one + melbourne


def test_an_answer_larger_than_the_byte_budget_is_answered_not_kept(
    kept, addresses, anon_client, settings
):
    settle(kept)
    settings.REELFAKE_KEPT_ADDRESS_BYTES = 10
    assert ids(anon_client.get(NSW)) == [a.id for a in addresses]
    assert (kept.entries, kept.size) == ({}, 0)


def test_an_indented_answer_of_a_kept_list_is_indented(kept, addresses, anon_client):
    settle(kept)
    compact = anon_client.get(NSW)
    indented = anon_client.get(NSW, HTTP_ACCEPT="application/json; indent=2")
    assert indented.content.startswith(b'{\n  "items"')
    assert indented.json() == compact.json()


def test_nothing_is_kept_while_the_setting_is_zero(settings, addresses, anon_client):
    settings.REELFAKE_KEPT_ADDRESS_LISTS = 0
    assert len(ids(anon_client.get(NSW))) == 3
    assert not kept_addresses._kept.ready
    assert kept_addresses._kept.entries == {}


def test_a_kept_answer_answers_its_etag_with_304(kept, addresses, anon_client):
    settle(kept)
    etag = anon_client.get(NSW)["ETag"]
    response = anon_client.get(NSW, HTTP_IF_NONE_MATCH=etag)
    assert (response.status_code, response.content) == (304, b"")


def test_a_kept_answer_sends_the_same_gzip_bytes_again(kept, addresses, anon_client):
    settle(kept)
    for n in range(40):  # a body long enough to be compressed
        AddressFactory(city=addresses[0].city, address_line=f"{n} Long Street")
    settle(kept)
    first = anon_client.get(NSW, HTTP_ACCEPT_ENCODING="gzip")
    again = anon_client.get(NSW, HTTP_ACCEPT_ENCODING="gzip")
    assert first["Content-Encoding"] == again["Content-Encoding"] == "gzip"
    assert first.content == again.content
    assert kept.entries[(worlds.current_world().schema, "state", "new south wales")][0].gzipped
