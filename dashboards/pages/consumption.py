"""Vårdkonsumtion / Healthcare consumption: E6 readmissions, admissions after rehabilitation, return visits
and cost, with before/after the intervention date from ``marts.before_after``."""

import pandas as pd
import streamlit as st

from dashboards import charts, data_access, ui
from dashboards.formatting import SUPPRESSED, format_change, format_value
from dashboards.i18n import t
from dashboards.theme import render_theme

ctx = ui.context()
metric_ids = ctx.metrics_of(["E6."])
render_theme(ctx, "page_consumption", metric_ids, "vardkonsumtion")

st.subheader(t("before_after_title", ctx.lang))
before_after = data_access.read_table(
    ctx.snapshot, "before_after", {"region_code": ctx.filters.region, "care_level": ctx.filters.care_level,
                                   "dimension": "total"},
)
if before_after is None:
    ui.no_table(ctx, "before_after")
else:
    rows = before_after[before_after["metric_id"].isin(metric_ids)] if "metric_id" in before_after.columns \
        else before_after.iloc[0:0]
    if rows.empty:
        st.info(t("no_rows", ctx.lang))
    else:
        infos = {m: ctx.infos[m] for m in metric_ids}
        if {"difference", "difference_ci_low", "difference_ci_high"} <= set(rows.columns):
            ui.show_figure(charts.forest_plot(rows, infos, ctx.lang), key="fore_efter")
            st.caption(t("before_after_caption", ctx.lang))
        table = []
        for row in rows.to_dict("records"):
            info = ctx.infos[row["metric_id"]]
            hidden = bool(row.get("suppressed"))
            shown = {t("col_metric", ctx.lang): info.name}
            for column, key in (("before_value", "before"), ("after_value", "after")):
                if column in row:
                    shown[t(key, ctx.lang)] = format_value(row[column], info, ctx.lang, suppressed=hidden)
            if "difference" in row:
                text = SUPPRESSED if hidden else format_change(row["difference"], info, ctx.lang)
                low, high = row.get("difference_ci_low"), row.get("difference_ci_high")
                if not hidden and low is not None and high is not None and pd.notna(low) and pd.notna(high):
                    text += f" ({format_change(low, info, ctx.lang)} … {format_change(high, info, ctx.lang)})"
                shown[t("difference", ctx.lang)] = text
            table.append(shown)
        ui.show_table(ctx, pd.DataFrame(table), key="fore_efter")
