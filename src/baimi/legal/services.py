"""Writes of the legal app: importing statutes, curated answers, consultations."""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Iterable
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from baimi.accounts import audit
from baimi.accounts.models import User
from baimi.legal.models import (
    Article,
    Chapter,
    CuratedAnswer,
    Exhibit,
    Lecture,
    LectureSignup,
    LegalConsultation,
    LegalNeed,
    Part,
    QuestionLog,
    Section,
    Statute,
    Topic,
    TopicOrder,
)
from baimi.legal.parsing import ParsedStatute, parse_statute_file
from baimi.places.models import Division, Level

STATUTES_DIR = Path(__file__).parent / "data" / "statutes"
BUNDLED_STATUTES = [STATUTES_DIR / f"{name}.md" for name in ("民法典", "人民调解法", "志愿服务条例")]


@transaction.atomic
def statute_import(*, parsed: ParsedStatute) -> Statute:
    """Create or replace one statute. Articles are updated in place (curated answers cite them);
    parts, chapters and sections are rebuilt."""
    statute, _ = Statute.objects.update_or_create(
        short_name=parsed.short_name,
        defaults={"title": parsed.title, "preamble": parsed.preamble, "sha256": parsed.sha256},
    )
    statute.parts.all().delete()
    statute.chapters.all().delete()
    parts: list[Part] = []
    for order, heading in enumerate(parsed.parts):
        parent = parts[heading.parent] if heading.parent is not None else None
        parts.append(Part.objects.create(statute=statute, parent=parent, number=heading.number,
                                         name=heading.name, order=order))
    chapters = Chapter.objects.bulk_create([
        Chapter(statute=statute, part=parts[h.parent] if h.parent is not None else None, number=h.number,
                name=h.name, order=order)
        for order, h in enumerate(parsed.chapters)
    ])
    sections = Section.objects.bulk_create([
        Section(chapter=chapters[h.parent], number=h.number, name=h.name, order=order)  # type: ignore[index]
        for order, h in enumerate(parsed.sections)
    ])
    existing = {a.number: a for a in statute.articles.all()}
    new: list[Article] = []
    changed: list[Article] = []
    for parsed_article in parsed.articles:
        article = existing.pop(parsed_article.number, None) or Article(statute=statute, number=parsed_article.number)
        article.text = parsed_article.text
        article.part = parts[parsed_article.part] if parsed_article.part is not None else None
        article.chapter = chapters[parsed_article.chapter] if parsed_article.chapter is not None else None
        article.section = sections[parsed_article.section] if parsed_article.section is not None else None
        (changed if article.pk else new).append(article)
    Article.objects.bulk_create(new, batch_size=500)
    Article.objects.bulk_update(changed, ["text", "part", "chapter", "section"], batch_size=500)
    Article.objects.filter(pk__in=[a.pk for a in existing.values()]).delete()
    audit.record(action="import", user=False, obj=statute, articles=len(parsed.articles))
    return statute


def statutes_import_files(*, paths: Iterable[Path]) -> list[Statute]:
    """Parse every file first, then import them all in one transaction: all or nothing."""
    parsed = [parse_statute_file(path) for path in paths]
    with transaction.atomic():
        return [statute_import(parsed=p) for p in parsed]


def ensure_statutes_loaded() -> list[Statute]:
    """Load the bundled laws (民法典, 人民调解法, 志愿服务条例) unless the same text is already loaded,
    and the default topic menu where missing. Cheap when nothing changed (a dozen small queries).
    For ``baimi demo`` and first start; safe to call on every start."""
    loaded = dict(Statute.objects.values_list("short_name", "sha256"))
    stale = [path for path in BUNDLED_STATUTES
             if loaded.get(path.stem) != hashlib.sha256(path.read_bytes()).hexdigest()]
    if stale:
        statutes_import_files(paths=stale)
    topics_ensure_default()
    return list(Statute.objects.filter(short_name__in=[path.stem for path in BUNDLED_STATUTES]))


def community_of(user: User) -> Division | None:
    """The community a user belongs to: their area, or its parent for a residents' group."""
    area = user.area
    if area is None:
        return None
    if area.level == Level.GROUP:
        return area.parent
    return area if area.level == Level.COMMUNITY else None


@transaction.atomic
def answer_save(*, author: User, question: str, answer: str, articles: Iterable[Article],
                published: bool = True, instance: CuratedAnswer | None = None) -> CuratedAnswer:
    community = instance.community if instance else community_of(author)
    if community is None:
        raise ValueError("the author has no community")
    curated = instance or CuratedAnswer(community=community)
    curated.question, curated.answer, curated.published = question, answer, published
    curated.author = author
    curated.save()
    curated.articles.set(list(articles))
    audit.record(action="change" if instance else "create", user=author, obj=curated)
    return curated


@transaction.atomic
def consultation_open(*, requester: User, question: str, out_of_scope: bool = False) -> LegalConsultation:
    community = community_of(requester)
    if community is None:
        raise ValueError("the requester has no community")
    group = requester.area if requester.area and requester.area.level == Level.GROUP else None
    consultation = LegalConsultation.objects.create(
        community=community, group=group, requester=requester, question=question, out_of_scope=out_of_scope)
    audit.record(action="create", user=requester, obj=consultation)
    return consultation


@transaction.atomic
def consultation_reply(*, consultation: LegalConsultation, adviser: User, reply: str) -> LegalConsultation:
    consultation.reply, consultation.replied_by = reply, adviser
    consultation.status, consultation.replied_at = LegalConsultation.Status.ANSWERED, timezone.now()
    consultation.save(update_fields=["reply", "replied_by", "status", "replied_at"])
    audit.record(action="change", user=adviser, obj=consultation)
    return consultation


# --- the topic menu, orders and lectures -------------------------------------------------------------

TOPICS_FILE = Path(__file__).parent / "data" / "topics.tsv"


@transaction.atomic
def topics_ensure_default() -> int:
    """Create the default menu (``data/topics.tsv``) where missing; existing topics are left as edited.
    Articles are ``282`` (Civil Code) or ``人民调解法:17``. Needs the statutes loaded."""
    created = 0
    rows = [line.split("\t") for line in TOPICS_FILE.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]
    for order, (code, name, description, *rest) in enumerate(rows):
        topic, was_created = Topic.objects.get_or_create(
            code=code, defaults={"name": name, "description": description, "sort_order": order})
        if not was_created:
            continue
        created += 1
        for citation in filter(None, (rest[0] if rest else "").split(",")):
            law, _, number = citation.rpartition(":")
            article = Article.objects.filter(statute__short_name=law or "民法典", number=int(number)).first()
            if article is not None:
                topic.articles.add(article)
    return created


@transaction.atomic
def topic_order(*, resident: User, topic: Topic) -> TopicOrder:
    """A resident orders a topic for their residents' group; ordering twice keeps the one order."""
    if not resident.is_resident or resident.area is None or resident.area.level != Level.GROUP:
        raise PermissionError("only a resident of a residents' group orders topics")
    order, created = TopicOrder.objects.get_or_create(
        topic=topic, resident=resident,
        defaults={"group": resident.area, "community": resident.area.parent})
    if created:
        audit.record(action="create", user=resident, obj=order)
    return order


@transaction.atomic
def lecture_schedule(*, by: User, community: Division, topic: Topic, starts_at: datetime.datetime,
                     place_kind: str, group: Division | None, lecturer: str, capacity: int) -> Lecture:
    lecture = Lecture.objects.create(community=community, topic=topic, starts_at=starts_at, place_kind=place_kind,
                                     group=group, lecturer=lecturer, capacity=capacity, created_by=by)
    audit.record(action="create", user=by, obj=lecture)
    return lecture


class LectureFull(Exception):
    pass


@transaction.atomic
def lecture_signup(*, lecture: Lecture, resident: User) -> LectureSignup:
    # Lock the lecture row so two last-minute sign-ups cannot both take the last place.
    locked = Lecture.objects.select_for_update().get(pk=lecture.pk)
    existing = LectureSignup.objects.filter(lecture=locked, resident=resident).first()
    if existing is not None:
        return existing
    if locked.signups.count() >= locked.capacity:
        raise LectureFull
    return LectureSignup.objects.create(lecture=locked, resident=resident)


@transaction.atomic
def lecture_record_attendance(*, lecture: Lecture, attended_ids: Iterable[int], by: User) -> int:
    ids = set(attended_ids)
    lecture.signups.exclude(pk__in=ids).update(attended=False)
    count = lecture.signups.filter(pk__in=ids).update(attended=True)
    audit.record(action="change", user=by, obj=lecture, attended=count)
    return count


@transaction.atomic
def lecture_feedback(*, signup: LectureSignup, rating: int, feedback: str) -> LectureSignup:
    if not signup.attended:
        raise PermissionError("feedback comes from those who attended")
    signup.rating, signup.feedback = rating, feedback
    signup.save(update_fields=["rating", "feedback"])
    return signup


# --- legal needs and the question log ----------------------------------------------------------------

def question_log(*, community: Division | None, text: str, out_of_scope: bool, top_article: Article | None,
                 answered_by_adviser: bool) -> QuestionLog:
    return QuestionLog.objects.create(community=community, text=text[:200], out_of_scope=out_of_scope,
                                      top_article=top_article, answered_by_adviser=answered_by_adviser)


@transaction.atomic
def need_leave(*, resident: User, kind: str, description: str) -> LegalNeed:
    community = community_of(resident)
    if community is None or not resident.is_resident:
        raise PermissionError("legal needs are left by residents of a community")
    need = LegalNeed.objects.create(community=community, group=resident.area, resident=resident, kind=kind,
                                    description=description)
    audit.record(action="create", user=resident, obj=need)
    return need


@transaction.atomic
def need_route(*, need: LegalNeed, adviser: User, route: str, topic: Topic | None = None) -> LegalNeed:
    """The adviser decides what a need becomes: a consultation (opened for the resident), a referral to
    mediation (the mediation app takes it from there), or a lecture topic (counted as the resident's order)."""
    if route == LegalNeed.Route.CONSULTATION:
        need.consultation = consultation_open(requester=need.resident, question=need.description)
    elif route == LegalNeed.Route.LECTURE:
        if topic is None:
            raise ValueError("a lecture route needs a topic")
        need.topic = topic
        topic_order(resident=need.resident, topic=topic)
    elif route != LegalNeed.Route.MEDIATION:
        raise ValueError(f"unknown route {route!r}")
    need.route, need.routed_at = route, timezone.now()
    need.save(update_fields=["consultation", "topic", "route", "routed_at"])
    audit.record(action="change", user=adviser, obj=need, route=route)
    return need


@transaction.atomic
def exhibit_add(*, by: User, community: Division, title: str, topic: Topic | None, description: str,
                shows_from: datetime.date, shows_until: datetime.date) -> Exhibit:
    exhibit = Exhibit.objects.create(community=community, title=title, topic=topic, description=description,
                                     shows_from=shows_from, shows_until=shows_until)
    audit.record(action="create", user=by, obj=exhibit)
    return exhibit
