"""The admin site for community workers, confined to their area like every other page.

``ScopedAdmin`` narrows every list to ``visible_to(user)``, offers only in-area divisions and
buildings in foreign-key pickers, re-checks the area of whatever is saved, writes the audit log,
and lets only roles that edit places change anything. Officers and the auditor get no admin.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.forms import ModelChoiceField
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from baimi.accounts import audit
from baimi.accounts.privacy import phone_for
from baimi.places.models import (
    Building,
    Division,
    DutyShift,
    Household,
    Level,
    ServiceCategory,
    ServicePoint,
    Skill,
    Staff,
    Walkway,
)

AREA_FIELDS = ("community", "group", "area", "home_base", "parent")


def _edits(request: HttpRequest) -> bool:
    user: Any = request.user
    return bool(user.is_active and (user.is_superuser or user.permissions.edits_places))


class ScopedAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def get_queryset(self, request: HttpRequest) -> models.QuerySet[Any]:
        return self.model.objects.visible_to(request.user)  # type: ignore[no-any-return]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _edits(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _edits(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return _edits(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _edits(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _edits(request)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        related = db_field.remote_field.model
        if hasattr(related.objects, "visible_to"):
            kwargs["queryset"] = related.objects.visible_to(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        user: Any = request.user
        if not user.sees_everything:
            for name in AREA_FIELDS:
                division = getattr(obj, name, None)
                if isinstance(division, Division) and not user.area.contains(division):
                    audit.record(action="change" if change else "create", outcome="denied",
                                 request=request, obj=obj if obj.pk else None)
                    raise PermissionDenied
        super().save_model(request, obj, form, change)
        audit.record(action="change" if change else "create", request=request, obj=obj,
                     fields=list(form.changed_data))

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        audit.record(action="delete", request=request, obj=obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: models.QuerySet[Any]) -> None:
        for obj in queryset:
            audit.record(action="delete", request=request, obj=obj)
        super().delete_queryset(request, queryset)


@admin.register(Division)
class DivisionAdmin(ScopedAdmin):
    """Community workers keep their residents' groups (add, rename, move the base point, change the
    radius); the statistical divisions above come from the NBS list and only the administrator
    changes them."""

    list_display = ("code", "name", "level", "parent", "radius_m")
    list_filter = ("level",)
    search_fields = ("code", "name")
    readonly_fields = ("path",)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.level != Level.GROUP and not getattr(request.user, "sees_everything", False):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_change_permission(request, obj)

    def formfield_for_choice_field(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "level" and not getattr(request.user, "sees_everything", False):
            kwargs["choices"] = [(Level.GROUP.value, Level.GROUP.label)]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "parent" and not getattr(request.user, "sees_everything", False):
            field.queryset = field.queryset.filter(level=Level.COMMUNITY)  # groups hang under a community
        return field


@admin.register(Building)
class BuildingAdmin(ScopedAdmin):
    list_display = ("ref", "name", "group", "floors")
    list_filter = ("group",)
    search_fields = ("ref", "name", "address")


@admin.register(Household)
class HouseholdAdmin(ScopedAdmin):
    list_filter = ("group", "elderly_alone", "disability")
    search_fields = ("ref", "address", "head_name")
    list_select_related = ("group",)
    raw_id_fields = ("building",)

    def get_list_display(self, request: HttpRequest) -> Any:
        # The admin instance is shared by all requests, so the viewer is captured per request.
        viewer = request.user

        @admin.display(description=_("phone"))
        def masked_phone(obj: Household) -> str:
            return phone_for(viewer, obj.phone)

        return ("ref", "address", "group", "size", masked_phone, "elderly_alone", "disability", "children")

    def change_view(self, request: HttpRequest, object_id: str, form_url: str = "",
                    extra_context: dict[str, Any] | None = None) -> Any:
        household = self.get_queryset(request).filter(pk=object_id).first()
        if household is not None:
            audit.record(action="view", request=request, obj=household, via="admin")
        return super().change_view(request, object_id, form_url, extra_context)


class DutyShiftInline(admin.TabularInline):  # type: ignore[type-arg]
    model = DutyShift
    extra = 1


@admin.register(Staff)
class StaffAdmin(ScopedAdmin):
    list_display = ("name", "role", "home_base", "phone", "active")
    list_filter = ("role", "active")
    search_fields = ("name",)
    filter_horizontal = ("skills",)
    inlines = [DutyShiftInline]

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "user" and isinstance(field, ModelChoiceField) and field.queryset is not None:
            user: Any = request.user
            if not user.sees_everything:
                field.queryset = field.queryset.filter(area__path__startswith=user.area.path)
        return field


@admin.register(ServicePoint)
class ServicePointAdmin(ScopedAdmin):
    list_display = ("ref", "name", "area", "opening_hours", "active")
    list_filter = ("categories", "active")
    search_fields = ("ref", "name")
    filter_horizontal = ("categories",)


@admin.register(Walkway)
class WalkwayAdmin(ScopedAdmin):
    list_display = ("ref", "name", "kind")
    list_filter = ("kind",)


class GlobalListAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Categories and skills are shared by all areas: community workers read them, only the
    administrator changes them."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _edits(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _edits(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return bool(getattr(request.user, "sees_everything", False))

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(getattr(request.user, "sees_everything", False))

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(getattr(request.user, "sees_everything", False))


admin.site.register(ServiceCategory, GlobalListAdmin)
admin.site.register(Skill, GlobalListAdmin)
