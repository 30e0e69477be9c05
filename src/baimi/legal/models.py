"""The statute library, the community's curated answers, and residents' consultation requests.

Statutes are public text: not area-scoped. Curated answers and consultations belong to a community
(``ScopedQuerySet``): a legal adviser writes for their own community; residents read their own
community's answers and their own requests.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from baimi.places.models import ScopedQuerySet

if TYPE_CHECKING:
    from baimi.accounts.models import User


class Statute(models.Model):
    short_name = models.CharField(_("short name"), max_length=50, unique=True,
                                  help_text=_("How articles are cited, e.g. 民法典 in 民法典 第282条."))
    title = models.CharField(_("title"), max_length=200)
    preamble = models.TextField(_("adoption and dates"), blank=True)
    sha256 = models.CharField(max_length=64, editable=False)
    imported_at = models.DateTimeField(_("imported at"), auto_now=True)

    class Meta:
        verbose_name = _("statute")
        verbose_name_plural = _("statutes")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.short_name

    def get_absolute_url(self) -> str:
        return reverse("legal:statute", args=[self.short_name])


class Part(models.Model):
    """A part (编) of a code, or a sub-part (分编) when ``parent`` is set."""

    statute = models.ForeignKey(Statute, on_delete=models.CASCADE, related_name="parts")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="subparts")
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=100)
    order = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["statute_id", "order"]

    def __str__(self) -> str:
        return f"第{self.number}分编 {self.name}" if self.parent_id else self.name


class Chapter(models.Model):
    statute = models.ForeignKey(Statute, on_delete=models.CASCADE, related_name="chapters")
    part = models.ForeignKey(Part, null=True, blank=True, on_delete=models.CASCADE, related_name="chapters")
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=100)
    order = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["statute_id", "order"]

    def __str__(self) -> str:
        return f"第{self.number}章 {self.name}"


class Section(models.Model):
    chapter = models.ForeignKey(Chapter, on_delete=models.CASCADE, related_name="sections")
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=100)
    order = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["chapter_id", "order"]

    def __str__(self) -> str:
        return f"第{self.number}节 {self.name}"


class Article(models.Model):
    """One article (条). Kept across re-imports (updated in place), so citations stay valid."""

    statute = models.ForeignKey(Statute, on_delete=models.CASCADE, related_name="articles")
    part = models.ForeignKey(Part, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles")
    chapter = models.ForeignKey(Chapter, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles")
    section = models.ForeignKey(Section, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles")
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("text"), help_text=_("Paragraphs (款) separated by new lines."))

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["statute_id", "number"]
        constraints = [models.UniqueConstraint(fields=["statute", "number"], name="article_number_unique")]

    def __str__(self) -> str:
        return self.citation

    def get_absolute_url(self) -> str:
        return reverse("legal:article", args=[self.statute.short_name, self.number])

    @property
    def citation(self) -> str:
        return f"{self.statute.short_name} 第{self.number}条"

    @property
    def paragraphs(self) -> list[str]:
        return self.text.split("\n")


class CommunityScopedQuerySet(ScopedQuerySet):
    scope_field = "community"

    def for_resident(self, user: User) -> CommunityScopedQuerySet:
        # A resident's area is their residents' group; its parent is the community.
        assert user.area is not None
        return self.filter(community_id=user.area.parent_id)


class CuratedAnswerQuerySet(CommunityScopedQuerySet):
    def published(self) -> CuratedAnswerQuerySet:
        return self.filter(published=True)


class CuratedAnswer(models.Model):
    """A question residents ask, answered in plain words by the community's legal adviser, citing the law."""

    community = models.ForeignKey("places.Division", verbose_name=_("community"), on_delete=models.PROTECT,
                                  related_name="+")
    question = models.CharField(_("question"), max_length=200)
    answer = models.TextField(_("answer"))
    articles = models.ManyToManyField(Article, verbose_name=_("articles cited"), related_name="answers")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("author"), null=True,
                               on_delete=models.SET_NULL, related_name="+")
    published = models.BooleanField(_("published"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = CuratedAnswerQuerySet.as_manager()

    class Meta:
        verbose_name = _("curated answer")
        verbose_name_plural = _("curated answers")
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return self.question


class ConsultationQuerySet(CommunityScopedQuerySet):
    def for_resident(self, user: User) -> ConsultationQuerySet:
        return self.filter(requester=user)

    def open(self) -> ConsultationQuerySet:
        return self.filter(status=LegalConsultation.Status.OPEN)


class LegalConsultation(models.Model):
    """A resident's request to ask the legal adviser (法律咨询), made when search has no good answer.

    It lives here until the helpdesk app lands; then it becomes (or links to) a helpdesk request of
    the kind "legal consultation", keeping these rows.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("waiting for the legal adviser")
        ANSWERED = "answered", _("answered")

    community = models.ForeignKey("places.Division", verbose_name=_("community"), on_delete=models.PROTECT,
                                  related_name="+")
    group = models.ForeignKey("places.Division", verbose_name=_("residents' group"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    requester = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("asked by"), on_delete=models.PROTECT,
                                  related_name="+")
    question = models.TextField(_("question"))
    out_of_scope = models.BooleanField(_("outside the statute library"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    reply = models.TextField(_("reply"), blank=True)
    replied_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("replied by"), null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        verbose_name = _("legal consultation")
        verbose_name_plural = _("legal consultations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.question[:40]


# --- 菜单式普法: the topic menu, residents' orders, lectures ---------------------------------------------

class Topic(models.Model):
    """One dish on the legal-publicity menu, linked to the articles it explains. Shared by every community."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=60)
    description = models.CharField(_("description"), max_length=300, blank=True)
    articles = models.ManyToManyField(Article, verbose_name=_("articles"), related_name="topics", blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name


class TopicOrder(models.Model):
    """A resident's order (点单) of a topic for their residents' group."""

    topic = models.ForeignKey(Topic, verbose_name=_("topic"), on_delete=models.CASCADE, related_name="orders")
    community = models.ForeignKey("places.Division", verbose_name=_("community"), on_delete=models.PROTECT,
                                  related_name="+")
    group = models.ForeignKey("places.Division", verbose_name=_("residents' group"), on_delete=models.PROTECT,
                              related_name="+")
    resident = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("ordered by"), on_delete=models.CASCADE,
                                 related_name="+")
    created_at = models.DateTimeField(_("ordered at"), auto_now_add=True)

    objects = CommunityScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("topic order")
        verbose_name_plural = _("topic orders")
        constraints = [models.UniqueConstraint(fields=["topic", "resident"], name="topic_order_once")]

    def __str__(self) -> str:
        return f"{self.topic} · {self.group}"


class LectureQuerySet(CommunityScopedQuerySet):
    def for_resident(self, user: User) -> LectureQuerySet:
        assert user.area is not None
        return self.filter(community_id=user.area.parent_id)


class Lecture(models.Model):
    """A legal lecture (法律法规宣讲) scheduled from the demand for a topic."""

    class Place(models.TextChoices):
        BASE = "base", _("the law-practice base")
        GROUP = "group", _("a residents' group's meeting point")

    community = models.ForeignKey("places.Division", verbose_name=_("community"), on_delete=models.PROTECT,
                                  related_name="+")
    topic = models.ForeignKey(Topic, verbose_name=_("topic"), on_delete=models.PROTECT, related_name="lectures")
    starts_at = models.DateTimeField(_("starts at"))
    place_kind = models.CharField(_("place"), max_length=10, choices=Place.choices, default=Place.BASE)
    group = models.ForeignKey("places.Division", verbose_name=_("residents' group"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    lecturer = models.CharField(_("lecturer"), max_length=50,
                                help_text=_("The legal adviser or a 法律明白人 of the community."))
    capacity = models.PositiveSmallIntegerField(_("places"), default=40)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    objects = LectureQuerySet.as_manager()

    class Meta:
        verbose_name = _("lecture")
        verbose_name_plural = _("lectures")
        ordering = ["starts_at"]

    def __str__(self) -> str:
        return f"{self.topic} {self.starts_at:%Y-%m-%d}"


class LectureSignup(models.Model):
    lecture = models.ForeignKey(Lecture, on_delete=models.CASCADE, related_name="signups")
    resident = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("resident"), on_delete=models.CASCADE,
                                 related_name="+")
    attended = models.BooleanField(_("attended"), default=False)
    rating = models.PositiveSmallIntegerField(_("rating (1–5)"), null=True, blank=True)
    feedback = models.CharField(_("feedback"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["lecture", "resident"], name="lecture_signup_once")]

    def __str__(self) -> str:
        return f"{self.lecture} · {self.resident}"


# --- 法律诉求收集, questions asked, the law-practice base --------------------------------------------------

class QuestionLog(models.Model):
    """That a question was asked on the Q&A page, for the figures. Anonymous on purpose: no user, and the
    text only so advisers can see what people ask that the library misses (it is not linked to anyone)."""

    community = models.ForeignKey("places.Division", null=True, on_delete=models.SET_NULL, related_name="+")
    asked_at = models.DateTimeField(auto_now_add=True, db_index=True)
    text = models.CharField(max_length=200)
    out_of_scope = models.BooleanField(default=False)
    top_article = models.ForeignKey(Article, null=True, on_delete=models.SET_NULL, related_name="+")
    answered_by_adviser = models.BooleanField(default=False, help_text="a curated answer was shown")

    objects = CommunityScopedQuerySet.as_manager()

    def __str__(self) -> str:
        return self.text


class LegalNeedQuerySet(CommunityScopedQuerySet):
    def for_resident(self, user: User) -> LegalNeedQuerySet:
        return self.filter(resident=user)


class LegalNeed(models.Model):
    """A resident's legal need (法律诉求), routed to the legal adviser, who turns it into a consultation,
    a mediation case or a lecture topic."""

    class Kind(models.TextChoices):
        FAMILY = "family", _("marriage, family, inheritance")
        NEIGHBOURS = "neighbours", _("neighbours and property management")
        CONTRACT = "contract", _("debts, loans and contracts")
        LABOUR = "labour", _("work and wages")
        INJURY = "injury", _("injury and compensation")
        OTHER = "other", _("other")

    class Route(models.TextChoices):
        OPEN = "open", _("waiting for the legal adviser")
        CONSULTATION = "consultation", _("became a consultation")
        MEDIATION = "mediation", _("referred to mediation")
        LECTURE = "lecture", _("became a lecture topic")

    community = models.ForeignKey("places.Division", verbose_name=_("community"), on_delete=models.PROTECT,
                                  related_name="+")
    group = models.ForeignKey("places.Division", verbose_name=_("residents' group"), null=True,
                              on_delete=models.PROTECT, related_name="+")
    resident = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("resident"), on_delete=models.PROTECT,
                                 related_name="+")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    description = models.TextField(_("what you need"))
    route = models.CharField(_("route"), max_length=12, choices=Route.choices, default=Route.OPEN)
    consultation = models.ForeignKey(LegalConsultation, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    topic = models.ForeignKey(Topic, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("left at"), auto_now_add=True)
    routed_at = models.DateTimeField(_("routed at"), null=True, blank=True)

    objects = LegalNeedQuerySet.as_manager()

    class Meta:
        verbose_name = _("legal need")
        verbose_name_plural = _("legal needs")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.description[:40]


class ExhibitQuerySet(CommunityScopedQuerySet):
    def showing_on(self, day: datetime.date) -> ExhibitQuerySet:
        return self.filter(shows_from__lte=day, shows_until__gte=day)


class Exhibit(models.Model):
    """An item shown at the community's law-practice base (法治实践基地) for a period."""

    community = models.ForeignKey("places.Division", verbose_name=_("community"), on_delete=models.PROTECT,
                                  related_name="+")
    title = models.CharField(_("title"), max_length=100)
    topic = models.ForeignKey(Topic, verbose_name=_("topic"), null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="exhibits")
    description = models.TextField(_("description"), blank=True)
    shows_from = models.DateField(_("shown from"))
    shows_until = models.DateField(_("shown until"))

    objects = ExhibitQuerySet.as_manager()

    class Meta:
        verbose_name = _("exhibit")
        verbose_name_plural = _("exhibits")
        ordering = ["shows_from", "title"]
        constraints = [models.CheckConstraint(condition=models.Q(shows_until__gte=models.F("shows_from")),
                                              name="exhibit_period_ordered")]

    def __str__(self) -> str:
        return self.title
