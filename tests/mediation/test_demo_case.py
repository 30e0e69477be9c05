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
    first_visit = leak_case.records.filter(kind="site_visit").first()
    assert leak_case.opened_at < first_visit.happened_at < leak_case.sessions.get().held_at


def test_the_adviser_is_named_as_in_the_article(users: Any) -> None:
    assert users.adviser.display_name == "刘万根"


def test_the_leak_case_starts_as_a_help_request_when_the_helpdesk_offers_one(demo: Any, monkeypatch: Any) -> None:
    """Against the helpdesk contract's names, with a stand-in helpdesk (the real one may not be there)."""
    import sys
    import types
    from types import SimpleNamespace

    from django.utils import timezone

    from baimi.mediation import demo as demo_module
    from baimi.mediation.models import Case

    calls: list[dict[str, Any]] = []

    def submit_help_request(**kwargs: Any) -> tuple[Any, bool]:
        calls.append(kwargs)
        request = SimpleNamespace(reference="HR-demo-leak", created_at=timezone.now(), **{
            k: kwargs[k] for k in ("description", "community", "group", "household", "contact_name",
                                   "contact_phone")})
        return request, True

    fake = types.ModuleType("baimi.helpdesk.services")
    fake.submit_help_request = submit_help_request  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "baimi.helpdesk.services", fake)
    category = SimpleNamespace(code="neighbour_dispute")
    categories = SimpleNamespace(objects=SimpleNamespace(filter=lambda **_: SimpleNamespace(first=lambda: category)))
    real_get_model = demo_module.apps.get_model
    monkeypatch.setattr(demo_module.apps, "get_model",
                        lambda app, name: categories if app == "helpdesk" else real_get_model(app, name))

    demo_module.create_demo_mediation(demo.community)
    case = Case.objects.get(community=demo.community, title="楼上漏水致楼下天花板渗水")
    assert (case.source, case.source_reference, case.state) == ("help_request", "HR-demo-leak", "closed")
    assert calls[0]["category"] is category and calls[0]["channel"] == "phone" and calls[0]["contact_name"] == "顾某"


def test_mediation_records_never_stop_the_demo_community_being_regenerated(demo: Any) -> None:
    """``baimi demo`` deletes and recreates the community's groups, households and users; cases keep
    their history without protecting any of them (other apps' rows are their own business here)."""
    from django.db.models import ProtectedError
    from django.db.models.deletion import Collector

    from baimi.accounts.models import User
    from baimi.places.models import Division, Household

    doomed = [Division.objects.filter(parent=demo.community, level="group"),
              Household.objects.filter(community=demo.community), User.objects.filter(area=demo.community)]
    for rows in doomed:
        try:
            Collector(using="default").collect(list(rows))
        except ProtectedError as error:
            assert not [o for o in error.protected_objects if o._meta.app_label == "mediation"]
