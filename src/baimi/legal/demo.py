"""The demo community's legal publicity in use: a curated answer, a consultation answered, topic
orders, a lecture with sign-ups and a resident's legal need, so every legal page has something on
it. Written through the same service functions the pages use."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from baimi.accounts.models import User
from baimi.accounts.roles import Role
from baimi.legal import services
from baimi.legal.models import Article, CuratedAnswer, Lecture, LegalNeed, Topic
from baimi.places.models import Division


def create_demo_legal(community: Division) -> None:
    services.ensure_statutes_loaded()
    services.topics_ensure_default()
    if CuratedAnswer.objects.filter(community=community).exists():
        return  # already there: the demo is built once per database
    adviser = User.objects.filter(role=Role.LEGAL_ADVISER, area=community).first()
    residents = list(User.objects.filter(role=Role.RESIDENT, area__parent=community))
    if adviser is None or not residents:
        return
    resident = residents[0]
    neighbours = Topic.objects.get(code="neighbours")
    civil_code_leak = Article.objects.filter(statute__short_name="民法典", number__in=[288, 296, 1165])
    services.answer_save(
        author=adviser,
        question="楼上漏水把我家天花板泡坏了，楼上不肯修，怎么办？",
        answer=("相邻各方应当按照有利生产、方便生活、团结互助、公平合理的原则处理相邻关系（第二百八十八条）；"
                "使用相邻不动产造成损害的，应当给予赔偿（第二百九十六条）。先请社区调解委员会查明漏水原因，"
                "由责任方承担维修费用；协商不成，可以请社区人民调解委员会调解。"),
        articles=civil_code_leak,
    )
    consultation = services.consultation_open(
        requester=resident, question="邻居在楼道里堆放杂物，物业不管，我能要求清理吗？")
    services.consultation_reply(
        consultation=consultation, adviser=adviser,
        reply="楼道属于业主共有部分，任何人不得侵占（民法典第二百七十一条、第二百七十四条）。可以先请物业和网格员出面劝导。",
    )
    for topic_code in ("neighbours", "property"):
        services.topic_order(resident=resident, topic=Topic.objects.get(code=topic_code))
    lecture = services.lecture_schedule(
        by=adviser, community=community, topic=neighbours,
        starts_at=timezone.localtime().replace(hour=19, minute=0, second=0, microsecond=0) + dt.timedelta(days=8),
        place_kind=Lecture.Place.BASE, group=None, lecturer=adviser.get_full_name() or "法律顾问", capacity=40,
    )
    services.lecture_signup(lecture=lecture, resident=resident)
    services.need_leave(resident=resident, kind=LegalNeed.Kind.FAMILY,
                        description="父亲去世后兄弟之间分房子有争议，想了解继承的规定。")
