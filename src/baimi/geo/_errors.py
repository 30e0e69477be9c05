"""Errors raised by the circle engine.

Every error the engine raises on bad input derives from :class:`GeoError`, and also from
``ValueError`` where the input's value (not the program) is at fault, so callers can catch either.
"""

from __future__ import annotations

__all__ = [
    "GeoError",
    "InputError",
    "NetworkBuildError",
    "OSMParseError",
    "SolverError",
    "UnknownCRSError",
]


class GeoError(Exception):
    """Base class of every error raised by ``baimi.geo``."""


class InputError(GeoError, ValueError):
    """The input data are malformed (wrong shape, NaN, duplicate ids, empty where not allowed)."""


class UnknownCRSError(InputError):
    """A coordinate reference system name the engine does not know."""


class OSMParseError(InputError):
    """An OpenStreetMap file could not be read (broken XML, missing nodes, unknown format)."""


class NetworkBuildError(InputError):
    """A walking network could not be built (no walkable ways, no edges)."""


class SolverError(GeoError, RuntimeError):
    """The integer-programme solver failed in a way that is not a property of the data."""
