"""The ``units`` entity and the lookup tables that route patients to units.

Per region: hospital-based specialist rehabilitation at every hospital site (two units at the
largest hospitals), inpatient wards at every hospital (medicine, orthopaedics, geriatrics at the
largest), primary-care rehabilitation in most municipalities (some run by private providers under
vårdval), and a municipal rehabilitation unit in every municipality. Unit ids carry the
municipality code and a type letter: ``S`` specialist rehab, ``W`` ward, ``P`` primary care,
``K`` municipal (kommunal) rehab, e.g. ``U2081P01``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from samrehab.generator.geography import CATCHMENT, GERIATRIC_WARDS, MUNICIPALITIES

# Primary-care rehabilitation units per municipality: (name suffix, provider_type).
PRIMARY_UNITS: dict[str, tuple[tuple[str, str], ...]] = {
    "1980": (("Centrum", "region"), ("Öster", "region"), ("Bäckby Fysio", "private"),
             ("Hälsan Rehab", "private")),
    "2080": (("Centrum", "region"), ("Norr", "region"), ("Fysio Kvarnen", "private")),
    "2081": (("Centrum", "region"), ("Rehab Tjärna", "private")),
    "2085": (("", "region"), ("Fysiokliniken", "private")),
    "2062": (("", "region"), ("Fysiokliniken", "private")),
    "1981": (("", "region"), ("Fysiokliniken", "private")),
    "1983": (("", "region"), ("Fysiokliniken", "private")),
}
# Municipalities without their own primary-care rehabilitation unit.
NO_PRIMARY_UNIT: frozenset[str] = frozenset({"2021", "1904", "1962"})

SPECIALIST_UNIT_NAMES: dict[str, tuple[str, ...]] = {
    "2080": ("rehabiliteringsmedicin", "neurorehabilitering"),
    "1980": ("rehabiliteringsmedicin", "neurorehabilitering"),
}
WARD_NAMES: tuple[str, ...] = ("medicinavdelning", "ortopedavdelning", "geriatrisk avdelning")


@dataclass(frozen=True)
class UnitCatalogue:
    """Units plus per-municipality routing tables (indices into ``frame`` rows).

    Padded matrices hold ``-1`` beyond each row's count.
    """

    frame: pl.DataFrame
    primary: np.ndarray
    primary_count: np.ndarray
    specialist: np.ndarray
    specialist_count: np.ndarray
    municipal: np.ndarray
    ward: np.ndarray  # [municipality, 0 medicine / 1 orthopaedics / 2 geriatrics]
    other_hospital_ward: np.ndarray  # medicine ward of another hospital in the same region

    @property
    def ids(self) -> np.ndarray:
        """Unit ids as a numpy string array."""
        return self.frame["unit_id"].to_numpy()


def _rows() -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    for muni in MUNICIPALITIES:
        base = {"municipality_code": muni.code, "region_code": muni.region_code}
        if muni.hospital:
            names = SPECIALIST_UNIT_NAMES.get(muni.code, ("rehabenheten",))
            for i, name in enumerate(names, start=1):
                rows.append({"unit_id": f"U{muni.code}S{i:02d}",
                             "unit_name": f"{muni.hospital}, {name}",
                             "care_level": "specialist", "provider_type": "region", **base})
            n_wards = 3 if muni.code in GERIATRIC_WARDS else 2
            for i, name in enumerate(WARD_NAMES[:n_wards], start=1):
                rows.append({"unit_id": f"U{muni.code}W{i:02d}",
                             "unit_name": f"{muni.hospital}, {name}",
                             "care_level": "specialist", "provider_type": "region", **base})
        if muni.code not in NO_PRIMARY_UNIT:
            for i, (suffix, provider) in enumerate(
                PRIMARY_UNITS.get(muni.code, (("", "region"),)), start=1
            ):
                if provider == "private":
                    name = f"{suffix} {muni.name}" if suffix else f"Rehabkliniken {muni.name}"
                else:
                    name = f"Närrehab {muni.name} {suffix}".strip()
                rows.append({"unit_id": f"U{muni.code}P{i:02d}", "unit_name": name,
                             "care_level": "primary", "provider_type": provider, **base})
        rows.append({"unit_id": f"U{muni.code}K01",
                     "unit_name": f"{muni.name} kommun, hemrehabilitering",
                     "care_level": "municipal", "provider_type": "municipality", **base})
    return rows


def _padded(lists: list[list[int]]) -> tuple[np.ndarray, np.ndarray]:
    width = max(len(x) for x in lists)
    out = np.full((len(lists), width), -1, dtype=np.int64)
    for i, values in enumerate(lists):
        out[i, : len(values)] = values
    return out, np.array([len(x) for x in lists], dtype=np.int64)


def build_units() -> UnitCatalogue:
    """Return the unit catalogue (deterministic, no randomness)."""
    rows = _rows()
    frame = pl.DataFrame(rows).select(
        "unit_id", "unit_name", "care_level", "provider_type", "municipality_code", "region_code"
    )
    index = {r["unit_id"]: i for i, r in enumerate(rows)}

    def of(code: str, kind: str) -> list[int]:
        return [i for uid, i in index.items() if uid[1:5] == code and uid[5] == kind]

    primary_lists, specialist_lists, municipal, wards, other = [], [], [], [], []
    hospitals_by_region: dict[str, list[str]] = {}
    for muni in MUNICIPALITIES:
        if muni.hospital:
            hospitals_by_region.setdefault(muni.region_code, []).append(muni.code)
    for muni in MUNICIPALITIES:
        hospital = CATCHMENT[muni.code]
        own = of(muni.code, "P")
        primary_lists.append(own if own else of(hospital, "P"))
        specialist_lists.append(of(hospital, "S"))
        municipal.append(of(muni.code, "K")[0])
        ward = of(hospital, "W")
        wards.append([ward[0], ward[1], ward[2] if len(ward) > 2 else ward[0]])
        sites = hospitals_by_region[muni.region_code]
        other_site = sites[(sites.index(hospital) + 1) % len(sites)]
        other.append(of(other_site, "W")[0])
    primary, primary_count = _padded(primary_lists)
    specialist, specialist_count = _padded(specialist_lists)
    return UnitCatalogue(
        frame=frame, primary=primary, primary_count=primary_count, specialist=specialist,
        specialist_count=specialist_count, municipal=np.array(municipal),
        ward=np.array(wards), other_hospital_ward=np.array(other),
    )
