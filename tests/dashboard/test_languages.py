"""Every page in Chinese and English; Kazakh in Arabic script right to left with its navigation."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from baimi.dashboard.aggregate import aggregate_figures

pytestmark = pytest.mark.django_db


def _page(client: Any, code: str, language: str) -> str:
    client.cookies["django_language"] = language
    return client.get(reverse("dashboard:area", args=[code])).content.decode()


def test_the_dashboard_is_chinese_by_default_and_english_on_request(as_user: Any, demo: Any) -> None:
    aggregate_figures(months=1)
    client = as_user("worker")
    chinese = client.get(reverse("dashboard:area", args=[demo.community.code])).content.decode()
    assert "按月趋势" in chinese and "工作台" in chinese and 'dir="ltr"' in chinese
    english = _page(client, demo.community.code, "en")
    assert "Trends by month" in english and 'lang="en"' in english


def test_kazakh_pages_are_right_to_left_with_kazakh_navigation(as_user: Any, demo: Any) -> None:
    page = _page(as_user("worker"), demo.community.code, "kk-arab")
    assert 'dir="rtl"' in page and 'lang="kk-arab"' in page
    assert "باسقارۋ تاقتاسى" in page  # "Dashboard" in the navigation
    assert "قازاقشا" in page  # the language menu names it in its own script


def test_uyghur_would_be_right_to_left_too() -> None:
    from django.conf import settings

    assert "ug" in settings.LANGUAGES_BIDI and "kk-arab" in settings.LANGUAGES_BIDI
