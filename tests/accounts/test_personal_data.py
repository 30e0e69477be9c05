"""A resident's data on request: everything linked comes out, and erasure blanks who they are
while the records other rules require to keep stay (pointing at an anonymous household)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from baimi.accounts.models import AuditEvent, User
from baimi.accounts.personal_data import ANONYMOUS, anonymise, export
from baimi.legal.models import LegalConsultation

pytestmark = pytest.mark.django_db


@pytest.fixture
def resident() -> User:
    user = User.objects.get(username="resident")
    assert user.household is not None
    return user


def test_export_holds_the_household_the_account_and_what_links_to_them(resident: User) -> None:
    consultation = LegalConsultation.objects.filter(requester=resident).first()
    assert consultation is not None  # the demo's legal activity belongs to this resident
    data = json.loads(export(by=User.objects.get(username="admin"), user=resident))
    models = {r["model"] for r in data["records"]}
    assert {"places.household", "accounts.user", "legal.legalconsultation"} <= models
    assert any(r["fields"].get("question") == consultation.question for r in data["records"])
    assert all("password" not in r["fields"] for r in data["records"])
    assert AuditEvent.objects.filter(action="export", username="admin").exists()


def test_anonymise_blanks_the_person_and_keeps_the_records(resident: User, client: Client) -> None:
    household = resident.household
    assert household is not None
    kept = anonymise(by=User.objects.get(username="admin"), household=household)
    household.refresh_from_db()
    resident.refresh_from_db()
    assert household.head_name == ANONYMOUS and household.phone == "" and household.id_number == ""
    assert not household.elderly_alone and household.children == 0
    assert resident.username.startswith("erased-") and not resident.is_active and not resident.has_usable_password()
    assert kept.get("legal.LegalConsultation", 0) >= 1
    assert LegalConsultation.objects.filter(requester=resident).exists()  # kept, now anonymous
    login = client.post(reverse("login"), {"username": "resident", "password": "baimi-demo-2026"})
    assert login.status_code == 200 and "_auth_user_id" not in client.session  # the form again: refused
    assert AuditEvent.objects.filter(action="anonymise", object_id=str(household.pk)).exists()


def test_the_command(resident: User, tmp_path: Path, capsys: Any) -> None:
    household = resident.household
    assert household is not None
    out = tmp_path / "person.json"
    call_command("personal_data", "export", household=f"{household.community.code}:{household.ref}", output=out)
    assert json.loads(out.read_text(encoding="utf-8"))["format"] == "baimi-personal-data/1"
    call_command("personal_data", "anonymise", household=f"{household.community.code}:{household.ref}", yes=True)
    assert "still linked" in capsys.readouterr().out
