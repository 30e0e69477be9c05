"""Volunteers and teams in the admin, confined to the user's area like the places admin."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from baimi.accounts.privacy import id_number_for, phone_for
from baimi.places.admin import GlobalListAdmin, ScopedAdmin
from baimi.volunteers.models import Activity, ActivityType, Campaign, Membership, Team, Volunteer


@admin.register(Volunteer)
class VolunteerAdmin(ScopedAdmin):
    list_filter = ("kind", "active")
    search_fields = ("real_name",)
    filter_horizontal = ("skills",)
    raw_id_fields = ("user",)
    readonly_fields = ("registered_by", "registered_at")

    def get_list_display(self, request: HttpRequest) -> Any:
        viewer = request.user  # captured per request: the admin instance is shared

        @admin.display(description=_("phone"))
        def masked_phone(obj: Volunteer) -> str:
            return phone_for(viewer, obj.phone)

        @admin.display(description=_("ID number"))
        def masked_id(obj: Volunteer) -> str:
            return id_number_for(viewer, obj.id_number)

        return ("real_name", "kind", "community", masked_phone, masked_id, "active")


class MembershipInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Membership
    extra = 1
    raw_id_fields = ("volunteer",)


@admin.register(Team)
class TeamAdmin(ScopedAdmin):
    list_display = ("name", "area", "active")
    search_fields = ("name",)
    inlines = [MembershipInline]


admin.site.register(ActivityType, GlobalListAdmin)


@admin.register(Campaign)
class CampaignAdmin(ScopedAdmin):
    list_display = ("name", "area", "starts_on", "ends_on")


@admin.register(Activity)
class ActivityAdmin(ScopedAdmin):
    """Dates come from the rule through ``services.activity_create``; the admin edits the rest."""

    list_display = ("title", "type", "team", "status", "starts", "rrule")
    list_filter = ("type", "status", "risky")
    search_fields = ("title",)
    readonly_fields = ("starts", "rrule", "exdates", "duration_minutes", "created_by")
    filter_horizontal = ("skills",)
