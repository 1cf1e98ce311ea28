"""Översikt / Overview: one tile per effect goal E1–E6 (headline value, change, target, status, sparkline)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboards import data_access, ui
from samrehab.read import charts, icons
from samrehab.read.formatting import (
    STATUS_BADGE_COLOURS,
    MetricInfo,
    display_table,
    format_change,
    format_interval,
    format_value,
    status_code,
)
from samrehab.read.goals import GOALS, change_since_previous, headline_metrics, plan_lines
from samrehab.read.labels import t
from samrehab.read.provisional import period_label, provisional_note, shown_period

# st.metric delta colours by comparison: blue improvement, orange deterioration (colour-blind safe)
DELTA_COLOURS = {"better": "blue", "worse": "orange", "similar": "gray"}


def _status_rows(ctx: ui.Context) -> pd.DataFrame | None:
    return data_access.read_table(ctx.snapshot, "effect_goal_status", {"region_code": ctx.filters.region})


def _tile(ctx: ui.Context, goal: str, goal_name: str, metric_id: str | None, series: pd.DataFrame,
          status: pd.DataFrame | None, spc: dict[str, dict]) -> None:
    lang = ctx.lang
    with st.container(border=True):
        st.markdown(f"**{goal}** · {goal_name}")
        if metric_id is None:
            st.info(t("no_goal_data", lang))
            return
        info: MetricInfo = ctx.infos[metric_id]
        st.caption(f"{t('headline_metric', lang)}: {info.name}")
        trend = series[series["metric_id"] == metric_id]
        # the latest complete period when the default period is provisional for this metric
        shown = shown_period(trend, ctx.filters.period, ctx.filters.previous_period, ctx.filters.period_is_default,
                             ctx.filters.period_start)
        change = change_since_previous(series, info, shown.period, shown.previous)
        current, previous = change.current, change.previous
        hidden = bool(current and current.get("suppressed"))
        value_text = format_value(current.get("value") if current else None, info, lang, suppressed=hidden,
                                  unit=False)
        if info.is_share and value_text[0].isdigit():
            value_text += "\u00a0%"
        delta = format_change(change.change, info, lang) if change.change is not None else None
        colour = DELTA_COLOURS[change.comparison] if delta else "gray"
        delta = delta.replace("−", "-", 1) if delta else None  # st.metric reads the sign from a hyphen
        st.metric(
            f"{period_label(shown.period, current, lang)} · {info.axis_unit}", value_text, delta=delta,
            delta_color=colour, delta_description=t("vs_previous", lang, period=shown.previous) if delta else None,
        )
        if shown.fell_back:
            st.caption(t("provisional_fallback", lang, period=shown.period, chosen=shown.chosen,
                         note=provisional_note(shown.chosen_row, lang)))
        elif provisional_note(current, lang):
            st.caption(t("provisional_chosen", lang, period=shown.period, note=provisional_note(current, lang)))
        if current and not hidden:
            interval = format_interval(current.get("ci_low"), current.get("ci_high"), info, lang)
            st.caption(f"{t('col_ci', lang)}: {interval}")
        st.html(icons.icons_html(spc.get(metric_id), lang))
        if previous:
            st.caption(t("previous_value", lang, period=period_label(shown.previous, previous, lang),
                         value=format_value(previous.get("value"), info, lang,
                                            suppressed=bool(previous.get("suppressed")))))
        if len(trend) > 1:
            fig = charts.sparkline(trend, info, lang)
            ui.show_figure(fig, key=f"spark_{goal}")
        _goal_status(ctx, goal, info, status)


def _goal_rows(status: pd.DataFrame | None, goal: str) -> pd.DataFrame:
    if status is None or status.empty or "effect_goal" not in status.columns:
        return pd.DataFrame()
    return status[status["effect_goal"] == goal].reset_index(drop=True)


def _goal_status(ctx: ui.Context, goal: str, info: MetricInfo, status: pd.DataFrame | None) -> None:
    """Status, baseline, target and change since baseline of the goal's headline metrics."""
    lang = ctx.lang
    if status is None:
        st.caption(t("status_missing", lang))
        return
    rows = _goal_rows(status, goal)
    if rows.empty:
        st.caption(f"{t('status', lang)}: {t('status_no_data', lang)}")
        return
    rows = rows.assign(_headline=rows["metric_id"] != info.metric_id).sort_values("_headline", kind="stable")
    for index, row in enumerate(rows.to_dict("records")):
        row_info = ctx.infos.get(str(row.get("metric_id")), info)
        code = status_code(row.get("status"))
        label = row.get(f"status_label_{lang}")
        label = label if isinstance(label, str) and label else t(f"status_{code}", lang)
        period = row.get("current_period")
        badge = f"{label} ({period})" if period else str(label)
        if index > 0:
            st.caption(t("also_headline", lang, name=row_info.name))
        st.badge(badge, color=STATUS_BADGE_COLOURS[code])
        lines = plan_lines(row_info, row, lang, baseline_interval=True)
        st.caption("  \n".join(lines))


def page() -> None:
    """Draw the page."""
    ctx = ui.context()
    lang = ctx.lang
    st.title(t("page_overview", lang))
    st.caption(t("overview_intro", lang) + " " + t("provisional_default_note", lang))
    ui.note_subgroup_ignored(ctx)
    goals = data_access.reference(ctx.snapshot, "effect_goals")
    goal_names = dict(zip(goals["effect_goal"], goals["name_en" if lang == "en" else "name_sv"], strict=False))
    status = _status_rows(ctx)
    series = data_access.metric_values(
        ctx.snapshot, region=ctx.filters.region, period_type=ctx.filters.period_type, until=ctx.filters.period_start,
        care_level=ctx.filters.care_level, dimension="total",
    )
    chosen = headline_metrics(status, ctx.infos, series, ctx.filters.period)
    headlines = {goal: (chosen[goal][0] if chosen[goal] else None) for goal in GOALS}
    spc = icons.series_icons(data_access.read_table(
        ctx.snapshot, "metric_spc", {"region_code": ctx.filters.region, "care_level": ctx.filters.care_level}))
    columns = st.columns(3)
    for index, goal in enumerate(GOALS):
        with columns[index % 3]:
            _tile(ctx, goal, goal_names.get(goal, goal), headlines[goal], series, status, spc)
    with st.expander(t("mdc_legend", lang)):
        st.html(icons.legend_html(lang))
    shown = [metric_id for metric_id in headlines.values() if metric_id]
    current = series[series["metric_id"].isin(shown) & (series["period"] == ctx.filters.period)] \
        if not series.empty else series
    st.subheader(t("table_title", lang, period=ctx.filters.period))
    ui.show_table(ctx, display_table(current, ctx.infos, lang), key="oversikt")


page()
