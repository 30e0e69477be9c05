"""Coordinate systems used in China, and a local metric projection.

Data reach the platform in four systems:

* **WGS-84** (EPSG:4326): phones' GNSS, OpenStreetMap.
* **CGCS2000** (EPSG:4490): Tianditu, the official map. Its ellipsoid differs from WGS-84's by
  0.1 mm in the semi-minor axis and the frames agree to a few centimetres, far below anything a
  100 m circle can see, so it is treated as WGS-84.
* **GCJ-02**: AMap (Gaode), Tencent, Apple Maps in China. WGS-84 plus a published non-linear
  offset of a few hundred metres.
* **BD-09**: Baidu. GCJ-02 plus a further rotation/scale offset.

The GCJ-02 offset is, by the standard rule every public implementation follows, applied only inside
a rough bounding box of China (lon 72.004–137.8347, lat 0.8293–55.8271); outside it GCJ-02 is the
identity, so ``wgs84_to_gcj02`` and ``gcj02_to_wgs84`` return the input unchanged there. The BD-09
step is applied everywhere, as Baidu does. Altay (about 86–91 °E, 45–49 °N) is inside the box.

All functions are vectorised: they take floats or array-likes of equal (broadcastable) shape and
return a pair of the broadcast shape (floats for scalar input).

Distances are never computed in degrees: :class:`LocalProjection` projects to metres.
"""

from __future__ import annotations

import math
from typing import Any, TypeVar, cast

import numpy as np
from numpy.typing import ArrayLike, NDArray
from pyproj import Geod, Transformer

from baimi.geo._errors import InputError, UnknownCRSError

__all__ = [
    "EARTH_RADIUS_M",
    "LocalProjection",
    "bd09_to_gcj02",
    "bd09_to_wgs84",
    "from_wgs84",
    "geodesic_m",
    "gcj02_to_bd09",
    "gcj02_to_wgs84",
    "haversine_m",
    "normalise_crs",
    "out_of_china",
    "to_wgs84",
    "wgs84_to_bd09",
    "wgs84_to_gcj02",
]

FloatArray = NDArray[np.float64]
#: A float, or an array of float64; functions return the kind they were given.
F = TypeVar("F", float, FloatArray)

#: Mean Earth radius (IUGG), used by :func:`haversine_m`.
EARTH_RADIUS_M = 6_371_008.8

# Krasovsky 1940 ellipsoid, used by the GCJ-02 algorithm.
_KRASOVSKY_A = 6_378_245.0
_KRASOVSKY_EE = 0.00669342162296594323
# BD-09's constant: pi * 3000 / 180.
_X_PI = math.pi * 3000.0 / 180.0

_INVERSE_TOL_DEG = 1e-12  # ~0.1 micrometre: iterate the GCJ-02 inverse until it moves less than this
_INVERSE_MAX_ITER = 50


def _as_arrays(lon: ArrayLike, lat: ArrayLike) -> tuple[FloatArray, FloatArray, bool]:
    lon_a, lat_a = np.broadcast_arrays(np.asarray(lon, dtype=np.float64), np.asarray(lat, dtype=np.float64))
    scalar = lon_a.ndim == 0
    return lon_a, lat_a, scalar


def _out(lon: FloatArray, lat: FloatArray, scalar: bool) -> tuple[Any, Any]:
    if scalar:
        return float(lon), float(lat)
    return lon, lat


def out_of_china(lon: ArrayLike, lat: ArrayLike) -> NDArray[np.bool_]:
    """Whether a point is outside the rough box where GCJ-02 applies.

    Parameters
    ----------
    lon, lat : float or array-like
        Degrees.

    Returns
    -------
    numpy.ndarray of bool
        True where the GCJ-02 offset is not applied (the standard public rule).
    """
    lon_a, lat_a, _ = _as_arrays(lon, lat)
    outside: NDArray[np.bool_] = (lon_a < 72.004) | (lon_a > 137.8347) | (lat_a < 0.8293) | (lat_a > 55.8271)
    return outside


def _gcj_offset(lon: FloatArray, lat: FloatArray) -> tuple[FloatArray, FloatArray]:
    """The GCJ-02 offset (degrees) at a WGS-84 point, without the out-of-China rule."""
    x = lon - 105.0
    y = lat - 35.0
    pi = math.pi
    common = (20.0 * np.sin(6.0 * x * pi) + 20.0 * np.sin(2.0 * x * pi)) * 2.0 / 3.0
    sqrt_abs_x = np.sqrt(np.abs(x))
    d_lat = (
        -100.0
        + 2.0 * x
        + 3.0 * y
        + 0.2 * y * y
        + 0.1 * x * y
        + 0.2 * sqrt_abs_x
        + common
        + (20.0 * np.sin(y * pi) + 40.0 * np.sin(y / 3.0 * pi)) * 2.0 / 3.0
        + (160.0 * np.sin(y / 12.0 * pi) + 320.0 * np.sin(y * pi / 30.0)) * 2.0 / 3.0
    )
    d_lon = (
        300.0
        + x
        + 2.0 * y
        + 0.1 * x * x
        + 0.1 * x * y
        + 0.1 * sqrt_abs_x
        + common
        + (20.0 * np.sin(x * pi) + 40.0 * np.sin(x / 3.0 * pi)) * 2.0 / 3.0
        + (150.0 * np.sin(x / 12.0 * pi) + 300.0 * np.sin(x / 30.0 * pi)) * 2.0 / 3.0
    )
    rad_lat = np.radians(lat)
    magic = 1.0 - _KRASOVSKY_EE * np.sin(rad_lat) ** 2
    sqrt_magic = np.sqrt(magic)
    d_lat = d_lat * 180.0 / ((_KRASOVSKY_A * (1.0 - _KRASOVSKY_EE)) / (magic * sqrt_magic) * pi)
    d_lon = d_lon * 180.0 / (_KRASOVSKY_A / sqrt_magic * np.cos(rad_lat) * pi)
    return d_lon, d_lat


def _wgs_to_gcj(lon: FloatArray, lat: FloatArray) -> tuple[FloatArray, FloatArray]:
    d_lon, d_lat = _gcj_offset(lon, lat)
    outside = out_of_china(lon, lat)
    return np.where(outside, lon, lon + d_lon), np.where(outside, lat, lat + d_lat)


def _gcj_to_wgs(lon: FloatArray, lat: FloatArray) -> tuple[FloatArray, FloatArray]:
    # Fixed-point iteration w <- w - (f(w) - g). The offset's derivative is ~1e-5 of the identity,
    # so each step gains about five digits; a handful of steps reach the tolerance.
    outside = out_of_china(lon, lat)
    w_lon, w_lat = lon.copy(), lat.copy()
    for _ in range(_INVERSE_MAX_ITER):
        d_lon, d_lat = _gcj_offset(w_lon, w_lat)
        step_lon = w_lon + d_lon - lon
        step_lat = w_lat + d_lat - lat
        w_lon = w_lon - step_lon
        w_lat = w_lat - step_lat
        step = np.maximum(np.abs(step_lon), np.abs(step_lat))
        if step.size == 0 or float(np.nanmax(step, initial=0.0)) < _INVERSE_TOL_DEG:
            break
    return np.where(outside, lon, w_lon), np.where(outside, lat, w_lat)


def _gcj_to_bd(lon: FloatArray, lat: FloatArray) -> tuple[FloatArray, FloatArray]:
    z = np.hypot(lon, lat) + 0.00002 * np.sin(lat * _X_PI)
    theta = np.arctan2(lat, lon) + 0.000003 * np.cos(lon * _X_PI)
    return z * np.cos(theta) + 0.0065, z * np.sin(theta) + 0.006


def _bd_to_gcj(lon: FloatArray, lat: FloatArray) -> tuple[FloatArray, FloatArray]:
    # Baidu's published closed-form inverse (approximate to ~1e-6 degree, i.e. ~0.1 m), which is
    # what every public implementation uses; published reference pairs follow it.
    x = lon - 0.0065
    y = lat - 0.006
    z = np.hypot(x, y) - 0.00002 * np.sin(y * _X_PI)
    theta = np.arctan2(y, x) - 0.000003 * np.cos(x * _X_PI)
    return z * np.cos(theta), z * np.sin(theta)


def wgs84_to_gcj02(lon: F, lat: F) -> tuple[F, F]:
    """Convert WGS-84 to GCJ-02 (identity outside China).

    Parameters
    ----------
    lon, lat : float or numpy.ndarray
        WGS-84 degrees.

    Returns
    -------
    tuple
        ``(lon, lat)`` in GCJ-02, of the input's shape.
    """
    lon_a, lat_a, scalar = _as_arrays(lon, lat)
    return _out(*_wgs_to_gcj(lon_a, lat_a), scalar)


def gcj02_to_wgs84(lon: F, lat: F) -> tuple[F, F]:
    """Convert GCJ-02 to WGS-84 by iterating the forward transform to convergence.

    The result, converted back with :func:`wgs84_to_gcj02`, reproduces the input to about 1e-12
    degree (micrometres); the usual one-step inverse found in many libraries is off by up to a few
    metres. Identity outside China.

    Parameters
    ----------
    lon, lat : float or numpy.ndarray
        GCJ-02 degrees.

    Returns
    -------
    tuple
        ``(lon, lat)`` in WGS-84, of the input's shape.
    """
    lon_a, lat_a, scalar = _as_arrays(lon, lat)
    return _out(*_gcj_to_wgs(lon_a, lat_a), scalar)


def gcj02_to_bd09(lon: F, lat: F) -> tuple[F, F]:
    """Convert GCJ-02 to BD-09 (Baidu).

    Parameters
    ----------
    lon, lat : float or numpy.ndarray
        GCJ-02 degrees.

    Returns
    -------
    tuple
        ``(lon, lat)`` in BD-09.
    """
    lon_a, lat_a, scalar = _as_arrays(lon, lat)
    return _out(*_gcj_to_bd(lon_a, lat_a), scalar)


def bd09_to_gcj02(lon: F, lat: F) -> tuple[F, F]:
    """Convert BD-09 (Baidu) to GCJ-02 with Baidu's closed-form inverse.

    Parameters
    ----------
    lon, lat : float or numpy.ndarray
        BD-09 degrees.

    Returns
    -------
    tuple
        ``(lon, lat)`` in GCJ-02.
    """
    lon_a, lat_a, scalar = _as_arrays(lon, lat)
    return _out(*_bd_to_gcj(lon_a, lat_a), scalar)


def wgs84_to_bd09(lon: F, lat: F) -> tuple[F, F]:
    """Convert WGS-84 to BD-09 (through GCJ-02).

    Parameters
    ----------
    lon, lat : float or numpy.ndarray
        WGS-84 degrees.

    Returns
    -------
    tuple
        ``(lon, lat)`` in BD-09.
    """
    lon_a, lat_a, scalar = _as_arrays(lon, lat)
    return _out(*_gcj_to_bd(*_wgs_to_gcj(lon_a, lat_a)), scalar)


def bd09_to_wgs84(lon: F, lat: F) -> tuple[F, F]:
    """Convert BD-09 to WGS-84 (through GCJ-02).

    Parameters
    ----------
    lon, lat : float or numpy.ndarray
        BD-09 degrees.

    Returns
    -------
    tuple
        ``(lon, lat)`` in WGS-84.
    """
    lon_a, lat_a, scalar = _as_arrays(lon, lat)
    return _out(*_gcj_to_wgs(*_bd_to_gcj(lon_a, lat_a)), scalar)


_CRS_ALIASES = {
    "WGS84": "WGS84",
    "EPSG:4326": "WGS84",
    "CGCS2000": "CGCS2000",
    "EPSG:4490": "CGCS2000",
    "GCJ02": "GCJ02",
    "BD09": "BD09",
    "BD09LL": "BD09",
}


def normalise_crs(crs: str) -> str:
    """Return the canonical name (``WGS84``, ``CGCS2000``, ``GCJ02`` or ``BD09``) of a CRS name.

    Case, hyphens, underscores and spaces are ignored (``"gcj-02"``, ``"WGS 84"``); ``EPSG:4326``
    and ``EPSG:4490`` are understood.

    Raises
    ------
    UnknownCRSError
        If the name is not one of these (a ``ValueError``).
    """
    if not isinstance(crs, str):
        raise UnknownCRSError(f"coordinate system must be a string, not {type(crs).__name__}")
    key = crs.strip().upper().replace("-", "").replace("_", "").replace(" ", "")
    try:
        return _CRS_ALIASES[key]
    except KeyError:
        raise UnknownCRSError(
            f"unknown coordinate system {crs!r}; expected one of WGS84, CGCS2000, GCJ02, BD09"
        ) from None


def to_wgs84(lon: F, lat: F, crs: str) -> tuple[F, F]:
    """Convert coordinates from ``crs`` to WGS-84 (CGCS2000 is taken as WGS-84).

    Parameters
    ----------
    lon, lat : float or numpy.ndarray
        Degrees in ``crs``.
    crs : str
        ``"WGS84"``, ``"CGCS2000"``, ``"GCJ02"`` or ``"BD09"`` (any case; ``"GCJ-02"``,
        ``"WGS-84"``, ``"BD-09"`` spellings too).

    Returns
    -------
    tuple
        ``(lon, lat)`` in WGS-84.

    Raises
    ------
    UnknownCRSError
        For any other ``crs`` (a ``ValueError``).
    """
    name = normalise_crs(crs)
    if name == "GCJ02":
        return gcj02_to_wgs84(lon, lat)
    if name == "BD09":
        return bd09_to_wgs84(lon, lat)
    lon_a, lat_a, scalar = _as_arrays(lon, lat)
    return _out(lon_a.copy(), lat_a.copy(), scalar)


def from_wgs84(lon: F, lat: F, crs: str) -> tuple[F, F]:
    """Convert WGS-84 coordinates to ``crs`` (e.g. to draw on a GCJ-02 base map).

    Parameters
    ----------
    lon, lat : float or numpy.ndarray
        WGS-84 degrees.
    crs : str
        Target system, as for :func:`to_wgs84`.

    Returns
    -------
    tuple
        ``(lon, lat)`` in ``crs``.
    """
    name = normalise_crs(crs)
    if name == "GCJ02":
        return wgs84_to_gcj02(lon, lat)
    if name == "BD09":
        return wgs84_to_bd09(lon, lat)
    lon_a, lat_a, scalar = _as_arrays(lon, lat)
    return _out(lon_a.copy(), lat_a.copy(), scalar)


def haversine_m(lon1: ArrayLike, lat1: ArrayLike, lon2: ArrayLike, lat2: ArrayLike) -> FloatArray:
    """Great-circle distance in metres on a sphere of radius :data:`EARTH_RADIUS_M`.

    Parameters
    ----------
    lon1, lat1, lon2, lat2 : float or array-like
        WGS-84 degrees; broadcast together.

    Returns
    -------
    numpy.ndarray
        Distances in metres (0-d for scalar input).
    """
    p1 = np.radians(np.asarray(lat1, dtype=np.float64))
    p2 = np.radians(np.asarray(lat2, dtype=np.float64))
    dp = p2 - p1
    dl = np.radians(np.asarray(lon2, dtype=np.float64) - np.asarray(lon1, dtype=np.float64))
    h = np.sin(dp / 2.0) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2.0) ** 2
    return cast(FloatArray, 2.0 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0))))


_GEOD = Geod(ellps="WGS84")


def geodesic_m(lon1: ArrayLike, lat1: ArrayLike, lon2: ArrayLike, lat2: ArrayLike) -> FloatArray:
    """Geodesic distance in metres on the WGS-84 ellipsoid (the length the network's edges carry).

    Parameters
    ----------
    lon1, lat1, lon2, lat2 : float or array-like
        WGS-84 degrees; broadcast together.

    Returns
    -------
    numpy.ndarray
        Metres (0-d for scalar input).
    """
    a, b, c, d = np.broadcast_arrays(*(np.asarray(v, dtype=np.float64) for v in (lon1, lat1, lon2, lat2)))
    _, _, dist = _GEOD.inv(a.ravel(), b.ravel(), c.ravel(), d.ravel())
    return np.asarray(dist, dtype=np.float64).reshape(a.shape)


class LocalProjection:
    """A transverse Mercator projection centred on the area being analysed.

    Why transverse Mercator: it is conformal (shapes and directions are kept, so circles stay
    circles) and its scale error grows only with the square of the distance from the central
    meridian, ``k = 1 + x²/2R²``: 1.2e-5 at 20 km, i.e. 1.2 mm on a 100 m circle. A community, a
    town or a county fits well inside that. (An azimuthal equidistant projection is exact only for
    distances from its centre; UTM zones put Altay up to 3° off the central meridian, where the scale
    error reaches 4e-4.) The projection is on the WGS-84 ellipsoid; give it WGS-84 degrees (convert
    with :func:`to_wgs84` first).

    Parameters
    ----------
    lon0, lat0 : float
        Centre in WGS-84 degrees; ``x = y = 0`` there.

    Examples
    --------
    >>> proj = LocalProjection(88.14, 47.85)
    >>> x_m, y_m = proj.forward(88.141, 47.85)
    """

    def __init__(self, lon0: float, lat0: float) -> None:
        lon0 = float(lon0)
        lat0 = float(lat0)
        if not (math.isfinite(lon0) and math.isfinite(lat0)) or abs(lat0) > 89.0 or abs(lon0) > 180.0:
            raise InputError(f"projection centre ({lon0}, {lat0}) is not a valid longitude/latitude")
        self.lon0 = lon0
        self.lat0 = lat0
        self._fwd: Transformer | None = None
        self._inv: Transformer | None = None

    @classmethod
    def for_points(cls, lon: ArrayLike, lat: ArrayLike) -> LocalProjection:
        """A projection centred on the middle of the points' bounding box.

        Raises
        ------
        InputError
            If there are no finite points.
        """
        lon_a = np.asarray(lon, dtype=np.float64).ravel()
        lat_a = np.asarray(lat, dtype=np.float64).ravel()
        ok = np.isfinite(lon_a) & np.isfinite(lat_a)
        if not ok.any():
            raise InputError("cannot centre a projection on no points")
        return cls(
            (float(lon_a[ok].min()) + float(lon_a[ok].max())) / 2.0,
            (float(lat_a[ok].min()) + float(lat_a[ok].max())) / 2.0,
        )

    @property
    def proj4(self) -> str:
        """The PROJ string of this projection."""
        return (
            f"+proj=tmerc +lat_0={self.lat0!r} +lon_0={self.lon0!r} +k=1 +x_0=0 +y_0=0 +ellps=WGS84 +units=m +no_defs"
        )

    def _transformers(self) -> tuple[Transformer, Transformer]:
        if self._fwd is None or self._inv is None:
            self._fwd = Transformer.from_crs("EPSG:4326", self.proj4, always_xy=True)
            self._inv = Transformer.from_crs(self.proj4, "EPSG:4326", always_xy=True)
        return self._fwd, self._inv

    def forward(self, lon: F, lat: F) -> tuple[F, F]:
        """Project WGS-84 degrees to metres east (``x_m``) and north (``y_m``) of the centre."""
        lon_a, lat_a, scalar = _as_arrays(lon, lat)
        x, y = self._transformers()[0].transform(lon_a, lat_a)
        return _out(np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64), scalar)

    def inverse(self, x_m: F, y_m: F) -> tuple[F, F]:
        """Unproject metres back to WGS-84 ``(lon, lat)`` degrees."""
        x_a, y_a, scalar = _as_arrays(x_m, y_m)
        lon, lat = self._transformers()[1].transform(x_a, y_a)
        return _out(np.asarray(lon, dtype=np.float64), np.asarray(lat, dtype=np.float64), scalar)

    # Transformers hold PROJ contexts; rebuild them after pickling (Dask workers).
    def __getstate__(self) -> dict[str, float]:
        return {"lon0": self.lon0, "lat0": self.lat0}

    def __setstate__(self, state: dict[str, float]) -> None:
        self.__init__(state["lon0"], state["lat0"])  # type: ignore[misc]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, LocalProjection) and (self.lon0, self.lat0) == (other.lon0, other.lat0)

    def __hash__(self) -> int:
        return hash((self.lon0, self.lat0))

    def __repr__(self) -> str:
        return f"LocalProjection(lon0={self.lon0!r}, lat0={self.lat0!r})"
