"""Text alternatives for charts: the data behind a plotly figure as a table, and a one-sentence summary
for its ``aria-label`` (WCAG 2.1 success criterion 1.1.1, non-text content).

Pages that know their rows better (the map, the bar chart) pass their own display table; this is the
fallback that works for any figure of ``samrehab.read.charts``: one row per drawn point with its series,
category and value; polygons and legend-only traces are left out.
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from samrehab.read.labels import t


def _title(fig: go.Figure) -> str:
    title = fig.layout.title.text if fig.layout.title is not None else None
    return str(title) if title else ""


def _axis_title(axis: object) -> str | None:
    title = getattr(axis, "title", None)
    text = getattr(title, "text", None) if title is not None else None
    return str(text) if text else None


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def figure_table(fig: go.Figure, lang: str) -> pd.DataFrame:
    """The points a figure draws: series, x, y (heatmaps: row, column, value); no polygons."""
    series_col, x_col = t("alt_series", lang), _axis_title(fig.layout.xaxis) or "x"
    y_col = _axis_title(fig.layout.yaxis) or "y"
    rows: list[dict[str, object]] = []
    for trace in fig.data:
        if getattr(trace, "fill", None) == "toself":
            continue
        name = trace.name or ""
        if trace.type == "heatmap":
            texts = trace.text if trace.text is not None else trace.z
            for y_label, values in zip(trace.y or [], texts or [], strict=False):
                for x_label, value in zip(trace.x or [], values or [], strict=False):
                    if value not in ("", None):
                        rows.append({series_col: y_label, x_col: x_label, y_col: value})
            continue
        xs, ys = getattr(trace, "x", None), getattr(trace, "y", None)
        if xs is None or ys is None:
            continue
        texts = getattr(trace, "text", None)
        texts = list(texts) if isinstance(texts, (list, tuple)) else [None] * len(xs)
        for x, y, text in zip(xs, ys, texts, strict=False):
            if _missing(x) or _missing(y):
                continue
            row: dict[str, object] = {series_col: name, x_col: x, y_col: y}
            if text:
                row[t("alt_label", lang)] = text
            rows.append(row)
    return pd.DataFrame(rows)


def figure_summary(fig: go.Figure, lang: str) -> str:
    """``Diagram: <title> (<n> punkter i <k> serier).`` for screen readers."""
    table = figure_table(fig, lang)
    series = table[t("alt_series", lang)].nunique() if not table.empty else 0
    title = _title(fig) or t("alt_untitled", lang)
    return t("alt_summary", lang, title=title, points=len(table), series=series)
