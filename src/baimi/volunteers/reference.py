"""Activity types every installation has (the article's four, and "other"); seeded by a data
migration, restored by ``ensure_activity_types`` after a flush."""

from __future__ import annotations

from typing import Any

ACTIVITY_TYPES = [
    # code, Chinese, English, order
    ("legal_publicity", "法治宣传", "Legal publicity", 10),
    ("sanitation", "环境卫生清扫", "Sanitation clean-up", 20),
    ("culture", "文化活动", "Cultural event", 30),
    ("elderly_visit", "探访老人", "Visiting the elderly", 40),
    ("other", "其他", "Other", 100),
]


def ensure_activity_types(model: Any = None) -> None:
    if model is None:
        from baimi.volunteers.models import ActivityType

        model = ActivityType
    for code, zh, en, order in ACTIVITY_TYPES:
        model.objects.get_or_create(
            code=code, defaults={"name_zh": zh, "name_en": en, "sort_order": order})
