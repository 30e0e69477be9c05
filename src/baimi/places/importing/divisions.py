"""Loading the NBS division list (and, optionally, known centre points) into the Division tree.

The file is validated whole first: codes of 12 digits, known levels, unique codes, every parent
present in the file or already in the database (the province, 650000000000, may stay absent: the
tree is rooted at the prefecture). Then it is written level by level in one transaction.
"""

from __future__ import annotations

import csv
from pathlib import Path

from django.db import transaction

from baimi.geo.coords import to_wgs84
from baimi.places.importing.errors import ImportRejected, RowError
from baimi.places.models import Division, Level

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
DEFAULT_DIVISIONS = DATA_DIR / "altay-divisions.csv"
DEFAULT_PLACES = DATA_DIR / "altay-places.csv"

# The NBS file calls communities and villages alike "village" (居委会 and 村委会).
LEVELS = {"prefecture": Level.PREFECTURE, "county": Level.COUNTY, "town": Level.TOWN,
          "village": Level.COMMUNITY, "community": Level.COMMUNITY}
ORDER = [Level.PREFECTURE, Level.COUNTY, Level.TOWN, Level.COMMUNITY]
OUTSIDE_ROOTS = {"650000000000"}  # 新疆维吾尔自治区: the parent of the prefecture, not loaded


def _read(path: Path) -> list[dict[str, str]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ImportRejected([RowError(path.name, None, f"cannot read: {exc}")]) from None
    rows = list(csv.DictReader(text.splitlines()))
    for i, row in enumerate(rows, start=2):
        row["_line"] = str(i)
    return rows


def import_divisions(path: Path = DEFAULT_DIVISIONS) -> int:
    """Create or update every division in ``path``; return how many rows were loaded."""
    name = path.name
    rows = _read(path)
    errors: list[RowError] = []
    seen: dict[str, int] = {}
    existing = set(Division.objects.values_list("code", flat=True))
    for row in rows:
        line = int(row["_line"])
        code, level = ((row.get(k) or "").strip() for k in ("code", "level"))
        if not (len(code) == 12 and code.isdigit()):
            errors.append(RowError(name, line, f"code {code!r} is not 12 digits"))
        if level not in LEVELS:
            errors.append(RowError(name, line, f"level {level!r} is not one of {', '.join(LEVELS)}"))
        if not (row.get("name") or "").strip():
            errors.append(RowError(name, line, "name: required"))
        if code in seen:
            errors.append(RowError(name, line, f"code {code} already on line {seen[code]}"))
        seen.setdefault(code, line)
    codes = set(seen)
    for row in rows:
        parent = (row.get("parent_code") or "").strip()
        if parent not in codes and parent not in existing and parent not in OUTSIDE_ROOTS:
            errors.append(RowError(name, int(row["_line"]), f"parent {parent!r} is neither in the file nor loaded"))
    if not rows:
        errors.append(RowError(name, None, "no rows"))
    if errors:
        raise ImportRejected(errors)

    with transaction.atomic():
        for level in ORDER:
            for row in rows:
                if LEVELS[row["level"].strip()] != level:
                    continue
                parent_division = Division.objects.filter(code=row["parent_code"].strip()).first()
                division = Division.objects.filter(code=row["code"].strip()).first() or Division(
                    code=row["code"].strip())
                division.name, division.level, division.parent = row["name"].strip(), level, parent_division
                division.save()
    return len(rows)


def import_division_points(path: Path = DEFAULT_PLACES) -> int:
    """Set the centre point of divisions listed in ``path`` (columns name, code, lon, lat, crs).

    Where a division has both a WGS-84 and a GCJ-02 row, the WGS-84 one is kept (no conversion).
    Unknown codes are skipped: the places file covers more than the tree may hold.
    """
    rows = _read(path)
    chosen: dict[str, tuple[float, float]] = {}
    for row in sorted(rows, key=lambda r: r.get("crs", "").upper().startswith("WGS")):
        try:
            lon, lat = to_wgs84(float(row["lon"]), float(row["lat"]), row["crs"])
        except (KeyError, ValueError) as exc:
            raise ImportRejected([RowError(path.name, int(row["_line"]), str(exc))]) from None
        chosen[row["code"].strip()] = (lon, lat)  # WGS-84 rows sort last and win
    updated = 0
    with transaction.atomic():
        for division in Division.objects.filter(code__in=chosen):
            division.lon, division.lat = chosen[division.code]
            division.save(update_fields=["lon", "lat"])
            updated += 1
    return updated
