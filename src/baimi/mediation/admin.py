"""The committee and its mediators are kept in the admin by the community's workers (scoped)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from baimi.accounts.models import User
from baimi.mediation.models import Committee, Mediator
from baimi.places.admin import ScopedAdmin


def _edits(request: HttpRequest) -> bool:
    user: Any = request.user
    return bool(user.is_active and (user.is_superuser or user.permissions.edits_places))


class MediatorInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Mediator
    extra = 1
    fields = ("name", "kind", "position", "gender", "ethnicity", "smaller_ethnic_group", "phone", "user", "active")

    # By role, like the committee itself: Django's per-model permissions are not used in Baimi.
    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _edits(request)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _edits(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _edits(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _edits(request)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        user: Any = request.user
        if db_field.name == "user" and not user.sees_everything:
            # A mediator's account is one of the worker's own area, never someone elsewhere.
            kwargs["queryset"] = User.objects.filter(area__path__startswith=user.area.path)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Committee)
class CommitteeAdmin(ScopedAdmin):
    list_display = ("name", "community", "term_starts", "term_ends")
    inlines = [MediatorInline]
    raw_id_fields = ("police_contact",)
