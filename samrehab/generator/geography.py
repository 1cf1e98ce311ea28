"""Municipalities, hospitals and catchment areas of Region Dalarna and Region Västmanland.

Codes and names are facts (SCB kommunkoder); populations, shares aged 65+ and hospital sites are
the rounded approximations of ``../shared/reference/municipalities.csv``, copied here so the
generator has no file dependency.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Municipality:
    """One municipality with the approximate figures the generator is calibrated on."""

    code: str
    name: str
    region_code: str
    population: int
    share_65plus: float
    hospital: str | None


MUNICIPALITIES: tuple[Municipality, ...] = (
    Municipality("2021", "Vansbro", "20", 6600, 0.29, None),
    Municipality("2023", "Malung-Sälen", "20", 10000, 0.28, None),
    Municipality("2026", "Gagnef", "20", 10200, 0.24, None),
    Municipality("2029", "Leksand", "20", 15900, 0.28, None),
    Municipality("2031", "Rättvik", "20", 10900, 0.30, None),
    Municipality("2034", "Orsa", "20", 6900, 0.30, None),
    Municipality("2039", "Älvdalen", "20", 7000, 0.31, None),
    Municipality("2061", "Smedjebacken", "20", 10700, 0.27, None),
    Municipality("2062", "Mora", "20", 20500, 0.25, "Mora lasarett"),
    Municipality("2080", "Falun", "20", 59400, 0.21, "Falu lasarett"),
    Municipality("2081", "Borlänge", "20", 52400, 0.21, None),
    Municipality("2082", "Säter", "20", 11100, 0.25, None),
    Municipality("2083", "Hedemora", "20", 15200, 0.27, None),
    Municipality("2084", "Avesta", "20", 22900, 0.25, "Avesta lasarett"),
    Municipality("2085", "Ludvika", "20", 25600, 0.25, "Ludvika lasarett"),
    Municipality("1904", "Skinnskatteberg", "19", 4400, 0.29, None),
    Municipality("1907", "Surahammar", "19", 10100, 0.25, None),
    Municipality("1960", "Kungsör", "19", 8700, 0.26, None),
    Municipality("1961", "Hallstahammar", "19", 16500, 0.23, None),
    Municipality("1962", "Norberg", "19", 5700, 0.27, None),
    Municipality("1980", "Västerås", "19", 158000, 0.18, "Västmanlands sjukhus Västerås"),
    Municipality("1981", "Sala", "19", 22900, 0.25, "Västmanlands sjukhus Sala"),
    Municipality("1982", "Fagersta", "19", 13300, 0.24, "Västmanlands sjukhus Fagersta"),
    Municipality("1983", "Köping", "19", 26700, 0.23, "Västmanlands sjukhus Köping"),
    Municipality("1984", "Arboga", "19", 14000, 0.26, None),
)

REGION_NAMES: dict[str, str] = {"20": "Region Dalarna", "19": "Region Västmanland"}

# Municipality code -> code of the municipality whose hospital serves it (acute care and
# hospital-based specialist rehabilitation).
CATCHMENT: dict[str, str] = {
    "2021": "2062", "2023": "2062", "2029": "2062", "2031": "2062", "2034": "2062",
    "2039": "2062", "2062": "2062",
    "2026": "2080", "2080": "2080", "2081": "2080", "2082": "2080",
    "2083": "2084", "2084": "2084",
    "2061": "2085", "2085": "2085",
    "1904": "1980", "1907": "1980", "1961": "1980", "1980": "1980",
    "1981": "1981",
    "1962": "1982", "1982": "1982",
    "1960": "1983", "1983": "1983", "1984": "1983",
}

# Hospitals with their own geriatric ward (the largest sites).
GERIATRIC_WARDS: frozenset[str] = frozenset({"2080", "1980"})
