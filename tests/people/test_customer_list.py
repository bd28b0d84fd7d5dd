"""GET /api/customers and GET /api/customers/summary (P16–P20)."""

import datetime

import pytest

from people.models import Customer
from tests.factories import AddressFactory, CityFactory, CustomerFactory, StoreFactory
from tests.people.conftest import UNAUTHENTICATED, error

pytestmark = pytest.mark.django_db

LIST = "/api/customers"
SUMMARY = "/api/customers/summary"
MSG_EMAIL = "Customer email must be alpha numeric and only example.com domain is allowed"
MSG_ACTIVE = "Customer active flag must be boolean (true or false)"
MSG_DATE_FORMAT = "Registered on date must be in format YYYY-MM-DD"


def ids(response):
    return [item["id"] for item in response.json()["items"]]


def test_list_item_shape(staff_client, melbourne):
    store = StoreFactory()
    customer = CustomerFactory(
        first_name="Cust51",
        last_name="Last51",
        email="cust51@example.com",
        phone_number="0500000051",
        preferred_store=store,
        address=AddressFactory(
            address_line="2 Cust Lane", city=melbourne, postal_code="3000", in_use_by="customer"
        ),
    )
    response = staff_client.get(LIST)
    assert response.status_code == 200
    assert response.json()["items"] == [
        {
            "id": customer.id,
            "firstName": "Cust51",
            "lastName": "Last51",
            "email": "cust51@example.com",
            "active": True,
            "phoneNumber": "0500000051",
            "preferredStoreId": store.id,
            "avatar": None,
            "registeredOn": "2024-01-02",
            "address": {
                "id": customer.address_id,
                "addressLine": "2 Cust Lane",
                "cityName": "Melbourne",
                "stateName": "Victoria",
                "country": "Australia",
                "postalCode": "3000",
            },
        }
    ]


def test_customer_without_address_has_null_address(staff_client):
    CustomerFactory(address=None)
    assert staff_client.get(LIST).json()["items"][0]["address"] is None


def test_list_pages_by_fifty_in_id_order(staff_client):
    created = CustomerFactory.create_batch(51)
    first = staff_client.get(LIST).json()
    assert first["length"] == 50
    assert [item["id"] for item in first["items"]] == [c.id for c in created[:50]]
    assert first["pagination"] == {
        "pageNumber": 1,
        "totalPages": 2,
        "totalItems": 51,
        "itemsPerPage": 50,
        "next": "?page=2",
        "prev": None,
        "first": "?page=first",
        "last": "?page=last",
    }
    last = staff_client.get(LIST, {"page": "last"}).json()
    assert [item["id"] for item in last["items"]] == [created[50].id]


def test_no_match_is_404(staff_client):
    CustomerFactory(first_name="Ann")
    response = staff_client.get(LIST, {"first_name": "Bob"})
    assert response.status_code == 404
    assert response.json() == error("No data found with the given query")


def test_page_past_the_end_is_404(staff_client):
    CustomerFactory()
    response = staff_client.get(LIST, {"page": "2"})
    assert response.status_code == 404
    assert response.json() == error("Page out of range")


@pytest.mark.parametrize("page", ["0", "-1", "abc", "1.5", ""])
def test_invalid_page_is_400(staff_client, page):
    response = staff_client.get(LIST, {"page": page})
    assert response.status_code == 400
    assert response.json() == error("Invalid page number")


def test_query_is_validated_before_authentication(anon_client):
    response = anon_client.get(LIST, {"active": "maybe"})
    assert response.status_code == 400
    assert response.json() == error(MSG_ACTIVE)


def test_valid_query_without_cookie_is_401(anon_client):
    response = anon_client.get(LIST, {"active": "true"})
    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED


def test_page_is_checked_before_email(anon_client):
    response = anon_client.get(LIST, {"page": "0", "email": "bad"})
    assert response.status_code == 400
    assert response.json() == error("Invalid page number")


def test_email_is_checked_before_active(anon_client):
    response = anon_client.get(LIST, {"email": "bad", "active": "maybe"})
    assert response.status_code == 400
    assert response.json() == error(MSG_EMAIL)


def test_active_is_checked_before_registered_on(anon_client):
    response = anon_client.get(LIST, {"active": "maybe", "registered_on": "x"})
    assert response.status_code == 400
    assert response.json() == error(MSG_ACTIVE)


@pytest.mark.parametrize(
    "email", ["bad", "abc@example.com", "abcde@other.com", "a.bcde@example.com"]
)
def test_exact_email_outside_the_rule_is_400(staff_client, email):
    response = staff_client.get(LIST, {"email": email})
    assert response.status_code == 400
    assert response.json() == error(MSG_EMAIL)


def test_exact_email_filters_case_insensitively(staff_client):
    customer = CustomerFactory(email="annlee1@example.com")
    CustomerFactory()
    response = staff_client.get(LIST, {"email": "AnnLee1@example.com"})
    assert response.status_code == 200
    assert ids(response) == [customer.id]


def test_email_pattern_skips_the_rule(staff_client):
    customer = CustomerFactory(email="ann.lee@other.org")
    CustomerFactory()
    response = staff_client.get(LIST, {"email": "%other.org"})
    assert ids(response) == [customer.id]


@pytest.mark.parametrize("value", ["true", "yes", "1", "TRUE", "Yes"])
def test_active_true_values_keep_active_customers(staff_client, value):
    active = CustomerFactory(active=True)
    CustomerFactory(active=False)
    assert ids(staff_client.get(LIST, {"active": value})) == [active.id]


@pytest.mark.parametrize("value", ["false", "no", "0", "FALSE"])
def test_active_false_values_keep_inactive_customers(staff_client, value):
    CustomerFactory(active=True)
    inactive = CustomerFactory(active=False)
    assert ids(staff_client.get(LIST, {"active": value})) == [inactive.id]


@pytest.mark.parametrize("value", ["maybe", "2", "on", "t"])
def test_other_active_values_are_400(staff_client, value):
    response = staff_client.get(LIST, {"active": value})
    assert response.status_code == 400
    assert response.json() == error(MSG_ACTIVE)


def test_first_name_pattern_contains(staff_client):
    christina = CustomerFactory(first_name="Christina")
    CustomerFactory(first_name="Bob")
    assert ids(staff_client.get(LIST, {"first_name": "%RIST%"})) == [christina.id]


def test_first_name_without_wildcard_is_case_insensitive_equality(staff_client):
    christina = CustomerFactory(first_name="Christina")
    CustomerFactory(first_name="Christinas")
    assert ids(staff_client.get(LIST, {"first_name": "christina"})) == [christina.id]


def test_a_trailing_backslash_in_a_pattern_is_literal(staff_client):
    backslash = CustomerFactory(first_name="Back\\")
    CustomerFactory(first_name="Back")
    assert ids(staff_client.get(LIST, {"first_name": "back\\"})) == [backslash.id]


def test_a_city_pattern_ending_in_a_backslash_is_404_no_data(staff_client, melbourne):
    _in_city(melbourne)
    response = staff_client.get(LIST, {"city": "%\\"})
    assert response.status_code == 404
    assert response.json() == error("No data found with the given query")


def test_last_name_and_phone_number_filters_combine(staff_client):
    match = CustomerFactory(last_name="Lee", phone_number="0499000001")
    CustomerFactory(last_name="Lee", phone_number="0411000001")
    CustomerFactory(last_name="Kim", phone_number="0499000002")
    response = staff_client.get(LIST, {"last_name": "lee", "phone_number": "0499%"})
    assert ids(response) == [match.id]


def _in_city(city, **address):
    return CustomerFactory(address=AddressFactory(city=city, in_use_by="customer", **address))


def test_city_filter_filters_the_items(staff_client, melbourne, sydney):
    in_melbourne = _in_city(melbourne)
    _in_city(sydney)
    CustomerFactory(address=None)
    response = staff_client.get(LIST, {"city": "melbourne"})
    body = response.json()
    assert ids(response) == [in_melbourne.id]
    assert body["pagination"]["totalItems"] == 1


def test_state_filter(staff_client, melbourne, sydney):
    _in_city(melbourne)
    in_nsw = _in_city(sydney)
    assert ids(staff_client.get(LIST, {"state": "%south%"})) == [in_nsw.id]


def test_country_filter(staff_client, melbourne):
    local = _in_city(melbourne)
    _in_city(CityFactory())
    CustomerFactory(address=None)
    assert ids(staff_client.get(LIST, {"country": "australia"})) == [local.id]


def test_address_line_and_postal_code_filters(staff_client, melbourne):
    match = _in_city(melbourne, address_line="2 Cust Lane", postal_code="3001")
    _in_city(melbourne, address_line="2 Cust Lane", postal_code="3002")
    _in_city(melbourne, address_line="9 Other Road", postal_code="3001")
    response = staff_client.get(LIST, {"address_line": "%cust lane", "postal_code": "3001"})
    assert ids(response) == [match.id]


def test_registered_on_single_day(staff_client):
    day = CustomerFactory(registered_on=datetime.date(2024, 3, 1))
    CustomerFactory(registered_on=datetime.date(2024, 3, 2))
    assert ids(staff_client.get(LIST, {"registered_on": "2024-03-01"})) == [day.id]


def test_registered_on_range_is_inclusive(staff_client):
    days = [CustomerFactory(registered_on=datetime.date(2024, 3, d)) for d in (1, 2, 3, 4)]
    response = staff_client.get(LIST, {"registered_on": "2024-03-02,2024-03-03"})
    assert ids(response) == [days[1].id, days[2].id]


def test_registered_on_open_ranges(staff_client):
    early = CustomerFactory(registered_on=datetime.date(2024, 1, 1))
    late = CustomerFactory(registered_on=datetime.date(2024, 6, 1))
    assert ids(staff_client.get(LIST, {"registered_on": "2024-03-01,"})) == [late.id]
    assert ids(staff_client.get(LIST, {"registered_on": ",2024-03-01"})) == [early.id]


def test_registered_on_with_three_parts_is_400(staff_client):
    response = staff_client.get(LIST, {"registered_on": "2024-01-01,2024-01-02,2024-01-03"})
    assert response.status_code == 400
    assert response.json() == error("Invalid registered on date")


@pytest.mark.parametrize(
    "value", ["2024-13-01", "2024-01-32", "2024-02-30", "01-01-2024", "yesterday", ","]
)
def test_registered_on_bad_date_is_400(staff_client, value):
    response = staff_client.get(LIST, {"registered_on": value})
    assert response.status_code == 400
    assert response.json() == error(MSG_DATE_FORMAT)


def test_links_carry_the_filters_when_one_is_active(staff_client):
    CustomerFactory.create_batch(51, first_name="Ann")
    body = staff_client.get(LIST + "?first_name=%ann%&page=1&delay=0").json()
    assert body["pagination"]["next"] == "?page=2&first_name=%ann%&delay=0"
    assert body["pagination"]["last"] == "?page=last&first_name=%ann%&delay=0"


def test_links_stay_bare_without_a_filter(staff_client):
    CustomerFactory.create_batch(51)
    body = staff_client.get(LIST + "?delay=0").json()
    assert body["pagination"]["next"] == "?page=2"


def test_summary_item_shape(anon_client):
    customer = CustomerFactory(first_name="Ann", last_name="Lee", email="annlee1@example.com")
    response = anon_client.get(SUMMARY)
    assert response.status_code == 200
    assert response.json()["items"] == [
        {
            "id": customer.id,
            "firstName": "Ann",
            "lastName": "Lee",
            "email": "annlee1@example.com",
            "active": True,
        }
    ]


@pytest.mark.parametrize("page", ["0", "abc", "-2"])
def test_summary_validates_the_page(anon_client, page):
    response = anon_client.get(SUMMARY, {"page": page})
    assert response.status_code == 400
    assert response.json() == error("Invalid page number")


def test_summary_validates_email_and_active(anon_client):
    response = anon_client.get(SUMMARY, {"email": "bad"})
    assert (response.status_code, response.json()) == (400, error(MSG_EMAIL))
    response = anon_client.get(SUMMARY, {"active": "maybe"})
    assert (response.status_code, response.json()) == (400, error(MSG_ACTIVE))


def test_summary_last_page_is_the_real_last_page(anon_client):
    created = CustomerFactory.create_batch(100)
    body = anon_client.get(SUMMARY, {"page": "last"}).json()
    assert [item["id"] for item in body["items"]] == [c.id for c in created[50:]]
    assert body["pagination"]["pageNumber"] == 2
    assert body["pagination"]["next"] is None
    assert body["pagination"]["prev"] == "?page=1"


def test_summary_filters_the_items_by_city(anon_client, melbourne, sydney):
    in_sydney = _in_city(sydney)
    _in_city(melbourne)
    response = anon_client.get(SUMMARY, {"city": "SYDNEY"})
    assert ids(response) == [in_sydney.id]


def test_summary_with_a_token_answers_the_same(customer_client):
    response = customer_client.get(SUMMARY)
    assert response.status_code == 200
    assert response.json()["length"] == Customer.objects.count()
