"""The loop behind every admin action that writes selected rows one by one (docs/admin.md
"Actions"), and the form and admin bases that route admin writes through the services."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import admin, messages
from rest_framework.exceptions import PermissionDenied

from reelfake.exceptions import MSG_FORBIDDEN, ApplicationError
from reelfake.forms import AsciiNumbersModelForm


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


class ServiceCheckedForm(AsciiNumbersModelForm):
    """Runs the service's uniqueness checks, so a conflict is a form error, not a 500."""

    service_check = None

    def clean(self):
        data = super().clean()
        try:
            self.service_check(
                self.instance.pk,
                email=data.get("email"),
                phone_number=data.get("phone_number"),
            )
        except ApplicationError as exc:
            raise forms.ValidationError(exc.message) from None
        return data


class ServiceWritesAdmin(admin.ModelAdmin):
    """save/delete through the app's services; a refused delete is reported, not a 500."""

    save_service = None
    delete_service = None

    def save_model(self, request, obj, form, change):
        self.save_service(obj)

    def delete_model(self, request, obj):
        try:
            self.delete_service(obj)
        except ApplicationError as exc:
            self.message_user(request, f"{obj}: {exc.message}", level=messages.ERROR)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)
