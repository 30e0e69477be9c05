"""The street plan of a generated community, in metres around its centre (x east, y north).

Blocks of 120 m × 100 m between residential streets; each block is either flats (two rows of
three 5–6 storey buildings with a footpath between them) or single-storey courtyard houses (平房)
along two lanes. Residents' groups take two neighbouring blocks each, so a group's 100 m circle
covers most of its own households and touches its neighbours' (圈圈相连) — but not all: the
outer houses of a group fall outside, as they do in real communities.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

BLOCK_W_M = 120.0
BLOCK_H_M = 100.0
FLATS_PER_BLOCK = 6 * 20  # 6 buildings of at least 20 flats: never fewer homes than asked for
HOUSES_PER_BLOCK = 40
MAIN_STREET = "赛尔江东路"
EW_STREETS = ["幸福路", "文化东路", "团结路", "友好路", "和谐路", "振兴路", "光明路", "新华路"]


@dataclass
class PlannedBuilding:
    x_m: float
    y_m: float
    width_m: float
    depth_m: float
    floors: int
    units: int
    flats_per_floor: int
    street: str
    number: int
    kind: str  # "flats" or "house"

    @property
    def households(self) -> int:
        return self.floors * self.units * self.flats_per_floor if self.kind == "flats" else 1


@dataclass
class PlannedWay:
    kind: str
    name: str
    points_m: list[tuple[float, float]]


@dataclass
class Block:
    col: int
    row: int
    kind: str
    buildings: list[PlannedBuilding] = field(default_factory=list)


@dataclass
class Plan:
    cols: int
    rows: int
    blocks: list[Block]
    ways: list[PlannedWay]
    groups: list[list[Block]]


def plan_community(households: int, rng: np.random.Generator) -> Plan:
    """Lay out enough blocks for about ``households`` households, deterministically from ``rng``."""
    kinds: list[str] = []
    capacity = 0
    while capacity < households:
        kind = "house" if rng.random() < 0.3 else "flats"
        kinds.append(kind)
        capacity += HOUSES_PER_BLOCK if kind == "house" else FLATS_PER_BLOCK
    rows = max(1, round(math.sqrt(len(kinds) / 2.5)))  # wider than deep, along the main street
    cols = math.ceil(len(kinds) / rows)
    x0, y0 = -cols * BLOCK_W_M / 2, -rows * BLOCK_H_M / 2
    main_row = rows // 2  # the main street runs along the bottom of this row of blocks
    street_of_row = {r: MAIN_STREET if r == main_row else EW_STREETS[(r - main_row) % len(EW_STREETS)]
                     for r in range(rows + 1)}
    blocks = []
    numbers: dict[str, int] = {}
    for i, kind in enumerate(kinds):
        row, col = divmod(i, cols)
        block = Block(col, row, kind)
        left, bottom = x0 + col * BLOCK_W_M, y0 + row * BLOCK_H_M
        street = street_of_row[row]
        if kind == "flats":
            for y in (bottom + 28, bottom + 72):
                for x in (left + 22, left + 60, left + 98):
                    numbers[street] = numbers.get(street, 0) + 1
                    block.buildings.append(PlannedBuilding(
                        x + rng.normal(0, 1.5), y + rng.normal(0, 1.5), 30.0, 12.0,
                        int(rng.integers(5, 7)), 2, 2, street, numbers[street], "flats"))
        else:
            for y in (bottom + 18, bottom + 40, bottom + 60, bottom + 82):
                for k in range(10):
                    numbers[street] = numbers.get(street, 0) + 1
                    block.buildings.append(PlannedBuilding(
                        left + 8 + k * 11.5, y, 9.0, 8.0, 1, 1, 1, street, numbers[street], "house"))
        blocks.append(block)
    ways = node_crossings(_ways(cols, rows, x0, y0, street_of_row, blocks))
    snake = sorted(blocks, key=lambda b: (b.row, b.col if b.row % 2 == 0 else -b.col))
    groups = [snake[i:i + 2] for i in range(0, len(snake), 2)]
    return Plan(cols, rows, blocks, ways, groups)


def _ways(cols: int, rows: int, x0: float, y0: float, street_of_row: dict[int, str],
          blocks: list[Block]) -> list[PlannedWay]:
    ways = []
    right, top = x0 + cols * BLOCK_W_M, y0 + rows * BLOCK_H_M
    for r in range(rows + 1):
        y = y0 + r * BLOCK_H_M
        ways.append(PlannedWay("residential", street_of_row[r], [(x0, y), (right, y)]))
    for c in range(cols + 1):
        x = x0 + c * BLOCK_W_M
        ways.append(PlannedWay("residential", f"{MAIN_STREET}{c + 1}巷", [(x, y0), (x, top)]))
    for block in blocks:
        left, bottom = x0 + block.col * BLOCK_W_M, y0 + block.row * BLOCK_H_M
        mid_y = bottom + BLOCK_H_M / 2
        if block.kind == "flats":
            ways.append(PlannedWay("footway", "", [(left, mid_y), (left + BLOCK_W_M, mid_y)]))
            ways.append(PlannedWay("footway", "", [(left + 41, bottom), (left + 41, bottom + BLOCK_H_M)]))
            ways.append(PlannedWay("service", "", [(left + 79, bottom), (left + 79, bottom + BLOCK_H_M)]))
        else:
            for y in (bottom + 29, bottom + 71):
                ways.append(PlannedWay("path", "", [(left, y), (left + BLOCK_W_M, y)]))
    return ways


def node_crossings(ways: list[PlannedWay]) -> list[PlannedWay]:
    """Put a vertex wherever two ways cross or one ends on another.

    A walking network joins lines only at shared vertices (as OpenStreetMap does), so a street drawn
    as one long segment would otherwise pass its side lanes without connecting. All generated ways
    are axis-parallel, which makes the crossings exact.
    """
    horizontal = [w for w in ways if w.points_m[0][1] == w.points_m[-1][1]]
    vertical = [w for w in ways if w.points_m[0][0] == w.points_m[-1][0]]
    for way in ways:
        (xa, ya), (xb, yb) = way.points_m[0], way.points_m[-1]
        if ya == yb:  # horizontal: cut at every vertical way spanning this y
            lo, hi = min(xa, xb), max(xa, xb)
            cuts = {v.points_m[0][0] for v in vertical
                    if lo <= v.points_m[0][0] <= hi
                    and min(v.points_m[0][1], v.points_m[-1][1]) <= ya <= max(v.points_m[0][1], v.points_m[-1][1])}
            way.points_m = [(x, ya) for x in sorted(cuts | {xa, xb}, reverse=xa > xb)]
        elif xa == xb:
            lo, hi = min(ya, yb), max(ya, yb)
            cuts = {h.points_m[0][1] for h in horizontal
                    if lo <= h.points_m[0][1] <= hi
                    and min(h.points_m[0][0], h.points_m[-1][0]) <= xa <= max(h.points_m[0][0], h.points_m[-1][0])}
            way.points_m = [(xa, y) for y in sorted(cuts | {ya, yb}, reverse=ya > yb)]
    return ways
