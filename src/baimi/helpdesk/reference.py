"""The help categories every installation starts with (seeded by migration 0002; ``ensure_categories``
puts back any that are missing, e.g. after a test empties the tables)."""

from __future__ import annotations

from typing import Any

CATEGORIES = [
    # code, Chinese, English, skill, accept within, be there within, order
    ("medical", "医疗求助", "Medical help", "medical", 3, 10, 1),
    ("elderly_care", "养老照护", "Elderly care", "elderly_care", 3, 10, 2),
    ("repairs", "维修", "Repairs", "repairs", 10, 30, 3),
    ("neighbour_dispute", "邻里纠纷", "Neighbour dispute", "mediation", 10, 30, 4),
    ("legal_question", "法律咨询", "Legal question", "legal", 60, 240, 5),
    ("other", "其他", "Other", None, 10, 30, 6),
]


def seed_categories(help_category: Any, skill: Any) -> None:
    """Create the missing categories; ``help_category`` and ``skill`` are the models (or a
    migration's historical versions of them). Existing categories are left as edited."""
    for code, zh, en, skill_code, ack, arrival, order in CATEGORIES:
        help_category.objects.get_or_create(code=code, defaults={
            "name_zh": zh, "name_en": en,
            "skill": skill.objects.filter(code=skill_code).first() if skill_code else None,
            "ack_minutes": ack, "arrival_minutes": arrival, "order": order})


def ensure_categories() -> None:
    from baimi.helpdesk.models import HelpCategory
    from baimi.places.models import Skill
    from baimi.places.reference import ensure_reference_data

    ensure_reference_data()  # the skills
    seed_categories(HelpCategory, Skill)
