"""The chart module on small hand-made frames: suppressed periods break trend lines and bands, the
legend of the group bars has no text symbol, funnel limits are drawn in the values' scale, and the
effect-goal status colours are one public mapping (shared with the quarterly report)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import plotly.graph_objects as go
import pytest
from test_dashboard_data import seed_table

from samrehab.read import charts
from samrehab.read.formatting import (
    COMPARISON_COLOURS,
    STATUS_BADGE_COLOURS,
    STATUS_COLOURS,
    STATUS_TEXT_COLOURS,
    STATUSES,
    SUPPRESSED,
    catalogue_info,
    status_code,
)
from samrehab.read.labels import t

INFOS = catalogue_info(seed_table("metric_catalogue"), "sv")
SHARE = INFOS["E1.seen_within_90d_share"]
RATE = INFOS["E1.access_rate"]


def series(suppressed: list[bool], keep_values: bool = False, group: str = "total") -> pd.DataFrame:
    """Monthly rows of one metric; suppressed rows have no value unless ``keep_values`` (a careless mart)."""
    rows = []
    for index, hidden in enumerate(suppressed):
        value = 0.5 + 0.01 * index
        blank = hidden and not keep_values
        rows.append({
            "metric_id": SHARE.metric_id, "period": f"2025-{index + 1:02d}", "period_start": date(2025, index + 1, 1),
            "dimension": "total" if group == "total" else "sex", "group_code": group, "group_label": group,
            "group_label_en": group, "group_sort_order": 0 if group == "total" else 1,
            "value": None if blank else value, "ci_low": None if blank else value - 0.05,
            "ci_high": None if blank else value + 0.05, "numerator": None if blank else 50.0,
            "denominator": None if blank else 100.0, "benchmark_value": 0.5,
            "comparison": "not_compared" if hidden else "similar", "suppressed": hidden,
        })
    return pd.DataFrame(rows)


def band_segments(trace: go.Scatter) -> list[list[pd.Timestamp]]:
    """The x values of each closed outline of a ``fill="toself"`` band (segments split at ``None``)."""
    segments: list[list[pd.Timestamp]] = [[]]
    for x in trace.x:
        if x is None:
            segments.append([])
        else:
            segments[-1].append(pd.Timestamp(x))
    return [segment for segment in segments if segment]


def traces(fig: go.Figure, **match: object) -> list:
    """The scatter traces of ``fig`` whose attributes equal ``match``."""
    return [trace for trace in fig.data
            if trace.type == "scatter" and all(getattr(trace, key) == value for key, value in match.items())]


@pytest.mark.parametrize("keep_values", [False, True])
def test_trend_band_and_line_break_at_suppressed_periods(keep_values: bool) -> None:
    hidden = [False, False, True, False, True, False, False, False]
    frame = series(hidden, keep_values=keep_values)
    fig = charts.trend_chart(frame, SHARE, "sv")
    bands = traces(fig, fill="toself")
    assert len(bands) == 1, "one band trace per series"
    segments = band_segments(bands[0])
    starts = [pd.Timestamp(d) for d in frame["period_start"]]
    # Runs of shown periods: months 1–2, 4 (alone), 6–8. A band needs two periods: two outlines.
    assert [sorted(set(segment)) for segment in segments] == [starts[0:2], starts[5:8]]
    for segment in segments:
        for position in (2, 4):
            assert not min(segment) <= starts[position] <= max(segment), "a band spans a suppressed period"
    line = traces(fig, mode="lines+markers")[0]
    assert line.connectgaps is False
    assert [y is None for y in line.y] == hidden, "suppressed periods have no point on the line"
    # The lone month 4 keeps its interval as an error bar; the others have none.
    plus = line.error_y.array
    assert [p is not None for p in plus] == [False, False, False, True, False, False, False, False]
    assert plus[3] == pytest.approx(5.0) and line.error_y.arrayminus[3] == pytest.approx(5.0)
    marks = traces(fig, mode="text")
    assert len(marks) == 1 and list(marks[0].text) == [SUPPRESSED, SUPPRESSED]


def test_trend_without_gaps_is_one_band_and_sparkline_has_no_marks() -> None:
    frame = series([False] * 6)
    fig = charts.trend_chart(frame, SHARE, "sv")
    band = traces(fig, fill="toself")[0]
    assert len(band_segments(band)) == 1 and len(band.x) == 12
    assert band.y[0] == pytest.approx(55.0) and band.y[-1] == pytest.approx(45.0), "upper edge out, lower back"
    assert traces(fig, mode="lines+markers")[0].error_y.array is None
    spark = charts.sparkline(series([False, True, False, False]), SHARE, "sv")
    assert not traces(spark, mode="text")
    assert len(band_segments(traces(spark, fill="toself")[0])) == 1


def test_trend_by_group_breaks_each_group_on_its_own() -> None:
    frame = pd.concat([series([False, True, False, False], group="F"), series([False] * 4, group="M")])
    fig = charts.trend_chart(frame, SHARE, "sv", by_group=True)
    bands = traces(fig, fill="toself")
    assert [len(band_segments(band)) for band in bands] == [1, 1]
    assert len(bands[0].x) == 4 and len(bands[1].x) == 8  # F: months 3–4 only (month 1 alone), M: all four


def test_bar_legend_explains_suppressed_groups_with_a_plain_marker() -> None:
    frame = series([False, True, False], group="F").assign(
        dimension="sex", period="2025-01", group_code=["F", "M", "U"], group_label=["Kvinnor", "Män", "Okänt"],
        group_sort_order=[1, 2, 3])
    fig = charts.bar_with_intervals(frame, SHARE, "sv")
    in_legend = [trace for trace in traces(fig) if trace.showlegend is not False]
    assert not [trace for trace in in_legend if trace.mode and "text" in trace.mode], "a text trace shows 'Aa'"
    entry = [trace for trace in in_legend if trace.name == t("suppressed_label", "sv")]
    assert len(entry) == 1 and entry[0].mode == "markers"
    assert entry[0].marker.color == COMPARISON_COLOURS["not_compared"]
    text = traces(fig, mode="text")[0]
    assert list(text.y) == ["Män"] and list(text.text) == [SUPPRESSED]
    assert all(trace.type != "bar" or "Män" not in trace.y for trace in fig.data), "no bar for a suppressed group"


@pytest.mark.parametrize(("info", "scale"), [(SHARE, 100.0), (RATE, 1.0)])
def test_funnel_limits_are_drawn_in_the_values_scale(info, scale: float) -> None:
    value = 0.8 if info is SHARE else 12.0
    points = pd.DataFrame({
        "metric_id": info.metric_id, "period": "2025", "group_code": ["a", "b", "c"], "group_label": ["A", "B", "C"],
        "group_label_en": ["A", "B", "C"], "group_sort_order": [1, 2, 3], "denominator": [30.0, 150.0, 900.0],
        "value": [value * 0.9, value, value * 1.05], "ci_low": [value * 0.7, value * 0.9, value],
        "ci_high": [value, value * 1.1, value * 1.1], "numerator": [27.0, 120.0, 756.0], "benchmark_value": value,
        "comparison": "similar", "suppressed": False,
    })
    limits = pd.DataFrame({"denominator": [20.0, 100.0, 1000.0], "benchmark_value": value,
                           "lower_95": [value * 0.8, value * 0.9, value * 0.97],
                           "upper_95": [value * 1.2, value * 1.1, value * 1.03],
                           "lower_998": [value * 0.7, value * 0.85, value * 0.95],
                           "upper_998": [value * 1.3, value * 1.15, value * 1.05]})
    fig = charts.funnel_plot(points, info, "sv", limits=limits)
    lines = [trace for trace in fig.data if trace.mode == "lines" and trace.x is not None and trace.x[0] is not None]
    assert len(lines) == 4
    assert sorted(lines[1].y) == pytest.approx(sorted(limits["upper_998"] * scale))
    assert list(lines[2].y) == pytest.approx(list(limits["lower_95"] * scale))
    dots = [trace for trace in fig.data if trace.mode == "markers"]
    assert list(dots[0].y) == pytest.approx(list(points["value"] * scale)), "points and limits share one scale"
    assert {trace.line.dash for trace in lines} == {"dash", "dot"}


def test_status_colours_are_one_public_mapping() -> None:
    assert set(STATUS_BADGE_COLOURS) == set(STATUS_COLOURS) == set(STATUS_TEXT_COLOURS) == set(STATUSES)
    assert STATUS_BADGE_COLOURS == {"achieved": "blue", "on_track": "blue", "off_track": "orange", "no_data": "gray"}
    assert STATUS_COLOURS["on_track"] == COMPARISON_COLOURS["better"]
    assert STATUS_COLOURS["off_track"] == COMPARISON_COLOURS["worse"]
    assert status_code("off_track") == "off_track"
    assert status_code(None) == status_code(float("nan")) == status_code("unknown") == "no_data"


def test_spc_line_stops_at_a_missing_month_instead_of_bridging_it() -> None:
    months = pd.to_datetime(["2025-01-01", "2025-02-01", "2025-04-01", "2025-05-01"])
    frame = pd.DataFrame({
        "period_start": months, "value": [0.5, 0.6, 0.55, 0.52], "centre_line": [0.55] * 4,
        "lcl": [0.4] * 4, "ucl": [0.7] * 4, "outside_limits": [False] * 4,
    })
    filled = charts.with_every_month(frame)
    assert list(filled["period_start"].dt.month) == [1, 2, 3, 4, 5]
    assert filled["value"].isna().tolist() == [False, False, True, False, False]
    info = INFOS["E3.coordinated_visit_share"]
    figure = charts.spc_chart(frame, info, "sv")
    value_trace = next(trace for trace in figure.data if trace.mode == "lines+markers")
    assert value_trace.connectgaps is False
    assert len(value_trace.y) == 5
    assert value_trace.y[2] is None or pd.isna(value_trace.y[2])
    assert not pd.isna(value_trace.y[3])
