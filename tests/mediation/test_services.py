"""The case's life as services: consent, invitations, agreements, the risk flag, ending without
agreement, and a case opened from a help request."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from baimi.accounts.models import AuditEvent
from baimi.mediation import services
from baimi.mediation.models import Case, Notice
from baimi.mediation.states import MoveRefused, State


def test_cases_are_numbered_per_community_and_year(new_case: Any, demo: Any) -> None:
    first, second = new_case(), new_case()
    year = timezone.localtime(first.opened_at).year
    assert first.number.startswith(f"{year}-{demo.community.code}-") and first.number != second.number
    assert AuditEvent.objects.filter(action="create", object_type="mediation.Case", object_id=str(first.pk)).exists()


def test_a_deleted_case_does_not_make_the_next_number_collide(new_case: Any) -> None:
    first, second, third = new_case(), new_case(), new_case()
    second.delete()
    fourth = new_case()
    assert fourth.number not in {first.number, third.number}
    assert int(fourth.number.rsplit("-", 1)[1]) == int(third.number.rsplit("-", 1)[1]) + 1


def test_a_case_belongs_to_a_community_and_its_own_group(new_case: Any, demo: Any) -> None:
    with pytest.raises(ValueError):
        new_case(community=demo.groups[0])
    with pytest.raises(ValueError):
        new_case(group=demo.neighbour_groups[0])


def test_others_are_invited_only_with_the_parties_consent(mediating_case: Any, users: Any) -> None:
    with pytest.raises(MoveRefused, match="第二十条"):
        services.participant_invite(case=mediating_case, name="李师傅", relation="expert", note="",
                                    parties_consented=False, by=users.adviser)
    services.participant_invite(case=mediating_case, name="李师傅", relation="expert", note="打压测试",
                                parties_consented=True, by=users.adviser)
    assert mediating_case.participants.get().parties_consented


def test_an_oral_agreement_takes_effect_at_once(mediating_case: Any, users: Any) -> None:
    services.agreement_record(case=mediating_case, form="oral", disputed_matters="d", responsibilities="r",
                              terms="t", performance="at_once", by=users.adviser, settled_level="group")
    mediating_case.refresh_from_db()
    assert mediating_case.state == State.AGREED and mediating_case.settled_level == "group"
    assert mediating_case.agreement.confirmation_days_left() == 30


def test_a_deadline_agreement_needs_its_date(mediating_case: Any, users: Any) -> None:
    with pytest.raises(ValidationError):
        services.agreement_record(case=mediating_case, form="written", disputed_matters="d", responsibilities="r",
                                  terms="t", performance="by_deadline", by=users.adviser)


def test_a_party_can_withdraw_during_mediation_but_not_rejoin(mediating_case: Any, users: Any) -> None:
    party = mediating_case.parties.first()
    with pytest.raises(MoveRefused):
        services.party_consent(party=party, consent="given", by=users.adviser)
    services.party_consent(party=party, consent="refused", by=users.adviser)
    services.case_end_without_agreement(case=mediating_case, reason="一方要求终止调解", by=users.adviser)
    assert mediating_case.state == State.FAILED
    assert "仲裁" in Case.objects.get(pk=mediating_case.pk).routes_notice or "arbitration" in \
        Case.objects.get(pk=mediating_case.pk).routes_notice


def test_sessions_are_held_only_in_mediation(new_case: Any, users: Any) -> None:
    with pytest.raises(MoveRefused):
        services.session_add(case=new_case(), place="调解室", attendees="双方", minutes="...", by=users.adviser)


def test_a_risk_flag_tells_the_police_contact_and_community_staff_at_once(
        mediating_case: Any, committee: Any, users: Any) -> None:
    services.risk_flag(case=mediating_case, note="一方扬言报复", by=users.adviser)
    recipients = set(Notice.objects.filter(case=mediating_case).values_list("recipient__username", flat=True))
    assert {"worker", "adviser", "mediator", "town"} <= recipients
    assert "outsider" not in recipients
    with pytest.raises(ValidationError):
        services.risk_flag(case=mediating_case, note=" ", by=users.adviser)


def test_a_help_request_becomes_one_case_with_its_caller(demo: Any, users: Any) -> None:
    request = SimpleNamespace(
        reference="HR-abc123", description="楼上漏水\n已协商未果", community=demo.community, group=demo.groups[0],
        household=None, contact_name="顾某", contact_phone="13900000000",
        created_at=timezone.now() - dt.timedelta(hours=1))
    case = services.open_case_from_help_request(request, by=users.worker)
    assert (case.source, case.source_reference, case.title, case.group) == (
        "help_request", "HR-abc123", "楼上漏水", demo.groups[0])
    assert case.parties.get().name == "顾某"
    assert services.open_case_from_help_request(request, by=users.worker) == case


def test_the_police_contact_is_told_what_and_where_without_a_link(mediating_case: Any, users: Any) -> None:
    services.risk_flag(case=mediating_case, note="一方扬言报复", by=users.adviser)
    police = Notice.objects.get(case=mediating_case, recipient=users.town)
    assert police.link == "" and "一方扬言报复" in police.body and "赛尔江东路" in police.body
    assert Notice.objects.get(case=mediating_case, recipient=users.worker).link.endswith(f"/{mediating_case.pk}/")


def test_mediation_waits_for_a_mediator_the_parties_accept(new_case: Any, committee: Any, users: Any) -> None:
    from baimi.mediation.states import move

    case = new_case()
    for party in case.parties.all():
        services.party_consent(party=party, consent="given", by=users.worker)
    chair = committee.mediators.get(position="chair")
    assignment = services.mediator_assign(case=case, mediator=chair, how="appointed", by=users.worker)
    services.mediator_not_accepted(assignment=assignment, by=users.worker)
    with pytest.raises(MoveRefused):
        move(case, State.MEDIATING, users.worker)
    services.mediator_assign(case=case, mediator=committee.mediators.get(kind="legal_adviser"), how="chosen",
                             by=users.worker)
    move(case, State.MEDIATING, users.worker)
    assert case.state == State.MEDIATING


def test_a_session_is_private_unless_asked_for_in_public(mediating_case: Any, users: Any) -> None:
    private = services.session_add(case=mediating_case, place="调解室", attendees="双方", minutes="…", by=users.adviser)
    public = services.session_add(case=mediating_case, place="社区广场", attendees="双方", minutes="…",
                                  by=users.adviser, public=True)
    assert (private.public, public.public) == (False, True)


def test_a_court_confirmation_is_recorded_only_for_an_agreement_in_effect(mediating_case: Any, users: Any) -> None:
    from baimi.mediation.reminders import send_due_reminders

    with pytest.raises(MoveRefused):
        services.agreement_judicially_confirmed(case=mediating_case, by=users.adviser)
    services.agreement_record(case=mediating_case, form="oral", disputed_matters="d", responsibilities="r",
                              terms="t", performance="at_once", by=users.adviser)
    services.agreement_judicially_confirmed(case=mediating_case, by=users.adviser)
    assert Case.objects.get(pk=mediating_case.pk).agreement.judicial_confirmed_at is not None
    send_due_reminders(timezone.localdate() + dt.timedelta(days=27))  # no Art. 33 reminder once confirmed
    assert not Notice.objects.filter(case=mediating_case, subject__contains="第三十三条").exists()
