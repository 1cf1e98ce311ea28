"""Väntetider / Waiting times: E1 access, waits to first visit, waiting now and unmet need; the median
wait by municipality with its order-statistic interval and comparison with the total."""

import streamlit as st

from dashboards import data_access, ui
from dashboards.theme import render_theme
from samrehab.read import charts
from samrehab.read.formatting import display_table
from samrehab.read.labels import t

WAIT = "E1.wait_days_median"

ctx = ui.context()
render_theme(ctx, "page_waits", ctx.metrics_of(["E1."]), "vantetider")
if ctx.filters.period is not None and WAIT in ctx.infos:
    info = ctx.infos[WAIT]
    by_municipality = data_access.metric_values(
        ctx.snapshot, metric_ids=WAIT, region=ctx.filters.region, period_type=ctx.filters.period_type,
        period=ctx.filters.period, care_level=ctx.filters.care_level, dimension="municipality",
    )
    if not by_municipality.empty:
        title = t("wait_by_municipality_title", ctx.lang, metric=info.name, period=ctx.filters.period)
        st.subheader(title)
        ui.show_figure(charts.bar_with_intervals(by_municipality, info, ctx.lang, title=title),
                       key="vantetider_kommun")
        st.caption(t("interval_note", ctx.lang) + " " + t("interval_method_order_statistic", ctx.lang) + ".")
        ui.show_table(ctx, display_table(by_municipality, ctx.infos, ctx.lang), key="vantetider_kommun_tabell")
