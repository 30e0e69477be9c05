"""The demand loop (以群众需求为导向): where needs come from, per residents' group, and a placement run
that weighs each building by the needs of its group as well as by its households.

Needs are counted live from the apps (the last twelve months): help requests, legal needs (topics
ordered, needs left, consultations) and disputes (mediation cases, and help requests of the
neighbour-dispute category that did not become a case are already counted as help requests).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db import transaction
from django.utils import timezone

from baimi.circles.inputs import load_inputs
from baimi.circles.models import Placement, ProposedSite
from baimi.circles.placement import TIME_LIMIT_S, _matrices  # the circles app's own coverage matrices
from baimi.dashboard.aggregate import months_back
from baimi.dashboard.sources import Period, collect_activity, month_of
from baimi.geo.placement import solve_lscp, solve_mclp
from baimi.places.models import Division, ServiceCategory

HELP = ("help_requests",)
LEGAL = ("legal_orders", "legal_needs", "legal_consultations")
DISPUTES = ("mediation_cases",)


@dataclass
class GroupDemand:
    group: Division
    households: int
    help: int
    legal: int
    disputes: int

    @property
    def total(self) -> int:
        return self.help + self.legal + self.disputes


def group_demand(community: Division, *, months: int = 12) -> list[GroupDemand]:
    last = month_of(timezone.now())
    collected = collect_activity(Period(months_back(last, months), last, area=community))
    sums: dict[int, dict[str, float]] = {}
    for (leaf, _month), metrics in collected.cells.items():
        cell = sums.setdefault(leaf, {})
        for metric, value in metrics.items():
            cell[metric] = cell.get(metric, 0.0) + value
    from django.db.models import Count

    groups = list(community.children.groups().annotate(n=Count("buildings__households")).order_by("code"))
    return [GroupDemand(g, g.n, *(int(sum(sums.get(g.pk, {}).get(m, 0.0) for m in metrics))
                                  for metrics in (HELP, LEGAL, DISPUTES)))
            for g in groups]


def building_weights(group_codes: list[str], households: np.ndarray, demand: dict[str, int]) -> np.ndarray:
    """Each building's households, plus its share of its group's needs (shared by households), so a
    group that asked for much pulls new points towards it, and a quiet group still counts."""
    per_group_households: dict[str, float] = {}
    for code, n in zip(group_codes, households.tolist(), strict=True):
        per_group_households[code] = per_group_households.get(code, 0.0) + n
    extra = np.array([demand.get(code, 0) * n / per_group_households[code] if per_group_households[code] else 0.0
                      for code, n in zip(group_codes, households.tolist(), strict=True)], dtype=float)
    return np.asarray(households + extra, dtype=float)


@transaction.atomic
def demand_placement_create(*, community: Division, category: ServiceCategory, sites_wanted: int,
                            measure: str = Placement.Measure.WALK, user: Any = None) -> Placement:
    """The circles app's best-p (or, with ``sites_wanted`` 0, fewest-points) placement with demand
    weights; the result is an ordinary Placement, shown and adopted on the circle map."""
    data = load_inputs(community)
    candidates, existing = _matrices(data, category.code, measure)
    demand = {d.group.code: d.total for d in group_demand(community)}
    weight = building_weights(data.group_codes, data.households, demand)
    if sites_wanted:
        result = solve_mclp(candidates, sites_wanted, existing=existing, weight=weight, time_limit_s=TIME_LIMIT_S)
        model = Placement.Model.MCLP
    else:
        result = solve_lscp(candidates, existing=existing, weight=weight, time_limit_s=TIME_LIMIT_S)
        model = Placement.Model.LSCP
    placement = Placement.objects.create(
        community=community, category=category, model=model, measure=measure,
        sites_wanted=sites_wanted or None, weighted=True, created_by=user if getattr(user, "pk", None) else None,
        result={"status": result.status, "proven_optimal": bool(result.proven_optimal), "gap": float(result.gap),
                "objective": float(result.objective), "total": float(result.total_weight),
                "covered_before": float(result.covered_weight_before),
                "covered_after": float(result.covered_weight_after), "uncoverable": int(len(result.uncoverable)),
                "weights": "households+demand", "demand": demand},
    )
    not_yet = np.asarray(existing.sum(axis=1)).ravel() == 0
    csc = candidates.tocsc()
    ProposedSite.objects.bulk_create([
        ProposedSite(placement=placement, building_id=data.building_ids[j],
                     newly_covered=float(weight[reached][not_yet[reached]].sum()))
        for j in result.chosen.tolist()
        for reached in [csc.indices[csc.indptr[j]:csc.indptr[j + 1]]]
    ])
    return placement
