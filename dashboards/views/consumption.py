"""Vårdkonsumtion / Healthcare consumption: E6 readmissions, admissions after rehabilitation, return visits
and cost, with before/after the intervention date from ``marts.before_after``."""

import pandas as pd
import streamlit as st

from dashboards import data_access, ui
from dashboards.theme import render_theme
from samrehab.read import charts
from samrehab.read.formatting import MetricInfo, format_change, format_interval, format_value
from samrehab.read.labels import t


def _with_interval(value: object, low: object, high: object, info: MetricInfo, lang: str) -> str:
    text = format_value(value, info, lang)
    if low is not None and high is not None and pd.notna(low) and pd.notna(high):
        text += f" ({format_interval(low, high, info, lang)})"
    return text


def before_after_table(rows: pd.DataFrame, infos: dict[str, MetricInfo], lang: str) -> pd.DataFrame:
    """``marts.before_after`` rows as shown: before, after, difference with 95 % intervals, assessment."""
    table = []
    for row in rows.to_dict("records"):
        info = infos[row["metric_id"]]
        difference = format_change(row.get("difference"), info, lang)
        low, high = row.get("difference_ci_low"), row.get("difference_ci_high")
        if low is not None and high is not None and pd.notna(low) and pd.notna(high):
            difference += f" ({format_change(low, info, lang)} … {format_change(high, info, lang)})"
        assessment = str(row.get("change_assessment") or "not_assessed")
        table.append({
            t("col_metric", lang): info.name,
            t("before", lang): _with_interval(row.get("before_value"), row.get("before_ci_low"),
                                              row.get("before_ci_high"), info, lang),
            t("after", lang): _with_interval(row.get("after_value"), row.get("after_ci_low"),
                                             row.get("after_ci_high"), info, lang),
            t("difference", lang): difference,
            t("assessment", lang): t(f"assessment_{assessment}", lang)
            if f"assessment_{assessment}" in ASSESSMENTS else assessment,
        })
    return pd.DataFrame(table)


ASSESSMENTS = {"assessment_improved", "assessment_worsened", "assessment_increased", "assessment_decreased",
               "assessment_no_significant_change", "assessment_not_assessed"}

ctx = ui.context()
metric_ids = ctx.metrics_of(["E6."])
render_theme(ctx, "page_consumption", metric_ids, "vardkonsumtion")

st.subheader(t("before_after_title", ctx.lang))
before_after = data_access.read_table(ctx.snapshot, "before_after", {"region_code": ctx.filters.region,
                                                                     "care_level": "all"})
if before_after is None:
    ui.no_table(ctx, "before_after")
else:
    rows = before_after[before_after["metric_id"].isin(metric_ids)].reset_index(drop=True)
    if rows.empty:
        st.info(t("no_rows", ctx.lang))
    else:
        infos = {m: ctx.infos[m] for m in metric_ids}
        window = rows.iloc[0].to_dict()
        if window.get("intervention_date") is not None:
            st.caption(t("before_after_window", ctx.lang, date=str(window["intervention_date"])[:10],
                         before=str(window.get("before_start", ""))[:10], after=str(window.get("after_end", ""))[:10]))
        ui.show_figure(charts.forest_plot(rows, infos, ctx.lang), key="fore_efter_diagram")
        st.caption(t("before_after_caption", ctx.lang))
        ui.show_table(ctx, before_after_table(rows, ctx.infos, ctx.lang), key="fore_efter", note=False)
