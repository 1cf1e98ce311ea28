"""The quarterly report's equity page carries the municipality map and the HEAT measures; its goal
tiles carry the Making Data Count icons with a legend (hand-made rows, no warehouse)."""

from __future__ import annotations

import pandas as pd
from test_read_maps import CODES, _rows

from samrehab.read.formatting import MetricInfo
from samrehab.report.equity import equity_section
from samrehab.report.goals import build_tile, goals_section
from samrehab.report.model import Quarter
from samrehab.stats import heat

INFO = MetricInfo("E1.access_rate", "E1", "Personer med rehabbesök per 1 000 invånare", "per 1 000 invånare", "rate",
                  1000, True, "", ("visits",), "")
QUARTER = Quarter.parse("2025Q3")


def _gaps(values: pd.DataFrame) -> pd.DataFrame:
    shown = values[~values["suppressed"]]
    row = heat.cell_measures(shown["value"].to_numpy(float), shown["denominator"].to_numpy(float),
                             shown["ci_low"].to_numpy(float), shown["ci_high"].to_numpy(float),
                             higher_is_better=True, value_type="rate", ordered=False)
    return pd.DataFrame([{**row, "metric_id": "E1.access_rate", "dimension": "municipality", "groups_better": 3,
                          "groups_worse": 1, "index_of_disparity": 5.0, "sii_status": None}])


def test_equity_page_has_the_map_and_the_heat_measures() -> None:
    values = _rows().assign(period_type="quarter", care_level="all", region_code="19",
                            group_label_en=CODES, benchmark_value=3.5)
    dimensions = pd.DataFrame({"dimension": ["municipality", "diagnosis_group", "age_band", "sex"],
                               "label_sv": ["Kommun", "Diagnosgrupp", "Åldersgrupp", "Kön"],
                               "label_en": ["Municipality", "Diagnosis group", "Age band", "Sex"]})
    section, shown = equity_section(_gaps(values), values, {"E1.access_rate": INFO}, dimensions, QUARTER, "sv",
                                    region="19")
    figures = [block.figure.name for block in section.blocks if block.kind == "figure"]
    assert figures[0] == "equity-map" and "E1.access_rate" in shown and section.suppressed
    tables = [block.table for block in section.blocks if block.kind == "table"]
    heat_rows = {row[0].text: row for row in tables[0].rows}
    assert "Theils index (×1000)" in heat_rows and "Förbättringspotential" in heat_rows
    assert all(len(row) == 3 and row[2].text for row in tables[0].rows)  # every measure explained
    texts = " ".join(block.text for block in section.blocks if block.kind == "paragraph")
    assert "1 sekretessmarkerade" in texts


def test_goal_tiles_carry_icons_and_the_section_a_legend() -> None:
    spc = pd.DataFrame({"metric_id": ["E1.access_rate"] * 2, "point_number": [1, 2], "icon_status": "computed",
                        "variation_icon": "concern_low", "assurance_icon": "consistent_fail"})
    values = pd.DataFrame(columns=["metric_id", "period", "value", "suppressed", "dimension"])
    tile = build_tile("E1", "Tillgång", INFO, QUARTER, values, values, None, False, "sv",
                      spc_icons={"E1.access_rate": spc.iloc[0].to_dict()})
    assert 'alt="Särskild orsak: försämring (lägre)"' in tile.icons and 'alt="Målet missas stadigt"' in tile.icons
    no_chart = build_tile("E1", "Tillgång", INFO, QUARTER, values, values, None, False, "en", spc_icons={})
    assert "monthly shares only" in no_chart.icons
    section = goals_section({"E1": ["E1.access_rate"]}, {"E1.access_rate": INFO}, {"E1": "Tillgång"}, QUARTER,
                            values, values, None, set(), "sv", spc)
    legends = [block.text for block in section.blocks if block.kind == "html"]
    assert legends and "Symboler (NHS Making Data Count)" in legends[0] and "XmR" in legends[0]
