"""Reading request bodies the way the contract does: DRF input serializers.

The contract answers one message per bad body, the first in its order of checks, and that
order runs across fields (docs/people.md "Request bodies"): an address before the names, a
missing required value before a malformed email, two ways of naming a manager before
anything else. A BodySerializer therefore validates step by step, in `check_order`, and
stops at the first failure; validated_body() turns that failure into the contract's 400.
The fields read values as the contract does (reelfake/validators.py: empty or falsy values
are "not sent" and become None, wrong types and oversized values answer the contract's
message), so a service receives typed, checked values and checks only what needs the
database."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from rest_framework import serializers
from rest_framework.serializers import as_serializer_error
from rest_framework.settings import api_settings

from reelfake.emails import MSG_INVALID_EMAIL, is_email
from reelfake.exceptions import ApplicationError
from reelfake.ids import int_from_json
from reelfake.validators import (
    INT_MAX,
    id_field,
    is_sent,
    reject_nul,
    text_field,
)


def json_object(request) -> dict:
    """The request body when it is a JSON object, else {} (the route's own validation then
    answers with its message, as for a body in another content type)."""
    data = request.data
    return data if isinstance(data, dict) else {}


def checked(step: Callable, *args, **kwargs):
    """step(*args, **kwargs), a contract check: its 400 becomes a ValidationError."""
    try:
        return step(*args, **kwargs)
    except ApplicationError as exc:
        if exc.status != 400:
            raise
        raise serializers.ValidationError(exc.message) from None


# Fields whose to_internal_value(value) reads a body value as the contract does; `value` is
# None when the key is absent. Their DRF base class and arguments describe the body in the
# OpenAPI schema. (Comments, not docstrings: drf-spectacular copies a field's docstring.)


class TextBodyField(serializers.CharField):
    # A string: not sent → None; a wrong type → "<name> must be a string"; longer than
    # max_length → "<name> must be at most <n> characters long". With `numbers`, a JSON
    # integer is read as its digits (phone numbers).
    def __init__(self, name: str, *, max_length: int, numbers: bool = False, **kwargs):
        self.contract_name = name
        self.numbers = numbers
        super().__init__(max_length=max_length, **kwargs)

    def to_internal_value(self, data):
        return checked(text_field, data, self.contract_name, self.max_length, numbers=self.numbers)


class EmailBodyField(TextBodyField):
    # An email: read as TextBodyField, then it must look like name@example.com.
    def __init__(self, **kwargs):
        super().__init__("Email", max_length=100, **kwargs)

    def to_internal_value(self, data):
        email = super().to_internal_value(data)
        if email is not None and not is_email(email):
            raise serializers.ValidationError(MSG_INVALID_EMAIL)
        return email


class MessageField:
    # A body field that answers one message of the contract's for any bad value.
    def __init__(self, message: str, **kwargs):
        self.message = message
        super().__init__(**kwargs)


class IdBodyField(MessageField, serializers.IntegerField):
    # An id: not sent → None; an integer (or a string of digits) > 0, else `message`.

    def to_internal_value(self, data):
        return checked(id_field, data, self.message)


class WholeNumberBodyField(MessageField, serializers.IntegerField):
    # A whole number sent as a JSON number (2 or 2.0) or a digit string: None when absent
    # (null included); anything else that is no whole number → `message`. With min_value /
    # max_value, a number outside them → `message` too.

    def to_internal_value(self, data):
        if data is None:
            return None
        number = int_from_json(data)
        if number is None:
            raise serializers.ValidationError(self.message)
        if self.min_value is not None and number < self.min_value:
            raise serializers.ValidationError(self.message)
        if self.max_value is not None and number > self.max_value:
            raise serializers.ValidationError(self.message)
        return number


class FlagBodyField(MessageField, serializers.BooleanField):
    # A JSON boolean: None when absent (null included); any other value → `message`.

    def to_internal_value(self, data):
        if data is None:
            return None
        if not isinstance(data, bool):
            raise serializers.ValidationError(self.message)
        return data


class RowIdBodyField(serializers.IntegerField):
    # An id the service looks up, answering 404 for an unknown one with the id as it was
    # sent: not sent → None; an integer (or digit string) 1..INT_MAX → that int; any other
    # sent value → its text (no row has it: the service's 404 names it).
    def to_internal_value(self, data):
        if not is_sent(data):
            return None
        number = int_from_json(data)
        if number is not None and 0 < number <= INT_MAX:
            return number
        return str(data)


# An input serializer for the contract's write bodies. Its fields document the body (OpenAPI)
# and whitelist it: only declared fields are read, each under its `source` name (the
# service's keyword). `check_order` lists the steps in the contract's order: field names,
# and names of this serializer's methods `check_*(attrs, data)` that check across fields
# (`attrs`: the values read so far, by keyword; `data`: the body as sent). Declared fields
# it leaves out are read after it, in declared order. The first failing step is the only
# error. (A comment, not a docstring: drf-spectacular would copy a docstring into every
# body's schema.)
class BodySerializer(serializers.Serializer):
    check_order: tuple[str, ...] = ()
    # Keys read for a check only, left out of the documentation: {wire name: keyword}.
    undocumented: dict[str, str] = {}
    # Whether a text value holding NUL anywhere in the (whitelisted) body is the first 400.
    nul_checked = False

    def to_internal_value(self, data):
        data = data if isinstance(data, Mapping) else {}
        if self.nul_checked:
            checked(reject_nul, self.pick(data))
        fields = self.fields
        steps = [*self.check_order, *(name for name in fields if name not in self.check_order)]
        attrs = {}
        for step in steps:
            field = fields.get(step)
            if field is None:
                getattr(self, step)(attrs, data)
            else:
                attrs[field.source] = field.to_internal_value(data.get(step))
        return attrs

    def run_validation(self, data=serializers.empty):
        # The steps above are the whole validation: absent keys are the fields' None, not
        # DRF's "required" errors, and a body that is no object reads as {}.
        try:
            return self.to_internal_value(None if data is serializers.empty else data)
        except serializers.ValidationError as exc:
            raise serializers.ValidationError(as_serializer_error(exc)) from None

    @classmethod
    def read(cls, request) -> dict:
        """The declared fields of the request body, values as sent (a body that is no JSON
        object reads as {}): a whitelist without validation (the login body)."""
        return cls.pick(json_object(request))

    @classmethod
    def pick(cls, data: Mapping) -> dict:
        """The declared (and undocumented) keys of a JSON object under their keywords,
        values as sent; a nested BodySerializer's object picked the same way."""
        picked = {}
        for name, field in cls().fields.items():
            value = data.get(name)
            if isinstance(field, BodySerializer) and isinstance(value, Mapping):
                value = type(field).pick(value)
            picked[field.source] = value
        for name, source in cls.undocumented.items():
            picked[source] = data.get(name)
        return picked


def validated_data(serializer_class, data) -> dict:
    """`data` validated by an input serializer. The routes that use it answer one message,
    not a list: the first failing field's (in field order, the order the contract checks
    them; a BodySerializer stops at its first failing step) is the 400, without `extra`."""
    body = serializer_class(data=data)
    if not body.is_valid():
        raise ApplicationError(_first_message(body.errors))
    return body.validated_data


def validated_body(serializer_class, request) -> dict:
    """The request body (as json_object reads it) validated by an input serializer."""
    return validated_data(serializer_class, json_object(request))


def body_error(message: str) -> serializers.ValidationError:
    """A whole-body error raised from an input serializer's to_internal_value (DRF wants a
    dict there); validated_body and validated_data answer `message` alone."""
    return serializers.ValidationError({api_settings.NON_FIELD_ERRORS_KEY: [message]})


def _first_message(errors) -> str:
    while not isinstance(errors, str):
        errors = next(iter(errors.values())) if isinstance(errors, dict) else errors[0]
    return str(errors)
