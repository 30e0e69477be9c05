"""Mediation fixtures: the demo's committee and the article's case (built by the session's demo world),
and a fresh registered case to drive through its life."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _notices_on_screen(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests read the notices this app keeps on screen, whether or not ``baimi.notifications`` is
    installed; test_notify.py checks the hand-over to the shared sender itself."""
    from baimi.mediation import notify

    monkeypatch.setattr(notify, "_shared_sender", lambda: None)


@pytest.fixture
def committee(demo: Any) -> Any:
    from baimi.mediation.models import Committee

    return Committee.objects.get(community=demo.community)


@pytest.fixture
def leak_case(demo: Any) -> Any:
    from baimi.mediation.models import Case

    return Case.objects.get(community=demo.community, title="楼上漏水致楼下天花板渗水")


@pytest.fixture
def users(db: Any) -> Any:
    from baimi.accounts.models import User

    class Users:
        worker = User.objects.get(username="worker")
        adviser = User.objects.get(username="adviser")
        mediator = User.objects.get(username="mediator")
        outsider = User.objects.get(username="outsider")
        town = User.objects.get(username="town")

    return Users


@pytest.fixture
def new_case(demo: Any, users: Any) -> Any:
    """A registered neighbours' case with two parties who have not yet answered."""
    from baimi.mediation import services

    def make(**overrides: Any) -> Any:
        fields: dict[str, Any] = {
            "community": demo.community, "title": "噪音纠纷", "dispute_type": "neighbours",
            "facts": "楼上夜间噪音。", "source": "application", "by": users.worker,
            "parties": [{"side": "applicant", "name": "赵某", "phone": "13912345678",
                         "id_number": "654322199001011234"},
                        {"side": "respondent", "name": "钱某", "phone": "13887654321"}],
        }
        fields.update(overrides)
        return services.case_open(**fields)

    return make


@pytest.fixture
def mediating_case(new_case: Any, committee: Any, users: Any) -> Any:
    from baimi.mediation import services
    from baimi.mediation.states import State, move

    case = new_case()
    for party in case.parties.all():
        services.party_consent(party=party, consent="given", by=users.worker)
    services.mediator_assign(case=case, mediator=committee.mediators.get(kind="legal_adviser"), how="appointed",
                             by=users.worker)
    return move(case, State.MEDIATING, users.worker)
