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

__all__ = [
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
