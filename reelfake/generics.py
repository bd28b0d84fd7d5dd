"""Pieces the apps' generic views share."""


class QueryFirstMixin:
    """Validate the query before authentication (contract §0) on GET: `query_validator`
    raises the contract's 400 for a bad page or filter value."""

    query_validator = None

    def check_permissions(self, request):
        if request.method == "GET" and self.query_validator is not None:
            self.query_validator(request)
        super().check_permissions(request)
