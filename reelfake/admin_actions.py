"""The loop behind every admin action that writes selected rows one by one (docs/admin.md
"Actions")."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from rest_framework.exceptions import PermissionDenied

from reelfake.exceptions import MSG_FORBIDDEN, ApplicationError


def act_on_each(
    model_admin,
    request,
    queryset,
    write: Callable[[object], object],
    *,
    noun: tuple[str, str],
    success: Callable[[str], str],
) -> None:
    """Calls `write(row)` (a service call) for each selected row in id order. A refused row
    becomes an error message naming it and the others go on; then one success message,
    `success("3 rows")`, counts the rows written (`noun` is singular and plural)."""
    written = 0
    for row in queryset.order_by("id"):
        try:
            write(row)
        except ApplicationError as exc:
            model_admin.message_user(request, f"{row}: {exc.message}", level=messages.ERROR)
        except PermissionDenied:
            model_admin.message_user(request, f"{row}: {MSG_FORBIDDEN}", level=messages.ERROR)
        else:
            written += 1
    if written:
        counted = f"{written} {noun[0] if written == 1 else noun[1]}"
        model_admin.message_user(request, success(counted), messages.SUCCESS)
