"""Jämlikhet / Equity: one metric by municipality, diagnosis group, age band or sex, with a funnel plot,
a heat table of all metrics × municipalities and the inequality summaries of ``marts.equity_gaps``."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboards import charts, data_access, ui
from dashboards.filters import url_widget
from dashboards.formatting import display_table, format_number, format_value
from dashboards.i18n import t

DIMENSIONS = ("municipality", "diagnosis_group", "age_band", "sex")
# marts.equity_gaps columns shown in the summary table, with their labels.
GAP_COLUMNS = {
    "range_ratio": "gap_range_ratio",
    "range_difference": "gap_range_difference",
    "index_of_disparity": "gap_index_of_disparity",
    "n_better": "gap_n_better",
    "n_worse": "gap_n_worse",
    "sii": "gap_sii",
    "rii": "gap_rii",
}


def _dimension_labels(ctx: ui.Context) -> dict[str, str]:
    dimensions = data_access.reference(ctx.snapshot, "dimensions")
    return dict(zip(dimensions["dimension"], dimensions["label_en" if ctx.lang == "en" else "label_sv"], strict=False))


def _gaps(ctx: ui.Context, metric_id: str, dimension: str) -> None:
    lang = ctx.lang
    st.subheader(t("gaps_title", lang))
    gaps = data_access.read_table(
        ctx.snapshot, "equity_gaps",
        {"metric_id": metric_id, "period_type": ctx.filters.period_type, "period": ctx.filters.period,
         "region_code": ctx.filters.region, "care_level": ctx.filters.care_level},
    )
    if gaps is None:
        ui.no_table(ctx, "equity_gaps")
        return
    if "dimension" in gaps.columns:
        gaps = gaps[gaps["dimension"] == dimension]
    if gaps.empty:
        st.info(t("no_rows", lang))
        return
    info = ctx.infos[metric_id]
    dims = _dimension_labels(ctx)
    rows = []
    for row in gaps.to_dict("records"):
        shown = {t("col_metric", lang): info.name, t("choose_dimension", lang): dims.get(row.get("dimension"), "")}
        for column, key in GAP_COLUMNS.items():
            if column not in row:
                continue
            value = row[column]
            if column == "range_difference":
                text = format_value(value, info, lang)
            elif column.startswith("n_"):
                text = "–" if pd.isna(value) else format_number(float(value), 0, lang)
            else:
                text = "–" if value is None or pd.isna(value) else format_number(float(value), 2, lang)
            low, high = row.get(f"{column}_ci_low"), row.get(f"{column}_ci_high")
            if low is not None and high is not None and pd.notna(low) and pd.notna(high):
                scale = info.scale if column == "sii" else 1.0
                text += f" ({format_number(float(low) * scale, 2, lang)}–{format_number(float(high) * scale, 2, lang)})"
            shown[t(key, lang)] = text
        rows.append(shown)
    ui.show_table(ctx, pd.DataFrame(rows), key="jamlikhet_ojamlikhetsmatt", note=False)


def page() -> None:
    """Draw the page."""
    ctx = ui.context()
    lang, selection = ctx.lang, ctx.filters
    st.title(t("page_equity", lang))
    st.caption(t("equity_intro", lang))
    ui.note_subgroup_ignored(ctx)
    available = [m for m in ctx.infos if m in set(data_access.filter_options(ctx.snapshot)["metrics"])]
    if not available or selection.period is None:
        st.info(t("no_data_yet", lang))
        return
    dims = _dimension_labels(ctx)
    left, right = st.columns([2, 1])
    metric_id = url_widget(left.selectbox, t("choose_metric", lang), available, key="metric",
                           format_func=lambda m: ctx.infos[m].name)
    dimension = url_widget(right.selectbox, t("choose_dimension", lang), DIMENSIONS, key="dim",
                           format_func=lambda d: dims.get(d, d))
    info = ctx.infos[metric_id]
    ui.metric_heading(ctx, info)

    period_rows = data_access.metric_values(
        ctx.snapshot, region=selection.region, period_type=selection.period_type, period=selection.period,
        care_level=selection.care_level,
    )
    rows = period_rows[(period_rows["metric_id"] == metric_id) & (period_rows["dimension"] == dimension)]
    title = t("bar_title", lang, metric=info.name, dimension=dims.get(dimension, dimension).lower(),
              period=selection.period)
    if rows.empty:
        st.info(t("dimension_not_available", lang, dimension=dims.get(dimension, dimension).lower()))
    else:
        ui.show_figure(charts.bar_with_intervals(rows, info, lang, title=title), key="jamlikhet_stapel")
        st.caption(t("interval_note", lang))
        ui.show_table(ctx, display_table(rows, ctx.infos, lang), key="jamlikhet_grupper")

    st.subheader(t("funnel_title", lang))
    if not info.has_denominator:
        st.info(t("funnel_not_applicable", lang))
    else:
        municipalities = period_rows[(period_rows["metric_id"] == metric_id)
                                     & (period_rows["dimension"] == "municipality")]
        limits = data_access.read_table(
            ctx.snapshot, "funnel_limits",
            {"metric_id": metric_id, "period_type": selection.period_type, "period": selection.period,
             "region_code": selection.region, "care_level": selection.care_level},
        )
        if municipalities.empty:
            st.info(t("no_rows", lang))
        else:
            ui.show_figure(charts.funnel_plot(municipalities, info, lang, limits=limits), key="jamlikhet_tratt")
            st.caption(t("funnel_caption_limits" if limits is not None and not limits.empty
                         else "funnel_caption_no_limits", lang))

    st.subheader(t("heat_title", lang, period=selection.period))
    heat = period_rows[period_rows["dimension"] == "municipality"]
    total = period_rows[period_rows["dimension"] == "total"]
    ui.show_figure(charts.heat_table(heat, ctx.infos, lang, total=total), key="jamlikhet_tartan")
    st.caption(t("heat_caption", lang) + " " + t("suppressed_note", lang))
    _gaps(ctx, metric_id, dimension)


page()
