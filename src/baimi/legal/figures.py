"""The legal-publicity figures for an area (issue: questions, orders by topic, lectures and attendance,
needs by type). Read-only, a handful of aggregate queries whatever the area's size."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Avg, Count, Q

from baimi.accounts.models import User
from baimi.legal.models import Lecture, LectureSignup, LegalConsultation, LegalNeed, QuestionLog, TopicOrder


@dataclass
class LegalFigures:
    questions: int
    questions_out_of_scope: int
    questions_with_adviser_answer: int
    consultations: int
    consultations_answered: int
    orders_by_topic: list[tuple[str, int]]
    lectures: int
    signups: int
    attended: int
    average_rating: float | None
    needs_by_kind: list[tuple[str, int]]


def legal_figures(user: User) -> LegalFigures:
    questions = QuestionLog.objects.visible_to(user).aggregate(
        n=Count("pk"), out=Count("pk", filter=Q(out_of_scope=True)),
        adviser=Count("pk", filter=Q(answered_by_adviser=True)))
    consultations = LegalConsultation.objects.visible_to(user).aggregate(
        n=Count("pk"), answered=Count("pk", filter=Q(status=LegalConsultation.Status.ANSWERED)))
    orders = (TopicOrder.objects.visible_to(user).values("topic__name").annotate(n=Count("pk"))
              .order_by("-n", "topic__name"))
    lectures = Lecture.objects.visible_to(user)
    signups = LectureSignup.objects.filter(lecture__in=lectures).aggregate(
        n=Count("pk"), attended=Count("pk", filter=Q(attended=True)), rating=Avg("rating"))
    kinds = dict(LegalNeed.Kind.choices)
    needs = LegalNeed.objects.visible_to(user).values("kind").annotate(n=Count("pk")).order_by("-n", "kind")
    return LegalFigures(
        questions=questions["n"], questions_out_of_scope=questions["out"],
        questions_with_adviser_answer=questions["adviser"],
        consultations=consultations["n"], consultations_answered=consultations["answered"],
        orders_by_topic=[(row["topic__name"], row["n"]) for row in orders],
        lectures=lectures.count(), signups=signups["n"], attended=signups["attended"],
        average_rating=round(signups["rating"], 1) if signups["rating"] is not None else None,
        needs_by_kind=[(str(kinds.get(row["kind"], row["kind"])), row["n"]) for row in needs],
    )
