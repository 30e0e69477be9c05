from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from baimi.accounts.privacy import mask_id_number, mask_phone
from baimi.places.models import Household

pytestmark = pytest.mark.django_db


def test_masks_keep_only_the_ends() -> None:
    assert mask_phone("13909061234") == "139****1234"
    assert mask_id_number("65432219900101123X") == "6543**********123X"
    assert mask_phone("12345") == "*****"


@pytest.mark.parametrize(("username", "full_phone", "full_id", "flags"), [
    ("worker", True, True, True),
    ("adviser", False, False, False),
    ("mediator", False, False, False),
    ("town", False, False, False),
])
def test_the_household_page_masks_by_role(as_user: Any, demo: Any, username: str, full_phone: bool,
                                          full_id: bool, flags: bool) -> None:
    household = Household.objects.filter(community=demo.community, elderly_alone=True).first()
    assert household is not None
    page = as_user(username).get(reverse("places:household", args=[household.pk])).content.decode()
    assert (household.phone in page) is full_phone
    assert (mask_phone(household.phone) in page) is not full_phone
    assert (household.id_number in page) is full_id
    assert (("elderly living alone" in page) or ("独居老人" in page)) is flags


def test_the_grid_worker_sees_phones_but_not_id_numbers(as_user: Any) -> None:
    from baimi.accounts.models import User

    grid = User.objects.get(username="grid")
    household = Household.objects.filter(group=grid.area).first()
    assert household is not None
    page = as_user("grid").get(reverse("places:household", args=[household.pk])).content.decode()
    assert household.phone in page and household.id_number not in page
