"""The demo community: real names and place, the sizes asked for, deterministic, with gaps."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest

from baimi.geo.coords import haversine_m
from baimi.places import summaries
from baimi.places.demo.generate import generate_community
from baimi.places.models import Building, Division, Household, ServicePoint, Staff

pytestmark = pytest.mark.django_db


def _fingerprint(community: Division) -> str:
    rows = Household.objects.filter(community=community).order_by("ref").values_list(
        "ref", "address", "size", "head_name", "phone", "id_number", "elderly_alone", "building__lon")
    return hashlib.sha256(repr(list(rows)).encode()).hexdigest()


def test_it_sits_in_the_real_hierarchy_at_the_real_place(demo: Any) -> None:
    assert [d.name for d in demo.community.ancestors()] == ["阿勒泰地区", "富蕴县", "库额尔齐斯镇"]
    assert demo.community.name == "赛尔江东路居委会"
    town = demo.community.parent
    assert float(haversine_m(town.lon, town.lat, demo.community.lon, demo.community.lat)) < 1500


def test_the_same_seed_gives_the_same_community(demo: Any) -> None:
    generate_community(demo.community, households=300, seed=7)
    first = _fingerprint(demo.community)
    generate_community(demo.community, households=300, seed=7)
    assert _fingerprint(demo.community) == first
    generate_community(demo.community, households=300, seed=8)
    assert _fingerprint(demo.community) != first


def test_the_default_size_matches_the_brief(demo: Any) -> None:
    made = generate_community(demo.community, households=2000)
    assert made.households == Household.objects.filter(community=demo.community).count() == 2000
    assert 8 <= made.groups <= 12
    assert Staff.objects.filter(community=demo.community, role="grid_worker").count() == made.groups
    # every building holds someone, and every building lies in its group's neighbourhood
    assert not Building.objects.filter(community=demo.community, households__isnull=True).exists()


def test_it_has_deliberate_gaps_and_covered_circles(demo: Any) -> None:
    generate_community(demo.community, households=2000)
    statuses = summaries.circle_statuses(demo.community)
    reached = [d is not None for s in statuses for d in s.reached.values()]
    assert any(reached) and not all(reached)
    assert ServicePoint.objects.filter(community=demo.community, categories__code="medical").exists()


def test_every_household_has_a_valid_id_number(demo: Any) -> None:
    from baimi.places.importing.fields import id_number

    for value in Household.objects.filter(community=demo.community).values_list("id_number", flat=True)[:200]:
        assert id_number(value) == value
