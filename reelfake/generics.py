"""Pieces the apps' generic views share."""


class QueryFirstMixin:
    """Validate the query before authentication on GET: the view's
    filterset_class.validate_query(request) raises the contract's 400 for a bad page or
    filter value."""

    def check_permissions(self, request):
        if request.method == "GET":
            self.filterset_class.validate_query(request)
        super().check_permissions(request)
