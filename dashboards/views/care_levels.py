"""Vårdnivåer / Care levels: the metrics compared across specialist, primary and municipal care, and the
handover between them (E5.handover_within_14d_share)."""

from __future__ import annotations

import streamlit as st

from dashboards import data_access, ui
from dashboards.filters import url_widget
from samrehab.read import charts, comparisons
from samrehab.read.formatting import KEY_COLUMNS, display_table
from samrehab.read.labels import t
from samrehab.read.provisional import period_label

HANDOVER = "E5.handover_within_14d_share"


def page() -> None:
    """Draw the page."""
    ctx = ui.context()
    lang, selection = ctx.lang, ctx.filters
    st.title(t("page_care_levels", lang))
    st.caption(t("care_intro", lang) + " " + t("care_filter_note", lang))
    ui.note_subgroup_ignored(ctx)
    if selection.period is None:
        st.info(t("no_data_yet", lang))
        return
    # Care levels are compared within the all-levels slice (dimension care_level).
    by_level = data_access.metric_values(
        ctx.snapshot, region=selection.region, period_type=selection.period_type, until=selection.period_start,
        care_level="all", dimension=["care_level", "total"],
    )
    levels = by_level[by_level["dimension"] == "care_level"]
    available = [m for m in ctx.infos if m in set(levels["metric_id"]) and ctx.infos[m].value_type != "count"]
    if not available:
        st.info(t("no_rows", lang))
    else:
        metric_id = url_widget(st.selectbox, t("choose_metric", lang), available, key="metric",
                               format_func=lambda m: ctx.infos[m].name)
        info = ctx.infos[metric_id]
        ui.metric_heading(ctx, info)
        # the metric's latest complete period when the default period is provisional for it
        shown = ui.shown_period_of(ctx, by_level[(by_level["metric_id"] == metric_id)
                                                 & (by_level["dimension"] == "total")])
        ui.note_shown_period(ctx, shown)
        current = levels[(levels["metric_id"] == metric_id) & (levels["period"] == shown.period)]
        trend = levels[levels["metric_id"] == metric_id]
        totals = by_level[(by_level["metric_id"] == metric_id) & (by_level["dimension"] == "total")]
        derived = comparisons.is_population_breakdown(trend, totals)
        if derived:
            # A population rate's levels are no subgroups of the total: show the share of the region's
            # patients seen at each level instead, without a flag.
            st.info(t("care_share_note", lang, metric=info.name))
            current = comparisons.patient_share_by_level(current, totals)
            trend = comparisons.patient_share_by_level(trend, totals)
            info = comparisons.patient_share_info(info, lang)
            st.markdown(f"**{info.name}**")
            st.caption(f"{info.axis_unit} · {t('no_polarity', lang)} · {info.definition}")
        shown_infos = {**ctx.infos, metric_id: info}
        left, right = st.columns(2)
        with left:
            title = period_label(shown.period, None if shown.fell_back else shown.chosen_row, lang)
            ui.show_figure(charts.bar_with_intervals(current, info, lang, title=title),
                           key="vardniva_stapel")
        with right:
            ui.show_figure(charts.trend_chart(trend, info, lang, by_group=True,
                                              title=t("care_trend_title", lang, metric=info.name)),
                           key="vardniva_trend")
        st.caption(t("interval_note", lang))
        table = display_table(current, shown_infos, lang)
        if derived:
            # derived shares are no rows of marts.metric_values: no keys that would claim they were
            table = table.drop(columns=list(KEY_COLUMNS))
        ui.show_table(ctx, table, key="vardnivaer")

        st.subheader(t("care_heat_title", lang, period=shown.period))
        now = by_level[(by_level["period"] == shown.period) & by_level["metric_id"].isin(available)]
        ui.show_figure(
            charts.heat_table(now[now["dimension"] == "care_level"], ctx.infos, lang,
                              total=now[now["dimension"] == "total"]),
            key="vardniva_tartan",
        )
        st.caption(t("heat_caption", lang))

    st.subheader(t("handover_title", lang))
    handover = by_level[(by_level["metric_id"] == HANDOVER) & (by_level["dimension"] == "total")]
    info = ctx.infos[HANDOVER]
    if handover.empty:
        st.info(f"{info.name}: {t('no_data_yet', lang)}")
    else:
        ui.metric_heading(ctx, info, level="markdown")
        ui.show_figure(charts.trend_chart(handover, info, lang), key="vardniva_overrapportering")
        ui.show_table(ctx, display_table(handover, ctx.infos, lang), key="overrapportering")


page()
