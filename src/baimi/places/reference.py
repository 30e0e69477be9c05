"""Reference rows every installation has: the article's four service categories and the skills
help requests ask for. Seeded by migration 0002; ``ensure_reference_data`` restores them (tests that
empty the database, a demo set up on a database that was flushed).
"""

from __future__ import annotations

from baimi.places.models import ServiceCategory, Skill

CATEGORIES = [
    # code, Chinese, English, map symbol, colour, order
    ("medical", "医疗", "Doctor", "✚", "#c62828", 10),
    ("books", "阅读", "Books", "书", "#1565c0", 20),  # a CJK glyph: emoji fonts are rare on office PCs
    ("children", "儿童", "Children's play", "★", "#2e7d32", 30),
    ("mediation", "调解", "Mediation", "⚖", "#6a1b9a", 40),
]

SKILLS = [
    ("medical", "医疗救助", "Medical help"),
    ("elderly_care", "养老照护", "Elderly care"),
    ("repairs", "维修", "Repairs"),
    ("mediation", "纠纷调解", "Dispute mediation"),
    ("legal", "法律咨询", "Legal advice"),
    ("childcare", "儿童看护", "Childcare"),
]


def ensure_reference_data() -> None:
    for code, zh, en, symbol, colour, order in CATEGORIES:
        ServiceCategory.objects.get_or_create(
            code=code, defaults={"name_zh": zh, "name_en": en, "symbol": symbol, "colour": colour, "sort_order": order}
        )
    for code, zh, en in SKILLS:
        Skill.objects.get_or_create(code=code, defaults={"name_zh": zh, "name_en": en})
