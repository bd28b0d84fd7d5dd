"""Who may act on a rental, cart or wishlist row (docs/decisions.md "Store scoping"): object
permissions, checked once the row is found, so a missing row is 404 before ownership or
store scoping is 403. The roles themselves are checked by reelfake/permissions.py."""

from rest_framework.permissions import BasePermission

from reelfake.permissions import CUSTOMER, STAFF

MSG_NOT_PROCESSOR = "You are not authorized to view the resource"


class IsOwner(BasePermission):
    """A cart or wishlist row: the customer's own."""

    def has_object_permission(self, request, view, obj):
        return obj.customer_id == request.user.id


class IsRenterOrOfOwnStore(BasePermission):
    """A rental: the customer who rented it, or staff and managers of its store (P3/P4)."""

    def has_object_permission(self, request, view, rental):
        user = request.user
        if user.role == CUSTOMER:
            return rental.customer_id == user.id
        return user.store_id is not None and user.store_id == rental.inventory.store_id


class IsProcessorIfStaff(BasePermission):
    """Plain staff (not managers) see only the rentals they processed."""

    message = MSG_NOT_PROCESSOR

    def has_object_permission(self, request, view, rental):
        return request.user.role != STAFF or rental.staff_id == request.user.id
