"""Form plumbing shared by the apps' admin forms."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from reelfake.ids import is_ascii_number_text

# Fields that turn text into numbers (model choices: row ids) with int(), float() or
# Decimal(), which read "٣" as 3. ModelMultipleChoiceField is a ModelChoiceField.
NUMBER_FIELDS = (forms.IntegerField, forms.FloatField, forms.DecimalField, forms.ModelChoiceField)


def _ascii_numbers_only(field: forms.Field):
    """`field.clean`, refusing number text that is not ASCII (docs/security.md "Numbers")
    with the field's own message for a value it cannot read."""
    key = "invalid_choice" if isinstance(field, forms.ModelChoiceField) else "invalid"
    clean = field.clean

    def checked(value):
        for item in value if isinstance(value, list | tuple) else [value]:
            if isinstance(item, str) and not is_ascii_number_text(item.strip()):
                raise ValidationError(field.error_messages[key], code=key, params={"value": item})
        return clean(value)

    return checked


class AsciiNumbersFormMixin:
    """Numbers and row ids typed into a form are ASCII digits, as everywhere in the API."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, NUMBER_FIELDS):
                field.clean = _ascii_numbers_only(field)


class AsciiNumbersModelForm(AsciiNumbersFormMixin, forms.ModelForm):
    pass
