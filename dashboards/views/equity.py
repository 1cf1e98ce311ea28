"""Jämlikhet / Equity: one metric by municipality, diagnosis group, age band or sex, with a funnel plot,
a heat table of all metrics × municipalities and the inequality summaries of ``marts.equity_gaps``."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboards import data_access, ui
from dashboards.filters import url_widget
from samrehab.read import charts, comparisons, maps
from samrehab.read.formatting import MetricInfo, display_table, format_interval, format_number, format_value
from samrehab.read.inequality import heat_table
from samrehab.read.labels import t
from samrehab.read.provisional import period_label

DIMENSIONS = ("municipality", "diagnosis_group", "age_band", "sex")


def _dimension_labels(ctx: ui.Context) -> dict[str, str]:
    dimensions = data_access.reference(ctx.snapshot, "dimensions")
    return dict(zip(dimensions["dimension"], dimensions["label_en" if ctx.lang == "en" else "label_sv"], strict=False))


def _number(value: object, decimals: int, lang: str) -> str:
    return "–" if value is None or pd.isna(value) else format_number(float(value), decimals, lang)


def gaps_table(gaps: pd.DataFrame, info: MetricInfo, dims: dict[str, str], lang: str) -> pd.DataFrame:
    """The inequality summaries of ``marts.equity_gaps`` as shown: one row per dimension."""
    rows = []
    for row in gaps.to_dict("records"):
        shown = {t("col_metric", lang): info.name, t("choose_dimension", lang): dims.get(row.get("dimension"), "")}
        shown[t("gap_groups", lang)] = (f"{_number(row.get('groups_shown'), 0, lang)} / "
                                        f"{_number(row.get('groups_total'), 0, lang)}")
        label = "group_label"
        if row.get("highest_value") is not None and pd.notna(row.get("highest_value")):
            shown[t("gap_highest", lang)] = (f"{format_value(row['highest_value'], info, lang)} "
                                             f"({row.get('highest_' + label) or row.get('highest_group_code')})")
            shown[t("gap_lowest", lang)] = (f"{format_value(row['lowest_value'], info, lang)} "
                                            f"({row.get('lowest_' + label) or row.get('lowest_group_code')})")
        else:
            shown[t("gap_highest", lang)] = shown[t("gap_lowest", lang)] = "–"
        shown[t("gap_range_ratio", lang)] = _number(row.get("range_ratio"), 2, lang)
        shown[t("gap_range_difference", lang)] = format_value(row.get("range_difference"), info, lang)
        shown[t("gap_index_of_disparity", lang)] = _number(row.get("index_of_disparity"), 1, lang)
        shown[t("gap_n_better", lang)] = _number(row.get("groups_better"), 0, lang)
        shown[t("gap_n_worse", lang)] = _number(row.get("groups_worse"), 0, lang)
        if row.get("dimension") == "age_band":
            sii = row.get("sii")
            sii_text = "–" if sii is None or pd.isna(sii) else format_value(sii, info, lang)
            if sii_text != "–" and row.get("sii_ci_low") is not None and pd.notna(row.get("sii_ci_low")):
                sii_text += f" ({format_interval(row['sii_ci_low'], row['sii_ci_high'], info, lang)})"
            rii = _number(row.get("rii"), 2, lang)
            if rii != "–" and row.get("rii_ci_low") is not None and pd.notna(row.get("rii_ci_low")):
                rii += f" ({_number(row['rii_ci_low'], 2, lang)}–{_number(row['rii_ci_high'], 2, lang)})"
            shown[t("gap_sii", lang)] = sii_text
            shown[t("gap_rii", lang)] = rii
        rows.append(shown)
    return pd.DataFrame(rows).fillna("–")


def _gaps(ctx: ui.Context, metric_id: str, dimension: str, period: str | None) -> None:
    lang = ctx.lang
    st.subheader(t("gaps_title", lang))
    gaps = data_access.read_table(
        ctx.snapshot, "equity_gaps",
        {"metric_id": metric_id, "period_type": ctx.filters.period_type, "period": period,
         "region_code": ctx.filters.region, "care_level": ctx.filters.care_level},
    )
    if gaps is None:
        ui.no_table(ctx, "equity_gaps")
        return
    if gaps.empty:
        st.info(t("no_rows", lang))
        return
    # The chosen dimension first, then the others.
    gaps = gaps.assign(_first=gaps["dimension"] != dimension).sort_values(["_first", "dimension"])
    ui.show_table(ctx, gaps_table(gaps, ctx.infos[metric_id], _dimension_labels(ctx), lang),
                  key="jamlikhet_ojamlikhetsmatt", note=False)
    st.caption(t("gaps_caption", lang))
    _heat(ctx, gaps, metric_id, dimension)


def _heat(ctx: ui.Context, gaps: pd.DataFrame, metric_id: str, dimension: str) -> None:
    """WHO HEAT's summary measures of the chosen dimension, each with a one-line explanation."""
    lang = ctx.lang
    dims = _dimension_labels(ctx)
    st.subheader(t("ineq_title", lang) + f" · {dims.get(dimension, dimension).lower()}")
    chosen = gaps[gaps["dimension"] == dimension]
    table = heat_table(chosen.iloc[0].to_dict(), ctx.infos[metric_id], lang) if not chosen.empty else pd.DataFrame()
    if table.empty:
        st.info(t("ineq_none", lang))
        return
    with st.container(key="jamlikhet_heat"):
        st.table(table)


def _map(ctx: ui.Context, info: MetricInfo, rows: pd.DataFrame) -> None:
    """The municipality map of the metric (comparison with the region, or value quintiles)."""
    lang, selection = ctx.lang, ctx.filters
    st.subheader(t("map_title", lang, metric=info.name, period=selection.period))
    if rows.empty:
        st.info(t("map_not_available", lang))
        return
    options = {"comparison": t("map_fill_comparison", lang), "quintile": t("map_fill_quintile", lang)}
    fill = url_widget(st.radio, t("map_fill", lang), list(options), key="mapfill", horizontal=True,
                      format_func=options.get)
    fig = maps.municipality_map(rows, info, lang, selection.region, fill=fill)
    ui.show_figure(fig, key="jamlikhet_karta", table=display_table(rows, ctx.infos, lang),
                   summary=maps.map_summary(rows, info, lang))
    st.caption(t("map_caption", lang))


def page() -> None:
    """Draw the page."""
    ctx = ui.context()
    lang, selection = ctx.lang, ctx.filters
    st.title(t("page_equity", lang))
    st.caption(t("equity_intro", lang))
    ui.note_subgroup_ignored(ctx)
    # Counts grow with a group's size: comparing them with the total says nothing (as in equity_gaps).
    available = [m for m in ctx.infos if m in set(data_access.filter_options(ctx.snapshot)["metrics"])
                 and ctx.infos[m].value_type != "count"]
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
    level = url_widget(st.radio, t("comparison_level", lang), comparisons.LEVELS, key="cmp", horizontal=True,
                       format_func=lambda code: t("comparison_level_" + code, lang))
    st.caption(t("comparison_level_note", lang))
    # the metric's latest complete period when the default period is provisional for it
    shown = ui.shown_period_of(ctx, data_access.metric_values(
        ctx.snapshot, metric_ids=metric_id, region=selection.region, period_type=selection.period_type,
        until=selection.period_start, care_level=selection.care_level, dimension="total"))
    period = shown.period
    ui.note_shown_period(ctx, shown)

    period_rows = comparisons.at_level(data_access.metric_values(
        ctx.snapshot, region=selection.region, period_type=selection.period_type, period=period,
        care_level=selection.care_level,
    ), level)
    rows = period_rows[(period_rows["metric_id"] == metric_id) & (period_rows["dimension"] == dimension)]
    title = t("bar_title", lang, metric=info.name, dimension=dims.get(dimension, dimension).lower(),
              period=period_label(period, shown.chosen_row if not shown.fell_back else None, lang))
    if rows.empty:
        st.info(t("dimension_not_available", lang, dimension=dims.get(dimension, dimension).lower()))
    else:
        ui.show_figure(charts.bar_with_intervals(rows, info, lang, title=title), key="jamlikhet_stapel")
        st.caption(t("interval_note", lang))
        ui.show_table(ctx, display_table(rows, ctx.infos, lang), key="jamlikhet_grupper")

    _map(ctx, info, period_rows[(period_rows["metric_id"] == metric_id)
                                & (period_rows["dimension"] == "municipality")])

    st.subheader(t("funnel_title", lang))
    if not info.has_denominator:
        st.info(t("funnel_not_applicable", lang))
    else:
        municipalities = period_rows[(period_rows["metric_id"] == metric_id)
                                     & (period_rows["dimension"] == "municipality")]
        limits = data_access.read_table(
            ctx.snapshot, "funnel_limits",
            {"metric_id": metric_id, "period_type": selection.period_type, "period": period,
             "region_code": selection.region, "care_level": selection.care_level},
        )
        if municipalities.empty:
            st.info(t("no_rows", lang))
        else:
            ui.show_figure(charts.funnel_plot(municipalities, info, lang, limits=limits), key="jamlikhet_tratt")
            caption = ("funnel_caption_no_limits" if limits is None
                       else "funnel_caption_limits_none" if limits.empty else "funnel_caption_limits")
            st.caption(t(caption, lang))

    st.subheader(t("heat_title", lang, period=period))
    comparable = period_rows[period_rows["metric_id"].isin(available)]
    heat = comparable[comparable["dimension"] == "municipality"]
    total = comparable[comparable["dimension"] == "total"]
    ui.show_figure(charts.heat_table(heat, ctx.infos, lang, total=total), key="jamlikhet_tartan")
    st.caption(t("heat_caption", lang) + " " + t("suppressed_note", lang))
    _gaps(ctx, metric_id, dimension, period)


page()
