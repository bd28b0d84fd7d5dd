"""RowShape's converters give what the DRF fields' to_representation gives
(reelfake/rows.py _converter)."""

import datetime
import decimal

import pytest
from rest_framework import serializers

from reelfake.rows import _converter

DATES = [datetime.date(2020, 5, 17), datetime.date(1, 1, 1), "2020-05-17", ""]
DECIMALS = [
    decimal.Decimal("4.99"),
    decimal.Decimal("0.995"),
    decimal.Decimal("4.985"),
    decimal.Decimal("0"),
    decimal.Decimal("-1.5"),
    decimal.Decimal("1E+1"),
    4.99,
    " 3.1 ",
    7,
]
NAME_LISTS = [[], ["Drama", "Action"], ["Drama", None], [1, "x"]]


def same(field, value):
    fast = _converter(field)
    assert fast is not field.to_representation
    assert fast(value) == field.to_representation(value)
    assert type(fast(value)) is type(field.to_representation(value))


@pytest.mark.parametrize("value", DATES)
def test_a_date_converts_as_drf_converts_it(value):
    same(serializers.DateField(), value)


@pytest.mark.parametrize("value", DECIMALS)
def test_a_decimal_converts_as_drf_converts_it(value):
    same(serializers.DecimalField(max_digits=4, decimal_places=2), value)


@pytest.mark.parametrize("value", DECIMALS)
def test_a_decimal_rounded_down_converts_as_drf_converts_it(value):
    same(
        serializers.DecimalField(max_digits=6, decimal_places=1, rounding=decimal.ROUND_DOWN),
        value,
    )


@pytest.mark.parametrize("value", NAME_LISTS)
def test_a_list_of_names_converts_as_drf_converts_it(value):
    same(serializers.ListField(child=serializers.CharField()), value)


def test_a_datetime_in_a_date_field_is_refused_as_drf_refuses_it():
    with pytest.raises(AssertionError):
        _converter(serializers.DateField())(datetime.datetime(2020, 5, 17, 12, 0))


def test_other_configurations_keep_drfs_own_method():
    field = serializers.DecimalField(max_digits=4, decimal_places=2, coerce_to_string=False)
    assert _converter(field) == field.to_representation
