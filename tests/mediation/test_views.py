"""Who sees which case page, what each action does through the pages, and that bad input is kept."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from baimi.accounts.models import AuditEvent
from baimi.mediation.models import Case, Record


@pytest.mark.parametrize("username", ["worker", "adviser", "mediator"])
def test_the_communitys_mediation_staff_see_the_case_and_the_read_is_logged(
        as_user: Any, leak_case: Any, username: str) -> None:
    response = as_user(username).get(reverse("mediation:case", args=[leak_case.pk]))
    assert response.status_code == 200 and "顾某" in response.content.decode()
    assert AuditEvent.objects.filter(action="view", object_type="mediation.Case", object_id=str(leak_case.pk),
                                     username=username, outcome="ok").exists()


@pytest.mark.parametrize("username", ["outsider", "town", "resident", "grid", "volunteer", "auditor", "admin"])
def test_anyone_else_gets_404_and_a_denied_event(as_user: Any, leak_case: Any, username: str) -> None:
    response = as_user(username).get(reverse("mediation:case", args=[leak_case.pk]))
    assert response.status_code == 404
    assert AuditEvent.objects.filter(object_id=str(leak_case.pk), username=username, outcome="denied").exists()


def test_mediators_can_call_the_parties_but_see_id_numbers_masked(as_user: Any, new_case: Any) -> None:
    case = new_case()
    page = as_user("mediator").get(reverse("mediation:case", args=[case.pk])).content.decode()
    assert "13912345678" in page and "654322199001011234" not in page and "6543**********1234" in page
    page = as_user("worker").get(reverse("mediation:case", args=[case.pk])).content.decode()
    assert "654322199001011234" in page


def test_the_list_shows_only_the_users_community(as_user: Any, leak_case: Any) -> None:
    assert leak_case.number in as_user("adviser").get(reverse("mediation:cases")).content.decode()
    assert leak_case.number not in as_user("outsider").get(reverse("mediation:cases")).content.decode()


def test_officers_are_sent_to_the_figures(as_user: Any) -> None:
    response = as_user("town").get(reverse("mediation:cases"))
    assert response.status_code == 302 and response["Location"] == reverse("mediation:figures")
    assert as_user("resident").get(reverse("mediation:cases")).status_code == 403


def test_wrong_methods_are_refused(as_user: Any, leak_case: Any) -> None:
    client = as_user("worker")
    assert client.post(reverse("mediation:case", args=[leak_case.pk])).status_code == 405
    assert client.get(reverse("mediation:case_action", args=[leak_case.pk, "start"])).status_code == 405
    assert client.post(reverse("mediation:case_action", args=[leak_case.pk, "nonsense"])).status_code == 404


def test_registering_through_the_page(as_user: Any, demo: Any) -> None:
    client = as_user("worker")
    data = {"title": "院墙纠纷", "dispute_type": "housing", "source": "police", "facts": "派出所告知申请调解",
            "applicant_name": "孙某", "respondent_name": "李某"}
    response = client.post(reverse("mediation:case_new"), data)
    case = Case.objects.get(title="院墙纠纷")
    assert response.status_code == 302 and case.source == "police" and case.parties.count() == 2
    bad = client.post(reverse("mediation:case_new"), {**data, "applicant_name": ""})
    assert bad.status_code == 400 and "院墙纠纷" in bad.content.decode()  # nothing typed is lost


def test_an_action_refused_by_the_state_table_says_why(as_user: Any, new_case: Any) -> None:
    case = new_case()
    response = as_user("worker").post(reverse("mediation:case_action", args=[case.pk, "start"]))
    assert response.status_code == 409 and "第十七条" in response.content.decode()


def test_an_outsider_cannot_act_on_a_case(as_user: Any, new_case: Any) -> None:
    case = new_case()
    party = case.parties.first()
    response = as_user("outsider").post(reverse("mediation:case_action", args=[case.pk, "consent"]),
                                        {"party": party.pk, "consent": "refused"})
    assert response.status_code == 404
    party.refresh_from_db()
    assert party.consent == "pending"


def test_a_bad_form_is_shown_again_with_its_text(as_user: Any, mediating_case: Any) -> None:
    response = as_user("adviser").post(reverse("mediation:case_action", args=[mediating_case.pk, "agreement"]),
                                       {"form": "written", "disputed_matters": "漏水责任", "responsibilities": "各半",
                                        "terms": "共同维修", "performance": "by_deadline"})
    assert response.status_code == 400 and "漏水责任" in response.content.decode()


def test_figures_page_for_officers_and_staff(as_user: Any, leak_case: Any) -> None:
    for username in ("town", "worker", "county"):
        assert as_user(username).get(reverse("mediation:figures")).status_code == 200
    assert as_user("resident").get(reverse("mediation:figures")).status_code == 403


def test_committee_page_shows_art_8_warnings(as_user: Any, committee: Any) -> None:
    page = as_user("worker").get(reverse("mediation:committee")).content.decode()
    assert "马秀兰" in page and 'id="warnings"' not in page
    committee.mediators.filter(gender="female").update(gender="male")
    page = as_user("worker").get(reverse("mediation:committee")).content.decode()
    assert 'id="warnings"' in page


def test_the_case_file_is_exported_and_logged(as_user: Any, leak_case: Any) -> None:
    response = as_user("adviser").get(reverse("mediation:case_file_pdf", args=[leak_case.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert AuditEvent.objects.filter(action="export", object_id=str(leak_case.pk), username="adviser").exists()
    assert as_user("outsider").get(reverse("mediation:agreement_pdf", args=[leak_case.pk])).status_code == 404


def test_attached_files_are_served_only_to_those_who_see_the_case(
        as_user: Any, mediating_case: Any, settings: Any, tmp_path: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    leak_case = mediating_case
    client = as_user("adviser")
    upload = SimpleUploadedFile("report.pdf", b"%PDF-1.4 pressure test", content_type="application/pdf")
    response = client.post(reverse("mediation:case_action", args=[leak_case.pk, "record"]),
                           {"kind": "evidence", "title": "测试报告", "description": "", "upload": upload})
    assert response.status_code == 302
    record = Record.objects.get(case=leak_case, title="测试报告")
    served = as_user("worker").get(reverse("mediation:record_file", args=[record.pk]))
    assert served.status_code == 200 and b"".join(served.streaming_content) == b"%PDF-1.4 pressure test"
    assert as_user("outsider").get(reverse("mediation:record_file", args=[record.pk])).status_code == 404


def test_the_nav_links_mediation_for_roles_that_see_it(as_user: Any) -> None:
    link = f'href="{reverse("mediation:cases")}"'
    assert link in as_user("mediator").get(reverse("home")).content.decode()
    assert link not in as_user("resident").get(reverse("home")).content.decode()


def test_inviting_an_expert_through_the_page_needs_the_consent_box(as_user: Any, mediating_case: Any) -> None:
    url = reverse("mediation:case_action", args=[mediating_case.pk, "participant"])
    data = {"name": "李师傅", "relation": "expert", "note": "打压测试"}
    assert as_user("adviser").post(url, data).status_code == 400
    assert as_user("adviser").post(url, {**data, "parties_consented": "on"}).status_code == 302
    assert mediating_case.participants.get().name == "李师傅"


def test_the_police_contact_reads_the_risk_report_on_the_figures_page(as_user: Any, mediating_case: Any,
                                                                      users: Any) -> None:
    from baimi.mediation import services

    services.risk_flag(case=mediating_case, note="一方扬言报复", by=users.adviser)
    page = as_user("town").get(reverse("mediation:figures")).content.decode()
    assert 'id="notices"' in page and "一方扬言报复" in page


def test_the_case_list_does_not_query_per_case(as_user: Any, new_case: Any,
                                               django_assert_max_num_queries: Any) -> None:
    client = as_user("worker")
    client.get(reverse("mediation:cases"))
    for _ in range(10):
        new_case()
    with django_assert_max_num_queries(12):
        response = client.get(reverse("mediation:cases"))
    assert response.content.decode().count("钱某") >= 10


def test_the_parties_refusing_a_mediator_through_the_page(as_user: Any, mediating_case: Any) -> None:
    assignment = mediating_case.assignments.get()
    url = reverse("mediation:case_action", args=[mediating_case.pk, "not_accepted"])
    assert as_user("worker").post(url, {"assignment": 999999}).status_code == 409
    assert as_user("worker").post(url, {"assignment": assignment.pk}).status_code == 302
    assignment.refresh_from_db()
    assert not assignment.accepted_by_parties


def test_the_committee_is_kept_in_the_admin_by_the_communitys_worker(as_user: Any, committee: Any) -> None:
    url = reverse("admin:mediation_committee_change", args=[committee.pk])
    page = as_user("worker").get(url)
    assert page.status_code == 200 and "刘万根" in page.content.decode()
    assert "赛尔江西路社区工作者" not in page.content.decode()  # no account from elsewhere to link
    assert as_user("outsider").get(url).status_code in (302, 404)
    assert as_user("mediator").get(reverse("admin:mediation_committee_changelist")).status_code == 302


def test_a_town_officer_sees_each_community_of_the_town(as_user: Any, demo: Any) -> None:
    page = as_user("town").get(reverse("mediation:figures")).content.decode()
    assert 'id="children"' in page and demo.community.name in page and demo.neighbour.name in page
    assert 'id="children"' not in as_user("worker").get(reverse("mediation:figures")).content.decode()
