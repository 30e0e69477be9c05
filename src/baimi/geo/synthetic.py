"""Generated streets, households and service points: for the demo, the tests and the benchmarks.

Real Altay street data may not be at hand (see ``shared/data/osm/README.md``), so the platform must
work on generated streets too. Everything here is deterministic for a given seed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from baimi.geo.coords import LocalProjection
from baimi.geo.network import WalkNetwork, network_from_arrays

__all__ = ["SERVICE_CATEGORIES", "Community", "grid_network", "random_community"]

#: The four services of a 100 m circle (DOMAIN.md): a doctor, books, a children's play place and a
#: dispute-mediation point.
SERVICE_CATEGORIES: tuple[str, ...] = ("doctor", "books", "play", "mediation")


def grid_network(
    n_x: int,
    n_y: int,
    *,
    spacing_m: float = 50.0,
    lon0: float = 88.14,
    lat0: float = 47.85,
    drop_fraction: float = 0.0,
    jitter_m: float = 0.0,
    seed: int = 0,
    projection: LocalProjection | None = None,
    origin_m: tuple[float, float] = (0.0, 0.0),
) -> WalkNetwork:
    """A street grid of ``n_x * n_y`` nodes, optionally with jittered nodes and missing edges.

    Parameters
    ----------
    n_x, n_y : int
        Nodes per row and column.
    spacing_m : float
        Block size.
    lon0, lat0 : float
        Where the projection is centred (default: Altay city).
    drop_fraction : float
        Share of edges removed at random (dead ends, blocks without a through path).
    jitter_m : float
        Uniform random displacement of each node.
    seed : int
    projection : LocalProjection, optional
        Default ``LocalProjection(lon0, lat0)``.
    origin_m : (float, float)
        Projected position of node (0, 0); lets several communities share one projection.
    """
    rng = np.random.default_rng(seed)
    proj = projection if projection is not None else LocalProjection(lon0, lat0)
    ix, iy = np.meshgrid(np.arange(n_x), np.arange(n_y), indexing="xy")
    x = origin_m[0] + ix.ravel() * spacing_m + rng.uniform(-jitter_m, jitter_m, ix.size)
    y = origin_m[1] + iy.ravel() * spacing_m + rng.uniform(-jitter_m, jitter_m, iy.size)
    idx = np.arange(n_x * n_y).reshape(n_y, n_x)
    u = np.concatenate([idx[:, :-1].ravel(), idx[:-1, :].ravel()])
    v = np.concatenate([idx[:, 1:].ravel(), idx[1:, :].ravel()])
    if drop_fraction > 0:
        keep = rng.random(u.size) >= drop_fraction
        u, v = u[keep], v[keep]
    lon, lat = proj.inverse(x, y)
    return network_from_arrays(lon, lat, u, v, projection=proj)


@dataclass(frozen=True)
class Community:
    """A generated community: streets, households with people, residents' groups and service points.

    All coordinates are metres in ``network.projection``.
    """

    name: str
    network: WalkNetwork
    household_x_m: NDArray[np.float64]
    household_y_m: NDArray[np.float64]
    household_people: NDArray[np.float64]
    household_group: NDArray[np.str_]
    group_x_m: NDArray[np.float64]
    group_y_m: NDArray[np.float64]
    group_name: NDArray[np.str_]
    facility_x_m: NDArray[np.float64]
    facility_y_m: NDArray[np.float64]
    facility_category: NDArray[np.str_]


def random_community(
    name: str = "demo",
    *,
    n_x: int = 20,
    n_y: int = 20,
    spacing_m: float = 60.0,
    n_households: int = 2000,
    n_groups: int = 12,
    facilities_per_category: int = 6,
    seed: int = 0,
    projection: LocalProjection | None = None,
    origin_m: tuple[float, float] = (0.0, 0.0),
) -> Community:
    """A community on a jittered grid, households scattered along its blocks, service points at random.

    Households lie near the streets (within a quarter block); residents' groups are the households'
    nearest group centre; people per household are 1–5.
    """
    rng = np.random.default_rng(seed)
    net = grid_network(
        n_x, n_y, spacing_m=spacing_m, jitter_m=spacing_m * 0.1, drop_fraction=0.1, seed=seed,
        projection=projection, origin_m=origin_m,
    )  # fmt: skip
    x0, y0 = origin_m
    w, h = (n_x - 1) * spacing_m, (n_y - 1) * spacing_m
    hx = x0 + rng.uniform(0, w, n_households)
    hy = y0 + rng.uniform(0, h, n_households)
    people = rng.integers(1, 6, n_households).astype(np.float64)
    gx = x0 + rng.uniform(0, w, n_groups)
    gy = y0 + rng.uniform(0, h, n_groups)
    gname = np.array([f"{name}-g{i:02d}" for i in range(n_groups)])
    nearest = np.argmin(np.hypot(hx[:, None] - gx, hy[:, None] - gy), axis=1)
    k = facilities_per_category * len(SERVICE_CATEGORIES)
    return Community(
        name=name,
        network=net,
        household_x_m=hx,
        household_y_m=hy,
        household_people=people,
        household_group=gname[nearest],
        group_x_m=gx,
        group_y_m=gy,
        group_name=gname,
        facility_x_m=x0 + rng.uniform(0, w, k),
        facility_y_m=y0 + rng.uniform(0, h, k),
        facility_category=np.repeat(np.array(SERVICE_CATEGORIES), facilities_per_category),
    )
