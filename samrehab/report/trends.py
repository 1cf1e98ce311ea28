"""Section "Trends": p-charts of the headline proportions from ``marts.metric_spc`` and their signals in plain
language ("8 months in a row above the median: a real change – the level has risen, a real improvement").

The signals are the mart's (``longest_run_signal``, ``crossings_signal``, ``outside_limits``); this module
only puts them into words. To say on which side of the median the longest run lies and when, it finds the
run of the mart's ``longest_run`` length among the points (value against ``run_chart_median``).
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from samrehab.read import charts
from samrehab.read.formatting import MetricInfo
from samrehab.read.labels import month_name, t
from samrehab.report.model import Block, Figure, Quarter, Section
from samrehab.stats.anhoj import Run, runs

MAX_LISTED_MONTHS = 4


def _level_meaning(run: Run, points: int, higher_is_better: bool | None, lang: str) -> str:
    """What the run says about the level: a run late in the series shows where the level now is; a run early
    in the series shows where it was before (so the level now lies on the other side)."""
    late = (run.first + run.last) / 2 >= (points - 1) / 2
    rising = (run.side > 0) == late
    if higher_is_better is None:
        return t("spc_level_up" if rising else "spc_level_down", lang)
    good = rising == higher_is_better
    return t(f"spc_level_{'up' if rising else 'down'}_{'good' if good else 'bad'}", lang)


def _months(count: int, lang: str) -> str:
    return t("spc_month_one" if count == 1 else "spc_month_many", lang)


def _day(value: object) -> date:
    return pd.Timestamp(value).date()


def explain_signals(series: pd.DataFrame, info: MetricInfo, lang: str) -> list[str]:
    """Sentences for the signals of one ``metric_spc`` series (one row per month)."""
    data = series.sort_values("period_start").reset_index(drop=True)
    if "period_status" in data.columns:  # provisional months are outside the limits and signals (metric_spc)
        data = data[data["period_status"] != "provisional"].reset_index(drop=True)
    if data.empty:
        return []
    last = data.iloc[-1].to_dict()
    sentences: list[str] = []
    if bool(last.get("longest_run_signal")):
        length = int(last["longest_run"])
        candidates = [run for run in runs(data["value"].astype(float).tolist(), float(last["run_chart_median"]))
                      if run.length == length]
        if candidates:
            run = candidates[-1]
            sentences.append(t(
                "spc_run", lang, n=length, side=t("spc_above" if run.side > 0 else "spc_below", lang),
                start=month_name(_day(data.loc[run.first, "period_start"]), lang),
                end=month_name(_day(data.loc[run.last, "period_start"]), lang),
                meaning=_level_meaning(run, len(data), info.higher_is_better, lang),
            ))
    if bool(last.get("crossings_signal")):
        sentences.append(t("spc_crossings", lang, n=int(last["crossings"]), limit=int(last["crossings_min"])))
    outside = data[data["outside_limits"].fillna(False).astype(bool)] if "outside_limits" in data.columns \
        else data.iloc[0:0]
    if not outside.empty:
        listed = [month_name(_day(day), lang) for day in outside["period_start"].head(MAX_LISTED_MONTHS)]
        if len(outside) > MAX_LISTED_MONTHS:
            listed.append("…")
        sentences.append(t("report_spc_outside", lang, n=len(outside), months=_months(len(outside), lang),
                               list=", ".join(listed)))
    if not sentences:
        sentences.append(t(
            "spc_none", lang, n=int(last.get("series_points") or len(data)), run=int(last.get("longest_run") or 0),
            run_max=int(last.get("longest_run_max") or 0), crossings=int(last.get("crossings") or 0),
            crossings_min=int(last.get("crossings_min") or 0),
        ))
    suppressed = int(last.get("months_suppressed") or 0)
    if suppressed:
        sentences.append(t("spc_suppressed", lang, n=suppressed, months=_months(suppressed, lang)))
    return sentences


def spc_figure(series: pd.DataFrame, info: MetricInfo, quarter: Quarter, title: str, lang: str):
    """The dashboard's p-chart with the run-chart median and the report's quarter shaded."""
    data = series.rename(columns={"outside_limits": "outside"})
    figure = charts.spc_chart(data, info, lang, title=title)
    median = pd.to_numeric(data["run_chart_median"], errors="coerce").dropna()
    if not median.empty:
        figure.add_hline(y=float(median.iloc[0]) * info.scale, line={"color": "#555555", "dash": "dash",
                                                                       "width": 1})
        figure.add_scatter(x=[None], y=[None], mode="lines", line={"color": "#555555", "dash": "dash", "width": 1},
                           name=t("spc_median", lang))
    end = pd.Timestamp(quarter.start) + pd.DateOffset(months=3) - pd.Timedelta(days=1)
    figure.add_vrect(x0=pd.Timestamp(quarter.start) - pd.Timedelta(days=15), x1=end - pd.Timedelta(days=15),
                     fillcolor="#0072B2", opacity=0.08, line_width=0)
    return figure


def trends_section(metric_ids: list[str], infos: dict[str, MetricInfo], spc: pd.DataFrame | None,
                   quarter: Quarter, lang: str) -> tuple[Section, list[str]]:
    """One p-chart with its signal sentences per headline proportion; returns the section and metrics shown."""
    section = Section("trends", t("section_trends", lang))
    section.add(Block("paragraph", text=t("trends_intro", lang, quarter=quarter.label)))
    if spc is None:
        section.add(Block("paragraph", text=t("no_table", lang, table="marts.metric_spc")))
        return section, []
    shown = []
    for metric_id in metric_ids:
        info = infos[metric_id]
        series = spc[spc["metric_id"] == metric_id]
        title = f"{info.effect_goal} · {info.name}"
        if series.empty:
            section.add(Block("paragraph", text=t("spc_missing_metric", lang, metric=info.name)))
            continue
        shown.append(metric_id)
        figure = spc_figure(series, info, quarter, title, lang)
        section.add(Block("figure", figure=Figure(f"spc-{metric_id.replace('.', '-')}", figure)))
        section.add(Block("list", items=explain_signals(series, info, lang)))
    return section, shown
