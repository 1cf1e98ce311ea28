"""Small text helpers shared by the sections (formatting only, on top of ``samrehab.read.formatting``)."""

from __future__ import annotations

import pandas as pd

from samrehab.read.formatting import MISSING, MetricInfo, format_change


def change_unit(info: MetricInfo, lang: str) -> str:
    """The unit ``format_change`` writes after a difference (percentage points for shares)."""
    if info.is_share:
        return "procentenheter" if lang == "sv" else "percentage points"
    return info.unit


def bare_change(value: object, info: MetricInfo, lang: str) -> str:
    """A signed difference without its unit (``−7,1``), for interval limits next to a full value."""
    return format_change(value, info, lang).removesuffix(f" {change_unit(info, lang)}")


def change_with_interval(value: object, low: object, high: object, info: MetricInfo, lang: str) -> str:
    """``−4,3 procentenheter (95 % KI −7,1 … −0,9)``; without limits just the difference."""
    text = format_change(value, info, lang)
    if text == MISSING or low is None or high is None or pd.isna(low) or pd.isna(high):
        return text
    ci = "KI" if lang == "sv" else "CI"
    return f"{text} (95 % {ci} {bare_change(low, info, lang)} … {bare_change(high, info, lang)})"
