"""Every free-text field holds a script, and no page runs it.

Each text column of every Baimi model in the demo world is overwritten with a probe that would run
if a template printed it unescaped (or a page put it into an inline script without escaping);
then every page of the access sweep is opened by the community worker and the administrator, and
the probe must only ever appear escaped. Structured text (codes, rules, tokens, coordinates) is
left alone: it is parsed, not shown, and a probe there would only break the parsing.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse

from tests.security.test_access_sweep import SAMPLES, World, _volunteering_in

PROBE = "<script>alert('xss')</script><img src=x onerror=alert(1)>"
RAW_MARKERS = ("<script>alert('xss')", "<img src=x onerror")
# Not free text: parsed or matched by the code, never rendered as prose.
STRUCTURED = ("code", "path", "ref", "slug", "token", "key", "rrule", "rule", "exdate", "url", "email",
              "phone", "id_number", "password", "username", "hours", "crs", "kind", "status", "role",
              "level", "short_name", "source", "hash", "icon", "symbol", "colour", "color", "format",
              "language", "number", "channel", "route", "object_type", "action", "outcome")


def _in_unique_sets(model: type[models.Model]) -> set[str]:
    names = {n for group in model._meta.unique_together for n in group}
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint):
            names.update(constraint.fields)
    return names


def _free_text_fields(model: type[models.Model]) -> list[str]:
    names = []
    keyed = _in_unique_sets(model)  # one value in every row would break the uniqueness, and they are keys
    for field in model._meta.get_fields():
        if not isinstance(field, (models.CharField, models.TextField)) or field.choices or field.unique:
            continue
        if not field.editable or field.name in keyed or any(part in field.name for part in STRUCTURED):
            continue
        if isinstance(field, models.CharField) and (field.max_length or 0) < len(PROBE):
            continue
        names.append(field.name)
    return names


def _plant_probes() -> int:
    planted = 0
    for model in apps.get_models():
        if not model.__module__.startswith("baimi.") or model._meta.label == "accounts.AuditEvent":
            continue
        fields = _free_text_fields(model)
        if fields:
            planted += model.objects.update(**dict.fromkeys(fields, PROBE)) * len(fields)
    return planted


@pytest.mark.parametrize("username", ["worker", "admin"])
def test_no_page_runs_a_planted_script(username: str, demo: Any, as_user: Any) -> None:
    _volunteering_in(demo.community)
    world = World(community=demo.community, group=demo.groups[0])
    urls = [reverse(name, kwargs=SAMPLES[name](world)) for name in sorted(SAMPLES)]
    assert _plant_probes() > 100
    client = as_user(username)
    checked = 0
    for url in urls:
        response = client.get(url)
        assert response.status_code != 500, f"{url} broke on a planted probe"
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        body = response.content.decode("utf-8", "replace")
        for marker in RAW_MARKERS:
            assert marker not in body, f"{url} prints a planted script unescaped"
        checked += 1
    assert checked > 20  # the sweep really saw pages
