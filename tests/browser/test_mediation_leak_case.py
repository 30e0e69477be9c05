"""The article's case, end to end through the pages in Chromium: 顾某 phones about the leaking ceiling,
the community worker registers it, legal adviser 刘万根 is assigned, visits both flats, a plumber's
pressure test finds the main pipe, both agree to share the repair, perform at once, the case is closed
and followed up — and the written agreement's PDF says so."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _world(live_server: Any) -> None:
    """As tests/browser/conftest.py's, but from an empty database: on top of the session's demo world
    the rebuild fails (the legal demo's rows protect the users it deletes and recreates)."""
    from django.core.management import call_command

    from baimi.places.demo.community import build_demo

    call_command("flush", interactive=False, verbosity=0)
    build_demo()


def _open(page: Any, action: str) -> None:
    """Unfold the form's <details> (they are folded so a phone shows one at a time)."""
    details = page.locator(f"details:has(#form-{action})")
    if details.get_attribute("open") is None:
        details.locator("summary").click()


def _submit(page: Any, action: str) -> None:
    with page.expect_navigation():
        page.click(f"#form-{action} button[type=submit]")


def _record(page: Any, kind: str, title: str, description: str, upload: dict[str, Any] | None = None) -> None:
    _open(page, "record")
    page.select_option("#form-record select[name=kind]", kind)
    page.fill("#form-record input[name=title]", title)
    page.fill("#form-record textarea[name=description]", description)
    if upload:
        page.set_input_files("#form-record input[name=upload]", upload)
    _submit(page, "record")


def _press(page: Any, selector: str) -> None:
    with page.expect_navigation():
        page.click(selector)


def test_the_leaking_ceiling_from_phone_call_to_follow_up(login: Any, live_server: Any, screenshots: Path) -> None:
    worker = login("worker")
    worker.goto(f"{live_server.url}/mediation/new/")
    worker.fill("input[name=title]", "顾某家天花板漏水")
    worker.select_option("select[name=dispute_type]", "neighbours")
    worker.select_option("select[name=source]", "application")
    worker.fill("input[name=source_reference]", "来电")
    worker.fill("textarea[name=facts]", "顾某来电：下班回家发现天花板漏水，与楼上刘某协商未果。")
    worker.fill("input[name=applicant_name]", "顾某")
    worker.fill("input[name=applicant_phone]", "13999990001")
    worker.fill("input[name=respondent_name]", "刘某")
    worker.fill("input[name=respondent_address]", "3单元301室")
    _press(worker, "main form button[type=submit]")
    case_url = worker.url
    assert re.search(r"/mediation/\d+/$", case_url) and "已登记" in worker.inner_text("#case-state")

    # Mediation waits for both parties' consent and a mediator (Art. 17, 19).
    assert worker.locator(".moves button[disabled]").count() == 1
    for name in ("顾某", "刘某"):
        _open(worker, "consent")
        worker.select_option("#form-consent select[name=party]", label=name)
        worker.select_option("#form-consent select[name=consent]", "given")
        _submit(worker, "consent")
    _open(worker, "assign")
    worker.select_option("#form-assign select[name=mediator]", label="刘万根")
    worker.select_option("#form-assign select[name=how]", "appointed")
    _submit(worker, "assign")
    worker.screenshot(path=str(screenshots / "mediation-registered.png"), full_page=True)

    adviser = login("adviser")
    adviser.goto(case_url)
    _record(adviser, "site_visit", "走访顾某家", "厨房、客厅、餐厅、卫生间天花板均有漏水痕迹。")
    _record(adviser, "site_visit", "走访楼上刘某家", "未见用水异常。")
    _press(adviser, ".moves button:has-text('开始调解')")
    assert "调解中" in adviser.inner_text("#case-state")
    _open(adviser, "participant")
    adviser.fill("#form-participant input[name=name]", "李师傅")
    adviser.select_option("#form-participant select[name=relation]", "expert")
    adviser.check("#form-participant input[name=parties_consented]")
    _submit(adviser, "participant")
    _record(adviser, "expert_finding", "打压测试", "打压测试发现楼栋主管道渗漏。",
            {"name": "pressure-test.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 pressure test"})
    _open(adviser, "session")
    adviser.fill("#form-session input[name=place]", "社区人民调解室")
    adviser.fill("#form-session input[name=attendees]", "顾某、刘某、刘万根")
    adviser.fill("#form-session textarea[name=minutes]", "说明主管道渗漏，双方同意共同承担维修费用。")
    _submit(adviser, "session")
    _open(adviser, "agreement")
    adviser.select_option("#form-agreement select[name=form]", "written")
    adviser.fill("#form-agreement textarea[name=disputed_matters]", "漏水原因及维修费用承担。")
    adviser.fill("#form-agreement textarea[name=responsibilities]", "主管道渗漏，双方均无过错。")
    adviser.fill("#form-agreement textarea[name=terms]", "主管道维修费用由顾某、刘某各承担一半。")
    adviser.select_option("#form-agreement select[name=performance]", "at_once")
    adviser.select_option("#form-agreement select[name=settled_level]", "community")
    _submit(adviser, "agreement")
    _press(adviser, "#sign")
    assert "协议已生效" in adviser.inner_text("#case-state")
    assert "30" in adviser.inner_text("#confirmation")  # the Art. 33 countdown is on the case
    _open(adviser, "performed")
    adviser.fill("#form-performed textarea[name=notes]", "双方当场支付维修费用，即时履行。")
    _submit(adviser, "performed")
    _press(adviser, "#close")
    _open(adviser, "follow_up")
    adviser.fill("#form-follow_up textarea[name=notes]", "回访：未再漏水，邻里和睦。")
    _submit(adviser, "follow_up")
    assert "已结案" in adviser.inner_text("#case-state")
    history = adviser.inner_text("#history")
    assert history.count("→") == 4 and "刘万根" in history
    adviser.screenshot(path=str(screenshots / "mediation-leak-case.png"), full_page=True)

    agreement_url = adviser.locator("#agreement-pdf").get_attribute("href")
    agreement = adviser.context.request.get(f"{live_server.url}{agreement_url}")
    assert agreement.ok and agreement.headers["content-type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(agreement.body())).pages).replace("\n", "")
    for required in ("人民调解协议书", "顾某", "刘某", "主管道", "各承担一半", "即时履行", "刘万根",
                     "当事人顾某执", "当事人刘某执", "人民调解委员会存档", "指印", "印章"):
        assert required in text, required
    case_file = adviser.context.request.get(f"{live_server.url}{adviser.locator('#case-file').get_attribute('href')}")
    file_text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(case_file.body())).pages).replace("\n", "")
    assert file_text.index("人民调解登记表") < file_text.index("打压测试") < file_text.index("卷底")

    phone = login("mediator", viewport={"width": 390, "height": 844}, is_mobile=True)
    phone.goto(case_url)
    assert "13999990001" in phone.inner_text("main")  # the community's mediator may call the parties
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.screenshot(path=str(screenshots / "mediation-case-phone.png"), full_page=True)


def test_the_figures_page_shows_the_shares_settled_low_down(login: Any, live_server: Any, screenshots: Path) -> None:
    page = login("town", viewport={"width": 390, "height": 844}, is_mobile=True)
    page.goto(f"{live_server.url}/mediation/figures/")
    assert "%" in page.inner_text("#share-community")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(screenshots / "mediation-figures-phone.png"), full_page=True)
