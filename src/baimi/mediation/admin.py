"""The committee and its mediators are kept in the admin by the community's workers (scoped)."""

from __future__ import annotations

from django.contrib import admin

from baimi.mediation.models import Committee, Mediator
from baimi.places.admin import ScopedAdmin


class MediatorInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Mediator
    extra = 1
    fields = ("name", "kind", "position", "gender", "ethnicity", "smaller_ethnic_group", "phone", "user", "active")
    raw_id_fields = ("user",)


@admin.register(Committee)
class CommitteeAdmin(ScopedAdmin):
    list_display = ("name", "community", "term_starts", "term_ends")
    inlines = [MediatorInline]
    raw_id_fields = ("police_contact",)
