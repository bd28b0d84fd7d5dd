"""Reading request bodies the way the contract does."""


def json_object(request) -> dict:
    """The request body when it is a JSON object, else {} (the route's own validation then
    answers with its message, as for a body in another content type)."""
    data = request.data
    return data if isinstance(data, dict) else {}
