"""Read-only figures for the legal pages: demand by topic and residents' group, exhibit suggestions."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from baimi.legal.models import LegalNeed, QuestionLog, Topic, TopicOrder
from baimi.places.models import Division


@dataclass
class DemandRow:
    topic: Topic
    counts: list[int]  # one per group, in the table's group order
    total: int


def demand_table(orders: QuerySet[TopicOrder]) -> tuple[list[Division], list[DemandRow]]:
    """Orders counted by topic (rows, most demanded first) and residents' group (columns), in two queries."""
    counted = orders.values("topic_id", "group_id").annotate(n=Count("pk"))
    by_topic: dict[int, dict[int, int]] = defaultdict(dict)
    for row in counted:
        by_topic[row["topic_id"]][row["group_id"]] = row["n"]
    group_ids = sorted({g for counts in by_topic.values() for g in counts})
    groups = list(Division.objects.filter(pk__in=group_ids).order_by("code"))
    rows = [DemandRow(topic, [by_topic.get(topic.pk, {}).get(g.pk, 0) for g in groups],
                      sum(by_topic.get(topic.pk, {}).values()))
            for topic in Topic.objects.all()]
    rows.sort(key=lambda r: (-r.total, r.topic.sort_order))
    return groups, rows


@dataclass
class Suggestion:
    topic: Topic
    orders: int
    questions: int
    needs: int

    @property
    def score(self) -> int:
        return self.orders + self.questions + self.needs


def exhibit_suggestions(community: Division, since: datetime.datetime, limit: int = 5) -> list[Suggestion]:
    """What to show next at the law-practice base: topics ranked by this period's orders, questions whose
    best article belongs to the topic, and needs routed to the topic. (Mediation case types join this
    when the mediation app lands: e.g. many leak disputes → neighbour relations, Arts. 288–296.)"""
    in_period = Q(community=community)
    orders = Count("orders", filter=Q(orders__community=community, orders__created_at__gte=since), distinct=True)
    topics = {t.pk: Suggestion(t, t.n, 0, 0) for t in Topic.objects.annotate(n=orders)}
    asked = (QuestionLog.objects.filter(in_period, asked_at__gte=since, top_article__topics__isnull=False)
             .values("top_article__topics").annotate(n=Count("pk", distinct=True)))
    for row in asked:
        topics[row["top_article__topics"]].questions = row["n"]
    needs = (LegalNeed.objects.filter(in_period, created_at__gte=since, topic__isnull=False)
             .values("topic").annotate(n=Count("pk")))
    for row in needs:
        topics[row["topic"]].needs = row["n"]
    ranked = sorted((s for s in topics.values() if s.score), key=lambda s: (-s.score, s.topic.sort_order))
    return ranked[:limit]
