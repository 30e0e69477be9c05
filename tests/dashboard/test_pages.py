"""The dashboard pages: who may read which area, the drill-down, charts with their tables, reports."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.urls import reverse

from baimi.accounts.models import AuditEvent
from baimi.dashboard.aggregate import aggregate_figures
from baimi.dashboard.reports import safe_cell

pytestmark = pytest.mark.django_db


@pytest.fixture
def figures(demo: Any) -> Any:
    aggregate_figures(months=3)
    return demo


def _url(code: str) -> str:
    return reverse("dashboard:area", args=[code])


def test_the_prefecture_officer_drills_down_to_a_residents_group(as_user: Any, figures: Any) -> None:
    client = as_user("prefecture")
    chain = [*figures.groups[0].ancestors(), figures.groups[0]]
    assert chain[0].level == "prefecture"
    for parent, child in zip(chain, chain[1:], strict=False):
        page = client.get(_url(parent.code)).content.decode()
        assert _url(child.code) in page, f"{parent.name} links down to {child.name}"
    page = client.get(_url(figures.groups[0].code)).content.decode()
    assert "<svg" in page and "<table" in page


def test_home_sends_each_reader_to_their_own_area(as_user: Any, figures: Any) -> None:
    response = as_user("worker").get(reverse("dashboard:home"))
    assert response.status_code == 302 and response.url == _url(figures.community.code)


def test_it_refuses_another_communitys_worker(as_user: Any, figures: Any) -> None:
    assert as_user("outsider").get(_url(figures.community.code)).status_code == 404


def test_a_town_officer_may_not_read_the_county(as_user: Any, figures: Any) -> None:
    county = figures.community.parent.parent
    assert as_user("town").get(_url(county.code)).status_code == 404
    assert as_user("town").get(_url(figures.community.code)).status_code == 200


def test_a_resident_has_no_dashboard(as_user: Any, figures: Any) -> None:
    assert as_user("resident").get(_url(figures.groups[0].code)).status_code == 403


def test_wrong_method_is_refused(as_user: Any, figures: Any) -> None:
    assert as_user("worker").post(_url(figures.community.code)).status_code == 405
    assert as_user("worker").get(reverse("dashboard:demand_placement", args=[figures.community.code])) \
        .status_code == 405


def test_a_bad_month_falls_back_to_this_month(as_user: Any, figures: Any) -> None:
    assert as_user("worker").get(_url(figures.community.code), {"month": "2026-99"}).status_code == 200


def test_the_pdf_report_is_chinese_with_its_figures_and_audited(as_user: Any, figures: Any) -> None:
    from pypdf import PdfReader

    response = as_user("county").get(reverse("dashboard:report", args=[figures.community.code, "pdf"]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert figures.community.name in text
    assert "月报" in text or "Monthly" in text
    assert AuditEvent.objects.filter(action="dashboard_report", username="county").exists()


def test_the_workbook_holds_the_figures_and_neutralises_formulas(as_user: Any, figures: Any) -> None:
    from openpyxl import load_workbook

    town = figures.community.parent
    figures.community.name = "=HYPERLINK(\"http://evil\",\"x\")"
    figures.community.save()
    response = as_user("town").get(reverse("dashboard:report", args=[town.code, "xlsx"]))
    book = load_workbook(io.BytesIO(response.content))
    names = [row[0] for row in book.worksheets[1].iter_rows(min_row=2, values_only=True)]
    assert "'=HYPERLINK(\"http://evil\",\"x\")" in names
    assert all(not str(n).startswith("=") for n in names)


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_every_formula_start_is_neutralised(text: str) -> None:
    assert safe_cell(text) == "'" + text


def test_plain_text_and_numbers_are_left_alone() -> None:
    assert safe_cell("社区") == "社区" and safe_cell(-3) == -3


def test_the_demand_page_counts_needs_per_group(as_user: Any, figures: Any) -> None:
    page = as_user("worker").get(reverse("dashboard:demand", args=[figures.community.code])).content.decode()
    assert figures.groups[0].name in page and "demand-map" in page


def test_the_demand_weighted_placement_makes_a_circles_placement(as_user: Any, figures: Any) -> None:
    from baimi.circles.models import Placement

    response = as_user("worker").post(reverse("dashboard:demand_placement", args=[figures.community.code]),
                                      {"category": "medical", "sites": "1"})
    placement = Placement.objects.filter(community=figures.community).latest("created_at")
    assert response.status_code == 302 and f"placement={placement.pk}" in response.url
    assert placement.result["weights"] == "households+demand"


def test_only_the_community_plans(as_user: Any, figures: Any) -> None:
    url = reverse("dashboard:demand_placement", args=[figures.community.code])
    assert as_user("town").post(url, {"category": "medical", "sites": "1"}).status_code == 403


def test_a_bad_number_of_sites_is_refused_with_a_message(as_user: Any, figures: Any) -> None:
    url = reverse("dashboard:demand_placement", args=[figures.community.code])
    response = as_user("worker").post(url, {"category": "medical", "sites": "many"}, follow=True)
    assert "between 0 and 20" in response.content.decode() or "0 到 20" in response.content.decode()


def test_the_prefecture_page_reads_a_handful_of_queries(as_user: Any, figures: Any,
                                                        django_assert_max_num_queries: Any) -> None:
    client = as_user("prefecture")
    prefecture = figures.community.ancestors()[0]
    with django_assert_max_num_queries(12):
        assert client.get(_url(prefecture.code)).status_code == 200


def test_the_demand_placement_is_audited(as_user: Any, figures: Any) -> None:
    as_user("worker").post(reverse("dashboard:demand_placement", args=[figures.community.code]),
                           {"category": "medical", "sites": "0"})
    assert AuditEvent.objects.filter(action="demand_placement", username="worker").exists()
