"""rentals.forms.DashboardQueryForm: the admin home's `?day=` and `?store=`. A refused value
is left out of cleaned_data (the dashboard then shows today, or all stores)."""

import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from rentals.forms import DashboardQueryForm

STORES = [SimpleNamespace(id=1), SimpleNamespace(id=2)]


def cleaned(**query):
    form = DashboardQueryForm(query, stores=STORES)
    form.is_valid()
    return form.cleaned_data


def test_an_empty_query_reads_no_day_and_no_store():
    assert cleaned() == {"day": None, "store": None}


@pytest.mark.parametrize("raw", ["2024-03-15", "2024-3-15", "20240315"])
def test_a_day_is_read_as_parse_date_reads_it(raw):
    assert cleaned(day=raw)["day"] == datetime.date(2024, 3, 15)


@pytest.mark.parametrize("raw", ["2024-02-30", "15/03/2024", "yesterday", "2024-03-15T00:00"])
def test_a_day_that_is_not_a_date_is_refused(raw):
    form = DashboardQueryForm({"day": raw}, stores=STORES)
    assert not form.is_valid()
    assert form.errors == {"day": ["Enter a valid date."]}


def test_a_day_after_today_is_refused():
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    form = DashboardQueryForm({"day": tomorrow.isoformat()}, stores=STORES)
    assert not form.is_valid()
    assert form.errors == {"day": ["The dashboard cannot show a day after today."]}


def test_today_is_read():
    assert cleaned(day=timezone.localdate().isoformat())["day"] == timezone.localdate()


@pytest.mark.parametrize("raw", ["2", "02"])
def test_a_listed_store_id_is_read(raw):
    assert cleaned(store=raw)["store"] == 2


def test_a_store_not_listed_is_refused():
    form = DashboardQueryForm({"store": "3"}, stores=STORES)
    assert not form.is_valid()
    assert form.errors == {"store": ["No such store."]}


@pytest.mark.parametrize("raw", ["x", "-1", " 2", "2.0", "٢"])
def test_a_store_that_is_not_ascii_digits_is_refused(raw):
    form = DashboardQueryForm({"store": raw}, stores=STORES)
    assert not form.is_valid()
    assert form.errors == {"store": ["Enter a whole number."]}
