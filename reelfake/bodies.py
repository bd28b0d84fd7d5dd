"""Reading request bodies the way the contract does."""

from rest_framework import serializers
from rest_framework.settings import api_settings

from reelfake.exceptions import ApplicationError


def json_object(request) -> dict:
    """The request body when it is a JSON object, else {} (the route's own validation then
    answers with its message, as for a body in another content type)."""
    data = request.data
    return data if isinstance(data, dict) else {}


# An input serializer for the contract's write bodies. Its fields document the body (OpenAPI)
# and whitelist it: read() gives the sent value of each declared field under its `source`
# name (the service's keyword), untouched, and nothing else. The services then answer the
# contract's own messages, in the contract's order, which runs across fields (docs/people.md
# "Request bodies"); DRF's per-field errors could not keep it. (A comment, not a docstring:
# drf-spectacular would copy a docstring into every body's schema.)
class BodySerializer(serializers.Serializer):
    # Keys read for a check only, left out of the documentation: {wire name: keyword}.
    undocumented: dict[str, str] = {}

    @classmethod
    def read(cls, request) -> dict:
        return cls.pick(json_object(request))

    @classmethod
    def pick(cls, data: dict) -> dict:
        """The declared fields of a JSON object (a body, or an object nested in one)."""
        return {source: data.get(name) for name, source in cls._sources().items()}

    @classmethod
    def _sources(cls) -> dict[str, str]:
        sources = cls.__dict__.get("_source_names")
        if sources is None:
            sources = {name: field.source or name for name, field in cls().fields.items()}
            sources.update(cls.undocumented)
            cls._source_names = sources
        return sources


def validated_body(serializer_class, request) -> dict:
    """The request body (as json_object reads it) validated by an input serializer. The
    routes that use it answer one message, not a list: the first failing field's (in field
    order, the order the contract checks them) is the 400, without `extra`."""
    return validated_data(serializer_class, json_object(request))


def validated_data(serializer_class, data) -> dict:
    """`data` (a body, or an object nested in one) validated by an input serializer; an
    invalid one is the 400 of its first message, as in validated_body."""
    body = serializer_class(data=data)
    if not body.is_valid():
        raise ApplicationError(_first_message(body.errors))
    return body.validated_data


def body_error(message: str) -> serializers.ValidationError:
    """A whole-body error raised from an input serializer's to_internal_value (DRF wants a
    dict there); validated_body and validated_data answer `message` alone."""
    return serializers.ValidationError({api_settings.NON_FIELD_ERRORS_KEY: [message]})


def _first_message(errors) -> str:
    while not isinstance(errors, str):
        errors = next(iter(errors.values())) if isinstance(errors, dict) else errors[0]
    return str(errors)
