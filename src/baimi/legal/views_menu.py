"""菜单式普法: the topic menu, residents' orders, demand by topic and group, lectures."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from baimi.accounts import audit
from baimi.accounts.models import AuditEvent, User
from baimi.accounts.roles import Role
from baimi.legal import services, summaries
from baimi.legal.forms import ExhibitForm, FeedbackForm, LectureForm
from baimi.legal.models import CuratedAnswer, Exhibit, Lecture, LectureSignup, Topic, TopicOrder
from baimi.legal.services import community_of

ORGANISERS = frozenset({Role.LEGAL_ADVISER, Role.COMMUNITY_WORKER})


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _require_organiser(request: HttpRequest) -> User:
    user = _user(request)
    if user.role not in ORGANISERS or community_of(user) is None:
        raise PermissionDenied
    return user


def _get_lecture_for_user(request: HttpRequest, pk: int) -> Lecture:
    lecture: Lecture | None = (Lecture.objects.visible_to(_user(request)).select_related("topic", "group", "community")
                               .filter(pk=pk).first())
    if lecture is None:
        other = Lecture.objects.filter(pk=pk).first()
        if other is not None:
            audit.record(action="view", outcome=AuditEvent.Outcome.DENIED, request=request, obj=other)
        raise Http404
    return lecture


@require_GET
@login_required
def menu(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    orders = TopicOrder.objects.visible_to(user)  # a resident: their whole community's orders
    topics = Topic.objects.annotate(
        demand=Count("orders", filter=Q(orders__in=orders), distinct=True),
        articles_count=Count("articles", distinct=True))
    mine = set(TopicOrder.objects.filter(resident=user).values_list("topic_id", flat=True))
    lectures = (Lecture.objects.visible_to(user).filter(starts_at__gte=timezone.now())
                .select_related("topic", "group")[:10])
    return render(request, "legal/menu.html", {"topics": topics, "mine": mine, "lectures": lectures,
                                               "can_order": user.is_resident, "can_organise": user.role in ORGANISERS})


@require_GET
@login_required
def topic_detail(request: HttpRequest, code: str) -> HttpResponse:
    topic = get_object_or_404(Topic, code=code)
    articles = topic.articles.select_related("statute")
    # The community's curated answers that cite any of the topic's articles belong to the topic too.
    answers = (CuratedAnswer.objects.visible_to(_user(request)).published()
               .filter(articles__topics=topic).distinct())
    return render(request, "legal/topic_detail.html", {"topic": topic, "articles": articles, "answers": answers})


@require_POST
@login_required
def topic_order(request: HttpRequest, code: str) -> HttpResponse:
    user = _user(request)
    if not user.is_resident or user.area is None:
        raise PermissionDenied
    topic = get_object_or_404(Topic, code=code)
    services.topic_order(resident=user, topic=topic)
    messages.success(request, _("Thank you: your order counts towards a lecture for your residents' group."))
    return redirect("legal:menu")


@require_GET
@login_required
def demand(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if user.is_resident:
        raise PermissionDenied
    groups, rows = summaries.demand_table(TopicOrder.objects.visible_to(user))
    return render(request, "legal/demand.html", {"groups": groups, "rows": rows,
                                                 "can_organise": user.role in ORGANISERS})


@require_http_methods(["GET", "POST"])
@login_required
def lecture_new(request: HttpRequest) -> HttpResponse:
    organiser = _require_organiser(request)
    community = community_of(organiser)
    assert community is not None
    initial = {"topic": Topic.objects.filter(code=request.GET.get("topic", "")).first(),
               "lecturer": organiser.display_name if organiser.role == Role.LEGAL_ADVISER else ""}
    form = LectureForm(request.POST or None, initial=initial, community=community)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        lecture = services.lecture_schedule(
            by=organiser, community=community, topic=data["topic"], starts_at=data["starts_at"],
            place_kind=data["place_kind"], group=data["group"], lecturer=data["lecturer"], capacity=data["capacity"])
        return redirect("legal:lecture", lecture.pk)
    return render(request, "legal/lecture_form.html", {"form": form})


@require_GET
@login_required
def lecture_detail(request: HttpRequest, pk: int) -> HttpResponse:
    lecture = _get_lecture_for_user(request, pk)
    user = _user(request)
    mine = LectureSignup.objects.filter(lecture=lecture, resident=user).first()
    context: dict[str, object] = {"lecture": lecture, "mine": mine, "taken": lecture.signups.count(),
               "feedback_form": FeedbackForm() if mine and mine.attended and mine.rating is None else None}
    if user.role in ORGANISERS:
        signups = lecture.signups.select_related("resident")
        context |= {"signups": signups, "ratings": [s.rating for s in signups if s.rating]}
    return render(request, "legal/lecture_detail.html", context)


@require_POST
@login_required
def lecture_signup(request: HttpRequest, pk: int) -> HttpResponse:
    lecture = _get_lecture_for_user(request, pk)
    if not _user(request).is_resident:
        raise PermissionDenied
    try:
        services.lecture_signup(lecture=lecture, resident=_user(request))
    except services.LectureFull:
        messages.error(request, _("Sorry, the lecture is full."))
    return redirect("legal:lecture", pk)


@require_POST
@login_required
def lecture_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    organiser = _require_organiser(request)
    lecture = _get_lecture_for_user(request, pk)
    ids = [int(value) for value in request.POST.getlist("attended") if value.isdigit()]
    services.lecture_record_attendance(lecture=lecture, attended_ids=ids, by=organiser)
    return redirect("legal:lecture", pk)


@require_POST
@login_required
def lecture_feedback(request: HttpRequest, pk: int) -> HttpResponse:
    lecture = _get_lecture_for_user(request, pk)
    signup = LectureSignup.objects.filter(lecture=lecture, resident=_user(request), attended=True).first()
    if signup is None:
        raise PermissionDenied
    form = FeedbackForm(request.POST)
    if form.is_valid():
        services.lecture_feedback(signup=signup, rating=form.cleaned_data["rating"],
                                  feedback=form.cleaned_data["feedback"])
    return redirect("legal:lecture", pk)


@require_GET
@login_required
def base(request: HttpRequest) -> HttpResponse:
    """The law-practice base: what is on show now and next, and (for organisers) what to show next."""
    user = _user(request)
    today = timezone.localdate()
    exhibits = Exhibit.objects.visible_to(user).filter(shows_until__gte=today).select_related("topic")
    context: dict[str, object] = {"showing": [e for e in exhibits if e.shows_from <= today],
                                  "coming": [e for e in exhibits if e.shows_from > today]}
    community = community_of(user)
    if user.role in ORGANISERS and community is not None:
        context["suggestions"] = summaries.exhibit_suggestions(community, timezone.now() - dt.timedelta(days=30))
        context["form"] = ExhibitForm(initial={"shows_from": today, "shows_until": today + dt.timedelta(days=30)})
    return render(request, "legal/base.html", context)


@require_POST
@login_required
def exhibit_new(request: HttpRequest) -> HttpResponse:
    organiser = _require_organiser(request)
    community = community_of(organiser)
    assert community is not None
    form = ExhibitForm(request.POST)
    if not form.is_valid():
        return render(request, "legal/base.html", {"form": form, "showing": [], "coming": []}, status=400)
    services.exhibit_add(by=organiser, community=community, **form.cleaned_data)
    return redirect("legal:base")


@require_GET
@login_required
def demand_geojson(request: HttpRequest) -> JsonResponse:
    """Orders per residents' group as GeoJSON points (WGS-84) for the circle map to draw as a layer."""
    user = _user(request)
    if user.is_resident:
        raise PermissionDenied
    groups, rows = summaries.demand_table(TopicOrder.objects.visible_to(user))
    features = []
    for column, group in enumerate(groups):
        if group.lon is None or group.lat is None:
            continue
        by_topic = {row.topic.code: row.counts[column] for row in rows if row.counts[column]}
        features.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [group.lon, group.lat]},
                         "properties": {"code": group.code, "name": group.name, "orders": sum(by_topic.values()),
                                        "by_topic": by_topic}})
    return JsonResponse({"type": "FeatureCollection", "features": features})
