"""rentals.serializers.TimestampField: the contract's timestamps (toISOString's format)."""

import datetime

import pytest

from rentals.serializers import TimestampField

PLUS_TEN = datetime.timezone(datetime.timedelta(hours=10))


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (datetime.datetime(2024, 1, 6, 10, 0, tzinfo=datetime.UTC), "2024-01-06T10:00:00.000Z"),
        (
            datetime.datetime(2024, 1, 1, 5, 30, 59, 999999, tzinfo=PLUS_TEN),
            "2023-12-31T19:30:59.999Z",
        ),
        (
            datetime.datetime(2024, 2, 29, 23, 59, 59, 1000, tzinfo=datetime.UTC),
            "2024-02-29T23:59:59.001Z",
        ),
        (
            datetime.datetime(999, 3, 4, 1, 2, 3, 4999, tzinfo=datetime.UTC),
            "999-03-04T01:02:03.004Z",
        ),
        (None, None),
    ],
)
def test_sends_utc_with_milliseconds_truncated_and_a_z(value, text):
    assert TimestampField().to_representation(value) == text
