"""The article's case is in the demo data, from the phone call to the follow-up visit."""

from __future__ import annotations

from typing import Any

from baimi.mediation.states import State


def test_the_leak_case_went_the_whole_way(leak_case: Any) -> None:
    assert leak_case.state == State.CLOSED
    assert [p.name for p in leak_case.parties.all()] == ["顾某", "刘某"]
    assert [(m.from_state, m.to_state) for m in leak_case.moves.all()] == [
        ("registered", "mediating"), ("mediating", "agreed"), ("agreed", "performed"), ("performed", "closed")]
    assert "刘万根" in [a.mediator.name for a in leak_case.assignments.all()]
    assert leak_case.records.filter(kind="expert_finding", description__contains="主管道").exists()
    assert leak_case.agreement.performance == "at_once" and leak_case.agreement.performed_at is not None
    assert leak_case.follow_ups.count() == 1


def test_the_adviser_is_named_as_in_the_article(users: Any) -> None:
    assert users.adviser.display_name == "刘万根"
