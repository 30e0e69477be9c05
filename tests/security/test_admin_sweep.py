"""The admin, swept like the rest: for every model registered in the admin that belongs to an area,
a record of the demo community is opened (change, delete, history) by an anonymous visitor and by the
neighbouring community's worker — who may use the admin, for their own community only. All refused.
Models without an area (categories, skills, statutes) are the administrator's configuration."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib import admin
from django.db import models
from django.urls import NoReverseMatch, reverse

pytestmark = pytest.mark.django_db
AREA_FIELDS = ("community", "group", "area", "home_base", "case__community", "request__community",
               "signup__occurrence__activity__area", "occurrence__activity__area", "team__area", "activity__area",
               "lecture__community", "household__community", "building__community")


def _demo_record(model: type[models.Model], community: Any) -> models.Model | None:
    for path in AREA_FIELDS:
        try:
            row = model._default_manager.filter(**{f"{path}__path__startswith": community.path}).first()
        except Exception:  # noqa: BLE001 - this model has no such path; try the next
            continue
        if row is not None:
            return row
    return None


def _targets(community: Any) -> list[tuple[str, str]]:
    found = []
    from baimi.places.admin import GlobalListAdmin

    for model, model_admin in admin.site._registry.items():
        if not model.__module__.startswith("baimi.") or isinstance(model_admin, GlobalListAdmin):
            continue  # shared configuration: community workers read it, only the administrator changes it
        row = _demo_record(model, community)
        if row is None:
            continue
        for view in ("change", "delete", "history"):
            try:
                url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=[row.pk])
            except NoReverseMatch:
                continue
            found.append((f"{model._meta.label} {view}", url))
    return found


def test_the_admin_refuses_other_areas_records(demo: Any, as_user: Any, client: Any) -> None:
    targets = _targets(demo.community)
    assert len(targets) >= 15  # households, buildings, service points, staff, cases, volunteers …
    outsider = as_user("outsider")
    leaks = []
    for label, url in targets:
        response = outsider.get(url)
        if response.status_code not in (302, 403, 404):
            leaks.append((label, url, response.status_code))
    assert not leaks, f"the neighbouring community's worker opened the demo community's records: {leaks}"
    client.logout()
    for label, url in targets:
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"], label
