"""accounts.identity.current_user: the user behind a token, in one query per request."""

import pytest

from accounts.identity import current_user
from people.models import Customer

pytestmark = pytest.mark.django_db


def test_customer_is_read_in_one_query(customer, django_assert_num_queries):
    # Prepared once per connection (accounts/identity.py): the first check also prepares it.
    current_user(user_id=customer.id, email=customer.email, role="CUSTOMER", session_version=0)
    with django_assert_num_queries(1):
        user = current_user(
            user_id=customer.id, email=customer.email, role="CUSTOMER", session_version=0
        )
    assert (user.id, user.email, user.role, user.store_id) == (
        customer.id,
        customer.email,
        "CUSTOMER",
        customer.preferred_store_id,
    )


def test_manager_role_and_store_are_read_in_one_query(store_manager, django_assert_num_queries):
    # The staff row's query is prepared once per connection (accounts/identity.py): the
    # first check on a connection also sends the PREPARE.
    current_user(
        user_id=store_manager.id, email=store_manager.email, role="STAFF", session_version=0
    )
    with django_assert_num_queries(1):
        user = current_user(
            user_id=store_manager.id, email=store_manager.email, role="STAFF", session_version=0
        )
    assert (user.role, user.store_id) == ("STORE_MANAGER", store_manager.store_id)


def test_staff_without_a_store_is_staff(staff_member):
    staff_member.store = None
    staff_member.save()
    user = current_user(
        user_id=staff_member.id, email=staff_member.email, role="STAFF", session_version=0
    )
    assert (user.role, user.store_id) == ("STAFF", None)


def test_email_matches_case_insensitively(customer):
    user = current_user(
        user_id=customer.id, email=customer.email.upper(), role="CUSTOMER", session_version=0
    )
    assert user is not None and user.email == customer.email


def test_record_is_the_row_read_on_first_use(customer, django_assert_num_queries):
    user = current_user(
        user_id=customer.id, email=customer.email, role="CUSTOMER", session_version=0
    )
    with django_assert_num_queries(1):
        record = user.record
        assert user.record is record
    assert isinstance(record, Customer) and record.id == customer.id


def test_unknown_role_is_nobody(customer):
    assert (
        current_user(user_id=customer.id, email=customer.email, role="ADMIN", session_version=0)
        is None
    )


def test_token_of_an_older_session_generation_is_nobody(customer):
    Customer.objects.filter(id=customer.id).update(session_version=1)
    user = current_user(
        user_id=customer.id, email=customer.email, role="CUSTOMER", session_version=0
    )
    assert user is None
