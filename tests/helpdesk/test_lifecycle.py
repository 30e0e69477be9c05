"""A request's life through the service functions: offered to the nearest free person, accepted,
reached, settled, confirmed; declines and timeouts go to the next; idempotent submission."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from baimi.accounts.models import User
from baimi.helpdesk import services
from baimi.helpdesk.models import HelpCategory, HelpRequest, Offer, SettledLevel
from baimi.places.models import Staff
from tests.helpdesk.conftest import submit

pytestmark = pytest.mark.django_db


def _staff_user(staff: Staff, username: str) -> User:
    user = User.objects.create(username=username, role="grid_worker", area=staff.home_base)
    staff.user = user
    staff.save(update_fields=["user"])
    return user


def test_a_request_goes_to_the_nearest_on_duty_staff_with_the_skill(resident: Any, category: HelpCategory) -> None:
    request = submit(resident, category)
    assert request.status == HelpRequest.Status.OFFERED and request.group == resident.household.group
    offer = request.offers.get()
    assert offer.staff.skills.filter(pk=category.skill_id).exists()
    # nobody with the skill on duty is nearer by walking than the one offered
    from baimi.helpdesk.dispatch import rank_candidates

    ranked = rank_candidates(community=request.community, lon=request.lon, lat=request.lat,
                             skill_id=category.skill_id, at=timezone.now())
    assert ranked[0].staff_id == offer.staff_id and offer.walk_m == pytest.approx(ranked[0].walk_m)
    assert ranked == sorted(ranked, key=lambda c: (c.walk_m, c.straight_m, c.staff_id))


def test_accept_arrive_settle_confirm(resident: Any, category: HelpCategory) -> None:
    request = submit(resident, category)
    staff = request.offers.get().staff
    helper = _staff_user(staff, "helper")
    request = services.accept(request, by=helper)
    assert request.status == HelpRequest.Status.ACCEPTED and request.assigned_to == staff
    assert request.level_due == request.arrival_due
    request = services.arrive(request, by=helper)
    assert request.reached_in_time is True and request.level_due is None
    request = services.settle(request, by=helper, notes="扶起来了，已联系家属")
    assert request.status == HelpRequest.Status.SETTLED and request.settled_level == SettledLevel.CIRCLE
    request = services.confirm(request, by=resident, rating=5, feedback="来得很快")
    assert request.status == HelpRequest.Status.CONFIRMED and request.rating == 5
    kinds = list(request.events.values_list("kind", flat=True))
    assert kinds == ["received", "offered", "accepted", "arrived", "settled", "confirmed"]


def test_decline_and_timeout_go_to_the_next_person(resident: Any, category: HelpCategory) -> None:
    request = submit(resident, category)
    first = request.offers.get()
    services.decline(request, by=_staff_user(first.staff, "first"))
    second = request.offers.get(status=Offer.Status.PENDING)
    assert second.staff_id != first.staff_id
    services.tick(second.expires_at + dt.timedelta(seconds=1))
    second.refresh_from_db()
    assert second.status == Offer.Status.EXPIRED
    third = request.offers.get(status=Offer.Status.PENDING)
    assert third.staff_id not in (first.staff_id, second.staff_id)


def test_only_the_offered_person_may_accept(resident: Any, category: HelpCategory) -> None:
    request = submit(resident, category)
    stranger = User.objects.get(username="worker")
    with pytest.raises(services.RequestRefused):
        services.accept(request, by=stranger)


def test_the_same_idempotency_key_gives_back_the_first_request(resident: Any, category: HelpCategory) -> None:
    from baimi.helpdesk.services import submit_help_request

    first, created = submit_help_request(category=category, description="x", household=resident.household,
                                         reporter=resident, idempotency_key="form:1:abc")
    again, created_again = submit_help_request(category=category, description="x", household=resident.household,
                                               reporter=resident, idempotency_key="form:1:abc")
    assert created and not created_again and again.pk == first.pk
    assert HelpRequest.objects.filter(idempotency_key="form:1:abc").count() == 1


def test_an_unanswered_request_climbs_the_ladder(resident: Any, category: HelpCategory) -> None:
    request = submit(resident, category)
    now = request.ack_due + dt.timedelta(seconds=1)
    services.tick(now)
    request.refresh_from_db()
    assert request.level == "community" and request.level_due is not None
    services.tick(request.level_due + dt.timedelta(seconds=1))
    request.refresh_from_db()
    assert request.level == "town"
    services.tick(request.level_due + dt.timedelta(seconds=1))
    request.refresh_from_db()
    assert request.level == "county" and request.level_due is None
    services.tick(now + dt.timedelta(days=1))
    request.refresh_from_db()
    assert request.level == "county"  # the top: it stays there
    assert list(request.events.filter(kind="escalated").values_list("note", flat=True)) == [
        "community", "town", "county"]


def test_a_request_settled_without_a_visit_counts_as_settled_at_home(resident: Any) -> None:
    request = submit(resident, HelpCategory.objects.get(code="legal_question"), "租房押金不退怎么办")
    worker = User.objects.get(username="worker")
    request = services.settle(request, by=worker, notes="电话里解答了")
    assert request.settled_level == SettledLevel.HOME


def test_nobody_free_is_noted_once_and_the_tick_keeps_trying(resident: Any, category: HelpCategory) -> None:
    Staff.objects.update(capacity=0)
    request = submit(resident, category)
    assert request.status == HelpRequest.Status.NEW and not request.offers.exists()
    services.tick()
    services.tick()
    assert list(request.events.values_list("kind", flat=True)) == ["received", "nobody_free"]
    Staff.objects.update(capacity=2)
    services.tick()
    request.refresh_from_db()
    assert request.status == HelpRequest.Status.OFFERED and request.offers.count() == 1


def test_staff_at_capacity_are_skipped_before_any_lock(resident: Any, category: HelpCategory) -> None:
    first = submit(resident, category)
    taken = first.offers.get().staff
    Staff.objects.filter(pk=taken.pk).update(capacity=1)
    assert services.full_staff(first.community) == {taken.pk}
    second = submit(resident, category)
    assert second.offers.get().staff_id != taken.pk


def test_the_tick_gives_a_freed_place_to_the_longest_waiting(resident: Any, category: HelpCategory) -> None:
    Staff.objects.update(capacity=0)
    waiting = [submit(resident, category, f"第{i}个求助") for i in range(3)]
    assert {r.status for r in waiting} == {HelpRequest.Status.NEW}
    freed = Staff.objects.filter(community=waiting[0].community, skills=category.skill_id, active=True).first()
    assert freed is not None
    Staff.objects.filter(pk=freed.pk).update(capacity=services.staff_load(freed.pk) + 1)  # one place frees up
    assert services.tick()["dispatched_again"] == 1
    assert [HelpRequest.objects.get(pk=r.pk).status for r in waiting] == [
        HelpRequest.Status.OFFERED, HelpRequest.Status.NEW, HelpRequest.Status.NEW]


def test_in_a_surge_the_tick_does_not_try_every_waiting_request(
        resident: Any, category: HelpCategory) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    Staff.objects.update(capacity=0)

    def tick_queries() -> int:
        services.tick()  # the first tick after a submit may re-read the roster; count the next
        with CaptureQueriesContext(connection) as captured:
            assert services.tick()["dispatched_again"] == 0
        return len(captured)

    submit(resident, category)
    one_waiting = tick_queries()
    for i in range(20):
        submit(resident, category, f"第{i}个求助")
    assert tick_queries() == one_waiting  # nobody has room: one try, the rest skipped
