"""Pieces the apps' generic views share."""

from rest_framework.generics import ListAPIView
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from reelfake.reference import reference_body
from reelfake.rows import RowShape


class QueryFirstMixin:
    """Validate the query before authentication on GET: the view's
    filterset_class.validate_query(request) raises the contract's 400 for a bad page or
    filter value."""

    def check_permissions(self, request):
        if request.method == "GET":
            self.filterset_class.validate_query(request)
        super().check_permissions(request)


class CallerFreeMixin:
    """For public routes whose answer is the same for every caller (AllowAny, nothing read
    from request.user): the token is not checked up front. DRF then authenticates lazily, on
    first use of request.user, which these views never make, so a logged-in client's cookie
    costs no token decoding and no database read (docs/people.md "List speed")."""

    def perform_authentication(self, request):
        pass


# What the API docs say of each reference list.
REFERENCE_LIST_DESCRIPTION = "The whole list, ordered by id; not paginated."


class ReferenceListView(CallerFreeMixin, ListAPIView):
    """A reference list (genres, languages, countries, cities): the whole list, unpaginated,
    as the contract's {"items": [...], "length": n}, for everyone. The items are the
    serializer's, read through its compiled `row_shape` from get_queryset(), and kept in memory
    per world with their rendered bytes and ETag (reelfake/reference.py, docs/performance.md
    "Reference lists"). `reference_name` names the list among those kept. The same for
    every caller: a logged-in client's cookie is not decoded (CallerFreeMixin)."""

    permission_classes = [AllowAny]
    pagination_class = None
    filter_backends = []
    reference_name: str
    row_shape: RowShape

    def list(self, request, *args, **kwargs):
        return Response(
            reference_body(self.reference_name, lambda: self.row_shape.of(self.get_queryset()))
        )
