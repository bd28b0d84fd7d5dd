"""Forms of the rentals app's admin pages."""

from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext_lazy as _

from reelfake.ids import int_from_text


class DayField(forms.Field):
    """A day as django.utils.dateparse.parse_date reads it (ISO 8601: 2024-03-15, 20240315,
    and 2024-3-5), what the page's <input type="date"> sends."""

    default_error_messages = {"invalid": _("Enter a valid date.")}

    def to_python(self, value) -> datetime.date | None:
        if value in self.empty_values:
            return None
        try:
            day = parse_date(value)
        except ValueError:  # well formed, no such day (2024-02-30)
            day = None
        if day is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return day


class RowIdField(forms.Field):
    """A row id in ASCII digits, as reelfake.ids.int_from_text reads it."""

    default_error_messages = {"invalid": _("Enter a whole number.")}

    def to_python(self, value) -> int | None:
        if value in self.empty_values:
            return None
        row_id = int_from_text(value)
        if row_id is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return row_id


class DashboardQueryForm(forms.Form):
    """The admin home's query (rentals/dashboard.py): `day`, a day up to today, and `store`,
    the id of one of `stores` (the picker a superuser gets). The page always opens: a value
    the form refuses is left out of cleaned_data and the dashboard uses its default (today,
    all stores) instead, as for a bookmark of a store since deleted."""

    day = DayField(required=False)
    store = RowIdField(required=False)

    def __init__(self, data, *, stores, **kwargs):
        super().__init__(data, **kwargs)
        self.store_ids = {store.id for store in stores}

    def clean_day(self) -> datetime.date | None:
        day = self.cleaned_data["day"]
        if day is not None and day > timezone.localdate():
            raise ValidationError("The dashboard cannot show a day after today.", code="future")
        return day

    def clean_store(self) -> int | None:
        store_id = self.cleaned_data["store"]
        if store_id is not None and store_id not in self.store_ids:
            raise ValidationError("No such store.", code="invalid_choice")
        return store_id
