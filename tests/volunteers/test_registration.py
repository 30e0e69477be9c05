from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from baimi.accounts.models import AuditEvent, User
from baimi.volunteers import services
from baimi.volunteers.models import Volunteer

pytestmark = pytest.mark.django_db

FORM = {"real_name": "赵磊", "phone": "13712345678", "id_number": "65432219850505123X", "kind": "cadre",
        "available_weekdays": ["5", "6"], "consent": "on"}


def test_a_resident_registers_themselves_in_their_own_group(as_user: Any, demo: Any) -> None:
    client = as_user("resident")
    assert client.get(reverse("volunteers:join")).status_code == 200
    response = client.post(reverse("volunteers:join"), FORM)
    volunteer = Volunteer.objects.get(user__username="resident")
    assert response.status_code == 302 and response["Location"] == reverse("volunteers:volunteer", args=[volunteer.pk])
    assert volunteer.community == demo.community and volunteer.group == demo.groups[0]
    assert volunteer.available_weekdays == [5, 6] and volunteer.id_number == "65432219850505123X"
    assert AuditEvent.objects.filter(object_type="volunteers.Volunteer", action="create").exists()


def test_registration_needs_consent_to_record(as_user: Any) -> None:
    response = as_user("resident").post(reverse("volunteers:join"), {**FORM, "consent": ""})
    assert response.status_code == 200 and not Volunteer.objects.filter(user__username="resident").exists()


def test_only_residents_register_themselves(as_user: Any) -> None:
    assert as_user("worker").get(reverse("volunteers:join")).status_code == 403


def test_join_refuses_other_methods(as_user: Any) -> None:
    assert as_user("resident").put(reverse("volunteers:join")).status_code == 405


def test_staff_register_a_volunteer_in_a_group_of_their_area(as_user: Any, demo: Any) -> None:
    response = as_user("volunteer").post(reverse("volunteers:volunteer_new"), {**FORM, "group": demo.groups[1].pk})
    assert response.status_code == 302
    volunteer = Volunteer.objects.get(real_name="赵磊")
    assert volunteer.community == demo.community and volunteer.registered_by == User.objects.get(username="volunteer")


def test_staff_cannot_register_into_another_communitys_group(as_user: Any, demo: Any) -> None:
    response = as_user("outsider").post(reverse("volunteers:volunteer_new"), {**FORM, "group": demo.groups[0].pk})
    assert response.status_code == 200 and not Volunteer.objects.filter(real_name="赵磊").exists()


def test_residents_and_officers_cannot_register_others(as_user: Any) -> None:
    assert as_user("resident").get(reverse("volunteers:volunteer_new")).status_code == 403
    assert as_user("town").get(reverse("volunteers:volunteer_new")).status_code == 403


def test_a_login_holds_one_volunteer_record(vworld: Any, demo: Any) -> None:
    resident = User.objects.get(username="resident")
    with pytest.raises(ValidationError):
        services.volunteer_register(registered_by=resident, user=resident, community=demo.community,
                                    real_name="王芳")


def test_the_group_must_be_in_the_community(demo: Any) -> None:
    with pytest.raises(ValidationError):
        services.volunteer_register(registered_by=None, community=demo.community, group=demo.neighbour_groups[0],
                                    real_name="某人")
