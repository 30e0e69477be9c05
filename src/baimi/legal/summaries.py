"""Read-only figures for the legal pages: demand by topic and residents' group."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, QuerySet

from baimi.legal.models import Topic, TopicOrder
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
