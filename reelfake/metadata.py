"""OPTIONS answers."""

from rest_framework.metadata import SimpleMetadata


class NoActionsMetadata(SimpleMetadata):
    """DRF's OPTIONS body (name, description, renders, parses) without `actions`: the write
    bodies are described by the OpenAPI schema (/api/docs), and a generic view answers
    OPTIONS as it did as an APIView, without looking up its object or building a serializer."""

    def determine_actions(self, request, view):
        return {}
