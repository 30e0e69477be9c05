"""The mediation figures of an area: cases by type, outcome and level settled, time to settle, and the
shares settled inside the residents' group and inside the community (矛盾不上交). Counts only: no
party is named, so officers of the town and above read them too. The dashboard uses ``area_figures``."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

from django.db.models import Count

from baimi.mediation.models import Case, DisputeType, SettledLevel
from baimi.mediation.states import State
from baimi.places.models import Division

OUTCOME_OF_STATE = {
    State.REGISTERED: "open", State.MEDIATING: "open", State.AGREED: "settled",
    State.PERFORMED: "settled", State.DECLINED: "declined", State.FAILED: "failed",
}


@dataclass
class Figures:
    total: int = 0
    by_type: list[tuple[str, int]] = field(default_factory=list)
    by_state: list[tuple[str, int]] = field(default_factory=list)
    by_outcome: dict[str, int] = field(default_factory=dict)
    by_level: list[tuple[str, int]] = field(default_factory=list)
    settled: int = 0
    median_days_to_settle: float | None = None
    share_in_group: float | None = None  # of settled cases, 0..1
    share_in_community: float | None = None  # group or community, 0..1


def _outcome(case_state: str, has_agreement: bool) -> str:
    if case_state == State.CLOSED:
        return "settled" if has_agreement else "ended"
    return OUTCOME_OF_STATE[State(case_state)]


def area_figures(area: Division) -> Figures:
    cases = Case.objects.in_area(area) if area.level != "community" else Case.objects.filter(community=area)
    rows = list(cases.values_list("dispute_type", "state", "settled_level", "opened_at", "settled_at",
                                  "agreement__effective_at"))
    figures = Figures(total=len(rows))
    type_counts = dict(cases.values_list("dispute_type").annotate(n=Count("id")).values_list("dispute_type", "n"))
    figures.by_type = [(str(label), type_counts.get(value, 0)) for value, label in DisputeType.choices]
    state_counts = dict(cases.values_list("state").annotate(n=Count("id")).values_list("state", "n"))
    figures.by_state = [(str(label), state_counts.get(value, 0)) for value, label in State.choices]
    outcomes: dict[str, int] = {"open": 0, "settled": 0, "declined": 0, "failed": 0, "ended": 0}
    days: list[float] = []
    levels: dict[str, int] = {}
    for _type, state, level, opened_at, settled_at, effective_at in rows:
        outcome = _outcome(state, effective_at is not None)
        outcomes[outcome] += 1
        if outcome == "settled":
            levels[level or SettledLevel.COMMUNITY] = levels.get(level or SettledLevel.COMMUNITY, 0) + 1
            if settled_at is not None:
                days.append((settled_at - opened_at).total_seconds() / 86400)
    figures.by_outcome = outcomes
    figures.by_level = [(str(label), levels.get(value, 0)) for value, label in SettledLevel.choices]
    figures.settled = outcomes["settled"]
    if days:
        figures.median_days_to_settle = round(statistics.median(days), 1)
    if figures.settled:
        in_group = levels.get(SettledLevel.GROUP, 0)
        figures.share_in_group = in_group / figures.settled
        figures.share_in_community = (in_group + levels.get(SettledLevel.COMMUNITY, 0)) / figures.settled
    return figures
