"""The circle engine: coordinates, walking networks, coverage, blind spots and placement.

Pure Python over numpy/scipy; never imports Django, so it runs in a notebook, on the command line
and on Dask workers without a database. The ``circles`` app translates between the ORM and these
functions.
"""

from __future__ import annotations

from baimi.geo._errors import (
    GeoError,
    InputError,
    NetworkBuildError,
    OSMParseError,
    SolverError,
    UnknownCRSError,
)
from baimi.geo.blindspots import BlindSpot, CircleConnectivity, CircleGap, blind_spots, circle_connectivity
from baimi.geo.coords import (
    LocalProjection,
    bd09_to_gcj02,
    bd09_to_wgs84,
    from_wgs84,
    gcj02_to_bd09,
    gcj02_to_wgs84,
    haversine_m,
    to_wgs84,
    wgs84_to_bd09,
    wgs84_to_gcj02,
)
from baimi.geo.coverage import (
    CoverageResult,
    GroupRates,
    compute_coverage,
    coverage_rates,
    straight_nearest,
    walk_distances_from,
    walk_nearest,
)
from baimi.geo.network import WalkNetwork, network_from_arrays, network_from_geojson, network_from_osm, read_network
from baimi.geo.placement import (
    PlacementResult,
    coverage_matrix_straight,
    coverage_matrix_walk,
    solve_lscp,
    solve_mclp,
)
from baimi.geo.snap import Snapped, snap_points

__all__ = [
    "BlindSpot",
    "CircleConnectivity",
    "CircleGap",
    "CoverageResult",
    "GroupRates",
    "PlacementResult",
    "Snapped",
    "WalkNetwork",
    "blind_spots",
    "circle_connectivity",
    "compute_coverage",
    "coverage_matrix_straight",
    "coverage_matrix_walk",
    "coverage_rates",
    "network_from_arrays",
    "network_from_geojson",
    "network_from_osm",
    "read_network",
    "snap_points",
    "solve_lscp",
    "solve_mclp",
    "straight_nearest",
    "walk_distances_from",
    "walk_nearest",
    "GeoError",
    "InputError",
    "LocalProjection",
    "NetworkBuildError",
    "OSMParseError",
    "SolverError",
    "UnknownCRSError",
    "bd09_to_gcj02",
    "bd09_to_wgs84",
    "from_wgs84",
    "gcj02_to_bd09",
    "gcj02_to_wgs84",
    "haversine_m",
    "to_wgs84",
    "wgs84_to_bd09",
    "wgs84_to_gcj02",
]
