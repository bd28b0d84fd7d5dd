"""The django-filter backend of the list views."""

from django_filters.rest_framework import DjangoFilterBackend


class FilterBackend(DjangoFilterBackend):
    """DjangoFilterBackend that leaves the queryset alone when the query names none of the
    filterset's filters: building and validating a FilterSet's form costs a list request
    more Python time than its database query, and with no filter value every filter is a
    no-op anyway. A parameter counts when its name starts with a declared filter's name (so
    range filters' `_after`/`_min` suffixes count too)."""

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is None:
            return queryset
        if not filters_named(request, filterset_class):
            return queryset
        return super().filter_queryset(request, queryset, view)


def filters_named(request, filterset_class) -> bool:
    """Whether the request's query names one of the filterset's filters (a parameter whose
    name starts with a declared filter's name): without one, FilterBackend filters nothing."""
    names = tuple(filterset_class.base_filters)
    return any(param.startswith(names) for param in request.query_params)
