"""The municipality map (samrehab.read.maps) on hand-made rows of marts.metric_values."""

from __future__ import annotations

import pandas as pd
import pytest

from samrehab import geo
from samrehab.read.formatting import COMPARISON_COLOURS, SUPPRESSED, MetricInfo, comparison_label
from samrehab.read.labels import t
from samrehab.read.maps import NEIGHBOUR_FILL, QUINTILE_COLOURS, map_summary, municipality_map, quintiles

INFO = MetricInfo("E1.access_rate", "E1", "Personer med rehabbesök per 1 000 invånare", "per 1 000 invånare", "rate",
                  1000, True, "", ("visits",), "")
CODES = ["1904", "1907", "1960", "1961", "1962", "1980", "1981", "1982", "1983", "1984"]
COMPARISONS = ["better", "similar", "worse", "similar", "better", "similar", "worse", "similar", "similar", "better"]


def _rows() -> pd.DataFrame:
    rows = pd.DataFrame({
        "metric_id": "E1.access_rate", "period": "2025Q3", "dimension": "municipality", "group_code": CODES,
        "group_label": CODES, "group_sort_order": range(10), "value": [3.0 + i / 10 for i in range(10)],
        "ci_low": [2.5 + i / 10 for i in range(10)], "ci_high": [3.5 + i / 10 for i in range(10)],
        "numerator": [100.0 + i for i in range(10)], "denominator": [30000.0] * 10, "comparison": COMPARISONS,
        "suppressed": [False] * 10,
    })
    rows.loc[2, ["value", "ci_low", "ci_high", "numerator", "denominator"]] = None
    rows.loc[2, ["suppressed", "comparison"]] = [True, "not_compared"]
    return rows


def _fills(fig) -> dict[str, dict]:
    return {trace.name: trace for trace in fig.data if trace.fill == "toself" and trace.name}


def test_comparison_fill_suppressed_hatch_and_neighbours() -> None:
    fig = municipality_map(_rows(), INFO, "sv", "19")
    own, neighbours = geo.region_map("19")
    fills = _fills(fig)
    assert len(fills) == len(own) == 10
    names = {m.code: m.name for m in own}
    assert fills[names["1980"]].fillcolor == COMPARISON_COLOURS["similar"]
    assert fills[names["1904"]].fillcolor == COMPARISON_COLOURS["better"]
    assert fills[names["1907"]].fillcolor == COMPARISON_COLOURS["similar"]
    hidden = fills[names["1960"]]
    assert hidden.fillpattern.shape == "/"
    grey = [t for t in fig.data if t.fill == "toself" and t.fillcolor == NEIGHBOUR_FILL]
    assert len(grey) == len(neighbours) > 0
    points = next(t for t in fig.data if t.mode == "markers+text")
    assert list(points.text).count(SUPPRESSED) == 1
    hover = " ".join(points.hovertext)
    assert "Värde" in hover and "95 % KI" in hover and "Täljare/Nämnare" in hover and "Jämfört med totalt" in hover
    legend = {t.name for t in fig.data if t.showlegend is not False and t.name}
    expected = {comparison_label(key, "sv") for key in ("better", "similar", "worse")}
    assert expected | {"Grannregioner", t("suppressed_label", "sv")} <= legend


def test_quintile_fill() -> None:
    fig = municipality_map(_rows(), INFO, "en", "19", fill="quintile")
    colours = {trace.fillcolor for trace in _fills(fig).values()}
    assert set(QUINTILE_COLOURS) <= colours
    assert quintiles(pd.Series([1.0, 2, 3, 4, 5, 6, 7, 8, 9, 10])).tolist() == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]
    with pytest.raises(ValueError, match="fill must be one of"):
        municipality_map(_rows(), INFO, "en", "19", fill="rainbow")


def test_summary_for_screen_readers() -> None:
    text = map_summary(_rows(), INFO, "sv")
    assert "10 kommuner" in text and "3 bättre" in text and "1 sämre" in text and "1 sekretessmarkerade" in text
