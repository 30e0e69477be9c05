"""The figures the dashboard uses: by type, outcome and level, and the shares settled low down."""

from __future__ import annotations

from typing import Any

from baimi.mediation.figures import area_figures
from baimi.mediation.models import Case
from baimi.places.models import Division


def test_the_demo_communitys_figures(demo: Any) -> None:
    figures = area_figures(demo.community)
    assert figures.total == Case.objects.filter(community=demo.community).count() == 5
    assert dict(figures.by_type)["neighbours"] if False else sum(n for _, n in figures.by_type) == 5
    assert figures.by_outcome == {"open": 1, "settled": 3, "declined": 0, "failed": 1, "ended": 0}
    assert figures.settled == 3
    assert figures.share_in_group is not None and abs(figures.share_in_group - 1 / 3) < 1e-9
    assert figures.share_in_community == 1.0
    assert figures.median_days_to_settle is not None and figures.median_days_to_settle > 0


def test_a_town_sums_its_communities_and_an_empty_area_has_no_shares(demo: Any) -> None:
    town = demo.community.parent
    assert area_figures(town).total == area_figures(demo.community).total
    empty = area_figures(demo.neighbour)
    assert empty.total == 0 and empty.share_in_group is None and empty.median_days_to_settle is None
    assert isinstance(Division.objects.get(pk=town.pk), Division)
