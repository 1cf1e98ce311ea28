"""The theme pages (waits, plans, resources, patient experience, healthcare consumption): per metric a
trend with its 95 % band for the chosen subgroup, an SPC chart from ``marts.metric_spc`` when there is
one, the definition, and one table of the selected period's values with downloads."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboards import data_access, ui
from samrehab.read import charts
from samrehab.read.formatting import MetricInfo, display_table
from samrehab.read.labels import t


def _spc_rows(ctx: ui.Context, spc: pd.DataFrame | None, metric_id: str) -> pd.DataFrame | None:
    """The metric's monthly control-chart points; the SPC mart holds totals only, so none for a subgroup."""
    if spc is None:
        return None
    rows = spc[spc["metric_id"] == metric_id] if "metric_id" in spc.columns else spc.iloc[0:0]
    dimension, group = ctx.filters.subgroup
    if "dimension" in rows.columns:
        rows = rows[rows["dimension"] == dimension]
    elif dimension != "total":
        return rows.iloc[0:0]
    if "group_code" in rows.columns:
        rows = rows[rows["group_code"] == group]
    needed = {"period_start", "value", "centre_line", "lcl", "ucl"}
    return rows if needed <= set(rows.columns) else rows.iloc[0:0]


def _signals(ctx: ui.Context, rows: pd.DataFrame) -> str:
    lang = ctx.lang
    found = []
    outside = charts.outside_column(rows)
    if outside and rows[outside].fillna(False).astype(bool).any():
        found.append(t("spc_outside", lang, n=int(rows[outside].fillna(False).astype(bool).sum())))
    last = rows.sort_values("period_start").iloc[-1].to_dict()
    if bool(last.get("longest_run_signal") or False):
        found.append(t("spc_long_run", lang))
    if bool(last.get("crossings_signal") or False):
        found.append(t("spc_few_crossings", lang))
    if not found and bool(last.get("runs_signal") or False):
        found.append(t("spc_long_run", lang))
    return t("spc_signal", lang, signals="; ".join(found)) if found else t("spc_no_signal", lang)


def _metric_section(ctx: ui.Context, info: MetricInfo, trend: pd.DataFrame, spc: pd.DataFrame | None,
                    page_key: str) -> None:
    ui.metric_heading(ctx, info)
    spc_rows = _spc_rows(ctx, spc, info.metric_id)
    if spc_rows is not None and not spc_rows.empty:
        left, right = st.columns(2)
        with left:
            ui.show_figure(charts.trend_chart(trend, info, ctx.lang), key=f"{page_key}_{info.metric_id}_trend")
        with right:
            ui.show_figure(charts.spc_chart(spc_rows, info, ctx.lang, title=t("spc_title", ctx.lang)),
                           key=f"{page_key}_{info.metric_id}_spc")
            st.caption(_signals(ctx, spc_rows))
    else:
        ui.show_figure(charts.trend_chart(trend, info, ctx.lang), key=f"{page_key}_{info.metric_id}_trend")


def render_theme(ctx: ui.Context, title_key: str, metric_ids: list[str], page_key: str) -> pd.DataFrame:
    """Draw a theme page for ``metric_ids``; returns the rows of the selected period that were shown."""
    lang, selection = ctx.lang, ctx.filters
    st.title(t(title_key, lang))
    dimension, group = selection.subgroup
    subgroup = ui.subgroup_name(ctx)
    if subgroup:
        st.caption(t("showing_subgroup", lang, group=subgroup))
    rows = data_access.metric_values(
        ctx.snapshot, metric_ids=metric_ids, region=selection.region, period_type=selection.period_type,
        until=selection.period_start, care_level=selection.care_level, dimension=dimension, group_codes=group,
    )
    present = [m for m in metric_ids if not rows.empty and m in set(rows["metric_id"])]
    missing = [ctx.infos[m].name for m in metric_ids if m not in present]
    if not present:
        st.info(t("no_metric_data", lang, metrics=", ".join(missing)))
        return rows.iloc[0:0]
    spc = data_access.read_table(ctx.snapshot, "metric_spc", {"region_code": selection.region,
                                                               "care_level": selection.care_level})
    if spc is None:
        st.caption(t("spc_missing", lang))
    st.caption(t("interval_note", lang))
    for metric_id in present:
        _metric_section(ctx, ctx.infos[metric_id], rows[rows["metric_id"] == metric_id], spc, page_key)
    if missing:
        st.info(t("no_metric_data", lang, metrics=", ".join(missing)))
    current = rows[rows["period"] == selection.period]
    st.subheader(t("table_title", lang, period=selection.period))
    ui.show_table(ctx, display_table(current, ctx.infos, lang), key=page_key)
    return current
