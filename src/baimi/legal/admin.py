"""The legal app in the admin: the topic menu is shared (the administrator edits it, community workers
read it); exhibits and lectures are the community's own. Statutes change only through import_statutes."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from baimi.legal.models import Article, Exhibit, Lecture, Statute, Topic
from baimi.places.admin import GlobalListAdmin, ScopedAdmin


class ReadOnlyGlobalAdmin(GlobalListAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Statute)
class StatuteAdmin(ReadOnlyGlobalAdmin):
    list_display = ("short_name", "title", "imported_at")


@admin.register(Article)
class ArticleAdmin(ReadOnlyGlobalAdmin):
    list_display = ("__str__", "text")
    list_filter = ("statute",)
    search_fields = ("text", "=number")
    list_select_related = ("statute",)


@admin.register(Topic)
class TopicAdmin(GlobalListAdmin):
    list_display = ("name", "code", "sort_order")
    autocomplete_fields = ("articles",)


@admin.register(Exhibit)
class ExhibitAdmin(ScopedAdmin):
    list_display = ("title", "topic", "shows_from", "shows_until")


@admin.register(Lecture)
class LectureAdmin(ScopedAdmin):
    list_display = ("topic", "starts_at", "place_kind", "lecturer")
