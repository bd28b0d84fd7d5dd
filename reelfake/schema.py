"""OpenAPI helpers shared by the apps (drf-spectacular)."""

from django.urls import get_script_prefix
from drf_spectacular.drainage import set_override
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, inline_serializer
from rest_framework import serializers


def item_list_schema(name: str, item_serializer, *, description: str = ""):
    """Schema of the contract's unpaginated {"items": [...], "length": n} body."""
    if isinstance(item_serializer, type) and issubclass(item_serializer, serializers.Serializer):
        items = item_serializer(many=True)
    else:
        items = serializers.ListField(child=item_serializer())
    envelope = inline_serializer(
        name,
        {"items": items, "length": serializers.IntegerField()},
        help_text=description or None,
    )
    # Already the whole body: a list view (ListAPIView) must not wrap it in an array again.
    return set_override(envelope, "many", False)


def optional_page_schema(name: str, item_serializer, *, key: str = "items"):
    """Schema of a list under OptionalPagination: `{key: [...], "length": n}`, plus
    `pagination` when `page` is sent."""
    envelope = inline_serializer(
        name,
        {
            key: item_serializer(many=True),
            "length": serializers.IntegerField(),
            "pagination": serializers.DictField(
                required=False, help_text="Only when `page` is sent: the shared pagination."
            ),
        },
    )
    return set_override(envelope, "many", False)


def strip_trailing_slashes(endpoints, **kwargs):
    """drf-spectacular hook: routes accept an optional trailing slash (`/?`); document the
    canonical form without it, as the reelfake spec does."""
    return [
        (path.rstrip("/") or "/", path_regex, method, callback)
        for path, path_regex, method, callback in endpoints
    ]


class ErrorSerializer(serializers.Serializer):
    status = serializers.CharField(default="error")
    message = serializers.CharField()


_ERROR_DESCRIPTIONS = {
    400: "Invalid input",
    401: "Invalid or expired token",
    403: "You are not authorized to perform this operation",
    404: "Not found",
    409: "Conflict with existing data",
    429: "Too many requests",
}


def error_responses(*codes: int) -> dict:
    """OpenAPI responses for the contract's error body, keyed by status code."""
    return {
        code: OpenApiResponse(ErrorSerializer, description=_ERROR_DESCRIPTIONS[code])
        for code in codes
    }


ERRORS_401 = error_responses(401)
ERRORS_401_403 = error_responses(401, 403)


def document_shared_errors(result, generator, request, public):
    """drf-spectacular hook: answers every route may give, whatever its view documents —
    400 on every route (a NUL character in the path or query, a bad `delay`, both refused
    by middleware before any view; a malformed JSON body on routes that take one), 404 on
    routes with path parameters (a value holding a `/` matches no route), and 414 on every
    route (the HTTP server refuses a request line over 4,094 bytes before the app sees it;
    its body is the server's, so no schema is given)."""
    error = {"$ref": "#/components/schemas/Error"}
    for methods in result.get("paths", {}).values():
        for operation in methods.values():
            if not isinstance(operation, dict):
                continue
            responses = operation.setdefault("responses", {})
            takes_body = "requestBody" in operation
            responses.setdefault(
                "400",
                {
                    "description": "Invalid input (e.g. malformed JSON)"
                    if takes_body
                    else "Invalid input (e.g. a NUL character in the query)",
                    "content": {"application/json": {"schema": error}},
                },
            )
            responses.setdefault("414", {"description": "Request line too long"})
            if any(p.get("in") == "path" for p in operation.get("parameters", [])):
                responses.setdefault(
                    "404",
                    {
                        "description": "Not found, or no route for the path",
                        "content": {"application/json": {"schema": error}},
                    },
                )
    result.setdefault("components", {}).setdefault("schemas", {}).setdefault(
        "Error",
        {
            "type": "object",
            "properties": {"status": {"type": "string"}, "message": {"type": "string"}},
            "required": ["message"],
        },
    )
    return result


def serve_under_script_prefix(result, generator, request, public):
    """drf-spectacular hook: a schema served under a prefix (a sandbox's /sandbox/<key>/)
    names it as its server, so Swagger's "try it out" calls stay inside that sandbox."""
    prefix = get_script_prefix()
    if prefix != "/":
        result["servers"] = [{"url": prefix.rstrip("/")}]
    return result


def id_parameter(name: str = "id", description: str = "") -> OpenApiParameter:
    """A path id, documented as an integer (the routes answer their own 400 otherwise)."""
    return OpenApiParameter(name, int, OpenApiParameter.PATH, description=description)


PAGE_PARAMETER = OpenApiParameter(
    "page",
    str,
    description=(
        "Optional (P23): without it the whole list comes back as before; with it, that page "
        "of 50 (integer >= 1, `first` or `last`) plus a `pagination` object."
    ),
)
