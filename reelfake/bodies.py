"""Reading request bodies the way the contract does."""

from reelfake.exceptions import ApplicationError


def json_object(request) -> dict:
    """The request body when it is a JSON object, else {} (the route's own validation then
    answers with its message, as for a body in another content type)."""
    data = request.data
    return data if isinstance(data, dict) else {}


def validated_body(serializer_class, request) -> dict:
    """The request body (as json_object reads it) validated by an input serializer. The
    routes that use it answer one message, not a list: the first failing field's (in field
    order, the order the contract checks them) is the 400, without `extra`."""
    body = serializer_class(data=json_object(request))
    if not body.is_valid():
        raise ApplicationError(_first_message(body.errors))
    return body.validated_data


def _first_message(errors) -> str:
    while not isinstance(errors, str):
        errors = next(iter(errors.values())) if isinstance(errors, dict) else errors[0]
    return str(errors)
