"""The printed documents, read back with pypdf: what the law asks them to contain, in order."""

from __future__ import annotations

import io
from typing import Any

from django.urls import reverse
from pypdf import PdfReader


def _pages(content: bytes) -> list[str]:
    return [page.extract_text().replace("\n", "") for page in PdfReader(io.BytesIO(content)).pages]


def test_the_written_agreement_has_a_copy_per_party_and_one_for_the_file(as_user: Any, leak_case: Any) -> None:
    response = as_user("adviser").get(reverse("mediation:agreement_pdf", args=[leak_case.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "\n".join(_pages(response.content))
    assert "人民调解协议书" in text
    for required in ("顾某", "刘某", "主管道", "各承担一半", "即时履行", "刘万根", "指印", "印章", "三十日"):
        assert required in text, required
    assert text.count("人民调解协议书") >= 3  # 顾某's copy, 刘某's copy, the committee's copy
    assert "当事人顾某执" in text and "当事人刘某执" in text and "人民调解委员会存档" in text


def test_the_agreement_states_the_parties_particulars_in_full(as_user: Any, mediating_case: Any,
                                                              users: Any) -> None:
    from baimi.mediation import services

    services.agreement_record(case=mediating_case, form="written", disputed_matters="噪音", responsibilities="各半",
                              terms="晚十点后保持安静", performance="at_once", by=users.adviser)
    text = "\n".join(_pages(as_user("adviser").get(
        reverse("mediation:agreement_pdf", args=[mediating_case.pk])).content))
    assert "晚十点后保持安静" in text and "654322199001011234" in text and "13912345678" in text


def test_the_case_file_is_in_filing_order(as_user: Any, leak_case: Any) -> None:
    text = "\n".join(_pages(as_user("worker").get(reverse("mediation:case_file_pdf", args=[leak_case.pk])).content))
    assert "核对顾某、刘某居民身份证原件" in text
    order = ["调解登记表", "当事人权利义务告知书", "身份证明", "调解工作记录", "打压测试", "调解笔录",
             "人民调解协议书", "回访", "卷底"]
    positions = [text.find(heading) for heading in order]
    assert all(p >= 0 for p in positions), dict(zip(order, positions, strict=True))
    assert positions == sorted(positions)
    assert "本卷共" in text and "本卷共 0 页" not in text


def test_a_failed_case_file_carries_the_routes_notice(as_user: Any, mediating_case: Any, users: Any) -> None:
    from baimi.mediation import services

    services.case_end_without_agreement(case=mediating_case, reason="双方分歧较大", by=users.adviser)
    text = "\n".join(_pages(as_user("worker").get(
        reverse("mediation:case_file_pdf", args=[mediating_case.pk])).content))
    assert "双方分歧较大" in text and "仲裁" in text and "人民法院" in text


def test_each_party_gets_the_routes_notice_in_writing(as_user: Any, mediating_case: Any, users: Any) -> None:
    from baimi.mediation import services

    url = reverse("mediation:routes_notice_pdf", args=[mediating_case.pk])
    assert as_user("worker").get(url).status_code == 404  # nothing to tell while mediating
    services.case_end_without_agreement(case=mediating_case, reason="双方分歧较大", by=users.adviser)
    page = as_user("worker").get(reverse("mediation:case", args=[mediating_case.pk])).content.decode()
    assert url in page
    pages = _pages(as_user("worker").get(url).content)
    assert len(pages) == 3 and "当事人赵某执" in pages[0] and "当事人钱某执" in pages[1] and "存档" in pages[2]
    assert all("仲裁" in p and "人民法院" in p and "双方分歧较大" in p for p in pages)
    assert as_user("outsider").get(url).status_code == 404


def test_markup_in_what_people_typed_is_printed_as_text(as_user: Any, new_case: Any) -> None:
    case = new_case(title="<b>噪音</b> & 漏水", facts="楼上<font size=40>很吵</font>\n第二行")
    text = "\n".join(_pages(as_user("worker").get(reverse("mediation:case_file_pdf", args=[case.pk])).content))
    assert "<b>噪音</b> & 漏水" in text and "<font size=40>很吵</font>" in text
    page = as_user("worker").get(reverse("mediation:case", args=[case.pk])).content.decode()
    assert "&lt;b&gt;噪音&lt;/b&gt;" in page and "<b>噪音</b>" not in page
