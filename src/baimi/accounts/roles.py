"""Roles and what each may do, in one table so the policy can be read (and tested) at a glance.

Area scoping is separate and applies to everyone but the administrator and auditor: a user only
ever sees rows under their own division (``ScopedQuerySet.visible_to``). This table says what a
role may do *inside* its area.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    RESIDENT = "resident", _("resident")
    GRID_WORKER = "grid_worker", _("grid worker / group leader")
    COMMUNITY_WORKER = "community_worker", _("community worker")
    LEGAL_ADVISER = "legal_adviser", _("legal adviser")
    MEDIATOR = "mediator", _("people's mediator")
    VOLUNTEER_LEADER = "volunteer_leader", _("volunteer team leader")
    TOWN_OFFICER = "town_officer", _("town officer")
    COUNTY_OFFICER = "county_officer", _("county officer")
    PREFECTURE_OFFICER = "prefecture_officer", _("prefecture officer")
    ADMINISTRATOR = "administrator", _("administrator")
    AUDITOR = "auditor", _("auditor")


@dataclass(frozen=True)
class Permissions:
    area_level: str | None  # the division level the role's area must be (None: no area needed)
    edits_places: bool = False  # create/change places, households, staff (admin site)
    views_households: bool = False  # may list households of the area at all
    sees_flags: bool = False  # elderly living alone, disability, children: sensitive
    sees_full_phone: bool = False
    sees_full_id_number: bool = False
    sees_everything: bool = False  # not area-scoped
    reads_audit_log: bool = False


POLICY: dict[str, Permissions] = {
    Role.RESIDENT: Permissions("group"),
    Role.GRID_WORKER: Permissions(
        "group", views_households=True, sees_flags=True, sees_full_phone=True
    ),
    Role.COMMUNITY_WORKER: Permissions(
        "community", edits_places=True, views_households=True, sees_flags=True,
        sees_full_phone=True, sees_full_id_number=True,
    ),
    Role.LEGAL_ADVISER: Permissions("community", views_households=True),
    Role.MEDIATOR: Permissions("community", views_households=True),
    Role.VOLUNTEER_LEADER: Permissions("community"),
    Role.TOWN_OFFICER: Permissions("town", views_households=True),
    Role.COUNTY_OFFICER: Permissions("county", views_households=True),
    Role.PREFECTURE_OFFICER: Permissions("prefecture", views_households=True),
    Role.ADMINISTRATOR: Permissions(
        None, edits_places=True, views_households=True, sees_flags=True, sees_full_phone=True,
        sees_full_id_number=True, sees_everything=True,
    ),
    # The auditor reviews who did what; it sees every area, but personal data only masked.
    Role.AUDITOR: Permissions(None, views_households=True, sees_everything=True, reads_audit_log=True),
}

OFFICER_ROLES = frozenset({Role.TOWN_OFFICER, Role.COUNTY_OFFICER, Role.PREFECTURE_OFFICER})
