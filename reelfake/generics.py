"""Pieces the apps' generic views share."""


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
