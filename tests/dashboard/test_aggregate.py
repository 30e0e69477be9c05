"""The monthly figures: counted per leaf from the apps' rows, added up the tree, shares from sums."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from baimi.dashboard.aggregate import aggregate_figures
from baimi.dashboard.models import AreaMonthFigures
from baimi.dashboard.sources import Collected, Period, month_of
from baimi.places.models import Division

pytestmark = pytest.mark.django_db


def _value(division: Division, metric: str, month: dt.date | None = None) -> float:
    row = AreaMonthFigures.objects.filter(division=division, metric=metric,
                                          month=month or month_of(timezone.now())).first()
    return row.value if row else 0.0


def test_help_requests_are_counted_in_their_group_and_every_level_above(demo: Any) -> None:
    from baimi.helpdesk.models import HelpRequest

    aggregate_figures(months=1)
    group = demo.groups[0]
    before = {d.pk: _value(d, "help_requests") for d in [group, *group.ancestors()]}
    request = HelpRequest.objects.filter(group__parent=demo.community).first()
    assert request is not None, "the demo has help requests"
    clone = HelpRequest.objects.get(pk=request.pk)
    clone.pk, clone.reference, clone.group, clone.idempotency_key = None, "HTESTDASH01", group, None
    clone.arrived_at = clone.arrival_due - dt.timedelta(minutes=1)
    clone.settled_level = "circle"
    clone.save()
    HelpRequest.objects.filter(pk=clone.pk).update(created_at=timezone.now())
    aggregate_figures(months=1)
    for division in [group, *group.ancestors()]:
        assert _value(division, "help_requests") == before[division.pk] + 1, division.level


def test_a_county_share_is_computed_from_sums_not_averaged(demo: Any) -> None:
    from baimi.dashboard.indicators import by_key

    reached = by_key()["help_reached_share"]
    assert reached.value({"help_reached_in_time": 9, "help_arrived": 10}) == 0.9
    assert reached.value({"help_reached_in_time": 0, "help_arrived": 0}) is None
    assert reached.format(0.9) == "90.0%"


def test_coverage_and_circles_come_from_the_latest_run(demo: Any) -> None:
    aggregate_figures(months=1)
    community = demo.community
    households = _value(community, "households")
    assert households > 0
    walk_all = _value(community, "covered_walk:all")
    assert 0 <= walk_all <= households
    assert _value(community, "blind_spot_households") == pytest.approx(households - walk_all, abs=0.01)
    assert _value(community, "groups") == len(demo.groups)
    assert _value(community, "communities") == 1
    town = community.parent
    assert _value(town, "groups") == len(demo.groups) + len(demo.neighbour_groups)


def test_rerunning_replaces_the_months_rather_than_adding(demo: Any) -> None:
    aggregate_figures(months=2)
    first = AreaMonthFigures.objects.count()
    aggregate_figures(months=2)
    assert AreaMonthFigures.objects.count() == first
    assert _value(demo.community, "communities") == 1


def test_a_missing_app_gives_no_data_instead_of_an_error(monkeypatch: Any) -> None:
    from baimi.dashboard import sources

    def broken(name: str, model: str) -> Any:
        raise LookupError(f"No installed app with label '{name}'.")

    monkeypatch.setattr(sources.apps, "get_model", broken)
    out = Collected()
    now = month_of(timezone.now())
    sources.help_requests(Period(now, now), out)
    sources.mediation_cases(Period(now, now), out)
    assert dict(out.cells) == {}
    assert [m.split(":")[0] for m in out.missing] == ["helpdesk", "mediation"]


def test_the_command_checks_its_arguments_and_reports(capsys: Any) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("aggregate_figures", "--until", "March")
    call_command("aggregate_figures", "--months", "1")
    assert "figures for" in capsys.readouterr().out


def test_the_periodic_task_refreshes_this_month() -> None:
    from baimi.dashboard.tasks import refresh_figures

    AreaMonthFigures.objects.all().delete()
    refresh_figures.call_local()
    assert AreaMonthFigures.objects.filter(month=month_of(timezone.now()), metric="communities").exists()


def test_local_metres_agree_with_the_projection(demo: Any) -> None:
    import numpy as np

    from baimi.circles.inputs import projection_at
    from baimi.dashboard.coverage import _local_metres

    c = demo.community
    lon = np.array([g.lon for g in demo.groups])
    lat = np.array([g.lat for g in demo.groups])
    px, py = projection_at(c.lon, c.lat).forward(lon, lat)
    qx, qy = _local_metres(c.lon, c.lat, lon, lat)
    assert np.hypot(px[0] - px[-1], py[0] - py[-1]) == pytest.approx(np.hypot(qx[0] - qx[-1], qy[0] - qy[-1]),
                                                                      abs=0.5)
