"""The request inspector's query parameters: a django-filter FilterSet
(docs/toolkit.md "Request inspector").

Each filter reads its parameter through a DRF serializer field, so a value is read and
refused as a body field would be (numbers in ASCII digits, the same messages); the errors
reach the caller as django-filter's 400, {"message", "extra": {parameter: [messages]}}.
"""

from __future__ import annotations

from django import forms
from django.forms.utils import ErrorDict
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.fields import SkipField, empty

from reelfake.fields import AsciiIntegerField
from toolkit.models import RequestRecord
from toolkit.selectors import RECORDS_KEPT

MSG_GIVE_ONCE = "Give this filter once."
PATH_MAX_LENGTH = 2000


class SerializerValueField(forms.Field):
    """A form field that parses with a DRF serializer field. An empty value counts as an
    absent one (DRF reads an optional field of a form so): None, or the field's default."""

    def __init__(self, *, parser: serializers.Field, **kwargs):
        super().__init__(**kwargs)
        self.parser = parser

    def clean(self, value):
        try:
            return self.parser.run_validation(empty if value in (None, "") else value)
        except SkipField:
            return None
        except serializers.ValidationError as error:
            raise forms.ValidationError(error.detail) from None


class SerializerFieldFilter(filters.Filter):
    """A filter whose value `parser` (a DRF serializer field) reads; the OpenAPI document
    describes the parameter as that field, or as `schema` where the field's own description
    lacks a rule (drf-spectacular adds a CharField's maxLength only inside a serializer)."""

    field_class = SerializerValueField

    def __init__(self, *, parser: serializers.Field, schema: dict | None = None, **kwargs):
        super().__init__(parser=parser, **kwargs)
        extend_schema_field(schema or parser)(self)


class SingleValueForm(forms.Form):
    """Each filter given at most once: repeated ones answer alone, before any value is read."""

    def full_clean(self):
        repeated = [name for name in self.fields if len(self.data.getlist(name)) > 1]
        if not repeated:
            super().full_clean()
            return
        self.cleaned_data = {}
        self._errors = ErrorDict(
            {name: self.error_class([MSG_GIVE_ONCE], renderer=self.renderer) for name in repeated}
        )


class RequestRecordFilter(filters.FilterSet):
    """GET /api/_inspector/requests: `status`, `path` (a prefix), `since`, then `limit` (the
    newest records, at most RECORDS_KEPT), in this order."""

    status = SerializerFieldFilter(
        parser=AsciiIntegerField(required=False, min_value=100, max_value=599)
    )
    path = SerializerFieldFilter(
        parser=serializers.CharField(required=False, max_length=PATH_MAX_LENGTH),
        schema={"type": "string", "minLength": 1, "maxLength": PATH_MAX_LENGTH},
        lookup_expr="startswith",
    )
    since = SerializerFieldFilter(
        field_name="at", parser=serializers.DateTimeField(required=False), lookup_expr="gt"
    )
    limit = SerializerFieldFilter(
        parser=AsciiIntegerField(required=False, min_value=1, max_value=500, default=100),
        method="filter_limit",
    )

    class Meta:
        model = RequestRecord
        fields = []
        form = SingleValueForm

    def filter_limit(self, queryset, name, value):
        return queryset[: min(value, RECORDS_KEPT)]
