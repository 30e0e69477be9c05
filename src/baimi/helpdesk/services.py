"""Everything that changes a help request, in one place: pages, the Open311 API, the clock tick and
the demo all call these. Each runs in a transaction and records an ``Event`` (who, when, what).

Dispatch: the request is offered to the best-placed staff member (``dispatch.rank_candidates``)
who still has room (their ``capacity`` counts pending offers and requests they hold); the staff row
is locked while that is checked, so two requests dispatched at the same moment cannot both take a
person's last place. An offer not answered within the category's ``offer_seconds`` — or declined —
goes to the next person. Nobody left: the request waits at its level and the ladder takes over.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from baimi.accounts import audit
from baimi.accounts.models import User
from baimi.accounts.roles import Role
from baimi.caching import process_cache
from baimi.helpdesk import dispatch
from baimi.helpdesk.models import LADDER, Event, HelpCategory, HelpRequest, Level, Offer, SettledLevel
from baimi.places.models import Building, Division, Household
from baimi.places.models import Level as DivisionLevel

log = logging.getLogger(__name__)
HOLDING = (HelpRequest.Status.ACCEPTED, HelpRequest.Status.ARRIVED)


class RequestRefused(Exception):
    """The move is not possible now; the message says why, for the person who tried."""


# --- intake --------------------------------------------------------------------------------------------

def _place(*, community: Division | None, group: Division | None, building: Building | None,
           household: Household | None, lon: float | None, lat: float | None, reporter: User | None
           ) -> tuple[Division, Division, float | None, float | None]:
    """Where the help is needed: the most precise of household, building, point, the reporter's group."""
    if household is not None:
        building = building or household.building
        group = group or household.group
    if building is not None:
        group = group or building.group
        lon, lat = (lon, lat) if lon is not None else (building.lon, building.lat)
    if group is None and lon is not None and lat is not None:
        group = _nearest_group(community, lon, lat)
    if group is None and reporter is not None and reporter.area is not None \
            and reporter.area.level == DivisionLevel.GROUP:
        group = reporter.area
    if group is None:
        raise ValueError("say where the help is needed: a household, a building, a point or a residents' group")
    community = community or group.parent
    assert community is not None
    if lon is None or lat is None:
        lon, lat = group.lon, group.lat
    return community, group, lon, lat


GROUP_CACHE_S = 5.0
_group_centres = process_cache(GROUP_CACHE_S)  # community pk → [(lon, lat, group)]


def _nearest_group(community: Division | None, lon: float, lat: float) -> Division | None:
    """The residents' group whose centre is nearest (straight line), from centres kept a few seconds
    per process: this runs on every report, and groups change only when a community is re-imported."""
    key = community.pk if community is not None else None
    centres = _group_centres.get(key)
    if centres is None:
        groups = Division.objects.filter(level=DivisionLevel.GROUP, lon__isnull=False).order_by("pk")
        if community is not None:
            groups = groups.filter(parent=community)
        centres = _group_centres[key] = [(g.lon, g.lat, g) for g in groups]
    if not centres:
        return None
    nearest: Division = min(centres, key=lambda c: (c[0] - lon) ** 2 + (c[1] - lat) ** 2)[2]
    return nearest


def submit_help_request(*, category: HelpCategory, description: str, community: Division | None = None,
                        group: Division | None = None, building: Building | None = None,
                        household: Household | None = None, lon: float | None = None, lat: float | None = None,
                        address: str = "", contact_name: str = "", contact_phone: str = "",
                        reporter: User | None = None, recorded_by: User | None = None, consent_noted: bool = False,
                        channel: str = HelpRequest.Channel.WEB, media_url: str = "",
                        idempotency_key: str | None = None) -> tuple[HelpRequest, bool]:
    """Save a request and start dispatch; return (request, created).

    The same ``idempotency_key`` always gives back the first request (created False), also when two
    tries race: the unique key decides, and the loser reads the winner's row. (No look before the
    insert: a retry is rare, and the constraint has to decide anyway.)
    """
    community, group, lon, lat = _place(community=community, group=group, building=building, household=household,
                                        lon=lon, lat=lat, reporter=reporter)
    now = timezone.now()
    try:
        with transaction.atomic():
            request = HelpRequest.objects.create(
                category=category, description=description.strip(), community=community, group=group,
                building=building or (household.building if household else None), household=household,
                lon=lon, lat=lat, address=address, contact_name=contact_name, contact_phone=contact_phone,
                reporter=reporter, recorded_by=recorded_by, consent_noted=consent_noted, channel=channel,
                media_url=media_url, idempotency_key=idempotency_key or None,
                ack_due=now + dt.timedelta(minutes=category.ack_minutes),
                arrival_due=now + dt.timedelta(minutes=category.arrival_minutes),
                level=Level.GROUP, level_due=now + dt.timedelta(minutes=category.ack_minutes),
            )
            _event(request, "received", recorded_by or reporter, channel)
            audit.record(action="create", user=recorded_by or reporter, obj=request)
    except IntegrityError:
        if not idempotency_key:
            raise
        return HelpRequest.objects.get(idempotency_key=idempotency_key), False
    # Saved first, dispatched after: a failure while choosing someone never loses the request; it
    # stays "received" and the next tick tries again.
    try:
        offer_next(request, fresh=True)
    except Exception:  # noqa: BLE001 - logged, and retried by the tick
        log.exception("dispatch of %s failed; the tick will try again", request.reference)
    return request, True


# --- dispatch -------------------------------------------------------------------------------------------

def _event(request: HelpRequest, kind: str, actor: User | None, note: str = "") -> Event:
    return Event.objects.create(request=request, kind=kind, actor=actor if isinstance(actor, User) else None,
                                note=note[:500])


def staff_load(staff_id: int) -> int:
    """What a staff member holds now: pending offers plus requests accepted and not yet settled."""
    pending = Offer.objects.filter(staff_id=staff_id, status=Offer.Status.PENDING).count()
    holding = HelpRequest.objects.filter(assigned_to_id=staff_id, status__in=HOLDING).count()
    return pending + holding


def full_staff(community: Division) -> set[int]:
    """The community's staff who have no room now (load ≥ capacity, also a capacity of 0 with nothing
    held), in one query whatever the size.

    A pre-filter only: it is read without locks, so ``offer_next`` checks the chosen person again under
    their row lock. Without it, a surge in which everybody is busy cost two queries and a lock per
    staff member for every new request (with 2,000 staff, seconds), just to learn nobody was free.
    Plain SQL because this runs on every report: the ORM spent more time building the query than the
    database spent answering it."""
    from baimi.places.models import Staff

    holding = ", ".join(["%s"] * len(HOLDING))
    sql = f"""
        SELECT busy.staff_id FROM (
            SELECT o.staff_id FROM {Offer._meta.db_table} o WHERE o.status = %s
            UNION ALL
            SELECT r.assigned_to_id FROM {HelpRequest._meta.db_table} r
             WHERE r.status IN ({holding}) AND r.assigned_to_id IS NOT NULL
        ) busy JOIN {Staff._meta.db_table} s ON s.id = busy.staff_id
        WHERE s.community_id = %s
        GROUP BY busy.staff_id, s.capacity HAVING COUNT(*) >= s.capacity
        UNION
        SELECT s.id FROM {Staff._meta.db_table} s WHERE s.community_id = %s AND s.capacity <= 0"""
    with connection.cursor() as cursor:
        cursor.execute(sql, [Offer.Status.PENDING, *HOLDING, community.pk, community.pk])
        return {row[0] for row in cursor.fetchall()}


def offer_next(request: HelpRequest, *, at: dt.datetime | None = None, fresh: bool = False,
               retry: bool = False) -> Offer | None:
    """Offer ``request`` to the next best-placed staff member with room; None if nobody is left.
    ``fresh``: the request was saved a moment ago, so nobody has been asked yet. ``retry``: the tick
    trying a waiting request again; its timeline already says nobody was free, once is enough."""
    from baimi.places.models import Staff

    at = at or timezone.now()
    if request.lon is None or request.lat is None:
        return None
    asked = set() if fresh else set(request.offers.values_list("staff_id", flat=True))
    tried = asked | full_staff(request.community)
    while ranked := dispatch.rank_candidates(community=request.community, lon=request.lon, lat=request.lat,
                                             skill_id=request.category.skill_id, at=at, exclude=frozenset(tried)):
        for candidate in ranked:
            tried.add(candidate.staff_id)
            with transaction.atomic():
                staff = Staff.objects.select_for_update().get(pk=candidate.staff_id)  # one dispatcher at a time
                if staff_load(staff.pk) >= staff.capacity:  # taken since full_staff was read
                    continue
                offer = Offer.objects.create(request=request, staff=staff, status=Offer.Status.PENDING,
                                             walk_m=None if candidate.walk_m == float("inf") else candidate.walk_m,
                                             expires_at=at + dt.timedelta(seconds=request.category.offer_seconds))
                HelpRequest.objects.filter(pk=request.pk).update(status=HelpRequest.Status.OFFERED, updated_at=at)
                _event(request, "offered", None, staff.name)
            request.status = HelpRequest.Status.OFFERED
            if staff.user is not None:
                _notify(staff.user, request, _("Help needed: %(category)s") % {"category": request.category},
                        f"offer:{offer.pk}")
            return offer
    if not retry:
        _event(request, "nobody_free", None)
    return None


def _offer_for(request: HelpRequest, user: User) -> Offer:
    offer = request.offers.filter(status=Offer.Status.PENDING, staff__user=user).first()
    if offer is None:
        raise RequestRefused(_("There is no open offer of this request for you."))
    return offer


@transaction.atomic
def accept(request: HelpRequest, *, by: User) -> HelpRequest:
    request = HelpRequest.objects.select_for_update().get(pk=request.pk)
    offer = _offer_for(request, by)
    now = timezone.now()
    if offer.expires_at < now:
        raise RequestRefused(_("The offer has expired and gone to someone else."))
    offer.status, offer.answered_at = Offer.Status.ACCEPTED, now
    offer.save(update_fields=["status", "answered_at"])
    request.offers.filter(status=Offer.Status.PENDING).exclude(pk=offer.pk).update(
        status=Offer.Status.WITHDRAWN, answered_at=now)
    request.status, request.assigned_to, request.accepted_at = HelpRequest.Status.ACCEPTED, offer.staff, now
    if request.level == Level.GROUP:
        request.level_due = request.arrival_due  # the group's clock now runs to the arrival deadline
    request.save()
    _event(request, "accepted", by, offer.staff.name)
    if request.reporter is not None:
        _notify(request.reporter, request, _("%(name)s is on the way") % {"name": offer.staff.name},
                f"accepted:{request.pk}:{offer.pk}")
    return request


def decline(request: HelpRequest, *, by: User) -> HelpRequest:
    with transaction.atomic():
        request = HelpRequest.objects.select_for_update().get(pk=request.pk)
        offer = _offer_for(request, by)
        offer.status, offer.answered_at = Offer.Status.DECLINED, timezone.now()
        offer.save(update_fields=["status", "answered_at"])
        _event(request, "declined", by, offer.staff.name)
    offer_next(request)
    return request


@transaction.atomic
def arrive(request: HelpRequest, *, by: User) -> HelpRequest:
    request = HelpRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != HelpRequest.Status.ACCEPTED or request.assigned_to is None:
        raise RequestRefused(_("Only an accepted request can be marked as reached."))
    if request.assigned_to.user_id != by.pk and not _manages(by, request):
        raise RequestRefused(_("Only the person who accepted it, or the community's staff, can say so."))
    request.status, request.arrived_at, request.level_due = HelpRequest.Status.ARRIVED, timezone.now(), None
    request.save()
    _event(request, "arrived", by)
    return request


def default_settled_level(request: HelpRequest) -> str:
    """No visit needed: at home; settled by the group's people: in the circle; then by the level."""
    if request.level == Level.GROUP:
        return SettledLevel.HOME if request.arrived_at is None else SettledLevel.CIRCLE
    return SettledLevel.COMMUNITY if request.level == Level.COMMUNITY else SettledLevel.ABOVE


@transaction.atomic
def settle(request: HelpRequest, *, by: User, notes: str = "", level: str | None = None) -> HelpRequest:
    request = HelpRequest.objects.select_for_update().get(pk=request.pk)
    if not request.is_open:
        raise RequestRefused(_("This request is already closed."))
    holder = request.assigned_to is not None and request.assigned_to.user_id == by.pk
    if not holder and not _manages(by, request):
        raise RequestRefused(_("Only the person handling it, or the community's staff, can settle it."))
    now = timezone.now()
    request.status, request.settled_at, request.level_due = HelpRequest.Status.SETTLED, now, None
    request.settled_level = level if level in SettledLevel.values else default_settled_level(request)
    request.status_notes = notes[:500]
    request.save()
    request.offers.filter(status=Offer.Status.PENDING).update(status=Offer.Status.WITHDRAWN, answered_at=now)
    _event(request, "settled", by, notes)
    if request.reporter is not None:
        _notify(request.reporter, request, _("Your request was settled; please confirm it"),
                f"settled:{request.pk}:{now.isoformat()}")
    return request


@transaction.atomic
def confirm(request: HelpRequest, *, by: User, rating: int | None = None, feedback: str = "") -> HelpRequest:
    request = HelpRequest.objects.select_for_update().get(pk=request.pk)
    if request.reporter_id != by.pk:
        raise RequestRefused(_("Only the resident who asked can confirm it."))
    if request.status != HelpRequest.Status.SETTLED:
        raise RequestRefused(_("It can be confirmed once staff have settled it."))
    if rating is not None and not 1 <= rating <= 5:
        raise RequestRefused(_("A rating is from 1 to 5 stars."))
    request.status, request.rating, request.feedback = HelpRequest.Status.CONFIRMED, rating, feedback[:500]
    request.save()
    _event(request, "confirmed", by, feedback)
    return request


def reopen(request: HelpRequest, *, by: User, reason: str) -> HelpRequest:
    with transaction.atomic():
        request = HelpRequest.objects.select_for_update().get(pk=request.pk)
        if request.reporter_id != by.pk:
            raise RequestRefused(_("Only the resident who asked can reopen it."))
        if request.status != HelpRequest.Status.SETTLED:
            raise RequestRefused(_("Only a settled request can be reopened."))
        now = timezone.now()
        request.status, request.settled_at, request.settled_level = HelpRequest.Status.NEW, None, ""
        request.assigned_to, request.accepted_at, request.arrived_at = None, None, None
        request.ack_due = now + dt.timedelta(minutes=request.category.ack_minutes)
        request.arrival_due = now + dt.timedelta(minutes=request.category.arrival_minutes)
        request.level_due = request.ack_due
        request.save()
        request.offers.all().delete()  # everyone may be asked again
        _event(request, "reopened", by, reason)
    offer_next(request)
    return request


# --- clocks and the ladder --------------------------------------------------------------------------------

def _level_people(request: HelpRequest, level: str) -> list[User]:
    """Who is told when a request reaches ``level``."""
    if level == Level.GROUP:
        return list(User.objects.filter(role=Role.GRID_WORKER, area=request.group, is_active=True))
    if level == Level.COMMUNITY:
        return list(User.objects.filter(role=Role.COMMUNITY_WORKER, area=request.community, is_active=True))
    division = request.community.parent if level == Level.TOWN else (
        request.community.parent.parent if request.community.parent else None)
    role = Role.TOWN_OFFICER if level == Level.TOWN else Role.COUNTY_OFFICER
    return list(User.objects.filter(role=role, area=division, is_active=True)) if division else []


def escalate(request: HelpRequest, *, now: dt.datetime | None = None) -> bool:
    """Move an overdue request one level up and tell that level; False if it was not overdue (any more)."""
    now = now or timezone.now()
    with transaction.atomic():
        request = HelpRequest.objects.select_for_update().get(pk=request.pk)
        if not request.is_open or request.level_due is None or request.level_due > now:
            return False  # handled meanwhile, or another tick got here first
        current = LADDER.index(Level(request.level))
        if current + 1 >= len(LADDER):
            request.level_due = None  # the county has it; nowhere higher to go
            request.save(update_fields=["level_due", "updated_at"])
            return False
        request.level = LADDER[current + 1]
        last = current + 2 >= len(LADDER)
        request.level_due = None if last else now + dt.timedelta(minutes=request.category.escalate_minutes)
        request.save(update_fields=["level", "level_due", "updated_at"])
        _event(request, "escalated", None, request.level)
        for person in _level_people(request, request.level):
            _notify(person, request, _("Overdue help request: %(category)s") % {"category": request.category},
                    f"escalated:{request.pk}:{request.level}")
    return True


def expire_offers(now: dt.datetime | None = None) -> int:
    """Offers nobody answered in time: mark them and ask the next person."""
    now = now or timezone.now()
    expired = 0
    for offer_id in Offer.objects.filter(status=Offer.Status.PENDING, expires_at__lte=now).values_list("pk", flat=True):
        with transaction.atomic():
            offer = Offer.objects.select_for_update().filter(pk=offer_id, status=Offer.Status.PENDING).first()
            if offer is None:
                continue
            offer.status, offer.answered_at = Offer.Status.EXPIRED, now
            offer.save(update_fields=["status", "answered_at"])
            _event(offer.request, "offer_expired", None, offer.staff.name)
        expired += 1
        request = offer.request
        if request.status in (HelpRequest.Status.NEW, HelpRequest.Status.OFFERED) \
                and not request.offers.filter(status=Offer.Status.PENDING).exists():
            offer_next(request, at=now)
    return expired


def tick(now: dt.datetime | None = None) -> dict[str, int]:
    """The periodic check (every minute on the task queue): expired offers go on, overdue requests
    climb, and requests nobody could be found for are tried again. Safe to run twice or late: every
    step re-checks its condition under a row lock, so after a crash it simply catches up."""
    now = now or timezone.now()
    expired = expire_offers(now)
    escalated = sum(escalate(r, now=now) for r in HelpRequest.objects.open().filter(level_due__lte=now))
    return {"expired_offers": expired, "escalated": escalated, "dispatched_again": retry_waiting(now)}


def retry_waiting(now: dt.datetime) -> int:
    """Requests nobody had room for, tried again oldest first (the first freed place goes to whoever
    has waited longest). Once a community has nobody with room for a skill, its other waiting
    requests for that skill are skipped until the next tick: in a surge thousands wait, and trying
    each cost a query and a walking search every minute to learn the same thing."""
    retried = 0
    no_room: set[tuple[int, int | None]] = set()
    waiting = (HelpRequest.objects.filter(status=HelpRequest.Status.NEW, lon__isnull=False, lat__isnull=False)
               .exclude(offers__status=Offer.Status.PENDING).select_related("category", "community")
               .order_by("created_at", "pk"))
    for request in waiting.iterator():
        skill = (request.community_id, request.category.skill_id)
        if skill in no_room:
            continue
        if offer_next(request, at=now, retry=True):
            retried += 1
        elif not _anyone_with_room(request, now):  # not just everyone free already asked about this one
            no_room.add(skill)
    return retried


def _anyone_with_room(request: HelpRequest, at: dt.datetime) -> bool:
    assert request.lon is not None and request.lat is not None
    return bool(dispatch.rank_candidates(community=request.community, lon=request.lon, lat=request.lat,
                                         skill_id=request.category.skill_id, at=at,
                                         exclude=frozenset(full_staff(request.community)), limit=1))


# --- helpers --------------------------------------------------------------------------------------------

def _manages(user: User, request: HelpRequest) -> bool:
    """Community staff and officers above may act on any request of their area."""
    if user.role not in (Role.COMMUNITY_WORKER, Role.GRID_WORKER, Role.TOWN_OFFICER, Role.COUNTY_OFFICER,
                         Role.ADMINISTRATOR):
        return False
    return HelpRequest.objects.visible_to(user).filter(pk=request.pk).exists()


def _notify(user: User, request: HelpRequest, subject: str, dedup_key: str) -> None:
    """Through the notifications app's channels; its dedup key makes a repeated step send nothing twice."""
    from baimi.notifications import send

    send(user, subject, f"{request.reference} · {request.category} · {request.description[:200]}",
         dedup_key=f"helpdesk:{dedup_key}:{user.pk}", link=request.get_absolute_url())


def figures(requests: Any) -> dict[str, Any]:
    """Counts for an area: reached within the arrival clock, and where requests were settled."""
    rows = list(requests.values_list("status", "arrived_at", "arrival_due", "settled_level"))
    arrived = [(a, d) for _, a, d, _ in rows if a is not None]
    settled = [lvl for *_, lvl in rows if lvl]
    return {
        "total": len(rows),
        "open": sum(1 for s, *_ in rows if s not in HelpRequest.CLOSED_STATES),
        "arrived": len(arrived),
        "reached_in_time": sum(1 for a, d in arrived if a <= d),
        "settled": len(settled),
        "settled_by_level": {lvl: settled.count(lvl) for lvl in SettledLevel.values},
    }


def requests_in_area(area: Division) -> Any:
    return HelpRequest.objects.filter(Q(group__path__startswith=area.path))
