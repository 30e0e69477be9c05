"""Asking the legal adviser: a resident's request reaches their community's adviser and nobody else."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from baimi.accounts.models import User
from baimi.legal.models import LegalConsultation
from baimi.legal.services import consultation_open

pytestmark = pytest.mark.django_db


@pytest.fixture
def consultation(demo: Any) -> LegalConsultation:
    return consultation_open(requester=User.objects.get(username="resident"), question="单位拖欠工资怎么办？",
                             out_of_scope=True)


def test_a_resident_asks_the_adviser(as_user: Any, demo: Any) -> None:
    response = as_user("resident").post(reverse("legal:consultation_new"), {"question": "被公司辞退了去哪里仲裁？"})
    consultation = LegalConsultation.objects.get(question="被公司辞退了去哪里仲裁？")
    assert response.status_code == 302 and response["Location"] == reverse("legal:consultation", args=[consultation.pk])
    assert consultation.community == demo.community and consultation.group == demo.groups[0]
    assert consultation.out_of_scope and consultation.status == "open"


def test_an_empty_question_is_refused(as_user: Any) -> None:
    assert as_user("resident").post(reverse("legal:consultation_new"), {"question": ""}).status_code == 400


def test_the_adviser_sees_and_replies(as_user: Any, consultation: LegalConsultation) -> None:
    client = as_user("adviser")
    assert "单位拖欠工资怎么办？" in client.get(reverse("legal:consultations")).content.decode()
    assert client.get(reverse("legal:consultation", args=[consultation.pk])).context["reply_form"] is not None
    response = client.post(reverse("legal:consultation_reply", args=[consultation.pk]),
                           {"reply": "可向县劳动人事争议仲裁委员会申请仲裁。"})
    assert response.status_code == 302
    consultation.refresh_from_db()
    assert consultation.status == "answered" and consultation.replied_by.username == "adviser"
    page = as_user("resident").get(reverse("legal:consultation", args=[consultation.pk])).content.decode()
    assert "劳动人事争议仲裁委员会" in page


def test_residents_see_only_their_own(as_user: Any, demo: Any, consultation: LegalConsultation) -> None:
    neighbour = User.objects.create(username="resident2", role="resident", area=demo.groups[1])
    client = as_user("resident2")
    assert neighbour.pk and client.get(reverse("legal:consultation", args=[consultation.pk])).status_code == 404
    assert "单位拖欠工资怎么办？" not in client.get(reverse("legal:consultations")).content.decode()


def test_another_communitys_worker_gets_404(as_user: Any, consultation: LegalConsultation) -> None:
    assert as_user("outsider").get(reverse("legal:consultation", args=[consultation.pk])).status_code == 404


def test_roles_that_need_not_read_legal_troubles_are_refused(as_user: Any, consultation: LegalConsultation) -> None:
    for username in ("volunteer", "grid", "town"):
        assert as_user(username).get(reverse("legal:consultation", args=[consultation.pk])).status_code == 403


def test_only_the_adviser_replies(as_user: Any, consultation: LegalConsultation) -> None:
    url = reverse("legal:consultation_reply", args=[consultation.pk])
    assert as_user("worker").post(url, {"reply": "x"}).status_code == 403
    assert as_user("adviser").get(url).status_code == 405
    assert as_user("resident").get(reverse("legal:consultation_new")).status_code == 405
