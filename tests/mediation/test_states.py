"""The state table: every move not in it is refused, every move in it is refused until its guard holds,
and every move made is recorded with who and when."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from django.utils import timezone

from baimi.mediation import services
from baimi.mediation.models import Agreement, Move
from baimi.mediation.states import MOVES, MoveRefused, State, move

DISALLOWED = [(a, b) for a, b in itertools.product(State.values, State.values) if (a, b) not in MOVES]


def test_the_table_has_the_moves_the_law_describes() -> None:
    assert set(MOVES) == {
        ("registered", "mediating"), ("registered", "declined"), ("mediating", "agreed"),
        ("mediating", "failed"), ("agreed", "performed"), ("agreed", "closed"), ("performed", "closed"),
        ("failed", "closed"), ("declined", "closed")}
    assert len(DISALLOWED) == 49 - 9


@pytest.mark.parametrize(("from_state", "to_state"), DISALLOWED)
def test_every_move_not_in_the_table_is_refused(new_case: Any, users: Any, from_state: str, to_state: str) -> None:
    case = new_case()
    case.state = from_state
    case.save(update_fields=["state"])
    with pytest.raises(MoveRefused):
        move(case, to_state, users.worker)
    case.refresh_from_db()
    assert case.state == from_state and not Move.objects.filter(case=case).exists()


def test_mediation_needs_every_partys_consent_and_a_mediator(new_case: Any, committee: Any, users: Any) -> None:
    case = new_case()
    with pytest.raises(MoveRefused, match="同意"):
        move(case, State.MEDIATING, users.worker)
    for party in case.parties.all():
        services.party_consent(party=party, consent="given", by=users.worker)
    with pytest.raises(MoveRefused, match="调解员"):
        move(case, State.MEDIATING, users.worker)
    services.mediator_assign(case=case, mediator=committee.mediators.first(), how="chosen", by=users.worker)
    move(case, State.MEDIATING, users.worker)
    recorded = Move.objects.get(case=case)
    assert (recorded.from_state, recorded.to_state, recorded.by) == ("registered", "mediating", users.worker)
    assert abs((timezone.now() - recorded.at).total_seconds()) < 60


def test_a_case_a_party_refuses_cannot_be_mediated_only_declined(new_case: Any, committee: Any,
                                                                 users: Any) -> None:
    case = new_case()
    first, second = case.parties.all()
    services.party_consent(party=first, consent="given", by=users.worker)
    services.party_consent(party=second, consent="refused", by=users.worker)
    services.mediator_assign(case=case, mediator=committee.mediators.first(), how="appointed", by=users.worker)
    with pytest.raises(MoveRefused, match="第十七条"):
        move(case, State.MEDIATING, users.worker)
    move(case, State.DECLINED, users.worker)
    assert case.state == State.DECLINED


def test_declining_needs_a_refusal(new_case: Any, users: Any) -> None:
    with pytest.raises(MoveRefused):
        move(new_case(), State.DECLINED, users.worker)


def test_agreed_needs_an_agreement_in_effect(mediating_case: Any, users: Any) -> None:
    with pytest.raises(MoveRefused):
        move(mediating_case, State.AGREED, users.worker)
    services.agreement_record(case=mediating_case, form=Agreement.Form.WRITTEN, disputed_matters="d",
                              responsibilities="r", terms="t", performance="at_once", by=users.adviser)
    with pytest.raises(MoveRefused):  # written: not until signed
        move(mediating_case, State.AGREED, users.worker)
    services.agreement_take_effect(case=mediating_case, by=users.adviser)
    assert mediating_case.state == State.AGREED and mediating_case.settled_at is not None


def test_failed_needs_the_routes_told_and_performed_needs_performance(mediating_case: Any, users: Any) -> None:
    with pytest.raises(MoveRefused, match="第二十六条"):
        move(mediating_case, State.FAILED, users.worker)
    services.agreement_record(case=mediating_case, form="oral", disputed_matters="d", responsibilities="r",
                              terms="t", performance="by_deadline", performance_due=timezone.localdate(),
                              by=users.adviser)
    with pytest.raises(MoveRefused, match="第三十一条"):
        move(mediating_case, State.PERFORMED, users.worker)


def test_a_stale_copy_cannot_move_a_case_twice(mediating_case: Any, users: Any) -> None:
    from baimi.mediation.models import Case

    stale = Case.objects.get(pk=mediating_case.pk)
    services.case_end_without_agreement(case=mediating_case, reason="分歧大", by=users.worker)
    stale.routes_notice = "x"
    with pytest.raises(MoveRefused):  # the locked row is "failed" now, whatever the stale copy says
        move(stale, State.AGREED, users.worker)


def test_an_unperformed_agreement_closes_only_after_its_date_and_a_follow_up(mediating_case: Any,
                                                                             users: Any) -> None:
    import datetime as dt

    from baimi.mediation.models import Case

    services.agreement_record(case=mediating_case, form="oral", disputed_matters="d", responsibilities="r",
                              terms="赔偿", performance="by_deadline",
                              performance_due=timezone.localdate() + dt.timedelta(days=3), by=users.adviser)
    with pytest.raises(MoveRefused, match="届满"):  # not yet due
        move(mediating_case, State.CLOSED, users.worker)
    Agreement.objects.filter(case=mediating_case).update(performance_due=timezone.localdate() - dt.timedelta(days=1))
    case = Case.objects.get(pk=mediating_case.pk)
    with pytest.raises(MoveRefused, match="回访|督促|跟进|Follow"):
        move(case, State.CLOSED, users.worker)
    services.follow_up_add(case=case, notes="督促履行，一方拒不履行，告知可向法院起诉。", by=users.worker)
    move(case, State.CLOSED, users.worker)
    assert case.state == State.CLOSED
