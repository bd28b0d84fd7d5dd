"""reelfake/ids.py: integers from request text and JSON."""

import pytest

from reelfake.exceptions import ApplicationError
from reelfake.ids import int_from_json, int_from_text, integer_id, positive_id

HUGE = "9" * 5000  # more digits than int() converts by default


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("42", 42),
        ("0", 0),
        ("007", 7),
        ("-1", None),
        ("+1", None),
        (" 1", None),
        ("1\n", None),
        ("1.0", None),
        ("²", None),
        ("", None),
        (None, None),
        (HUGE, None),
    ],
)
def test_int_from_text_takes_ascii_digits_only(raw, expected):
    assert int_from_text(raw) == expected


@pytest.mark.parametrize("raw, expected", [("-12", -12), ("12", 12), ("--1", None), ("-", None)])
def test_int_from_text_signed_takes_one_leading_minus(raw, expected):
    assert int_from_text(raw, signed=True) == expected


@pytest.mark.parametrize(
    "value, expected",
    [
        (3, 3),
        (3.0, 3),
        (3.5, None),
        (True, None),
        (" -2 ", -2),
        ("2.0", None),
        ([1], None),
        (None, None),
        ("1" + HUGE, None),
    ],
)
def test_int_from_json(value, expected):
    assert int_from_json(value) == expected


@pytest.mark.parametrize("raw", ["0", "-3", "abc", HUGE])
def test_positive_id_refuses_with_the_routes_message(raw):
    with pytest.raises(ApplicationError) as error:
        positive_id(raw, "Invalid movie id")
    assert error.value.status == 400
    assert error.value.message == "Invalid movie id"


def test_integer_id_lets_zero_and_negatives_through_to_the_lookup():
    assert integer_id("-3", "Invalid id") == -3
    assert integer_id("0", "Invalid id") == 0
    with pytest.raises(ApplicationError):
        integer_id("1e3", "Invalid id")
