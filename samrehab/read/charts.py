"""The one chart module: plotly figures for the dashboard and the quarterly report.

Every function takes DataFrames (rows of the marts, as read by ``samrehab.read.queries``), the
metric's ``MetricInfo`` where needed and a language, and returns a ``plotly.graph_objects.Figure``.
Nothing is computed here beyond scaling shares to per cent: values, intervals, comparisons, control
limits and funnel limits come from the marts. Suppressed cells are never drawn; they are labelled
``..``.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from samrehab.read.formatting import (
    COMPARISON_COLOURS,
    COMPARISONS,
    SUPPRESSED,
    MetricInfo,
    comparison_label,
    format_count,
    format_interval,
    format_value,
    group_label,
)
from samrehab.read.labels import t
from samrehab.read.provisional import period_label

# Okabe–Ito qualitative palette for series (colour-blind safe).
SERIES_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000", "#F0E442")
BENCHMARK_COLOUR = "#000000"
ASSESSMENT_COLOURS = {"improved": COMPARISON_COLOURS["better"], "worsened": COMPARISON_COLOURS["worse"],
                      "no_significant_change": COMPARISON_COLOURS["similar"]}
FONT = "Source Sans Pro, Arial, sans-serif"


def _layout(fig: go.Figure, lang: str, title: str | None = None, height: int | None = None) -> go.Figure:
    fig.update_layout(
        template="plotly_white",
        title={"text": title, "x": 0, "xanchor": "left", "font": {"size": 16}} if title else None,
        font={"family": FONT, "size": 13},
        separators=", " if lang == "sv" else ".,",
        margin={"l": 10, "r": 10, "t": 50 if title else 20, "b": 60},
        legend={"orientation": "h", "yref": "container", "yanchor": "bottom", "y": 0.0, "x": 0},
        hoverlabel={"font": {"family": FONT}},
    )
    if height:
        fig.update_layout(height=height)
    return fig


def _scaled(series: pd.Series, info: MetricInfo) -> pd.Series:
    return pd.to_numeric(series, errors="coerce") * info.scale


def _hover_text(row: Mapping, info: MetricInfo, lang: str) -> str:
    hidden = bool(row.get("suppressed"))
    parts = [
        f"<b>{group_label(row, lang)}</b> ({period_label(row.get('period', ''), row, lang)})",
        f"{t('col_value', lang)}: {format_value(row.get('value'), info, lang, suppressed=hidden)}",
        f"{t('col_ci', lang)}: {format_interval(row.get('ci_low'), row.get('ci_high'), info, lang, suppressed=hidden)}",
    ]
    if not hidden and row.get("denominator") is not None and not pd.isna(row.get("denominator")):
        parts.append(
            f"{t('col_numerator', lang)}/{t('col_denominator', lang)}: "
            f"{format_count(row.get('numerator'), lang)}/{format_count(row.get('denominator'), lang)}"
        )
    parts.append(
        SUPPRESSED if hidden else f"{t('col_comparison', lang)}: {comparison_label(row.get('comparison'), lang)}"
    )
    return "<br>".join(parts)


def _error(frame: pd.DataFrame, info: MetricInfo) -> dict:
    value = _scaled(frame["value"], info)
    high = _scaled(frame["ci_high"], info) - value
    low = value - _scaled(frame["ci_low"], info)
    return {"type": "data", "array": high.tolist(), "arrayminus": low.tolist(), "color": "#333333", "thickness": 1.2,
            "width": 3}


def _benchmark(frame: pd.DataFrame) -> float | None:
    values = pd.to_numeric(frame.get("benchmark_value", pd.Series(dtype=float)), errors="coerce").dropna()
    return float(values.iloc[0]) if not values.empty else None


def empty_figure(message: str, lang: str) -> go.Figure:
    """A blank figure carrying a message (used when a selection has no rows)."""
    fig = go.Figure()
    fig.add_annotation(text=message, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper", font={"size": 15})
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return _layout(fig, lang, height=200)


def bar_with_intervals(frame: pd.DataFrame, info: MetricInfo, lang: str, title: str | None = None) -> go.Figure:
    """Horizontal bars per group with 95 % error bars, the benchmark (total) as a dashed line and bars
    coloured better / similar / worse; suppressed groups show ``..`` instead of a bar.

    ``frame``: rows of ``marts.metric_values`` for one metric, period and dimension (any group order).
    """
    if frame.empty:
        return empty_figure(t("no_rows", lang), lang)
    data = frame.sort_values(["group_sort_order", "group_code"]).reset_index(drop=True)
    data = data.assign(_label=[group_label(row, lang) for row in data.to_dict("records")])
    order = data["_label"].tolist()
    fig = go.Figure()
    for comparison in COMPARISONS:
        part = data[(data["comparison"] == comparison) & ~data["suppressed"].astype(bool)]
        if part.empty:
            continue
        fig.add_trace(
            go.Bar(
                x=_scaled(part["value"], info),
                y=part["_label"],
                orientation="h",
                name=comparison_label(comparison, lang),
                marker={"color": COMPARISON_COLOURS[comparison], "line": {"color": "#555555", "width": 0.8}},
                error_x=_error(part, info),
                hovertext=[_hover_text(row, info, lang) for row in part.to_dict("records")],
                hoverinfo="text",
            )
        )
    hidden = data[data["suppressed"].astype(bool)]
    if not hidden.empty:
        fig.add_trace(
            go.Scatter(
                x=[0] * len(hidden),
                y=hidden["_label"],
                mode="text",
                text=[SUPPRESSED] * len(hidden),
                textposition="middle right",
                showlegend=False,
                hovertext=[_hover_text(row, info, lang) for row in hidden.to_dict("records")],
                hoverinfo="text",
                textfont={"size": 14},
            )
        )
        # A text trace's legend symbol is "Aa": the legend gets a plain marker instead, an empty (white)
        # box like the not-compared cells of the heat table.
        fig.add_trace(
            go.Scatter(
                x=[None], y=[None], mode="markers", name=t("suppressed_label", lang),
                marker={"symbol": "square", "size": 12, "color": COMPARISON_COLOURS["not_compared"],
                        "line": {"color": "#555555", "width": 0.8}},
                hoverinfo="skip",
            )
        )
    benchmark = _benchmark(data)
    if benchmark is not None:
        fig.add_vline(x=benchmark * info.scale, line={"color": BENCHMARK_COLOUR, "dash": "dash", "width": 1.5})
        fig.add_trace(
            go.Scatter(
                x=[None], y=[None], mode="lines", line={"color": BENCHMARK_COLOUR, "dash": "dash"},
                name=f"{t('benchmark', lang)}: {format_value(benchmark, info, lang)}",
            )
        )
    fig.update_layout(barmode="overlay", bargap=0.25)
    fig.update_yaxes(categoryorder="array", categoryarray=list(reversed(order)), automargin=True)
    fig.update_xaxes(title=info.axis_unit, rangemode="tozero", zeroline=True)
    return _layout(fig, lang, title, height=max(260, 28 * len(order) + 140))


def trend_chart(
    frame: pd.DataFrame, info: MetricInfo, lang: str, title: str | None = None, by_group: bool = False,
    mark_suppressed: bool = True,
) -> go.Figure:
    """Value over time with its 95 % interval as a band; one line per group when ``by_group``.

    ``frame``: rows of ``marts.metric_values`` for one metric over periods (one group, or several
    when ``by_group``). Suppressed periods break the line and the band (neither is drawn across
    them) and are marked ``..`` on the time axis; a period shown between two suppressed ones gets
    its interval as an error bar, since a band needs two neighbouring periods.
    """
    if frame.empty:
        return empty_figure(t("no_rows", lang), lang)
    fig = go.Figure()
    data = frame.sort_values(["group_sort_order", "group_code", "period_start"])
    groups = list(dict.fromkeys(data["group_code"])) if by_group else [None]
    for index, code in enumerate(groups):
        part = data[data["group_code"] == code] if code is not None else data
        colour = SERIES_COLOURS[index % len(SERIES_COLOURS)]
        name = group_label(part.iloc[0].to_dict(), lang) if by_group else info.name
        x = pd.to_datetime(part["period_start"]).tolist()
        shown = ~part["suppressed"].astype(bool).to_numpy() & part["value"].notna().to_numpy()
        value = _scaled(part["value"], info).where(shown)
        low = _scaled(part["ci_low"], info).where(shown)
        high = _scaled(part["ci_high"], info).where(shown)
        with_interval = (shown & low.notna().to_numpy() & high.notna().to_numpy()).tolist()
        runs = _runs(with_interval)
        band_x, band_y = _band(x, low.tolist(), high.tolist(), [run for run in runs if len(run) > 1])
        if band_x:
            fig.add_trace(
                go.Scatter(
                    x=band_x, y=band_y, mode="lines", line={"width": 0}, fill="toself",
                    fillcolor=_alpha(colour, 0.18), connectgaps=False,
                    name=f"95 % {'KI' if lang == 'sv' else 'CI'}" + (f" {name}" if by_group else ""),
                    hoverinfo="skip", legendgroup=str(code), showlegend=not by_group,
                )
            )
        alone = {run[0] for run in runs if len(run) == 1}
        error = None
        if alone:
            error = {
                "type": "data", "color": _alpha(colour, 0.6), "thickness": 1.5, "width": 4,
                "array": [high.iloc[i] - value.iloc[i] if i in alone else None for i in range(len(part))],
                "arrayminus": [value.iloc[i] - low.iloc[i] if i in alone else None for i in range(len(part))],
            }
        provisional = provisional_mask(part)
        hover = [_hover_text(row, info, lang) for row in part.to_dict("records")]
        fig.add_trace(
            go.Scatter(
                x=x, y=[None if pd.isna(v) or p else float(v) for v, p in zip(value, provisional, strict=True)],
                mode="lines+markers", name=name,
                line={"color": colour, "width": 2}, marker={"size": 6}, connectgaps=False, legendgroup=str(code),
                error_y=error, hovertext=hover, hoverinfo="text",
            )
        )
        for trace in provisional_traces(x, value.tolist(), provisional, colour, lang, hover, show_legend=index == 0):
            fig.add_trace(trace)
        hidden = part[part["suppressed"].astype(bool)]
        if mark_suppressed and not hidden.empty:
            fig.add_trace(
                go.Scatter(
                    x=pd.to_datetime(hidden["period_start"]), y=[0] * len(hidden), mode="text",
                    text=[SUPPRESSED] * len(hidden), textposition="top center", showlegend=False,
                    textfont={"color": colour, "size": 14}, hoverinfo="skip",
                )
            )
    fig.update_yaxes(title=info.axis_unit, rangemode="tozero")
    fig.update_xaxes(title=None)
    return _layout(fig, lang, title, height=340)


def provisional_mask(frame: pd.DataFrame) -> np.ndarray:
    """Which rows are provisional (``period_status``); none when the frame has no such column."""
    if "period_status" not in frame.columns:
        return np.zeros(len(frame), dtype=bool)
    return (frame["period_status"] == "provisional").fillna(False).to_numpy(bool)


def provisional_traces(x: list, y: list, provisional: np.ndarray, colour: str, lang: str,
                       hover: list[str] | None = None, show_legend: bool = True) -> list[go.Scatter]:
    """The provisional points of a series drawn differently: a dashed segment from the last complete
    point on, and hollow markers, named in the legend ("Preliminär / Provisional")."""
    shown = [i for i, value in enumerate(y) if value is not None and not pd.isna(value)]
    points = [i for i in shown if provisional[i]]
    if not points:
        return []
    before = [i for i in shown if i < points[0] and not provisional[i]]
    segment = ([before[-1]] if before else []) + [i for i in shown if i >= points[0]]
    name = t("provisional_legend", lang)
    return [
        go.Scatter(x=[x[i] for i in segment], y=[float(y[i]) for i in segment], mode="lines",
                   line={"color": colour, "width": 2, "dash": "dash"}, hoverinfo="skip", showlegend=False,
                   legendgroup="provisional", name=name),
        go.Scatter(x=[x[i] for i in points], y=[float(y[i]) for i in points], mode="markers", name=name,
                   marker={"size": 9, "symbol": "circle-open", "color": colour, "line": {"width": 2}},
                   legendgroup="provisional", showlegend=show_legend,
                   hovertext=[hover[i] for i in points] if hover else None, hoverinfo="text" if hover else "x+y"),
    ]


def _runs(flags: list[bool]) -> list[list[int]]:
    """Positions of the consecutive ``True`` stretches of ``flags``."""
    runs: list[list[int]] = []
    for position, flag in enumerate(flags):
        if not flag:
            continue
        if runs and runs[-1][-1] == position - 1:
            runs[-1].append(position)
        else:
            runs.append([position])
    return runs


def _band(x: list, low: list[float], high: list[float], runs: list[list[int]]) -> tuple[list, list]:
    """One closed outline (upper edge forward, lower edge back) per run, separated by ``None`` so that
    plotly's ``fill="toself"`` fills each run on its own and nothing across a gap."""
    band_x: list = []
    band_y: list = []
    for run in runs:
        if band_x:
            band_x.append(None)
            band_y.append(None)
        band_x += [x[i] for i in run] + [x[i] for i in reversed(run)]
        band_y += [float(high[i]) for i in run] + [float(low[i]) for i in reversed(run)]
    return band_x, band_y


def _alpha(colour: str, alpha: float) -> str:
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red},{green},{blue},{alpha})"


def sparkline(frame: pd.DataFrame, info: MetricInfo, lang: str) -> go.Figure:
    """A small trend line with its interval band and no axes (overview tiles)."""
    fig = trend_chart(frame, info, lang, mark_suppressed=False)
    fig.update_layout(height=90, margin={"l": 0, "r": 0, "t": 0, "b": 0}, showlegend=False)
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False, rangemode="normal")
    return fig


def spc_chart(frame: pd.DataFrame, info: MetricInfo, lang: str, title: str | None = None) -> go.Figure:
    """p-chart: monthly proportions, centre line and 3-sigma limits per point; points outside circled.

    ``frame`` columns (``marts.metric_spc``): ``period_start``, ``value``, ``centre_line``, ``lcl``,
    ``ucl`` and optionally ``outside_limits`` (bool); one row per month.
    """
    if frame.empty:
        return empty_figure(t("no_rows", lang), lang)
    data = frame.assign(period_start=pd.to_datetime(frame["period_start"])).sort_values("period_start")
    x = data["period_start"]
    every_month = with_every_month(frame)  # the values' line stops at a missing month
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(x=x, y=_scaled(data["ucl"], info), mode="lines", line={"color": "#D55E00", "dash": "dot",
                   "shape": "hvh"}, name=t("spc_limits", lang), legendgroup="limits")
    )
    fig.add_trace(
        go.Scatter(x=x, y=_scaled(data["lcl"], info), mode="lines", line={"color": "#D55E00", "dash": "dot",
                   "shape": "hvh"}, showlegend=False, legendgroup="limits")
    )
    fig.add_trace(
        go.Scatter(x=x, y=_scaled(data["centre_line"], info), mode="lines", line={"color": "#555555"},
                   name=t("spc_centre", lang))
    )
    values = _scaled(every_month["value"], info)
    provisional = provisional_mask(every_month)
    fig.add_trace(
        go.Scatter(x=every_month["period_start"], y=values.where(~provisional), mode="lines+markers",
                   name=info.name, line={"color": SERIES_COLOURS[0]}, marker={"size": 6}, connectgaps=False)
    )
    for trace in provisional_traces(every_month["period_start"].tolist(), values.tolist(), provisional,
                                    SERIES_COLOURS[0], lang):
        fig.add_trace(trace)
    column = outside_column(data)
    if column:
        outside = data[data[column].fillna(False).astype(bool)]
        if not outside.empty:
            fig.add_trace(
                go.Scatter(x=pd.to_datetime(outside["period_start"]), y=_scaled(outside["value"], info),
                           mode="markers", marker={"size": 13, "color": "rgba(0,0,0,0)",
                                                   "line": {"color": "#D55E00", "width": 2.5}},
                           name=t("spc_outside", lang, n=len(outside)))
            )
    fig.update_yaxes(title=info.axis_unit)
    return _layout(fig, lang, title, height=320)


def with_every_month(frame: pd.DataFrame) -> pd.DataFrame:
    """The monthly rows sorted, with an empty row for every month missing between the first and the last
    (a suppressed or empty month), so the line stops there instead of bridging the gap."""
    data = frame.assign(period_start=pd.to_datetime(frame["period_start"])).sort_values("period_start")
    if data["period_start"].duplicated().any():
        return data.reset_index(drop=True)
    months = pd.date_range(data["period_start"].min(), data["period_start"].max(), freq="MS")
    return data.set_index("period_start").reindex(months).rename_axis("period_start").reset_index()


def outside_column(frame: pd.DataFrame) -> str | None:
    """Name of the column flagging points outside the control limits, if the frame has one."""
    for name in ("outside_limits", "outside"):
        if name in frame.columns:
            return name
    return None


def funnel_plot(
    frame: pd.DataFrame, info: MetricInfo, lang: str, limits: pd.DataFrame | None = None, title: str | None = None
) -> go.Figure:
    """Value against denominator per municipality with 95 % error bars, the benchmark line and, when
    given, funnel limits (``limits`` columns: ``denominator``, ``lower_95``, ``upper_95``,
    ``lower_998``, ``upper_998``, sorted by denominator). Suppressed municipalities are not drawn."""
    shown = frame[~frame["suppressed"].astype(bool) & frame["denominator"].notna()]
    if shown.empty:
        return empty_figure(t("no_rows", lang), lang)
    fig = go.Figure()
    if limits is not None and not limits.empty:
        data = limits.sort_values("denominator")
        for level, dash in (("998", "dot"), ("95", "dash")):
            for side in ("lower", "upper"):
                fig.add_trace(
                    go.Scatter(
                        x=data["denominator"], y=_scaled(data[f"{side}_{level}"], info), mode="lines",
                        line={"color": "#777777", "dash": dash, "width": 1},
                        name="99,8 %" if level == "998" and lang == "sv" else ("99.8 %" if level == "998" else "95 %"),
                        showlegend=side == "lower", legendgroup=level, hoverinfo="skip",
                    )
                )
    for comparison in COMPARISONS:
        part = shown[shown["comparison"] == comparison]
        if part.empty:
            continue
        fig.add_trace(
            go.Scatter(
                x=part["denominator"], y=_scaled(part["value"], info), mode="markers",
                marker={"color": COMPARISON_COLOURS[comparison], "size": 10, "line": {"color": "#333333", "width": 1}},
                error_y=_error(part, info), name=comparison_label(comparison, lang),
                hovertext=[_hover_text(row, info, lang) for row in part.to_dict("records")], hoverinfo="text",
            )
        )
    benchmark = _benchmark(frame)
    if benchmark is not None:
        fig.add_hline(y=benchmark * info.scale, line={"color": BENCHMARK_COLOUR, "dash": "dash", "width": 1.5})
        fig.add_trace(
            go.Scatter(x=[None], y=[None], mode="lines", line={"color": BENCHMARK_COLOUR, "dash": "dash"},
                       name=f"{t('benchmark', lang)}: {format_value(benchmark, info, lang)}")
        )
    fig.update_xaxes(title=t("denominator_axis", lang), rangemode="tozero")
    fig.update_yaxes(title=info.axis_unit)
    return _layout(fig, lang, title, height=380)


def heat_table(
    frame: pd.DataFrame, infos: Mapping[str, MetricInfo], lang: str, title: str | None = None,
    total: pd.DataFrame | None = None,
) -> go.Figure:
    """Fingertips-style "tartan rug": metrics (rows) × groups (columns), each cell coloured by its
    comparison with the total and labelled with its value (``..`` when suppressed).

    ``frame``: rows of ``marts.metric_values`` for one period and one dimension, several metrics.
    ``total``: the same metrics' total rows, shown as the first column.
    """
    if frame.empty:
        return empty_figure(t("no_rows", lang), lang)
    code_of = {name: index for index, name in enumerate(COMPARISONS)}
    data = frame.sort_values(["group_sort_order", "group_code"])
    columns = list(dict.fromkeys(group_label(row, lang) for row in data.to_dict("records")))
    metric_ids = [metric_id for metric_id in infos if metric_id in set(data["metric_id"])]
    total_label = t("benchmark", lang)
    x_labels = ([total_label] if total is not None else []) + columns
    z, text, hover = [], [], []
    for metric_id in metric_ids:
        info = infos[metric_id]
        rows = {group_label(row, lang): row for row in data[data["metric_id"] == metric_id].to_dict("records")}
        if total is not None:
            total_rows = total[total["metric_id"] == metric_id].to_dict("records")
            if total_rows:
                rows[total_label] = {**total_rows[0], "comparison": "not_compared"}
        z_row, text_row, hover_row = [], [], []
        for label in x_labels:
            row = rows.get(label)
            if row is None:
                z_row.append(None)
                text_row.append("")
                hover_row.append("")
                continue
            hidden = bool(row.get("suppressed"))
            comparison = "not_compared" if hidden else str(row.get("comparison"))
            z_row.append(code_of.get(comparison, code_of["not_compared"]))
            text_row.append(format_value(row.get("value"), info, lang, suppressed=hidden, unit=False))
            hover_row.append(f"{info.name}<br>" + _hover_text(row, info, lang))
        z.append(z_row)
        text.append(text_row)
        hover.append(hover_row)
    steps = len(COMPARISONS)
    colourscale = []
    for index, name in enumerate(COMPARISONS):
        colourscale += [[index / steps, COMPARISON_COLOURS[name]], [(index + 1) / steps, COMPARISON_COLOURS[name]]]
    y_labels = [f"{infos[m].name} ({infos[m].axis_unit})" for m in metric_ids]
    fig = go.Figure(
        go.Heatmap(
            z=z, x=x_labels, y=y_labels, text=text, texttemplate="%{text}", hovertext=hover, hoverinfo="text",
            colorscale=colourscale, zmin=-0.5, zmax=steps - 0.5, showscale=False, xgap=2, ygap=2,
            textfont={"size": 11},
        )
    )
    fig.update_yaxes(autorange="reversed", automargin=True)
    fig.update_xaxes(side="top", tickangle=-45, automargin=True)
    fig.update_layout(plot_bgcolor="#FFFFFF")
    return _layout(fig, lang, title, height=max(260, 34 * len(metric_ids) + 200))


def forest_plot(
    frame: pd.DataFrame, infos: Mapping[str, MetricInfo], lang: str, title: str | None = None
) -> go.Figure:
    """Differences with 95 % intervals per metric around a zero line (before/after the intervention).

    ``frame`` columns: ``metric_id``, ``difference``, ``difference_ci_low``, ``difference_ci_high`` and
    optionally ``change_assessment`` (improved blue, worsened orange, no significant change grey).
    Shares are shown in percentage points.
    """
    data = frame[frame["metric_id"].isin(list(infos))]
    if data.empty:
        return empty_figure(t("no_rows", lang), lang)
    labels, values, low, high = [], [], [], []
    for row in data.to_dict("records"):
        info = infos[row["metric_id"]]
        unit = ("p.e." if lang == "sv" else "pp") if info.is_share else info.unit
        labels.append(f"{info.name} ({unit})")
        values.append(_num(row.get("difference")) * info.scale)
        low.append(_num(row.get("difference_ci_low")) * info.scale)
        high.append(_num(row.get("difference_ci_high")) * info.scale)
    assessments = data["change_assessment"].tolist() if "change_assessment" in data.columns else []
    colours = [ASSESSMENT_COLOURS.get(str(code), SERIES_COLOURS[0]) for code in assessments] or SERIES_COLOURS[0]
    fig = go.Figure(
        go.Scatter(
            x=values, y=labels, mode="markers", marker={"size": 11, "color": colours,
                                                        "line": {"color": "#333333", "width": 1}},
            error_x={"type": "data", "array": [h - v for h, v in zip(high, values, strict=True)],
                     "arrayminus": [v - lo for v, lo in zip(values, low, strict=True)], "color": "#333333"},
            name=t("difference", lang),
        )
    )
    fig.add_vline(x=0, line={"color": BENCHMARK_COLOUR, "width": 1})
    fig.update_yaxes(autorange="reversed", automargin=True)
    fig.update_xaxes(title=t("difference", lang))
    return _layout(fig, lang, title, height=max(240, 40 * len(labels) + 120))


def _num(value: object) -> float:
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return float("nan")


def quality_chart(frame: pd.DataFrame, lang: str, title: str | None = None) -> go.Figure:
    """Number of checks per data-quality dimension, passed versus flagged (stacked bars).

    ``frame`` columns: ``dimension``, ``passed`` (bool).
    """
    if frame.empty or "dimension" not in frame.columns or "passed" not in frame.columns:
        return empty_figure(t("no_rows", lang), lang)
    counts = (
        frame.assign(passed=frame["passed"].fillna(False).astype(bool))
        .groupby(["dimension", "passed"]).size().unstack(fill_value=0)
    )
    fig = go.Figure()
    for passed, colour, key in ((True, COMPARISON_COLOURS["better"], "quality_passed"),
                                (False, COMPARISON_COLOURS["worse"], "quality_failed")):
        if passed in counts.columns:
            fig.add_trace(go.Bar(x=counts.index.tolist(), y=counts[passed].tolist(), name=t(key, lang),
                                 marker={"color": colour}))
    fig.update_layout(barmode="stack")
    return _layout(fig, lang, title, height=300)


def plotly_config(file_name: str) -> dict:
    """plotly options: PNG export from the mode bar (2× scale), no plotly logo."""
    return {
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "filename": file_name, "scale": 2},
        "modeBarButtonsToRemove": ["lasso2d", "select2d"],
    }
