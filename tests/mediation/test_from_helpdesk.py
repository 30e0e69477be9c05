"""A neighbour-dispute help request from the real helpdesk becomes a case (the contract between the
two apps). Skips while the helpdesk has not yet landed its models and ``submit_help_request``."""

from __future__ import annotations

from typing import Any

import pytest

from baimi.mediation.services import open_case_from_help_request


def _helpdesk() -> tuple[Any, Any]:
    try:
        from baimi.helpdesk.models import HelpCategory
        from baimi.helpdesk.services import submit_help_request
    except ImportError:
        pytest.skip("the helpdesk has no HelpCategory / submit_help_request yet")
    return HelpCategory, submit_help_request


def test_a_neighbour_dispute_request_becomes_a_case_once(demo: Any, users: Any) -> None:
    help_category, submit_help_request = _helpdesk()
    category = help_category.objects.filter(code="neighbour_dispute").first()
    if category is None:
        pytest.skip("the helpdesk has not seeded the neighbour_dispute category")
    request, created = submit_help_request(
        category=category, description="楼上漏水，协商未果", community=demo.community, group=demo.groups[0],
        contact_name="顾某", contact_phone="13900000001", recorded_by=users.worker, consent_noted=True,
        channel="phone", idempotency_key="test:mediation:from-helpdesk")
    case = open_case_from_help_request(request, by=users.worker)
    assert (case.source, case.source_reference, case.community, case.group) == (
        "help_request", request.reference, demo.community, demo.groups[0])
    assert case.parties.get().phone == "13900000001"
    assert open_case_from_help_request(request, by=users.worker) == case
